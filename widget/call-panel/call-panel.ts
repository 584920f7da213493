import { html, LitElement, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallKind, CreateCallRequest } from '../../server/contract/calls.js';
import type { ChatMessage, ProductCard } from '../../server/contract/chat.js';
import type { QueueStatus } from '../../server/contract/queue.js';
import { initialsOf } from '../../server/contract/people.js';
import { fetchQueueStatus } from '../api/queue-status.js';
import { CallController } from '../call-core/call-controller.js';
import { canVideoCall } from '../call-core/browser-support.js';
import { isFinal } from '../call-core/call-status.js';
import type { CallSession, Devices, Quality } from '../call-core/call-session.js';
import { readSavedCall, type SavedCall } from '../call-core/saved-call.js';
import { readLastConsultant } from '../call-core/last-consultant.js';
import type { CallNotice, Place, ShopperCall } from '../call-core/shopper-call.js';
import { loadShopperCall } from '../call-core/load-shopper-call.js';
import { fire } from '../events.js';
import { langOf, languageOf, stringsFor } from '../i18n/strings.js';
import type { Strings } from '../i18n/en.js';
import { callPanelStyles } from './call-panel.styles.js';
import { renderChat, type CartState } from './chat-view.js';
import type { EmailOutcome } from './call-summary.js';
import type { ShopperSummary } from '../../server/contract/call-summary.js';
import { recordingNotice, renderLobby } from './lobby.js';
import { formText } from '../form-text.js';
import { readPageProduct } from '../call-core/page-product.js';
import { PageLifecycleController } from './page-lifecycle.js';
import { VisualViewportController } from './visual-viewport.js';
import { fullScreenIcon, type StageLabels } from '../call-stage/call-stage.js';

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
  /** Whether this side ended it (hung up, or left the line). */
  endedHere?: boolean;
  /** The consultant's name, once they are in the call. */
  peerName?: string | undefined;
  /** When the two sides first talked, for the call's timer. */
  inCallSince?: number | undefined;
  rate?(rating: number, comment?: string): Promise<boolean>;
  /** What the consultant showed, kept after the call (see <vitrina-call-summary>). */
  summary?(): Promise<ShopperSummary | undefined>;
  emailSummary?(email: string, language: string | undefined): Promise<EmailOutcome>;
  callId?: string | undefined;
  place?: Place | undefined;
  notice?: CallNotice | undefined;
  switchToAnyone?(): Promise<void>;
  remoteMicrophoneMuted?: boolean;
  remoteVideoPaused?: boolean;
  /** Nothing arrives from the consultant at all: the link is down (see CallSession). */
  mediaInterrupted?: boolean;
  peerPresent?: boolean;
  quality?: Quality;
  messages?: readonly ChatMessage[];
  say?(text: string): Promise<boolean>;
  sharingScreen?: boolean;
  setScreenShare?(on: boolean): Promise<void>;
  minimised?: boolean;
  speakerId?: string | undefined;
  audioOnly?: boolean;
  /** Let go of for a page change; see ShopperCall.suspend. */
  suspended?: boolean;
  suspend?(): void;
  /** Text chat only (see CallSession.chatOnly): the conversation is the main view. */
  chatOnly?: boolean;
  videoRequest?: 'mine' | 'theirs' | undefined;
  videoDeclined?: boolean;
  askVideo?(): Promise<void>;
  answerVideo?(accept: boolean): Promise<void>;
};

/** How long the shop's page has to say it added a product (see VitrinaAddToCartEvent). */
const CART_ANSWER_MS = 10_000;

const cartKey = (p: ProductCard) => p.productId ?? p.url;

/** On the shop's own site in this tab (the call follows the shopper there); anywhere else in a new one. */
function openProductPage(url: string): void {
  const target = new URL(url, location.href);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return;
  if (target.origin === location.origin) location.assign(target.href);
  else window.open(target.href, '_blank', 'noopener');
}

/** The shopper left the line before anyone answered: not a call that ended. */
const leftTheLine = (call: PanelCall) => call.status === 'ended' && !call.wasInCall && call.endedHere === true;

/** A phone or tablet: a touch screen is the pointer. */
const onTouchDevice = () => matchMedia('(pointer: coarse)').matches;

/** Phones cannot share a screen from the browser (iPhone Safari has no getDisplayMedia); where the API is missing, the button is not offered. */
const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === 'function' && !onTouchDevice();

