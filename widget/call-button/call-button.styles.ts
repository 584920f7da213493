import { css } from 'lit';
import { tokens } from '../design/tokens.js';

export const callButtonStyles = [
  tokens,
  css`
    :host {
      position: fixed;
      z-index: var(--vitrina-z-index, 2147483000);
      bottom: var(--vitrina-offset-bottom, 20px);
      right: var(--vitrina-offset-right, 20px);
      font-family: var(--vitrina-font, var(--vt-font));
      color-scheme: light;
    }
    /* In the admin page's preview the button sits in its card, not on the window's corner. */
    :host([preview]) {
      position: static;
    }
    :host([position='bottom-left']) {
      right: auto;
      left: var(--vitrina-offset-left, 20px);
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-height: 48px;
      padding: 0 20px 0 16px;
      border: 0;
      border-radius: var(--vitrina-radius, var(--vt-radius-pill));
      background: var(--vitrina-accent, var(--vt-primary));
      color: var(--vitrina-accent-text, var(--vt-primary-text));
      font: inherit;
      font-size: 15px;
      font-weight: 600;
      box-shadow: var(--vt-shadow-lg);
      cursor: pointer;
    }
    button:hover {
      filter: brightness(1.08);
    }
    button:focus-visible {
      outline: 3px solid var(--vitrina-focus, var(--vt-focus));
      outline-offset: 2px;
      box-shadow:
        0 0 0 2px var(--vt-focus-inner),
        var(--vt-shadow-lg);
    }
    svg {
      width: 22px;
      height: 22px;
      flex: none;
    }
    button[aria-busy='true'] {
      cursor: progress;
    }
    .spinner {
      width: 18px;
      height: 18px;
      margin: 2px;
      flex: none;
      box-sizing: border-box;
      border: 2px solid currentColor;
      border-right-color: transparent;
      border-radius: 50%;
      animation: vitrina-spin 0.8s linear infinite;
    }
    @keyframes vitrina-spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation: none;
      }
    }
    [hidden] {
      display: none !important;
    }
  `,
];
