import { css } from 'lit';

/** Shared look of the owner's pages; every colour is a custom property a shop may override. */
export const adminStyles = css`
  :host {
    display: block;
    font:
      15px/1.45 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
    color: var(--vitrina-admin-text, #1f2328);
  }
  h2 {
    font-size: 20px;
    margin: 0 0 12px;
  }
  h3 {
    font-size: 16px;
    margin: 16px 0 8px;
  }
  .card {
    background: var(--vitrina-admin-surface, #fff);
    border: 1px solid var(--vitrina-admin-border, #d0d7de);
    border-radius: 12px;
    padding: 16px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
  }
  button {
    min-height: 40px;
    padding: 0 14px;
    border-radius: 8px;
    border: 1px solid var(--vitrina-admin-border, #d0d7de);
    background: var(--vitrina-admin-surface, #fff);
    color: inherit;
    cursor: pointer;
  }
  a.button {
    display: inline-flex;
    align-items: center;
    min-height: 40px;
    padding: 0 14px;
    border-radius: 8px;
    border: 1px solid var(--vitrina-admin-accent, #0969da);
    text-decoration: none;
  }
  button.primary {
    background: var(--vitrina-admin-accent, #0969da);
    border-color: var(--vitrina-admin-accent, #0969da);
    color: #fff;
  }
  button.danger {
    color: var(--vitrina-admin-danger, #cf222e);
    border-color: currentColor;
  }
  input,
  select,
  textarea {
    min-height: 38px;
    padding: 4px 8px;
    border: 1px solid var(--vitrina-admin-border, #d0d7de);
    border-radius: 8px;
    background: #fff;
    box-sizing: border-box;
  }
  label {
    display: grid;
    gap: 4px;
    font-size: 13px;
    color: var(--vitrina-admin-muted, #57606a);
  }
  .error {
    color: var(--vitrina-admin-danger, #cf222e);
  }
  .muted {
    color: var(--vitrina-admin-muted, #57606a);
  }
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 12px;
    background: #eaeef2;
  }
  .badge.partial,
  .badge.unanswered {
    background: #fff8c5;
  }
  .badge.failed {
    background: #ffebe9;
  }
  .badge.complete,
  .badge.answered,
  .badge.sold {
    background: #dafbe1;
  }
  .badge.follow-up {
    background: #ddf4ff;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: 8px;
    border-bottom: 1px solid var(--vitrina-admin-border, #d0d7de);
    vertical-align: top;
  }
  th button {
    border: none;
    background: none;
    padding: 0;
    min-height: 0;
    font-weight: 600;
  }
  a {
    color: var(--vitrina-admin-accent, #0969da);
  }
`;
