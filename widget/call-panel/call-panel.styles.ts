import { css } from 'lit';
import { chatStyles } from './chat-view.js';
import { spinnerStyles } from '../call-stage/call-stage.styles.js';
import { screenReaderOnly } from '../screen-reader-only.js';
import { tokens } from '../design/tokens.js';

export const callPanelStyles = [
  tokens,
  chatStyles,
  spinnerStyles,
  screenReaderOnly,
  css`
    :host {
      position: fixed;
      z-index: var(--vitrina-z-index, 2147483000);
      /* Clear of a notched phone's rounded corners and home bar when the shop's page uses viewport-fit=cover. */
      bottom: calc(var(--vitrina-offset-bottom, 20px) + env(safe-area-inset-bottom, 0px));
      right: calc(var(--vitrina-offset-right, 20px) + env(safe-area-inset-right, 0px));
      width: min(380px, calc(100vw - 24px));
      font-family: var(--vitrina-font, var(--vt-font));
      color: var(--vitrina-text, var(--vt-ink));
    }
    section {
      display: flex;
      flex-direction: column;
      overflow: hidden;
      /* Never taller than the window: on a short laptop screen the title bar (minimise, close) stays on it and the picture gives way. */
      max-height: calc(100dvh - var(--vitrina-offset-bottom, 20px) - env(safe-area-inset-bottom, 0px) - 12px);
      border-radius: var(--vitrina-panel-radius, var(--vt-radius-xl));
      background: var(--vitrina-surface, var(--vt-surface));
      box-shadow: 0 12px 40px rgb(0 0 0 / 0.28);
    }
    .head,
    footer {
      flex-shrink: 0;
    }
    section > .stage {
      min-height: 120px;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 4px 4px 4px 16px;
      background: var(--vitrina-accent, var(--vt-primary));
      color: var(--vitrina-accent-text, var(--vt-primary-text));
      font-weight: 600;
    }
    .head > .title {
      flex: 1;
      min-width: 0;
    }
    .talking-to {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .talking-to .avatar {
      display: grid;
      place-items: center;
      flex: none;
      width: 28px;
      height: 28px;
      border-radius: 50%;
      /* Darker than the bar, so its white letters keep their contrast whatever the accent. */
      background: rgb(0 0 0 / 0.25);
      font-size: 12px;
    }
    .talking-to .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .talking-to .timer {
      font-weight: 400;
      font-variant-numeric: tabular-nums;
    }
    .quality {
      display: inline-flex;
      align-items: flex-end;
      gap: 2px;
      height: 16px;
      margin-inline-end: 6px;
    }
    .quality i {
      width: 4px;
      border-radius: 1px;
      background: currentColor;
      opacity: 0.35;
    }
    .quality i.on {
      opacity: 1;
    }
    /* Heights here, not in style attributes: a shop's Content-Security-Policy may forbid those. */
    .quality i:nth-child(1) {
      height: 25%;
    }
    .quality i:nth-child(2) {
      height: 50%;
    }
    .quality i:nth-child(3) {
      height: 75%;
    }
    .quality i:nth-child(4) {
      height: 100%;
    }
    .quality.poor i.on,
    .quality.lost i.on {
      background: var(--vitrina-warning, #ffb3b8);
    }
    button.plain {
      padding: 0 12px;
    }
    /* Sharing or chat not on is the normal state, not a warning like a muted microphone. */
    button.plain[aria-pressed='false'] {
      background: var(--vitrina-control, var(--vt-subtle));
      color: inherit;
    }
    button[data-action='chat'] {
      position: relative;
    }
    .unread {
      position: absolute;
      top: -4px;
      right: -4px;
      min-width: 20px;
      height: 20px;
      border-radius: 10px;
      background: var(--vitrina-danger, var(--vt-danger));
      color: #fff;
      font-size: 12px;
      line-height: 20px;
    }
    /* Minimised: a small tile in the corner; the page is the shopper's again. */
    :host([minimised]) {
      width: var(--vitrina-mini-width, 220px);
    }
    .mini .stage {
      aspect-ratio: 4 / 3;
    }
    .mini footer {
      gap: 6px;
      padding: 8px;
    }
    .mini footer button {
      min-width: 44px;
      min-height: 44px;
      padding: 0 10px;
    }
    /* The panel's own words in the middle of the stage (placed there by <vitrina-call-stage>). */
    .said {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 8px;
    }
    .said small {
      font-size: 13px;
      opacity: 0.9;
    }
    footer {
      display: flex;
      justify-content: center;
      gap: 8px;
      padding: 12px;
    }
    button {
      min-width: 48px;
      min-height: 48px;
      padding: 0 16px;
      border: 0;
      border-radius: 999px;
      background: var(--vitrina-control, var(--vt-subtle));
      color: inherit;
      font: inherit;
      font-weight: 600;
      white-space: nowrap;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--vitrina-focus, var(--vt-focus));
      outline-offset: 2px;
      box-shadow: 0 0 0 2px var(--vt-focus-inner);
    }
    button[aria-pressed='false'] {
      background: var(--vitrina-control-off, var(--vt-off));
      color: #fff;
    }
    button.danger {
      background: var(--vitrina-danger, var(--vt-danger));
      color: #fff;
    }
    button.primary {
      background: var(--vitrina-accent, var(--vt-primary));
      color: var(--vitrina-accent-text, var(--vt-primary-text));
    }
    /* A finger's size (44×44) on every screen: the title bar is where a wrong tap is most likely. */
    .head button {
      min-width: 44px;
      min-height: 44px;
      padding: 0;
      background: transparent;
      color: inherit;
      font-size: 22px;
      line-height: 1;
    }
    .body {
      padding: 16px;
      max-height: min(70vh, 560px);
      overflow-y: auto;
    }
    .lobby {
      display: grid;
      gap: 10px;
    }
    .lobby p,
    .waiting p {
      margin: 0;
    }
    .lead {
      font-size: 17px;
      font-weight: 600;
    }
    .online {
      display: flex;
      align-items: center;
      gap: 6px;
      font-size: 14px;
      color: var(--vitrina-muted, var(--vt-muted));
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--vitrina-online, var(--vt-success));
    }
    .busy .dot {
      background: var(--vitrina-busy, var(--vt-warning));
    }
    .stars {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      align-items: center;
      gap: 4px;
      margin-top: 8px;
    }
    .stars small {
      flex-basis: 100%;
      text-align: center;
    }
    button.star {
      min-width: 44px;
      min-height: 44px;
      padding: 0;
      font-size: 26px;
      line-height: 1;
      background: transparent;
      color: var(--vitrina-star, #d4a72c);
    }
    .comment {
      display: grid;
      gap: 6px;
      width: 100%;
      max-width: 300px;
      text-shadow: none;
    }
    .comment textarea {
      font: inherit;
      padding: 8px;
      border-radius: 8px;
      border: 1px solid var(--vitrina-border, var(--vt-control-border));
    }
    .comment textarea:focus-visible {
      outline: 3px solid var(--vitrina-focus, var(--vt-focus));
      box-shadow: 0 0 0 2px var(--vt-focus-inner);
    }
    .recording-notice {
      display: flex;
      align-items: baseline;
      gap: 6px;
      font-size: 13px;
      color: var(--vitrina-muted, var(--vt-muted));
    }
    .recording-notice::before {
      content: '';
      flex: none;
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--vitrina-recording, var(--vt-danger));
    }
    button.wide {
      width: 100%;
    }
    button.link {
      min-height: 36px;
      background: transparent;
      color: var(--vitrina-accent, var(--vt-primary));
      text-decoration: underline;
      justify-self: start;
      padding: 0;
    }
    .check {
      display: flex;
      align-items: center;
      gap: 8px;
      font-size: 14px;
    }
    .check input {
      width: 18px;
      height: 18px;
    }
    h2 {
      margin: 6px 0 0;
      font-size: 14px;
      color: var(--vitrina-muted, var(--vt-muted));
      font-weight: 600;
    }
    .consultants {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 6px;
    }
    button.consultant {
      width: 100%;
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 6px 12px 6px 6px;
      border-radius: 12px;
      text-align: start;
      font-weight: 400;
    }
    .consultants li {
      display: flex;
      gap: 6px;
    }
    button.chat-with {
      flex: none;
      border-radius: 12px;
      font-weight: 400;
    }
    button.chat-with:disabled {
      cursor: default;
      opacity: 0.55;
    }
    /* A chat call's conversation is the panel's main view, not a strip under a picture. */
    .chat-main {
      --vitrina-chat-height: var(--vitrina-chat-main-height, min(50vh, 380px));
      padding-top: 8px;
    }
    .chat-main .chat {
      border-top: none;
    }
    .video-offer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin: 8px 12px 0;
      padding: 10px 12px;
      border-radius: 12px;
      background: var(--vitrina-control, #e8edf2);
    }
    .video-offer p {
      flex-basis: 100%;
      margin: 0;
      font-weight: 600;
    }
    button.consultant:disabled {
      cursor: default;
      opacity: 0.55;
    }
    .avatar {
      display: grid;
      place-items: center;
      width: 36px;
      height: 36px;
      flex: none;
      border-radius: 50%;
      background: var(--vitrina-accent, var(--vt-primary));
      color: var(--vitrina-accent-text, var(--vt-primary-text));
      font-weight: 700;
    }
    .who {
      display: grid;
      flex: 1;
    }
    .who small {
      color: var(--vitrina-muted, var(--vt-muted));
    }
    .state {
      font-size: 12px;
      padding: 2px 8px;
      border-radius: 999px;
      background: var(--vitrina-control, var(--vt-subtle));
    }
    .state.available {
      background: #dafbe1;
      color: #116329;
    }
    .state.busy {
      background: #fff8c5;
      color: #7d4e00;
    }
    .waiting {
      display: grid;
      gap: 6px;
      padding: 12px 16px 0;
      text-align: center;
      font-size: 14px;
    }
    .waiting button {
      min-height: 40px;
    }
    .notice {
      padding: 8px 12px;
      margin: 8px 16px 0;
      border-radius: 8px;
      background: var(--vitrina-notice, var(--vt-tag-info));
      font-size: 14px;
    }
    .waiting .notice {
      margin: 0;
    }
    .spinner.dark {
      justify-self: center;
      border-color: rgb(0 0 0 / 0.15);
      border-top-color: var(--vitrina-accent, var(--vt-primary));
    }
    /* A phone gives the whole screen to the call, and gets it back when the call is minimised. */
    /* The consultant's shared screen on a desktop: a large 16:9 stage, their face beside it (see the stage). */
    @media (min-width: 481px) {
      :host([wide]:not([minimised])) {
        width: min(960px, calc(100vw - 40px));
      }
      :host([wide]:not([minimised])) .stage {
        aspect-ratio: 16 / 9;
        --vitrina-self-view-width: 15%;
      }
    }
    /* Only a phone's tall stage crops the picture; elsewhere the toggle has nothing to do (the stage draws it). */
    .fit-toggle {
      display: none;
    }
    @media (max-width: 480px) {
      /*
       * The part of the page the shopper sees (the visual viewport, set by VisualViewportController):
       * an on-screen keyboard shrinks it, and the chat input stays above the keyboard; 100dvh where
       * the browser gives nothing better.
       */
      :host(:not([minimised])) {
        inset: var(--vitrina-visual-top, 0px) 0 auto 0;
        width: auto;
        height: var(--vitrina-visual-height, 100dvh);
      }
      :host(:not([minimised])) section {
        height: 100%;
        max-height: none;
        box-sizing: border-box;
        border-radius: 0;
        padding: env(safe-area-inset-top, 0px) env(safe-area-inset-right, 0px) env(safe-area-inset-bottom, 0px) env(safe-area-inset-left, 0px);
      }
      /* A landscape camera on a portrait screen: all of the consultant by default, the whole screen on request. */
      :host(:not([minimised])) .stage {
        flex: 1;
        aspect-ratio: auto;
        --vitrina-remote-fit: contain;
      }
      :host(:not([minimised])) .stage.fill {
        --vitrina-remote-fit: cover;
      }
      :host(:not([minimised])) .fit-toggle {
        display: inline-grid;
      }
      :host(:not([minimised])) .body {
        flex: 1;
        max-height: none;
      }
      :host(:not([minimised])) {
        --vitrina-chat-height: 30vh;
      }
      :host([minimised]) {
        width: var(--vitrina-mini-width, 160px);
      }
    }
  `,
];
