import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { projectRoot } from './system/paths.js';

export const distDir = path.join(projectRoot, 'dist');

/**
 * Bundles the shopper's widget, the consultant console and the owner's admin page. The widget splits: the entry holds only the
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
    ...(['agent', 'admin'] as const).map((page) =>
      esbuild.build({
        ...common,
        entryPoints: { main: path.join(projectRoot, 'console', page, 'main.ts') },
        outdir: path.join(distDir, 'console', page),
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
      }),
    ),
  ]);
  for (const page of ['agent', 'admin']) {
    mkdirSync(path.join(distDir, 'console', page), { recursive: true });
    cpSync(path.join(projectRoot, 'console', page, 'index.html'), path.join(distDir, 'console', page, 'index.html'));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildFrontends();
  console.log(`built into ${path.relative(process.cwd(), distDir)}/`);
}
