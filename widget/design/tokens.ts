import { css } from 'lit';

/**
 * Vitrina's design tokens: the one set of colours, sizes and shadows behind the shopper's widget,
 * the consultant's console and the owner's page, so the three read as one product.
 *
 * They live under `widget/` because the widget is the one part a shop loads: it must not pull in
 * console code, while the consoles already import from `widget/`.
 *
 * `--vt-*` are ours, not a public API: a shop themes the widget through the documented
 * `--vitrina-*` properties, which fall back to these (`var(--vitrina-accent, var(--vt-primary))`).
 * Declared on `:host` of every component that uses them, so each shadow root works on its own.
 * Every colour pair the UI puts text or a control boundary on is held to WCAG AA by
 * test/design/design-tokens.test.ts, which reads the values from this file.
 */
export const tokens = css`
  :host {
    /* Text and surfaces */
    --vt-ink: #1b1f24;
    --vt-muted: #57606a;
    --vt-surface: #ffffff;
    --vt-canvas: #f3f5f8;
    --vt-subtle: #e8edf2;
    --vt-subtle-hover: #dde3ea;
    --vt-line: #d0d7de;
    /* The boundary of an input, select or outlined button: 3:1 on surface and canvas alike. */
    --vt-control-border: #7d8590;

    /* The shop's default look (server/contract/shop.ts DEFAULT_LOOK) is this primary. */
    --vt-primary: #1f6feb;
    --vt-primary-text: #ffffff;
    /* The primary as text (links, quiet buttons): the fill itself is too light for small text on canvas. */
    --vt-primary-ink: #0969da;
    --vt-danger: #d1242f;
    --vt-danger-text: #ffffff;
    --vt-success: #1a7f37;
    --vt-success-text: #ffffff;
    /* An indicator colour (a dot, a ring), never text: it holds 3:1, not 4.5:1. */
    --vt-warning: #bf8700;
    /* A status dot that says nothing is on (away), and a microphone or camera switched off. */
    --vt-neutral: #7d8590;
    --vt-off: #5b636d;
    --vt-off-text: #ffffff;
    /* Labels laid over video. */
    --vt-overlay: rgb(0 0 0 / 0.6);
    --vt-overlay-text: #ffffff;

    /* Tags and badges: a pale fill under ink text. */
    --vt-tag: #e8edf2;
    --vt-tag-info: #ddf4ff;
    --vt-tag-success: #dafbe1;
    --vt-tag-warning: #fff8c5;
    --vt-tag-danger: #ffebe9;

    /* Two-tone focus ring: the yellow shows on dark and coloured fills, the dark inner ring on white. */
    --vt-focus: #ffbf47;
    --vt-focus-inner: #1b1f24;

    --vt-radius-sm: 6px;
    --vt-radius: 8px;
    --vt-radius-lg: 12px;
    --vt-radius-xl: 16px;
    --vt-radius-pill: 999px;

    --vt-space-1: 4px;
    --vt-space-2: 8px;
    --vt-space-3: 12px;
    --vt-space-4: 16px;
    --vt-space-5: 20px;
    --vt-space-6: 32px;

    --vt-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --vt-text-sm: 13px;
    --vt-text: 15px;
    --vt-text-lg: 18px;
    --vt-text-xl: 20px;
    --vt-line-height: 1.45;

    --vt-shadow-sm: 0 1px 3px rgb(0 0 0 / 0.08);
    --vt-shadow-lg: 0 6px 20px rgb(0 0 0 / 0.2);

    /* A finger's width: every button, input and select is at least this tall. */
    --vt-control-height: 44px;
  }
`;
