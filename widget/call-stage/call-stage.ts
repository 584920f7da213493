import { html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CallController } from '../call-core/call-controller.js';
import { isLive } from '../call-core/call-status.js';
import type { CallSession } from '../call-core/call-session.js';
import { callStageStyles } from './call-stage.styles.js';
import { stageLayout, type StageLayout, type StageMessage } from './stage-layout.js';

/** What the stage reads of a call: the real session, or a test's stand-in. */
export type StageCall = Pick<CallSession, 'on' | 'status' | 'localVideo' | 'remoteVideo' | 'remoteScreen' | 'remoteAudio' | 'remoteCameraOn'> &
  Partial<
    Pick<
      CallSession,
      | 'remoteMicrophoneMuted'
      | 'remoteVideoPaused'
      | 'mediaInterrupted'
      | 'peerPresent'
      | 'audioOnly'
      | 'speakerId'
      | 'audioBlocked'
      | 'startAudio'
      | 'standbyVideo'
    >
  >;

/** Words in the viewer's language; `peer` is the other side (the consultant, or the shopper). */
export interface StageLabels {
  peer: string;
  peerScreen: string;
  you: string;
  /** Said by the muted badge to screen readers and on hover. */
  peerMuted: string;
  /** Also written on the badge, where the stage is wide enough for words. */
  peerMutedText?: string;
  /** The button for when the browser waits for a tap before it plays their sound. */
  tapToHear: string;
  /** Their shared screen over the whole display, and back. */
  fullScreen: string;
  /** Their shared screen enlarged in the stage, to pan around with a finger. */
  zoomScreen: string;
  messages: Record<Exclude<StageMessage, 'status'>, string>;
}

/**
 * The call's picture, the same for shopper and consultant: the other side's camera or shared
 * screen, their sound, our own view, and one line saying what is wrong, as `stageLayout` decides.
 *
 * @slot - the host's words while the stage has none of its own (waiting in line, the call ended)
 * @slot badges - more badges beside "microphone off" in the top corner
 * @csspart video-remote - the other side's camera
 * @csspart video-screen - the screen the other side shares
 * @csspart video-self - our own camera
 * @csspart message - the line over the picture
 * @csspart tap-to-hear - the button shown when the browser waits for a tap before playing sound
 * @cssproperty --vitrina-stage - background behind the video
 * @cssproperty --vitrina-self-view-width - width of our own view in the corner (default 30%)
 */
export class VitrinaCallStage extends LitElement {
  static override styles = callStageStyles;

  @property({ attribute: false }) labels: StageLabels | undefined;
  /** A small tile (a minimised call): no own view, a smaller message. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** Their shared screen shown larger than the stage, to pan around (a phone's small screen). */
  @state() private zoomed = false;

  private readonly calls = new CallController<StageCall>(this);

  get call(): StageCall | undefined {
    return this.calls.call;
  }
  set call(call: StageCall | undefined) {
    if (call !== this.calls.call) this.calls.call = call;
  }

  /** What shows now; the host reads it to word its own status line the same way. */
  get layout(): StageLayout | undefined {
    const call = this.call;
    if (!call) return undefined;
    return stageLayout({
      status: call.status,
      hasLocalVideo: !!call.localVideo,
      hasRemoteVideo: !!call.remoteVideo,
      hasRemoteScreen: !!call.remoteScreen,
      remoteCameraOn: call.remoteCameraOn,
      remoteMicrophoneMuted: call.remoteMicrophoneMuted,
      remoteVideoPaused: call.remoteVideoPaused,
      mediaInterrupted: call.mediaInterrupted,
      peerPresent: call.peerPresent,
      audioOnly: call.audioOnly,
      audioBlocked: call.audioBlocked,
    });
  }

