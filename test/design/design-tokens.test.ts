import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../scripts/system/paths.js';

/** The tokens as written in widget/design/tokens.ts: a change there is what this test judges. */
function readTokens(): Map<string, string> {
  const source = readFileSync(path.join(projectRoot, 'widget/design/tokens.ts'), 'utf8');
  const found = new Map<string, string>();
  for (const [, name, value] of source.matchAll(/(--vt-[a-z0-9-]+):\s*([^;]+);/g)) found.set(name ?? '', (value ?? '').trim());
  return found;
}

const tokens = readTokens();

function hex(name: string): [number, number, number] {
  const value = tokens.get(name);
  assert.ok(value, `${name} is not a token`);
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
  assert.ok(m, `${name} must be a #rrggbb colour to be checked, not ${value}`);
  return [m[1], m[2], m[3]].map((h) => parseInt(h ?? '', 16)) as [number, number, number];
}

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(hex(a)), luminance(hex(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Text on the backgrounds the UI puts it on: 4.5:1 (WCAG 1.4.3, AA). */
const TEXT: [text: string, background: string][] = [
  ['--vt-ink', '--vt-surface'],
  ['--vt-ink', '--vt-canvas'],
  ['--vt-ink', '--vt-subtle'],
  ['--vt-ink', '--vt-subtle-hover'],
  ['--vt-muted', '--vt-surface'],
  ['--vt-muted', '--vt-canvas'],
  ['--vt-primary-text', '--vt-primary'],
  ['--vt-primary-ink', '--vt-surface'],
  ['--vt-primary-ink', '--vt-canvas'],
  ['--vt-danger-text', '--vt-danger'],
  ['--vt-danger', '--vt-surface'],
  ['--vt-danger', '--vt-canvas'],
  ['--vt-success-text', '--vt-success'],
  ['--vt-off-text', '--vt-off'],
  ['--vt-ink', '--vt-tag'],
  ['--vt-ink', '--vt-tag-info'],
  ['--vt-ink', '--vt-tag-success'],
  ['--vt-ink', '--vt-tag-warning'],
  ['--vt-ink', '--vt-tag-danger'],
];

/** Control boundaries and indicators against what they sit on: 3:1 (WCAG 1.4.11). */
const NON_TEXT: [part: string, background: string][] = [
  ['--vt-control-border', '--vt-surface'],
  ['--vt-control-border', '--vt-canvas'],
  ['--vt-neutral', '--vt-surface'],
  ['--vt-warning', '--vt-surface'],
  ['--vt-success', '--vt-surface'],
  ['--vt-danger', '--vt-surface'],
  ['--vt-primary', '--vt-surface'],
];

/** Where a focused control can sit: the page, a card, the accent header, a coloured button, the video. */
const FOCUS_BACKGROUNDS = ['--vt-surface', '--vt-canvas', '--vt-subtle', '--vt-primary', '--vt-danger', '--vt-success', '--vt-off'];

describe('design tokens hold WCAG AA contrast', () => {
  it('reads the tokens from widget/design/tokens.ts', () => {
    assert.ok(tokens.size > 20, `only ${tokens.size} tokens read`);
  });

  for (const [text, background] of TEXT) {
    it(`${text} on ${background} is at least 4.5:1`, () => {
      const ratio = contrast(text, background);
      assert.ok(ratio >= 4.5, `${ratio.toFixed(2)}:1`);
    });
  }

  for (const [part, background] of NON_TEXT) {
    it(`${part} against ${background} is at least 3:1`, () => {
      const ratio = contrast(part, background);
      assert.ok(ratio >= 3, `${ratio.toFixed(2)}:1`);
    });
  }

  // The ring is two rings, dark inside and yellow outside: on each background one of them must stand out.
  for (const background of FOCUS_BACKGROUNDS) {
    it(`the focus ring shows 3:1 on ${background}`, () => {
      const best = Math.max(contrast('--vt-focus', background), contrast('--vt-focus-inner', background));
      assert.ok(best >= 3, `${best.toFixed(2)}:1`);
    });
  }

  it('the two rings of the focus indicator stand apart from each other', () => {
    assert.ok(contrast('--vt-focus', '--vt-focus-inner') >= 3);
  });

  it("the widget's default accent is the consoles' primary and the shop's default look", () => {
    const shop = readFileSync(path.join(projectRoot, 'server/contract/shop.ts'), 'utf8');
    assert.match(shop, new RegExp(`accent: '${tokens.get('--vt-primary') ?? '-'}'`, 'i'));
  });
});
