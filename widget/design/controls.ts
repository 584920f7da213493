import { css } from 'lit';
import { tokens } from './tokens.js';

/**
 * The consoles' base controls on the tokens: buttons (secondary by default; `primary`, `danger`,
 * `quiet`), inputs, selects, textareas, labels, cards, tags. Not in the widget's bundle: the
 * shopper's panel styles its few controls itself and only shares the tokens.
 */
export const controls = css`
  :host {
    font-family: var(--vt-font);
    font-size: var(--vt-text);
    line-height: var(--vt-line-height);
    color: var(--vt-ink);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    /* A control inside a bold label reads as a value, not a heading. */
    font-weight: 400;
    color: var(--vt-ink);
    box-sizing: border-box;
  }
  /* Filled, not outlined: a coloured variant then needs no border of its own (the transparent one shows its fill). */
  button {
    min-height: var(--vt-control-height);
    padding: 0 18px;
    border: 1px solid transparent;
    border-radius: var(--vt-radius-pill);
    background: var(--vt-subtle);
    font-weight: 600;
    white-space: nowrap;
    cursor: pointer;
  }
  /* :where() keeps this below any coloured variant, ours or a page's own (the console's "Accept"). */
  button:where(:hover:not(:disabled)) {
    background: var(--vt-subtle-hover);
  }
  button.primary {
    background: var(--vt-primary);
    color: var(--vt-primary-text);
  }
  button.danger {
    background: var(--vt-danger);
    color: var(--vt-danger-text);
  }
  button:where(.primary, .danger):hover:not(:disabled) {
    background-image: linear-gradient(rgb(0 0 0 / 0.08), rgb(0 0 0 / 0.08));
  }
  button.quiet {
    background: transparent;
    color: var(--vt-primary-ink);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  input:where(:not([type='checkbox'], [type='radio'], [type='range'], [type='color'])),
  select,
  textarea {
    min-height: var(--vt-control-height);
    padding: 0 12px;
    border: 1px solid var(--vt-control-border);
    border-radius: var(--vt-radius);
    background: var(--vt-surface);
  }
  textarea {
    padding: 10px 12px;
  }
  input[type='color'] {
    min-height: var(--vt-control-height);
    padding: 2px;
    border: 1px solid var(--vt-control-border);
    border-radius: var(--vt-radius);
    background: var(--vt-surface);
  }
  input[type='checkbox'],
  input[type='radio'],
  input[type='range'] {
    accent-color: var(--vt-primary);
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--vt-danger);
  }
  /* Dark inside, yellow outside: at least one of the two stands out on white, grey, blue or video. */
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--vt-focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 2px var(--vt-focus-inner);
  }
  label {
    display: grid;
    gap: var(--vt-space-1);
    font-size: var(--vt-text-sm);
    font-weight: 600;
  }
  a {
    color: var(--vt-primary-ink);
  }
  .card {
    background: var(--vt-surface);
    border: 1px solid var(--vt-line);
    border-radius: var(--vt-radius-lg);
    box-shadow: var(--vt-shadow-sm);
    padding: var(--vt-space-4);
  }
  .muted {
    color: var(--vt-muted);
  }
  .error {
    color: var(--vt-danger);
  }
  .tag,
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: var(--vt-radius-pill);
    background: var(--vt-tag);
    color: var(--vt-ink);
    font-size: 12px;
    font-weight: 600;
  }
  .tag.info,
  .badge.info {
    background: var(--vt-tag-info);
  }
  .tag.success,
  .badge.success {
    background: var(--vt-tag-success);
  }
  .tag.warning,
  .badge.warning {
    background: var(--vt-tag-warning);
  }
  .tag.danger,
  .badge.danger {
    background: var(--vt-tag-danger);
  }
`;

/** What a console page starts its styles with: the tokens, then the controls on them. */
export const consoleBase = [tokens, controls];