/**
 * The shopper's call panel, loaded on the first click: first the lobby (open or closed, first
 * available or a chosen consultant, or a call-back form), then waiting with the place in
 * line, the consultant, and the end.
 *
 * @fires vitrina-close - the shopper closed the panel
 * @fires vitrina-call-status - the call changed status
 * @fires vitrina-add-to-cart - the shopper pressed "Add to cart" on a product the consultant sent
 * @csspart panel - the panel's frame
 * @csspart video-remote - the consultant's video
 * @csspart video-screen - the screen the consultant shares
 * @csspart video-self - the shopper's own view
 * @csspart controls - the row of buttons
 * @csspart chat - the conversation under the video
 * @csspart product-card - a product the consultant sent
 * @csspart video-offer - in a chat call, the consultant's ask to switch to video
 * @cssproperty --vitrina-surface - panel background
 * @cssproperty --vitrina-text - panel text colour
 * @cssproperty --vitrina-stage - background behind the video
 * @cssproperty --vitrina-danger - hang-up button colour
 * @cssproperty --vitrina-panel-radius - corner radius of the panel
 * @cssproperty --vitrina-chat-height - how tall the conversation may grow before it scrolls
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
  /** A call this tab started on another page of the shop, to pick up here. */
  @property({ attribute: false }) resume: SavedCall | undefined;
  /** Shrunk to a small floating view so the shopper can use the page; reflected for the page's CSS. */
  @property({ type: Boolean, reflect: true }) minimised = false;
  @state() private view: 'lobby' | 'callback' = 'lobby';
  @state() private cameraOff = false;
  @state() private audioOnly = false;
  @state() private checkingDevices = false;
  @state() private devices: Devices = {};
  @state() private switchProminent = false;
  @state() private queueUnreachable = false;
  /** The call's code is on its way (see newCall). */
  @state() private starting = false;
  private callPrefetched = false;
  /** The stars the shopper gave (sent at once); a comment may follow. */
  @state() private rated: number | undefined;
  @state() private commented = false;
  @state() private chatOpen = false;
  /** Lines already seen with the chat open: the rest count as unread. */
  @state() private seenLines = 0;
  @state() private cartNotice = '';

  private readonly controller = new CallController<PanelCall>(this);
  /** The camera we turned off when the tab went to the background, to turn back on when it returns. */
  private cameraPausedInBackground = false;

  constructor() {
    super();
    // Each registers itself with this element, and listens only while the panel is on the page.
    new PageLifecycleController(this, {
      leaving: () => this.call?.suspend?.(),
      restored: () => this.restoreAfterCache(),
      backgrounded: (hidden) => this.pauseCameraInBackground(hidden),
    });
    new VisualViewportController(this);
  }
  private offStatus: (() => void) | undefined;
  private leaving: number | undefined;
  private switchTimer: number | undefined;
  private ticking: number | undefined;
  /** Each product card's cart state, by product, as the shop's page answered. */
  @state() private cart = new Map<string, CartState>();
  /** On a phone: the consultant's picture fills the tall stage (cropped) instead of showing whole. */
  @state() private fillStage = false;
  /** Whom the last call asked for, and how, so that "Try again" asks the same. */
  private lastAgentId: string | undefined;
  private lastKind: CallKind = 'video';

  override connectedCallback(): void {
    super.connectedCallback();
    // A host page that moves the element fires disconnect and connect back to back: keep the call.
    clearTimeout(this.leaving);
    if (this.resume && !this.call) {
      this.resumeCall(this.resume);
      return;
    }
    // Always ask afresh; the button's answer (shown meanwhile) may be minutes old.
    if (!this.call) this.refreshQueue();
  }

  private resumeCall(saved: SavedCall): void {
    if (this.starting) return;
    this.minimised = saved.minimised;
    void this.newCall().then((call) => call?.resume(saved));
  }

  /** Back from the back-forward cache: the call this page let go of on the way out is picked up again, as on a new page. */
  private restoreAfterCache(): void {
    if (!this.call?.suspended) return;
    const saved = readSavedCall(this.server);
    if (saved) this.resumeCall(saved);
  }

  /**
   * A phone's browser stops the camera of a tab in the background (iPhone Safari does); we turn
   * it off ourselves, so the consultant is told the camera is off rather than watching a frozen
   * picture, and back on when the shopper returns.
   */
  private pauseCameraInBackground(hidden: boolean): void {
    const call = this.call;
    if (!call || isFinal(call.status) || !onTouchDevice()) return;
    if (hidden && call.cameraOn) {
      this.cameraPausedInBackground = true;
      void call.setCamera(false);
    } else if (!hidden && this.cameraPausedInBackground) {
      this.cameraPausedInBackground = false;
      void call.setCamera(true);
    }
  }

  /** The element upgrades when its code arrives; Lit keeps the properties set on it meanwhile. */
  private toggleDeviceCheck(): void {
    this.checkingDevices = !this.checkingDevices;
    if (this.checkingDevices)
      import('../device-check/device-check-entry.js').catch((err: unknown) => console.warn('[vitrina] could not load the device check', err));
  }

  private refreshQueue(): void {
    this.queueUnreachable = false;
    fetchQueueStatus(this.server, languageOf(this))
      .then((status) => (this.queue = status))
      // With an earlier answer (the button's), keep showing it; with none, say the server is unreachable.
      .catch(() => (this.queueUnreachable = !this.queue));
  }

  /** Where the shopper is now: a single-page shop changes the address (and title) without telling us. */
  private livePage(): CreateCallRequest['page'] {
    const product = readPageProduct(document, langOf(this));
    return { ...this.page, url: location.href, title: document.title.slice(0, 300), ...(product ? { product } : {}) };
  }

  private startCall(agentId?: string, kind: CallKind = 'video'): void {
    if (this.starting) return;
    this.lastAgentId = agentId;
    this.lastKind = kind;
    // What the lobby says at the click, whatever it says by the time the call's code is here.
    const options = {
      media: { camera: !this.cameraOff && !this.audioOnly, microphone: true, devices: this.devices, audioOnly: this.audioOnly },
      ...(agentId ? { agentId } : {}),
      ...(kind === 'chat' ? { kind } : {}),
    };
    void this.newCall().then((call) => {
      if (!call) return;
      this.rated = undefined;
      this.commented = false;
      const language = languageOf(this);
      void call.start({ ...options, ...(language ? { language } : {}) });
      if (agentId) {
        clearTimeout(this.switchTimer);
        this.switchTimer = window.setTimeout(() => (this.switchProminent = true), this.switchAfter * 1000);
      }
    });
  }

  /**
   * A call of the shopper's own, once its code is here: livekit-client is most of the widget's
   * bytes, so it is a chunk of its own that the lobby does not wait for. It starts loading as
   * soon as the lobby offers a call (`updated`), so by the click it is usually here; the click
   * takes the same promise. Unloadable (offline, a deploy removed the chunk), the lobby says
   * the server cannot be reached and offers to try again.
   */
  private async newCall(): Promise<ShopperCall | undefined> {
    this.starting = true;
    try {
      const { ShopperCall } = await loadShopperCall();
      if (!this.isConnected) return undefined;
      const call = new ShopperCall(this.server, () => this.livePage());
      this.call = call;
      return call;
    } catch (err) {
      console.warn('[vitrina] could not load the call', err);
      this.queueUnreachable = true;
      return undefined;
    } finally {
      this.starting = false;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.switchTimer);
    this.stopTicking();
    this.leaving = window.setTimeout(() => {
      if (!this.isConnected) void this.call?.hangUp();
    }, 0);
  }

  /** Focus moves into the panel when it opens, so keyboard and screen-reader users land in it. */
  protected override firstUpdated(): void {
    if (!this.minimised) this.renderRoot.querySelector<HTMLButtonElement>('.lobby button, footer button:last-of-type')?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.controller.call !== this.call) {
      this.offStatus?.();
      this.controller.call = this.call;
      const call = this.call;
      const offStatus = call?.on('status', (status) => {
        fire(this, 'vitrina-call-status', { status, ...(call.callId ? { callId: call.callId } : {}) });
        if (isFinal(status)) void this.focusAfterTheEnd();
      });
      // The consultant's first line opens the chat, so a sent product is seen without looking for it.
      const offChat = call?.on('chat', (latest) => {
        if (latest?.from === 'agent' && !this.chatOpen && this.seenLines === 0) this.chatOpen = true;
        if (this.chatOpen && !this.minimised) this.seenLines = call.messages?.length ?? 0;
      });
      this.offStatus = () => {
        offStatus?.();
        offChat?.();
      };
    }
    // A chat call shows its conversation throughout, also once it has become a video call.
    if (this.call?.chatOnly && !this.chatOpen) this.chatOpen = true;
    if (changed.has('minimised') && this.call && 'minimised' in this.call && this.call.minimised !== this.minimised) this.call.minimised = this.minimised;
  }

  protected override updated(): void {
    // The lobby is on screen and offers a call: fetch the call's code now, without holding the lobby up.
    if (!this.callPrefetched && this.queue?.open && canVideoCall()) {
      this.callPrefetched = true;
      loadShopperCall().catch(() => (this.callPrefetched = false));
    }
    // Newest line in view, as in any messenger.
    const lines = this.renderRoot.querySelector('.lines');
    if (lines) lines.scrollTop = lines.scrollHeight;
    // A shared screen is for reading: on a desktop the panel grows to a large stage (styles: [wide]).
    this.toggleAttribute('wide', !!this.call?.remoteScreen && !isFinal(this.call.status));
    // The call's timer: a render a second while the two sides talk, none otherwise.
    const talking = this.call?.inCallSince !== undefined && !isFinal(this.call.status);
    if (talking && this.ticking === undefined) this.ticking = window.setInterval(() => this.requestUpdate(), 1000);
    if (!talking && this.ticking !== undefined) this.stopTicking();
  }

  /**
   * The button the shopper was on (Hang up, Leave the line) is gone: the keyboard goes to what
   * comes next, the rating after a call, else the way forward (try again, close).
   */
  private async focusAfterTheEnd(): Promise<void> {
    await this.updateComplete;
    if (this.minimised) return;
    const next = this.renderRoot.querySelector<HTMLButtonElement>('.stars button, footer button.primary, footer button');
    next?.focus();
  }

  private stopTicking(): void {
    clearInterval(this.ticking);
    this.ticking = undefined;
  }

  protected override render() {
    const t = stringsFor(this);
    const call = this.call;
    if (!call) {
      const form = html`<vitrina-callback-form .server=${this.server} .page=${this.page}></vitrina-callback-form>`;
      return html`<section part="panel" role="dialog" aria-label=${t.panelTitle} @keydown=${this.onKey}>
        ${this.head(t)}
        <div class="body" part="lobby">
          ${
            this.queueUnreachable
              ? html`<div class="lobby">
                  <p role="alert">${t.errors['server-unreachable']}</p>
                  <button type="button" class="primary wide" data-action="retry" @click=${this.refreshQueue}>${t.tryAgain}</button>
                </div>`
              : this.starting
                ? html`<div class="lobby"><p role="status">${this.lastKind === 'chat' ? t.requestingChat : t.requesting}</p></div>`
                : this.view === 'callback'
                  ? html`${form}<button type="button" class="link" @click=${() => (this.view = 'lobby')}>${t.back}</button>`
                  : renderLobby({
                      t,
                      status: this.queue,
                      last: readLastConsultant(this.server),
                      cameraOff: this.cameraOff,
                      audioOnly: this.audioOnly,
                      deviceCheck: this.checkingDevices
                        ? html`<vitrina-device-check
                            .camera=${!this.cameraOff && !this.audioOnly}
                            .devices=${this.devices}
                            @vitrina-devices-change=${(e: CustomEvent<Devices>) => (this.devices = e.detail)}
                          ></vitrina-device-check>`
                        : undefined,
                      locale: langOf(this),
                      canCall: canVideoCall(),
                      call: (agentId) => this.startCall(agentId),
                      chat: (agentId) => this.startCall(agentId, 'chat'),
                      callback: () => (this.view = 'callback'),
                      toggleCamera: () => (this.cameraOff = !this.cameraOff),
                      toggleAudioOnly: () => (this.audioOnly = !this.audioOnly),
                      toggleDeviceCheck: () => this.toggleDeviceCheck(),
                      callbackForm: form,
                    })
          }
        </div>
      </section>`;
    }
    if (this.minimised) return this.mini(call, t);
    const live = call.status === 'in-call' || call.status === 'reconnecting';
    // Answered by text: the conversation is the view; there is no picture to show.
    const chatView = live && call.chatOnly === true;
    const chat =
      live && (this.chatOpen || chatView) && call.say
        ? renderChat({
            t,
            lines: call.messages ?? [],
            send: (text) => call.say?.(text) ?? Promise.resolve(false),
            addToCart: (p) => this.addToCart(p),
            cartState: (p) => this.cart.get(cartKey(p)),
          })
        : nothing;
    return html`
      <section part="panel" role="dialog" aria-label=${t.panelTitle} @keydown=${this.onKey}>
        ${this.head(t, call, live)} ${chatView ? nothing : this.stage(call, t)}
        <p class="sr-only" role="status" aria-live="polite">${this.statusText(call, t)}</p>
        <p class="sr-only" role="status" aria-live="polite">${this.cartNotice}</p>
        ${this.waitingInfo(call, t)} ${chatView ? this.videoOffer(call, t) : nothing}
        ${chatView ? html`<div class="chat-main" role="region" aria-label=${t.chatCall}>${chat}</div>` : chat}
        ${
          call.status === 'ended' && call.wasInCall && call.summary && call.emailSummary
            ? html`<vitrina-call-summary
                exportparts="summary"
                .load=${() => call.summary?.() ?? Promise.resolve(undefined)}
                .email=${(address: string, language: string | undefined) => call.emailSummary?.(address, language) ?? Promise.resolve('failed' as const)}
              ></vitrina-call-summary>`
            : nothing
        }
        <footer part="controls">${this.controls(call, t)}</footer>
      </section>
    `;
  }

  /**
   * The title bar: the connection in a call, and ×. While a call runs or the shopper is in line, ×
   * only makes the call small: a tap meant for the page must never end a call. "Hang up" (or
   * "Leave the line") is the one way to end it.
   */
  private head(t: Strings, call?: PanelCall, live = false): TemplateResult {
    const running = !!call && !isFinal(call.status);
    return html`<div class="head">
      ${live && call?.peerName ? this.whoAndHowLong(call.peerName, call.inCallSince, t) : html`<span class="title">${t.panelTitle}</span>`}
      ${live && call?.quality ? qualityBars(call.quality, t) : nothing}
      ${
        running
          ? html`<button type="button" data-action="minimise" aria-label=${t.minimise} title=${t.minimise} @click=${() => this.setMinimised(true)}>×</button>`
          : html`<button type="button" data-action="close" aria-label=${t.close} title=${t.close} @click=${this.close}>×</button>`
      }
    </div>`;
  }

  /** Whom the shopper is talking to, and for how long (the timer ticks once a second, see `updated`). */
  private whoAndHowLong(name: string, since: number | undefined, t: Strings): TemplateResult {
    const seconds = since === undefined ? 0 : Math.max(0, Math.floor((Date.now() - since) / 1000));
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    return html`<span class="title talking-to" data-testid="talking-to">
      <span class="avatar" aria-hidden="true">${initialsOf(name)}</span>
      <span class="name">${name}</span>
      <span class="timer" role="timer" aria-label=${t.callLength(Math.floor(seconds / 60), seconds % 60)}>${clock}</span>
    </span>`;
  }

  /** The small floating view: the consultant (or the state), and the ways back, to mute and to hang up. */
  private mini(call: PanelCall, t: Strings): TemplateResult {
    return html`<section part="panel" class="mini" role="dialog" aria-label=${t.panelTitle}>
      ${this.stage(call, t, true)}
      <p class="sr-only" role="status" aria-live="polite">${this.statusText(call, t)}</p>
      <footer part="controls">
        <button type="button" class="primary" data-action="expand" aria-label=${t.expand} title=${t.expand} @click=${() => this.setMinimised(false)}>
          ${expandIcon}
        </button>
        ${
          isFinal(call.status)
            ? html`<button type="button" @click=${this.close}>${t.close}</button>`
            : html`${call.chatOnly ? nothing : this.toggles(call, t, false)}
                <button type="button" class="danger" data-action="hang-up" aria-label=${t.hangUp} title=${t.hangUp} @click=${() => call.hangUp()}>
                  ${hangUpIcon}
                </button>`
        }
      </footer>
    </section>`;
  }

  /** Escape gives the page back: a running call shrinks (it never hangs up), anything else closes. */
  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    const call = this.call;
    if (call && !isFinal(call.status)) this.setMinimised(true);
    else void this.close();
  }

  private setMinimised(value: boolean): void {
    this.minimised = value;
    if (!value) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('[data-action=minimise]')?.focus());
    else void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('[data-action=expand]')?.focus());
  }

  /** The shop's page owns the cart: we only tell it, and tell the shopper it happened. */
  private addToCart(product: ProductCard): void {
    const t = stringsFor(this);
    const key = cartKey(product);
    let timer: number | undefined;
    let answered = false;
    const respond = (added: boolean) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      this.cart = new Map(this.cart).set(key, added ? 'added' : 'not-added');
      this.cartNotice = added ? t.addedToCart(product.title) : t.notAddedToCart(product.title);
    };
    const taken = !fire(this, 'vitrina-add-to-cart', { product, respond, ...(this.call?.callId ? { callId: this.call.callId } : {}) }, { cancelable: true });
    if (!taken) {
      // The shop wired no cart: its product page is where this can be bought.
      answered = true;
      openProductPage(product.url);
      return;
    }
    if (answered) return;
    this.cart = new Map(this.cart).set(key, 'adding');
    // A page that took it and never answers has not added it.
    timer = window.setTimeout(() => respond(false), CART_ANSWER_MS);
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
    // Only worth saying while the chosen one cannot answer: a free chosen consultant is being rung.
    const othersFree = chosen && chosen.status !== 'available' ? (place?.othersFree ?? 0) : 0;
    return html`<div class="waiting" part="waiting" aria-live="polite">
      ${noticeText ? html`<p class="notice">${noticeText}</p>` : nothing} ${recordingNotice(this.queue)}
      ${place && call.status === 'queued' ? html`<p data-testid="position">${t.position(place.position)}</p>` : nothing}
      ${place?.etaMs !== undefined && call.status === 'queued' ? html`<p>${t.eta(Math.max(1, Math.round(place.etaMs / 60_000)))}</p>` : nothing}
      ${
        chosen
          ? html`<p>${t.waitingFor(chosen.name, chosen.status === 'busy')}</p>
              ${othersFree ? html`<p class="notice" role="status" data-testid="others-free">${t.othersFree(othersFree)}</p>` : nothing}
              <button
                type="button"
                class="switch ${this.switchProminent || othersFree || chosen.status === 'away' ? 'primary' : ''}"
                data-action="switch"
                @click=${() => call.switchToAnyone?.()}
              >
                ${othersFree ? t.switchToFree : t.switchToAnyone}
              </button>`
          : nothing
      }
    </div>`;
  }

  /**
   * In a chat call: the consultant's ask for video (accept or not now), ours waiting for their
   * answer, or their "not now" to ours.
   */
  private videoOffer(call: PanelCall, t: Strings): TemplateResult | typeof nothing {
    if (call.videoRequest === 'theirs') {
      return html`<div class="video-offer" part="video-offer" role="group" aria-labelledby="video-offer-text">
        <p id="video-offer-text" role="alert">${t.consultantAsksVideo}</p>
        <button type="button" class="primary" data-action="accept-video" @click=${() => call.answerVideo?.(true)}>${t.acceptVideo}</button>
        <button type="button" data-action="decline-video" @click=${() => call.answerVideo?.(false)}>${t.notNow}</button>
      </div>`;
    }
    if (call.videoRequest === 'mine') return html`<p class="notice" role="status" data-testid="video-asked">${t.videoAsked}</p>`;
    if (call.videoDeclined) return html`<p class="notice" role="status" data-testid="video-declined">${t.videoDeclined}</p>`;
    return nothing;
  }

  private statusText(call: PanelCall, t: Strings): string {
    switch (call.status) {
      case 'idle':
      case 'requesting':
        return call.chatOnly ? t.requestingChat : t.requesting;
      case 'connecting':
        return t.connecting;
      // The heading names the consultant waited for, when the shopper chose one.
      case 'queued':
        return call.place?.waitingFor ? t.queuedFor(call.place.waitingFor.name) : t.queued;
      case 'ringing':
        return call.place?.waitingFor ? t.ringingFor(call.place.waitingFor.name) : t.ringing;
      case 'in-call':
        return t.inCall;
      case 'reconnecting':
        return t.reconnecting;
      case 'ended':
        return leftTheLine(call) ? t.leftLine : t.ended;
      case 'failed':
        return `${t.failed} ${t.errors[call.error?.reason ?? 'unknown']}`;
    }
  }

  /** The picture, and in its middle the panel's own words while the stage has none (waiting, the end). */
  private stage(call: PanelCall, t: Strings, compact = false): TemplateResult {
    const camera = !!call.remoteVideo && !call.remoteScreen;
    return html`<vitrina-call-stage
      class="stage ${this.fillStage ? 'fill' : ''}"
      exportparts="video-remote, video-screen, video-self"
      ?compact=${compact}
      .call=${call}
      .labels=${stageLabels(t)}
      >${this.stageWords(call, t, compact)}${
        camera && !compact
          ? html`<button
              slot="badges"
              type="button"
              class="fit-toggle"
              data-action="fill"
              aria-pressed=${this.fillStage ? 'true' : 'false'}
              aria-label=${t.fillScreen}
              title=${this.fillStage ? t.showWholePicture : t.fillScreen}
              @click=${() => (this.fillStage = !this.fillStage)}
            >
              ${fullScreenIcon}
            </button>`
          : nothing
      }</vitrina-call-stage
    >`;
  }

  /** Only while the stage leaves the middle to us: words it would not show stay out of the page (and out of find-in-page). */
  private stageWords(call: PanelCall, t: Strings, compact: boolean): TemplateResult | typeof nothing {
    switch (call.status) {
      case 'connecting':
      case 'in-call':
      case 'reconnecting':
        return nothing;
      case 'ended':
        if (leftTheLine(call)) return html`<div class="said"><span>${t.leftLine}</span></div>`;
        return html`<div class="said">
          <span>${t.ended}</span>${compact ? nothing : html`<small>${t.endedThanks}</small>${call.wasInCall && call.rate ? this.rating(call, t) : nothing}`}
        </div>`;
      case 'failed':
        return html`<div class="said" role="alert"><span>${t.failed}</span><small>${t.errors[call.error?.reason ?? 'unknown']}</small></div>`;
      default:
        return html`<div class="said">
          <span>${this.statusText(call, t)}</span>
          ${call.status === 'queued' && !compact ? html`<small>${t.queuedHint}</small>` : nothing}
        </div>`;
    }
  }

  /** Five large stars after a call; one tap sends them. Then, if they like, a few words. */
  private rating(call: PanelCall, t: Strings): TemplateResult {
    const stars = this.rated;
    if (stars === undefined) {
      return html`<div class="stars" role="group" aria-label=${t.rateCall}>
        <small>${t.rateCall}</small>
        ${[1, 2, 3, 4, 5].map(
          (n) =>
            html`<button
              type="button"
              class="star"
              part="star"
              aria-label=${t.rateStars(n)}
              @click=${async () => {
                if (await call.rate?.(n)) this.rated = n;
              }}
            >
              ★
            </button>`,
        )}
      </div>`;
    }
    if (this.commented) return html`<small role="status" data-testid="rated">${t.commentThanks}</small>`;
    const send = async (e: SubmitEvent) => {
      e.preventDefault();
      const text = formText(new FormData(e.target as HTMLFormElement), 'comment').trim();
      if (text && (await call.rate?.(stars, text))) this.commented = true;
    };
    return html`<small role="status" data-testid="rated">${t.rated}</small>
      <form class="comment" part="rating-comment" @submit=${send}>
        <label for="comment">${t.commentLabel}</label>
        <textarea id="comment" name="comment" maxlength="1000" rows="2"></textarea>
        <button type="submit" class="primary">${t.send}</button>
      </form>`;
  }

  private controls(call: PanelCall, t: Strings): TemplateResult {
    switch (call.status) {
      case 'ended':
      case 'failed': {
        const reason = call.error?.reason;
        const closed = reason === 'closed' || reason === 'consultant-away' || reason === 'unsupported-browser';
        if (reason === 'permission-denied' || reason === 'no-device' || reason === 'device-busy') return this.deviceTrouble(t);
        return html`${closed ? html`<button type="button" data-action="to-lobby" @click=${() => this.backToLobby('callback')}>${t.requestCallback}</button>` : nothing}
          ${leftTheLine(call) ? html`<button type="button" data-action="call-again" @click=${() => this.backToLobby('lobby')}>${t.startOver}</button>` : nothing}
          <button type="button" class="primary" data-action="close" @click=${this.close}>${t.close}</button>`;
      }
      case 'in-call':
      case 'reconnecting':
        if (call.chatOnly) {
          return html`<button
              type="button"
              data-action="switch-to-video"
              ?disabled=${call.videoRequest === 'mine' || !call.askVideo}
              @click=${() => call.askVideo?.()}
            >
              ${cameraIcon(true)} ${t.switchToVideo}
            </button>
            <button type="button" class="danger" data-action="hang-up" @click=${() => call.hangUp()}>${t.hangUp}</button>`;
        }
        return html`
          ${this.toggles(call, t)}
          ${
            call.setScreenShare && canShareScreen()
              ? html`<button
                  type="button"
                  data-action="share-screen"
                  aria-pressed=${call.sharingScreen ? 'true' : 'false'}
                  aria-label=${t.shareScreen}
                  title=${call.sharingScreen ? t.stopSharing : t.shareScreen}
                  class="plain"
                  @click=${() => void call.setScreenShare?.(!call.sharingScreen)}
                >
                  ${screenIcon}
                </button>`
              : nothing
          }
          ${call.say ? this.chatToggle(call, t) : nothing}
          <button type="button" class="danger" data-action="hang-up" @click=${() => call.hangUp()}>${t.hangUp}</button>
        `;
      case 'idle':
      case 'requesting':
      case 'connecting':
      case 'queued':
      case 'ringing':
        return html`
          ${call.chatOnly ? nothing : this.toggles(call, t)}
          <button type="button" class="danger" data-action="cancel" @click=${() => call.hangUp()}>
            ${call.status === 'queued' || call.status === 'ringing' ? t.leaveLine : t.cancel}
          </button>
        `;
    }
  }

  /**
   * The camera or microphone was refused, missing or taken: never a dead end. Try again (once the
   * shopper has allowed it), go on with sound only when it was the camera's turn, or ask for a call back.
   */
  private deviceTrouble(t: Strings): TemplateResult {
    const triedCamera = !this.cameraOff && !this.audioOnly;
    return html`<button type="button" class="primary" data-action="retry-call" @click=${() => this.startCall(this.lastAgentId, this.lastKind)}>
        ${t.tryAgain}
      </button>
      ${
        triedCamera
          ? html`<button
              type="button"
              data-action="sound-only"
              @click=${() => {
                this.audioOnly = true;
                this.startCall(this.lastAgentId);
              }}
            >
              ${t.continueSoundOnly}
            </button>`
          : nothing
      }
      <button type="button" data-action="to-lobby" @click=${() => this.backToLobby('callback')}>${t.requestCallback}</button>
      <button type="button" data-action="close" @click=${this.close}>${t.close}</button>`;
  }

  private chatToggle(call: PanelCall, t: Strings): TemplateResult {
    const unread = this.chatOpen ? 0 : Math.max(0, (call.messages?.length ?? 0) - this.seenLines);
    const label = unread > 0 ? t.chatWithUnread(unread) : t.chat;
    return html`<button
      type="button"
      class="plain"
      data-action="chat"
      aria-expanded=${this.chatOpen ? 'true' : 'false'}
      aria-label=${label}
      title=${label}
      @click=${() => {
        this.chatOpen = !this.chatOpen;
        this.seenLines = call.messages?.length ?? 0;
        if (this.chatOpen) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.chat input')?.focus());
      }}
    >
      ${chatIcon}${unread > 0 ? html`<span class="unread" aria-hidden="true">${unread}</span>` : nothing}
    </button>`;
  }

  private toggles(call: PanelCall, t: Strings, camera = true): TemplateResult {
    // A toggle keeps its name and says its state with aria-pressed ("Microphone, pressed" = on); the
    // tooltip says what a click does.
    const toggle = (action: string, name: string, on: boolean, clickDoes: [string, string], flip: () => unknown, icon: TemplateResult) =>
      html`<button
        type="button"
        data-action=${action}
        aria-pressed=${on ? 'true' : 'false'}
        aria-label=${name}
        title=${on ? clickDoes[0] : clickDoes[1]}
        @click=${flip}
      >
        ${icon}
      </button>`;
    return html`
      ${toggle('microphone', t.microphone, call.microphoneOn, [t.micOn, t.micOff], () => call.setMicrophone(!call.microphoneOn), micIcon(call.microphoneOn))}
      ${camera ? toggle('camera', t.camera, call.cameraOn, [t.cameraOn, t.cameraOff], () => call.setCamera(!call.cameraOn), cameraIcon(call.cameraOn)) : nothing}
    `;
  }

  /** After a refused call (to the call-back form) or a line left (to the lobby): fresh news first, the shop may have just closed. */
  private backToLobby(view: 'lobby' | 'callback'): void {
    this.call = undefined;
    this.queue = undefined;
    this.view = view;
    this.refreshQueue();
  }

  /** Only offered when no call runs (see `head`): closing never ends a call. */
  private close(): void {
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

const expandIcon = icon(svg`<path d="M4 4h7v2H7.4l4.3 4.3-1.4 1.4L6 7.4V11H4zm16 16h-7v-2h3.6l-4.3-4.3 1.4-1.4 4.3 4.3V13h2z" />`);
const hangUpIcon = icon(
  svg`<path d="M12 9c-3.2 0-6.2.8-8.8 2.3-.6.3-.9 1-.7 1.7l.8 2.4c.2.6.9 1 1.5.8l3-.9c.5-.2.9-.7.9-1.2v-1.8c2.2-.6 4.4-.6 6.6 0v1.8c0 .5.4 1 .9 1.2l3 .9c.6.2 1.3-.2 1.5-.8l.8-2.4c.2-.7-.1-1.4-.7-1.7C18.2 9.8 15.2 9 12 9z" />`,
);
const screenIcon = icon(svg`<path d="M3 4h18a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1h-7v2h3v2H7v-2h3v-2H3a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zm1 2v9h16V6z" />`);
const chatIcon = icon(svg`<path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />`);

/** The stage's words for the shopper: the other side is the consultant. */
function stageLabels(t: Strings): StageLabels {
  return {
    peer: t.consultant,
    peerScreen: t.consultantScreen,
    you: t.you,
    peerMuted: t.consultantMuted,
    tapToHear: t.tapToHear,
    fullScreen: t.fullScreen,
    zoomScreen: t.zoomScreen,
    messages: {
      connecting: t.connecting,
      reconnecting: t.reconnecting,
      'peer-away': t.consultantAway,
      'sound-only': t.soundOnly,
      'waiting-for-video': t.waitingForVideo,
      'video-paused': t.videoPaused,
      'peer-camera-off': t.consultantCameraOff,
    },
  };
}

/** Four bars, as on a phone; the label says it in words. */
function qualityBars(q: Quality, t: Strings): TemplateResult {
  const lit = { excellent: 4, good: 3, poor: 1, lost: 0, unknown: 0 }[q];
  return html`<span class="quality ${q}" role="img" data-testid="quality" aria-label=${t.quality[q]} title=${t.quality[q]}>
    ${[1, 2, 3, 4].map((n) => html`<i class=${n <= lit ? 'on' : ''}></i>`)}
  </span>`;
}
