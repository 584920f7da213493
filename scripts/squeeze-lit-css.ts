import { readFile } from 'node:fs/promises';
import type * as esbuild from 'esbuild';

/** A quoted CSS string, kept as written. */
const QUOTED = /("[^"\n]*"|'[^'\n]*')/;

/**
 * CSS without what only a reader needs: comments, indentation, the spaces around `{ } ; , >` and
 * after `:`, and the last `;` of a block. Nothing that could change a selector's meaning is
 * touched (a space before `:` or `.` is a descendant combinator), nor anything inside quotes.
 */
export function squeezeCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(QUOTED)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,>]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('')
    .trim();
}

/** A `css` tagged template with nothing in it a regular expression could misread: no `${}`, no escapes. */
const PLAIN_CSS_TEMPLATE = /\bcss`([^`$\\]*)`/g;

/**
 * esbuild minifies code but not the text of Lit's `css` templates, which is a tenth of the
 * widget. Templates that interpolate or escape are left as they are.
 */
export const squeezeLitCss: esbuild.Plugin = {
  name: 'squeeze-lit-css',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('css`')) return undefined;
      return { contents: source.replace(PLAIN_CSS_TEMPLATE, (_all, css: string) => `css\`${squeezeCss(css)}\``), loader: 'ts' };
    });
  },
};
