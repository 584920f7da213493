import { css } from 'lit';
import { tokens } from '../design/tokens.js';

/** Something still coming (a connection, a person): light, for the dark stage (the lobby darkens it with `.dark`). */
export const spinnerStyles = css`
  .spinner {
    flex: none;
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
`;

/** The other person fills the stage; your own view sits small in a corner, or fills it while nobody else shows. */
export const callStageStyles = [
  tokens,
  spinnerStyles,
  css`
    :host {
      display: block;
      position: relative;
      overflow: hidden;
      aspect-ratio: 4 / 3;
      background: var(--vitrina-stage, #111820);
      color: #fff;
    }
    /* The host may ask for the whole picture (a phone's tall stage) with --vitrina-remote-fit: contain. */
    .remote {
      position: absolute;
      inset: 0;
      --vitrina-video-fit: var(--vitrina-remote-fit, cover);
    }
    /* Before the answer: playing, so the face shows on its first frame, but not seen. */
    .remote.standby {
      visibility: hidden;
    }
    /* A shared screen is read, not looked at: show all of it. */
    .remote.screen {
      --vitrina-video-fit: contain;
      background: #0d1117;
    }
    .screen-box {
      position: absolute;
      inset: 0;
      overflow: hidden;
    }
    /* Enlarged to read small print: the box scrolls, a finger pans. */
    .screen-box.zoomed {
      overflow: auto;
      touch-action: pan-x pan-y;
    }
    /* Screens are mostly 16:9; another shape still shows whole (contain), with a margin. */
    .screen-box.zoomed .remote.screen {
      position: static;
      display: block;
      width: 250%;
      height: auto;
      aspect-ratio: 16 / 9;
    }
    :host(:fullscreen) {
      aspect-ratio: auto;
    }
    /* Their face beside their screen: whom the shopper is listening to stays in view. */
    .face {
      position: absolute;
      top: 10px;
      right: 10px;
      width: var(--vitrina-face-width, 24%);
      aspect-ratio: 4 / 3;
      border-radius: 8px;
      border: 2px solid rgb(255 255 255 / 0.8);
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.4);
    }
    .screen-controls {
      position: absolute;
      left: 10px;
      bottom: 10px;
      display: flex;
      gap: 6px;
    }
    /* Round buttons over the picture: the stage's own, and those the host puts among the badges. */
    .screen-controls button,
    ::slotted(button) {
      display: grid;
      place-items: center;
      width: 44px;
      height: 44px;
      padding: 0;
      border: 0;
      border-radius: 22px;
      background: rgb(0 0 0 / 0.6);
      color: #fff;
      cursor: pointer;
    }
    .screen-controls button[aria-pressed='true'],
    ::slotted(button[aria-pressed='true']) {
      background: rgb(255 255 255 / 0.9);
      color: #111820;
    }
    .screen-controls button:focus-visible {
      outline: 3px solid var(--vitrina-focus, var(--vt-focus));
      outline-offset: 2px;
    }
    .self {
      position: absolute;
      right: 10px;
      bottom: 10px;
      width: var(--vitrina-self-view-width, 30%);
      aspect-ratio: 4 / 3;
      border-radius: 8px;
      border: 2px solid rgb(255 255 255 / 0.8);
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.4);
    }
    .self.full {
      inset: 0;
      width: auto;
      aspect-ratio: auto;
      border: 0;
      border-radius: 0;
      box-shadow: none;
      opacity: 0.45;
    }
    :host([compact]) .self {
      display: none;
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
      font-size: var(--vitrina-stage-message-size, 16px);
      line-height: 1.4;
      text-shadow: 0 1px 3px rgb(0 0 0 / 0.6);
    }
    :host([compact]) .message {
      padding: 8px;
      font-size: 13px;
    }
    .badges {
      position: absolute;
      top: 10px;
      left: 10px;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .peer-muted {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      min-width: 36px;
      height: 36px;
      padding: 0 7px;
      box-sizing: border-box;
      border-radius: 18px;
      background: rgb(0 0 0 / 0.6);
      color: #fff;
      font-size: 13px;
    }
    /* Above everything and easy to hit: until it is tapped the call is silent. */
    .tap-to-hear {
      position: absolute;
      left: 50%;
      bottom: 16px;
      transform: translateX(-50%);
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-height: 44px;
      padding: 0 18px;
      border: 0;
      border-radius: 22px;
      background: var(--vitrina-accent, var(--vt-primary));
      color: #fff;
      font: inherit;
      font-weight: 600;
      cursor: pointer;
      box-shadow: 0 2px 10px rgb(0 0 0 / 0.4);
      white-space: nowrap;
    }
    .tap-to-hear:focus-visible {
      outline: 3px solid #fff;
      outline-offset: 2px;
    }
    :host([compact]) .tap-to-hear {
      bottom: 8px;
      padding: 0 12px;
      font-size: 13px;
    }
    .peer-muted span {
      padding-right: 5px;
    }
  `,
];
