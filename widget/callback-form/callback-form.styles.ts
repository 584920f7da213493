import { css } from 'lit';
import { screenReaderOnly } from '../screen-reader-only.js';
import { tokens } from '../design/tokens.js';

export const callbackFormStyles = [
  tokens,
  screenReaderOnly,
  css`
    :host {
      display: block;
    }
    form {
      display: grid;
      gap: 8px;
    }
    p {
      margin: 0 0 4px;
    }
    label {
      display: grid;
      gap: 4px;
      font-size: 13px;
      font-weight: 600;
    }
    input,
    textarea {
      font: inherit;
      font-weight: 400;
      padding: 8px 10px;
      border: 1px solid var(--vitrina-border, var(--vt-control-border));
      border-radius: var(--vt-radius);
      background: var(--vitrina-surface, var(--vt-surface));
      color: inherit;
    }
    /* The same ring as every other control of ours (it was a thin accent line). */
    input:focus-visible,
    textarea:focus-visible,
    button:focus-visible {
      outline: 3px solid var(--vitrina-focus, var(--vt-focus));
      outline-offset: 2px;
      box-shadow: 0 0 0 2px var(--vt-focus-inner);
    }
    fieldset {
      display: grid;
      gap: 8px;
      margin: 0;
      padding: 0;
      border: 0;
    }
    legend {
      padding: 0;
      margin-bottom: 4px;
      font-size: 13px;
      font-weight: 600;
    }
    .hint {
      font-size: 13px;
      font-weight: 400;
      color: var(--vitrina-muted, var(--vt-muted));
    }
    .required {
      color: var(--vitrina-danger, var(--vt-danger));
    }
    input[aria-invalid='true'] {
      border-color: var(--vitrina-danger, var(--vt-danger));
    }
    .error {
      color: var(--vitrina-danger, var(--vt-danger));
      font-size: 13px;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 10px 14px;
      border: 0;
      border-radius: 999px;
      cursor: pointer;
      background: var(--vitrina-accent, var(--vt-primary));
      color: var(--vitrina-accent-text, var(--vt-primary-text));
    }
    button:disabled {
      opacity: 0.6;
    }
    .sent {
      margin: 0;
      padding: 16px 0;
      font-size: 16px;
    }
  `,
];
