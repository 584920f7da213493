import { css } from 'lit';

/** Words for screen readers only: out of sight, still read (the panel's live status, the form's summary of errors). */
export const screenReaderOnly = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
