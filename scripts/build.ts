import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { precompressFolder } from './precompress.js';
import { squeezeLitCss } from './squeeze-lit-css.js';
import { projectRoot } from './system/paths.js';

export const distDir = path.join(projectRoot, 'dist');

/**
 * The syntax the shopper's widget is written out in. ES2021 parses in Safari 14, Chrome 85 and
 * Firefox 79, so an engine too old for a call still shows the button and the call-back form
 * (`canVideoCall`). With ES2022, esbuild writes Lit's static styles as class static blocks, which
 * Safari parses only from 16.4: an iPhone left on iOS 15 would get no button at all.
 */
export const WIDGET_SYNTAX = 'es2021';

const common = (minify: boolean): esbuild.BuildOptions => ({
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  tsconfig: path.join(projectRoot, 'tsconfig.json'),
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Russian words as they are, not as \uXXXX escapes at six bytes a letter; the server says UTF-8.
  charset: 'utf8',
});

/** The widget: the entry holds only the button (and Lit); the call panel and livekit-client are a chunk loaded on the first click. */
export const widgetBuild = (outdir: string, o: { minify: boolean }): esbuild.BuildOptions => ({
  ...common(o.minify),
  target: WIDGET_SYNTAX,
  entryPoints: { vitrina: path.join(projectRoot, 'widget', 'index.ts') },
  outdir,
  // Every byte here is the shopper's; the consoles are staff pages on a known connection.
  plugins: [squeezeLitCss],
});

export interface BuiltFrontends {
  /** What went into each of the widget's files and what each imports (bench/page-weight.ts groups them by it). */
  widget: esbuild.Metafile;
}

/** Bundles the shopper's widget, the consultant console and the owner's admin page (staff browsers: ES2022). */
export async function buildFrontends(o: { minify?: boolean } = {}): Promise<BuiltFrontends> {
  const minify = o.minify ?? true;
  rmSync(distDir, { recursive: true, force: true });
  const [widget] = await Promise.all([
    esbuild.build({ ...widgetBuild(path.join(distDir, 'widget'), { minify }), metafile: true }),
    ...(['agent', 'admin'] as const).map((page) =>
      esbuild.build({
        ...common(minify),
        entryPoints: { main: path.join(projectRoot, 'console', page, 'main.ts') },
        outdir: path.join(distDir, 'console', page),
      }),
    ),
  ]);
  for (const page of ['agent', 'admin']) {
    mkdirSync(path.join(distDir, 'console', page), { recursive: true });
    cpSync(path.join(projectRoot, 'console', page, 'index.html'), path.join(distDir, 'console', page, 'index.html'));
  }
  // One mark for both pages, at /console/favicon.svg (the consoles' CSP allows img-src 'self').
  cpSync(path.join(projectRoot, 'console', 'shared', 'favicon.svg'), path.join(distDir, 'console', 'favicon.svg'));
  // Last, over everything above: the server sends these as they are (server/http/static-files.ts).
  // Brotli's last quality step costs ~10 s of CPU for livekit-client's chunk, for 2 % fewer bytes:
  // worth it for what shoppers download, not for the unminified builds tests start from.
  await precompressFolder(distDir, { brotliQuality: minify ? 11 : 5 });
  return { widget: widget.metafile };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildFrontends();
  console.log(`built into ${path.relative(process.cwd(), distDir)}/`);
}
