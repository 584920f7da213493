import { css } from 'lit';
import { screenReaderOnly } from '../screen-reader-only.js';

export const callbackFormStyles = [
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
      border: 1px solid var(--vitrina-border, #c9d1d9);
      border-radius: 8px;
      background: var(--vitrina-surface, #fff);
      color: inherit;
    }
    input:focus-visible,
    textarea:focus-visible {
      outline: 2px solid var(--vitrina-accent, #1f6feb);
      outline-offset: 1px;
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
      color: var(--vitrina-muted, #57606a);
    }
    .required {
      color: var(--vitrina-danger, #cf222e);
    }
    input[aria-invalid='true'] {
      border-color: var(--vitrina-danger, #cf222e);
    }
    .error {
      color: var(--vitrina-danger, #cf222e);
      font-size: 13px;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 10px 14px;
      border: 0;
      border-radius: 999px;
      cursor: pointer;
      background: var(--vitrina-accent, #1f6feb);
      color: var(--vitrina-accent-text, #fff);
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
