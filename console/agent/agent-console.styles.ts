import { css } from 'lit';

export const agentConsoleStyles = [
  css`
    :host {
      display: block;
      min-height: 100vh;
      font-family: var(--vitrina-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
      color: #1b1f24;
      background: #f3f5f8;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      padding: 12px 20px;
      background: #fff;
      border-bottom: 1px solid #dde3ea;
    }
    header h1 {
      margin: 0 auto 0 0;
      font-size: 18px;
    }
    main {
      max-width: 1100px;
      margin: 0 auto;
      padding: 20px;
    }
    .card {
      background: #fff;
      border-radius: 12px;
      padding: 20px;
      box-shadow: 0 1px 3px rgb(0 0 0 / 0.08);
    }
    label {
      display: grid;
      gap: 4px;
      font-weight: 600;
      font-size: 14px;
    }
    input {
      font: inherit;
      padding: 10px 12px;
      border: 1px solid #b8c2cc;
      border-radius: 8px;
    }
    button {
      min-height: 44px;
      padding: 0 18px;
      border: 0;
      border-radius: 999px;
      background: #e8edf2;
      color: inherit;
      font: inherit;
      font-weight: 600;
      white-space: nowrap;
      cursor: pointer;
    }
    button:focus-visible,
    input:focus-visible {
      outline: 3px solid #ffbf47;
      outline-offset: 2px;
    }
    button.primary {
      background: #1f6feb;
      color: #fff;
    }
    button.accept {
      background: #1a7f37;
      color: #fff;
      font-size: 18px;
      min-height: 56px;
      padding: 0 32px;
    }
    button.danger {
      background: #d1242f;
      color: #fff;
    }
    button.off {
      background: #5b636d;
      color: #fff;
    }
    .status {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      font-weight: 600;
    }
    .dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: #8c959f;
    }
    .dot.available {
      background: #1a7f37;
    }
    .dot.busy {
      background: #bf8700;
    }
    .error {
      color: #b42318;
      margin: 0;
    }
    .ringing {
      display: grid;
      gap: 16px;
      justify-items: start;
      border: 3px solid #1a7f37;
      animation: pulse 1.2s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        box-shadow: 0 0 0 8px rgb(26 127 55 / 0.18);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .ringing {
        animation: none;
      }
    }
    .ringing h2 {
      margin: 0;
    }
    .page-info {
      display: grid;
      gap: 4px;
      word-break: break-all;
    }
    .page-info .title {
      font-size: 18px;
      font-weight: 600;
      word-break: normal;
    }
    .call {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 320px;
      gap: 16px;
    }
    .stage {
      border-radius: 12px;
      --vitrina-self-view-width: 24%;
    }
    .state-badge {
      padding: 4px 10px;
      border-radius: 999px;
      background: rgb(0 0 0 / 0.6);
      color: #fff;
      font-size: 13px;
    }
    .state-badge.quality.poor,
    .state-badge.quality.lost {
      background: #a40e26;
    }
    .kind-badge {
      display: inline-block;
      margin: 0 0 8px;
      padding: 2px 10px;
      border-radius: 999px;
      background: #ddf4ff;
      color: #0a3069;
      font-size: 13px;
      font-weight: 600;
    }
    .kind-badge.chat {
      background: #fff8c5;
      color: #4d2d00;
    }
    /* A chat by text: the conversation is the consultant's main view, taller than beside a picture. */
    .chat-main .chat {
      margin-top: 0;
    }
    .chat-main .chat .lines {
      max-height: min(60vh, 560px);
      min-height: 240px;
    }
    .video-offer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-bottom: 12px;
      background: #ddf4ff;
    }
    .video-offer p {
      flex-basis: 100%;
      margin: 0;
      font-weight: 600;
    }
    .chat {
      margin-top: 16px;
      display: grid;
      gap: 8px;
    }
    .chat h2 {
      margin: 0;
      font-size: 15px;
    }
    .chat .lines {
      max-height: 280px;
      overflow-y: auto;
    }
    .chat .lines ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    .chat .lines p {
      margin: 2px 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .chat .lines .mine {
      padding-inline-start: 16px;
    }
    .chat .lines .event {
      color: #57606a;
      font-size: 13px;
    }
    .chat .product {
      display: flex;
      gap: 8px;
      overflow-wrap: anywhere;
    }
    .chat .product img {
      width: 48px;
      height: 48px;
      object-fit: cover;
      border-radius: 6px;
    }
    .chat .say {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 8px;
    }
    .suggested {
      display: grid;
      grid-template-columns: 1fr auto;
      align-items: center;
      gap: 4px 8px;
      padding: 8px;
      border: 1px solid #dde3ea;
      border-radius: 8px;
    }
    .suggested small {
      grid-column: 1 / -1;
      color: #57606a;
    }
    .send-product form {
      display: grid;
      gap: 6px;
      margin-top: 8px;
    }
    .send-product label {
      display: grid;
      gap: 2px;
      font-size: 13px;
    }
    .row {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 8px;
    }
    select.language {
      min-height: 36px;
      font: inherit;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin-top: 12px;
    }
    .idle {
      text-align: center;
      padding: 48px 20px;
      color: #57606a;
    }
    @media (max-width: 760px) {
      .call {
        grid-template-columns: 1fr;
      }
    }
    .banner {
      margin: 0;
      padding: 10px 20px;
      background: #fff8c5;
      border-bottom: 1px solid #e3d28a;
    }
    .hint {
      margin: 0 0 8px;
      color: #57606a;
    }
    .muted {
      color: #57606a;
    }
    .callbacks,
    .line {
      margin-top: 20px;
    }
    .line h2,
    .line h3 {
      margin: 0 0 12px;
      font-size: 16px;
    }
    .line h3 {
      margin-top: 16px;
      font-size: 14px;
    }
    .line ol,
    .line ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    .line li[data-testid='waiting'] {
      display: grid;
      grid-template-columns: 64px minmax(0, 1fr);
      gap: 2px 12px;
      align-items: baseline;
    }
    .line .waited {
      grid-row: span 2;
      font-variant-numeric: tabular-nums;
      font-weight: 700;
      font-size: 18px;
    }
    .line .where {
      overflow-wrap: anywhere;
    }
    .line .facts {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .tag {
      padding: 1px 8px;
      border-radius: 999px;
      background: #e8edf2;
      font-size: 12px;
    }
    .tag.ringing {
      background: #fff3cd;
    }
    .tag.unanswered {
      background: #fde2e1;
    }
    .line-count {
      padding: 4px 10px;
      border-radius: 999px;
      background: #fff3cd;
      font-size: 14px;
      font-variant-numeric: tabular-nums;
    }
    .callbacks h2 {
      margin: 0 0 12px;
      font-size: 16px;
    }
    .line .count,
    .callbacks .count {
      display: inline-block;
      min-width: 22px;
      padding: 0 6px;
      border-radius: 999px;
      background: #e8edf2;
      text-align: center;
      font-size: 13px;
    }
    .callbacks ul,
    .transfer ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 10px;
    }
    .callbacks li {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 4px 12px;
      padding: 10px 0;
      border-top: 1px solid #eef1f4;
    }
    .callbacks li > :not(button) {
      grid-column: 1;
    }
    .callbacks li button {
      grid-column: 2;
      grid-row: 1 / span 4;
      align-self: center;
    }
    .callbacks .who {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: baseline;
    }
    .callbacks .note {
      white-space: pre-wrap;
    }
    .transfer {
      margin-top: 12px;
    }
    .transfer h3 {
      margin: 0 0 8px;
      font-size: 15px;
    }
    .transfer li button {
      width: 100%;
      text-align: start;
    }
  `,
];
