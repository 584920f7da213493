import { html, LitElement, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CreateCallRequest } from '../../server/contract/calls.js';
import type { QueueStatus } from '../../server/contract/queue.js';
import { fetchQueueStatus } from '../api/queue-status.js';
import { CallController } from '../call-core/call-controller.js';
import type { CallSession } from '../call-core/call-session.js';
import { readLastConsultant } from '../call-core/last-consultant.js';
import { ShopperCall, type CallNotice, type Place } from '../call-core/shopper-call.js';
import { fire } from '../events.js';
import { langOf, languageOf, stringsFor } from '../i18n/strings.js';
import type { Strings } from '../i18n/en.js';
import { callPanelStyles } from './call-panel.styles.js';
import { recordingNotice, renderLobby } from './lobby.js';

/** The part of a call the panel reads; a test can hand it a stand-in. */
export type PanelCall = Pick<
  CallSession,
  | 'status'
  | 'error'
  | 'localVideo'
  | 'remoteVideo'
  | 'remoteScreen'
  | 'remoteAudio'
  | 'cameraOn'
  | 'microphoneOn'
  | 'remoteCameraOn'
  | 'on'
  | 'setCamera'
  | 'setMicrophone'
> & {
  hangUp(): Promise<void>;
  /** Whether the two sides talked (only such a call is rated). */
  wasInCall?: boolean;
  rate?(rating: number): Promise<boolean>;
  callId?: string | undefined;
  place?: Place | undefined;
  notice?: CallNotice | undefined;
  switchToAnyone?(): Promise<void>;
};

/**
 * The shopper's call panel, loaded on the first click: first the lobby (open or closed, first
 * available or a chosen consultant, or a call-back form), then waiting with the place in
 * line, the consultant, and the end.
 *
 * @fires vitrina-close - the shopper closed the panel
 * @fires vitrina-call-status - the call changed status
 * @csspart panel - the panel's frame
 * @csspart video-remote - the consultant's video
 * @csspart video-self - the shopper's own view
 * @csspart controls - the row of buttons
 * @cssproperty --vitrina-surface - panel background
 * @cssproperty --vitrina-text - panel text colour
 * @cssproperty --vitrina-stage - background behind the video
 * @cssproperty --vitrina-danger - hang-up button colour
 */
export class VitrinaCallPanel extends LitElement {
  static override styles = callPanelStyles;

  @property() server = '';
  @property({ attribute: false }) page: CreateCallRequest['page'] = { url: location.href, title: document.title };
  /** The button's answer to "are calls open"; fetched here when not given. */
  @property({ attribute: false }) queue: QueueStatus | undefined;
  /** Seconds of waiting for a chosen consultant after which "take the first available" is made prominent. */
  @property({ type: Number, attribute: 'switch-after' }) switchAfter = 45;
  /** The call in progress; set when the shopper starts one (or by a test with a stand-in). */
  @property({ attribute: false }) call: PanelCall | undefined;
  @state() private view: 'lobby' | 'callback' = 'lobby';
  @state() private cameraOff = false;
  @state() private switchProminent = false;
  @state() private queueUnreachable = false;
  @state() private rated = false;

