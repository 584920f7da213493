import { css } from 'lit';
import { consoleBase } from '../../widget/design/controls.js';

export const agentConsoleStyles = [
  consoleBase,
  css`
    :host {
      display: block;
      min-height: 100vh;
      font-family: var(--vt-font);
      color: var(--vt-ink);
      background: var(--vt-canvas);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      padding: 12px 20px;
      background: var(--vt-surface);
      border-bottom: 1px solid var(--vt-line);
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
      background: var(--vt-surface);
      border-radius: 12px;
      padding: 20px;
      box-shadow: var(--vt-shadow-sm);
    }
    button.accept {
      background: var(--vt-success);
      color: var(--vt-success-text);
      font-size: 18px;
      min-height: 56px;
      padding: 0 32px;
    }
    button.off {
      background: var(--vt-off);
      color: var(--vt-off-text);
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
      background: var(--vt-neutral);
    }
    .dot.available {
      background: var(--vt-success);
    }
    .dot.busy {
      background: var(--vt-warning);
    }
    .error {
      color: var(--vt-danger);
      margin: 0;
    }
    .ringing {
      display: grid;
      gap: 16px;
      justify-items: start;
      border: 3px solid var(--vt-success);
      animation: pulse 1.2s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        box-shadow: 0 0 0 8px color-mix(in srgb, var(--vt-success) 18%, transparent);
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
      background: var(--vt-overlay);
      color: var(--vt-overlay-text);
      font-size: 13px;
    }
    .state-badge.quality.poor,
    .state-badge.quality.lost {
      background: var(--vt-danger);
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
      color: var(--vt-muted);
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
      gap: 6px;
      justify-items: start;
      padding: 8px;
      border: 1px solid var(--vt-line);
      border-radius: 8px;
    }
    .suggested small {
      color: var(--vt-muted);
    }
    .suggested .product {
      width: 100%;
    }
    .suggested .product > div {
      flex: 1;
      min-width: 0;
      overflow: hidden;
    }
    /* The address is in the card the shopper gets; here one line of it is enough to recognise it. */
    .suggested .product a {
      display: block;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      overflow-wrap: normal;
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
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin-top: 12px;
    }
    .idle {
      text-align: center;
      padding: 48px 20px;
      color: var(--vt-muted);
    }
    /* In a call, everything the consultant needs (the picture, hang-up, chat, a card) fits a 1366×768 laptop without scrolling. */
    main.in-call {
      max-width: 1320px;
      padding: 12px 20px;
    }
    main.in-call .call {
      height: calc(100dvh - 96px);
      min-height: 480px;
      grid-template-columns: minmax(0, 1fr) 340px;
    }
    .call > div:first-child {
      display: flex;
      flex-direction: column;
      gap: 10px;
      min-height: 0;
    }
    main.in-call .stage {
      flex: 1;
      min-height: 0;
      aspect-ratio: auto;
      /* The whole shopper, never a cropped half (a phone's picture is tall). */
      --vitrina-remote-fit: contain;
    }
    .call .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .call .controls button {
      padding: 0 14px;
    }
    .call aside {
      display: flex;
      flex-direction: column;
      min-height: 0;
      overflow-y: auto;
      padding: 16px;
    }
    .call aside .chat {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    .call aside .chat .lines {
      flex: 1;
      min-height: 96px;
      max-height: none;
    }
    /* A phone: the picture and the controls first, the conversation below. */
    @media (max-width: 760px) {
      header {
        padding: 8px 12px;
        gap: 8px;
      }
      header .who {
        display: none;
      }
      header button,
      header select {
        min-height: 40px;
        padding: 0 12px;
      }
      main,
      main.in-call {
        padding: 12px;
      }
      .call,
      main.in-call .call {
        grid-template-columns: 1fr;
        height: auto;
      }
      main.in-call .stage {
        flex: none;
        height: 52dvh;
      }
      .call .controls button {
        flex: 1 1 auto;
      }
      .call aside .chat .lines {
        max-height: 40dvh;
      }
    }
    .banner {
      margin: 0;
      padding: 10px 20px;
      background: var(--vt-tag-warning);
      border-bottom: 1px solid var(--vt-warning);
    }
    .hint {
      margin: 0 0 8px;
      color: var(--vt-muted);
    }
    .muted {
      color: var(--vt-muted);
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
      background: var(--vt-tag);
      font-size: 12px;
    }
    .tag.rung {
      background: var(--vt-tag-warning);
    }
    .tag.unanswered {
      background: var(--vt-tag-danger);
    }
    .line-count {
      padding: 4px 10px;
      border-radius: 999px;
      background: var(--vt-tag-warning);
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
      background: var(--vt-tag);
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
      border-top: 1px solid var(--vt-subtle);
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
