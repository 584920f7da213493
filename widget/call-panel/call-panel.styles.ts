import { css } from 'lit';
import { stageStyles } from '../media-view/stage.styles.js';

export const callPanelStyles = [
  stageStyles,
  css`
  :host {
    position: fixed;
    z-index: var(--vitrina-z-index, 2147483000);
    bottom: var(--vitrina-offset-bottom, 20px);
    right: var(--vitrina-offset-right, 20px);
    width: min(380px, calc(100vw - 24px));
    font-family: var(--vitrina-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--vitrina-text, #1b1f24);
  }
  section {
    display: flex;
    flex-direction: column;
    overflow: hidden;
    border-radius: var(--vitrina-panel-radius, 16px);
    background: var(--vitrina-surface, #fff);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.28);
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 10px 12px 10px 16px;
    background: var(--vitrina-accent, #1f6feb);
    color: var(--vitrina-accent-text, #fff);
    font-weight: 600;
  }
  .stage .self.alone {
    inset: 0;
    width: auto;
    border: 0;
    border-radius: 0;
    opacity: 0.45;
  }
  .message {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 8px;
    padding: 24px;
    text-align: center;
    font-size: 16px;
    line-height: 1.4;
    text-shadow: 0 1px 3px rgb(0 0 0 / 0.6);
  }
  .message small {
    font-size: 13px;
    opacity: 0.9;
  }
  .spinner {
    width: 28px;
    height: 28px;
    border: 3px solid rgb(255 255 255 / 0.35);
    border-top-color: #fff;
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  footer {
    display: flex;
    justify-content: center;
    gap: 12px;
    padding: 12px;
  }
  button {
    min-width: 48px;
    min-height: 48px;
    padding: 0 16px;
    border: 0;
    border-radius: 999px;
    background: var(--vitrina-control, #e8edf2);
    color: inherit;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 3px solid var(--vitrina-focus, #ffbf47);
    outline-offset: 2px;
  }
  button[aria-pressed='false'] {
    background: var(--vitrina-control-off, #5b636d);
    color: #fff;
  }
  button.danger {
    background: var(--vitrina-danger, #d1242f);
    color: #fff;
  }
  button.primary {
    background: var(--vitrina-accent, #1f6feb);
    color: var(--vitrina-accent-text, #fff);
  }
  header button {
    min-width: 36px;
    min-height: 36px;
    padding: 0;
    background: transparent;
    color: inherit;
    font-size: 22px;
    line-height: 1;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (max-width: 480px) {
    :host {
      inset: 0;
      width: auto;
    }
    section {
      height: 100%;
      border-radius: 0;
    }
    .stage {
      flex: 1;
      aspect-ratio: auto;
    }
  }
`,
];
