import { css } from 'lit';
import { consoleBase } from '../../widget/design/controls.js';

/** The owner's pages: the shared tokens and controls (widget/design/), then what only these pages have. */
export const adminStyles = [
  consoleBase,
  css`
    :host {
      display: block;
    }
    h2 {
      font-size: var(--vt-text-xl);
      margin: 0 0 var(--vt-space-3);
    }
    h3 {
      font-size: 16px;
      margin: var(--vt-space-4) 0 var(--vt-space-2);
    }
    a.button {
      display: inline-flex;
      align-items: center;
      box-sizing: border-box;
      min-height: var(--vt-control-height);
      padding: 0 18px;
      border-radius: var(--vt-radius-pill);
      border: 1px solid var(--vt-primary-ink);
      font-weight: 600;
      text-decoration: none;
    }
    /* A row of people in a table: a filled red "Remove" on every line would shout. */
    td button.danger {
      border-color: currentColor;
      background: var(--vt-surface);
      color: var(--vt-danger);
    }
    .badge.partial,
    .badge.unanswered {
      background: var(--vt-tag-warning);
    }
    .badge.failed {
      background: var(--vt-tag-danger);
    }
    .badge.complete,
    .badge.answered,
    .badge.sold {
      background: var(--vt-tag-success);
    }
    .badge.follow-up {
      background: var(--vt-tag-info);
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: left;
      padding: var(--vt-space-2);
      border-bottom: 1px solid var(--vt-line);
      vertical-align: top;
    }
    th button {
      border: none;
      background: none;
      padding: 0;
      min-height: 0;
    }
  `,
];