  private readonly controller = new CallController<PanelCall>(this);
  private offStatus: (() => void) | undefined;
  private leaving: number | undefined;
  private switchTimer: number | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // A host page that moves the element fires disconnect and connect back to back: keep the call.
    clearTimeout(this.leaving);
    // Always ask afresh; the button's answer (shown meanwhile) may be minutes old.
    if (!this.call) this.refreshQueue();
  }

  private refreshQueue(): void {
    this.queueUnreachable = false;
    fetchQueueStatus(this.server, languageOf(this))
      .then((status) => (this.queue = status))
      // With an earlier answer (the button's), keep showing it; with none, say the server is unreachable.
      .catch(() => (this.queueUnreachable = !this.queue));
  }

  private startCall(agentId?: string): void {
    const call = new ShopperCall(this.server);
    this.call = call;
    this.rated = false;
    const language = languageOf(this);
    void call.start(this.page, {
      media: { camera: !this.cameraOff, microphone: true },
      ...(agentId ? { agentId } : {}),
      ...(language ? { language } : {}),
    });
    if (agentId) {
      clearTimeout(this.switchTimer);
      this.switchTimer = window.setTimeout(() => (this.switchProminent = true), this.switchAfter * 1000);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.switchTimer);
    this.leaving = window.setTimeout(() => {
      if (!this.isConnected) void this.call?.hangUp();
    }, 0);
  }

  /** Focus moves into the panel when it opens, so keyboard and screen-reader users land in it. */
  protected override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('.lobby button, footer button:last-of-type')?.focus();
  }

  protected override willUpdate(): void {
    if (this.controller.call !== this.call) {
      this.offStatus?.();
      this.controller.call = this.call;
      this.offStatus = this.call?.on('status', (status) => fire(this, 'vitrina-call-status', { status, ...(this.call?.callId ? { callId: this.call.callId } : {}) }));
    }
  }

  protected override render() {
    const t = stringsFor(this);
    const call = this.call;
    const header = html`<header>
      <span>${t.panelTitle}</span>
      <button type="button" aria-label=${t.close} title=${t.close} @click=${this.close}>×</button>
    </header>`;
    if (!call) {
      const form = html`<vitrina-callback-form .server=${this.server} .page=${this.page}></vitrina-callback-form>`;
      return html`<section part="panel" role="dialog" aria-label=${t.panelTitle}>
        ${header}
        <div class="body" part="lobby">
          ${this.queueUnreachable
            ? html`<div class="lobby">
                <p role="alert">${t.errors['server-unreachable']}</p>
                <button type="button" class="primary wide" data-action="retry" @click=${this.refreshQueue}>${t.tryAgain}</button>
              </div>`
            : this.view === 'callback'
            ? html`${form}<button type="button" class="link" @click=${() => (this.view = 'lobby')}>${t.back}</button>`
            : renderLobby({
                t,
                status: this.queue,
                last: readLastConsultant(this.server),
                cameraOff: this.cameraOff,
                locale: langOf(this),
                call: (agentId) => this.startCall(agentId),
                callback: () => (this.view = 'callback'),
                toggleCamera: () => (this.cameraOff = !this.cameraOff),
                callbackForm: form,
              })}
        </div>
      </section>`;
    }
    return html`
      <section part="panel" role="dialog" aria-label=${t.panelTitle}>
        ${header}
        <div class="stage">${this.stage(call, t)}</div>
        <p class="sr-only" role="status" aria-live="polite">${this.statusText(call, t)}</p>
        ${this.waitingInfo(call, t)}
        <footer part="controls">${this.controls(call, t)}</footer>
      </section>
    `;
  }

  /** Under the stage while waiting: place in line, wait, whom we wait for, and the way out of waiting for them. */
  private waitingInfo(call: PanelCall, t: Strings): TemplateResult | typeof nothing {
    const notice = call.notice;
    const noticeText = !notice
      ? undefined
      : notice.kind === 'transferred'
        ? t.noticeTransferred(notice.to)
        : notice.reason === 'agent-left'
          ? t.noticeRequeued
          : t.noticeHandedBack;
    const waiting = call.status === 'queued' || call.status === 'ringing';
    if (!waiting) return noticeText && call.status === 'in-call' ? html`<p class="notice" role="status">${noticeText}</p>` : nothing;
    const place = call.place;
    const chosen = place?.waitingFor;
    return html`<div class="waiting" part="waiting" aria-live="polite">
      ${noticeText ? html`<p class="notice">${noticeText}</p>` : nothing}
      ${recordingNotice(this.queue)}
      ${place && call.status === 'queued' ? html`<p data-testid="position">${t.position(place.position)}</p>` : nothing}
      ${place?.etaMs !== undefined && call.status === 'queued' ? html`<p>${t.eta(Math.max(1, Math.round(place.etaMs / 60_000)))}</p>` : nothing}
      ${chosen
        ? html`<p>${t.waitingFor(chosen.name, chosen.status === 'busy')}</p>
            <button
              type="button"
              class="switch ${this.switchProminent || chosen.status === 'away' ? 'primary' : ''}"
              data-action="switch"
              @click=${() => call.switchToAnyone?.()}
            >
              ${t.switchToAnyone}
            </button>`
        : nothing}
    </div>`;
  }

  private statusText(call: PanelCall, t: Strings): string {
    switch (call.status) {
      case 'idle':
      case 'requesting':
        return t.requesting;
      case 'connecting':
        return t.connecting;
      case 'queued':
        return t.queued;
      case 'ringing':
        return t.ringing;
      case 'in-call':
        return t.inCall;
      case 'reconnecting':
        return t.reconnecting;
      case 'ended':
        return t.ended;
      case 'failed':
        return `${t.failed} ${t.errors[call.error?.reason ?? 'unknown']}`;
    }
  }

  private stage(call: PanelCall, t: Strings): TemplateResult {
    const self = call.localVideo
      ? html`<vitrina-media-view
          class="self ${call.status === 'in-call' ? '' : 'alone'}"
          part="video-self"
          mirror
          label=${t.you}
          .track=${call.localVideo}
        ></vitrina-media-view>`
      : nothing;
    switch (call.status) {
      case 'in-call':
      case 'reconnecting':
        return html`
          ${call.remoteScreen
            ? html`<vitrina-media-view class="remote screen" part="video-screen" label=${t.consultant} .track=${call.remoteScreen}></vitrina-media-view>`
            : call.remoteVideo
              ? html`<vitrina-media-view class="remote" part="video-remote" label=${t.consultant} .track=${call.remoteVideo}></vitrina-media-view>`
              : nothing}
          ${call.remoteAudio ? html`<vitrina-media-view kind="audio" .track=${call.remoteAudio}></vitrina-media-view>` : nothing}
          ${self}
          ${call.status === 'reconnecting'
            ? html`<div class="message"><div class="spinner"></div>${t.reconnecting}</div>`
            : !call.remoteScreen && call.remoteVideo && !call.remoteCameraOn
              ? html`<div class="message">${t.consultantCameraOff}</div>`
              : nothing}
        `;
      case 'idle':
      case 'requesting':
      case 'connecting':
      case 'queued':
      case 'ringing':
        return html`${self}
          <div class="message">
            <div class="spinner"></div>
            <span>${this.statusText(call, t)}</span>
            ${call.status === 'queued' ? html`<small>${t.queuedHint}</small>` : nothing}
          </div>`;
      case 'ended':
        return html`<div class="message"><span>${t.ended}</span><small>${t.endedThanks}</small>${call.wasInCall && call.rate ? this.rating(call, t) : nothing}</div>`;
      case 'failed':
        return html`<div class="message" role="alert">
          <span>${t.failed}</span><small>${t.errors[call.error?.reason ?? 'unknown']}</small>
        </div>`;
    }
  }

  /** Five large stars after a call; one tap sends them. */
  private rating(call: PanelCall, t: Strings): TemplateResult {
    if (this.rated) return html`<small role="status" data-testid="rated">${t.rated}</small>`;
    return html`<div class="stars" role="group" aria-label=${t.rateCall}>
      <small>${t.rateCall}</small>
      ${[1, 2, 3, 4, 5].map(
        (n) => html`<button type="button" class="star" part="star" aria-label=${t.rateStars(n)} @click=${async () => (this.rated = (await call.rate?.(n)) ?? false)}>★</button>`,
      )}
    </div>`;
  }

  private controls(call: PanelCall, t: Strings): TemplateResult {
    switch (call.status) {
      case 'ended':
      case 'failed': {
        const closed = call.error?.reason === 'closed' || call.error?.reason === 'consultant-away';
        return html`${closed
            ? html`<button type="button" data-action="to-lobby" @click=${this.backToLobby}>${t.requestCallback}</button>`
            : nothing}
          <button type="button" class="primary" @click=${this.close}>${t.close}</button>`;
      }
      case 'in-call':
      case 'reconnecting':
        return html`
          ${this.toggles(call, t)}
          <button type="button" class="danger" data-action="hang-up" @click=${() => call.hangUp()}>${t.hangUp}</button>
        `;
      case 'idle':
      case 'requesting':
      case 'connecting':
      case 'queued':
      case 'ringing':
        return html`
          ${this.toggles(call, t)}
          <button type="button" class="danger" data-action="cancel" @click=${() => call.hangUp()}>${t.cancel}</button>
        `;
    }
  }

  private toggles(call: PanelCall, t: Strings): TemplateResult {
    const toggle = (action: string, on: boolean, labels: [string, string], flip: () => unknown, icon: TemplateResult) => {
      const label = on ? labels[0] : labels[1];
      return html`<button type="button" data-action=${action} aria-pressed=${on ? 'true' : 'false'} aria-label=${label} title=${label} @click=${flip}>
        ${icon}
      </button>`;
    };
    return html`
      ${toggle('microphone', call.microphoneOn, [t.micOn, t.micOff], () => call.setMicrophone(!call.microphoneOn), micIcon(call.microphoneOn))}
      ${toggle('camera', call.cameraOn, [t.cameraOn, t.cameraOff], () => call.setCamera(!call.cameraOn), cameraIcon(call.cameraOn))}
    `;
  }

  /** After a refused call: back to the lobby with fresh news (the shop may have just closed). */
  private backToLobby(): void {
    this.call = undefined;
    this.queue = undefined;
    this.view = 'callback';
    this.refreshQueue();
  }

  private async close(): Promise<void> {
    const call = this.call;
    if (call && call.status !== 'ended' && call.status !== 'failed') await call.hangUp();
    fire(this, 'vitrina-close', {});
  }
}

// Inner shapes use the `svg` tag so that Lit creates them in the SVG namespace.
const icon = (body: SVGTemplateResult) => html`<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">${body}</svg>`;
const slash = svg`<path d="M3 3l18 18" stroke="currentColor" stroke-width="2" />`;

function micIcon(on: boolean): TemplateResult {
  return icon(svg`<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z" />
    ${on ? nothing : slash}`);
}

function cameraIcon(on: boolean): TemplateResult {
  return icon(svg`<path d="M4 6h11a2 2 0 0 1 2 2v1.5l4-2.5v10l-4-2.5V16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z" />
    ${on ? nothing : slash}`);
}
