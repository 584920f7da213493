import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { projectRoot } from './system/paths.js';

export const distDir = path.join(projectRoot, 'dist');

/**
 * Bundles the shopper's widget and the console. The widget splits: the entry holds only the
 * button (and Lit); the call panel and livekit-client are a chunk loaded on the first click.
 */
export async function buildFrontends(o: { minify?: boolean } = {}): Promise<void> {
  const minify = o.minify ?? true;
  rmSync(distDir, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: path.join(projectRoot, 'tsconfig.json'),
  };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { vitrina: path.join(projectRoot, 'widget', 'index.ts') },
      outdir: path.join(distDir, 'widget'),
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    }),
    esbuild.build({
      ...common,
      entryPoints: { main: path.join(projectRoot, 'console', 'agent', 'main.ts') },
      outdir: path.join(distDir, 'console', 'agent'),
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    }),
  ]);
  mkdirSync(path.join(distDir, 'console', 'agent'), { recursive: true });
  cpSync(path.join(projectRoot, 'console', 'agent', 'index.html'), path.join(distDir, 'console', 'agent', 'index.html'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildFrontends();
  console.log(`built into ${path.relative(process.cwd(), distDir)}/`);
}