  protected override render() {
    const call = this.call;
    const layout = this.layout;
    const t = this.labels;
    if (!call || !layout || !t) return nothing;
    return html`
      ${
        layout.main === 'screen'
          ? html`<div class="screen-box ${this.zoomed ? 'zoomed' : ''}" data-testid="screen-box">
              <vitrina-media-view class="remote screen" part="video-screen" label=${t.peerScreen} .track=${call.remoteScreen}></vitrina-media-view>
            </div>`
          : layout.main === 'camera'
            ? this.remoteCamera(call.remoteVideo, t, false)
            : isLive(call.status)
              ? nothing
              : this.remoteCamera(call.standbyVideo, t, true)
      }
      ${layout.peerFace ? html`<vitrina-media-view class="face" part="video-remote" label=${t.peer} .track=${call.remoteVideo}></vitrina-media-view>` : nothing}
      ${layout.main === 'screen' && !this.compact ? this.screenControls(t) : nothing}
      ${call.remoteAudio ? html`<vitrina-media-view kind="audio" .track=${call.remoteAudio} .sinkId=${call.speakerId}></vitrina-media-view>` : nothing}
      ${
        layout.self
          ? html`<vitrina-media-view class="self ${layout.self}" part="video-self" mirror label=${t.you} .track=${call.localVideo}></vitrina-media-view>`
          : nothing
      }
      ${this.message(layout, t)}
      ${
        layout.tapToHear
          ? html`<button type="button" class="tap-to-hear" part="tap-to-hear" data-action="tap-to-hear" @click=${() => void call.startAudio?.()}>
              ${speakerIcon}<span>${t.tapToHear}</span>
            </button>`
          : nothing
      }
      <div class="badges">
        ${
          layout.peerMuted
            ? html`<span class="peer-muted" part="peer-muted" data-testid="peer-muted" role="img" aria-label=${t.peerMuted} title=${t.peerMuted}
                >${micOffIcon}${t.peerMutedText ? html`<span aria-hidden="true">${t.peerMutedText}</span>` : nothing}</span
              >`
            : nothing
        }
        <slot name="badges"></slot>
      </div>
    `;
  }

  /**
   * Their camera, or before the answer the camera previewing us (black frames), played out of
   * sight in the same element: at the answer only its visibility changes, so the face shows on
   * the first frame that carries it.
   */
  private remoteCamera(track: StageCall['remoteVideo'], t: StageLabels, standby: boolean): TemplateResult | typeof nothing {
    if (!track) return nothing;
    return html`<vitrina-media-view
      class=${standby ? 'remote standby' : 'remote'}
      part=${standby ? nothing : 'video-remote'}
      label=${t.peer}
      .track=${track}
    ></vitrina-media-view>`;
  }

  /** A shared screen is for reading: enlarge it in place (and pan with a finger), or give it the whole display. */
  private screenControls(t: StageLabels): TemplateResult {
    return html`<div class="screen-controls">
      <button
        type="button"
        data-action="zoom-screen"
        aria-pressed=${this.zoomed ? 'true' : 'false'}
        aria-label=${t.zoomScreen}
        title=${t.zoomScreen}
        @click=${() => (this.zoomed = !this.zoomed)}
      >
        ${zoomIcon}
      </button>
      ${
        document.fullscreenEnabled
          ? html`<button
              type="button"
              data-action="full-screen"
              aria-pressed=${this.isFullScreen ? 'true' : 'false'}
              aria-label=${t.fullScreen}
              title=${t.fullScreen}
              @click=${() => void this.toggleFullScreen()}
            >
              ${fullScreenIcon}
            </button>`
          : nothing
      }
    </div>`;
  }

  private async toggleFullScreen(): Promise<void> {
    try {
      if (document.fullscreenElement === this) await document.exitFullscreen();
      else await this.requestFullscreen();
    } catch (err) {
      // Refused (no user gesture, a frame without allowfullscreen): the stage stays as it was.
      console.warn('[vitrina] full screen refused', err);
    }
  }

  private get isFullScreen(): boolean {
    return document.fullscreenElement === this;
  }

  private readonly onFullScreenChange = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.onFullScreenChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.onFullScreenChange);
  }

  private message(layout: StageLayout, t: StageLabels): TemplateResult | typeof nothing {
    if (!layout.message) return nothing;
    const spinner = layout.spinner ? html`<div class="spinner"></div>` : nothing;
    if (layout.message === 'status') return html`<div class="message" part="message">${spinner}<slot></slot></div>`;
    return html`<div class="message" part="message" data-testid=${layout.message}>${spinner}<span>${t.messages[layout.message]}</span></div>`;
  }
}

const micOffIcon = html`<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  ${svg`<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z" />
    <path d="M3 3l18 18" stroke="currentColor" stroke-width="2" />`}
</svg>`;

const speakerIcon = html`<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  ${svg`<path d="M4 9h4l5-4v14l-5-4H4z" /><path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" stroke="currentColor" stroke-width="2" fill="none" />`}
</svg>`;

const zoomIcon = html`<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  ${svg`<path d="M10 4a6 6 0 1 0 3.6 10.8l5.3 5.3 1.4-1.4-5.3-5.3A6 6 0 0 0 10 4zm0 2a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm-1 1.5V9H7.5v2H9v1.5h2V11h1.5V9H11V7.5z" />`}
</svg>`;

/** Four corners pointing out: full screen here, filling the stage in the panel. */
export const fullScreenIcon = html`<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  ${svg`<path d="M4 9V4h5v2H6v3zm11-5h5v5h-2V6h-3zM6 15v3h3v2H4v-5zm12 0h2v5h-5v-2h3z" />`}
</svg>`;
