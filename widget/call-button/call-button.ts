import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { QueueStatus } from '../../server/contract/queue.js';
import type { WidgetLookForShopper } from '../../server/contract/shop.js';
import { fetchQueueStatus } from '../api/queue-status.js';
import { canVideoCall } from '../call-core/browser-support.js';
import { readSavedCall, type SavedCall } from '../call-core/saved-call.js';
import { fire } from '../events.js';
import { buttonStringsFor } from '../i18n/button-strings.js';
import { languageOf } from '../i18n/lang.js';
import { callButtonStyles } from './call-button.styles.js';
import { loadPanel, prefetchPanelWhenIdle } from './load-panel.js';
import { FunnelBeacon } from '../sales/funnel-beacon.js';

/** A slow status answer must not keep the button away: after this, it shows as "call". */
const SETTLE_WITHIN_MS = 1500;

/** The panel's parts, passed up so the shop's CSS reaches them as `vitrina-call-button::part(…)`. */
const PANEL_PARTS =
  'lobby, waiting, controls, chat, product-card, video-remote, video-screen, video-self, star, rating-comment, recording-notice, video-offer, summary';

/** Where the widget was loaded from is, by default, the Vitrina server to call. */
const scriptOrigin = new URL(import.meta.url).origin;

const cameraIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  <path d="M4 6h11a2 2 0 0 1 2 2v1.5l4-2.5v10l-4-2.5V16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z" />
</svg>`;

/**
 * The one element a shop puts on its pages. It costs the page a button: the call panel loads
 * once the page is loaded and idle (or when the shopper points at the button), the video
 * library only once the panel's lobby is on screen.
 *
 * @fires vitrina-open - the shopper opened the call panel
 * @fires vitrina-close - the shopper closed it
 * @fires vitrina-call-status - the call changed status (detail: { status, callId })
 * @csspart button - the floating call button
 * @csspart panel - the call panel, once open (its own parts are passed up too: see docs/widget.md)
 * @cssproperty --vitrina-accent - button and highlight colour
 * @cssproperty --vitrina-accent-text - text colour on the accent
 * @cssproperty --vitrina-font - font family
 * @cssproperty --vitrina-radius - corner radius of the button
 * @cssproperty --vitrina-offset-bottom - distance from the bottom of the window
 * @cssproperty --vitrina-offset-right - distance from the right of the window
 * @cssproperty --vitrina-z-index - stacking order on the page
 */
export class VitrinaCallButton extends LitElement {
  static override styles = callButtonStyles;

  /** The Vitrina server; defaults to where this script came from. */
  @property() server = scriptOrigin;
  /** The shop's id for the product on this page, shown to the consultant. */
  @property({ attribute: 'product-id' }) productId = '';
  @property({ reflect: true }) position: 'bottom-right' | 'bottom-left' = 'bottom-right';
  /** Seconds of waiting for a chosen consultant before "take the first available" is made prominent. */
  @property({ type: Number, attribute: 'switch-after' }) switchAfter = 45;
  /** Shows the button only, styled by `look`, without asking the server anything (the admin page's preview). */
  @property({ type: Boolean, reflect: true }) preview = false;
  /**
   * Seconds between two asks whether calls are open, while the page is in view and the panel
   * closed: a consultant coming online turns "Request a call back" into a call button without a
   * reload. One small request to our server each time, never the media server.
   */
  @property({ type: Number, attribute: 'refresh-every' }) refreshEvery = 60;
  /** The owner's look; set from the server's answer unless given. */
  @property({ attribute: false }) look: WidgetLookForShopper | undefined;
  /**
   * Whether the server has said if calls are open (or failed to, or took too long). Until then
   * nothing shows, so the label never changes under the shopper's eyes or shifts the page.
   */
  @state() private settled = false;
  @state() private open = false;
  /** Custom properties this element set itself, so the page's own values are never overwritten. */
  private readonly ownStyle = new Set<string>();
  private pageChosePosition = false;
  @state() private panelReady = false;
  @state() private queue: QueueStatus | undefined;
  private refreshTimer: number | undefined;
  /** A call this tab had on the previous page of the shop: it continues here. */
  private resume: SavedCall | undefined;
  private cancelPrefetch: (() => void) | undefined;
  /** Created once the button shows: this page view's step in the shop's funnel. */
  private funnel: FunnelBeacon | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Read before the first render reflects the default corner into the attribute.
    if (this.hasAttribute('position') && !this.ownStyle.has('position')) this.pageChosePosition = true;
    if (this.preview) {
      this.settled = true;
      return;
    }
    // Not opening by itself: the shopper's own call, started on the previous page, goes on.
    this.resume = readSavedCall(this.server);
    if (this.resume) {
      this.settled = true;
      void this.openPanel();
    }
    this.cancelPrefetch = prefetchPanelWhenIdle();
    const settle = () => (this.settled = true);
    setTimeout(settle, SETTLE_WITHIN_MS);
    void this.askStatus().finally(settle);
    this.refreshTimer = window.setInterval(() => {
      if (document.visibilityState === 'visible' && !this.open) void this.askStatus();
    }, this.refreshEvery * 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.refreshTimer);
    this.cancelPrefetch?.();
  }

  /** Pointing at the button or tabbing to it: the click is likely, so its code starts on its way now. */
  private readonly intent = () => void loadPanel().catch(() => {});

  /** One small request to our server (never the media server) so the button can say "call back" when closed. */
  private async askStatus(): Promise<void> {
    try {
      const status = await fetchQueueStatus(this.server, languageOf(this));
      this.queue = status;
      if (status.look && !this.look) this.look = status.look;
    } catch {
      // No status (offline, server down): the button keeps what it said, and the next ask tries again.
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('look') && this.look) this.applyLook(this.look);
    // Shown: settled and not hidden behind a call resumed from the last page.
    if (this.settled && !this.preview && !this.open && !this.funnel) {
      this.funnel = new FunnelBeacon(this.server);
      this.funnel.mark('shown');
    }
  }

  /** The owner's colours and corner, wherever the page has not chosen its own. */
  private applyLook(look: WidgetLookForShopper): void {
    const page = getComputedStyle(this);
    for (const [name, value] of [
      ['--vitrina-accent', look.accent],
      ['--vitrina-accent-text', look.accentText],
    ] as const) {
      if (this.preview || this.ownStyle.has(name) || !page.getPropertyValue(name).trim()) {
        this.style.setProperty(name, value);
        this.ownStyle.add(name);
      }
    }
    if (this.preview || !this.pageChosePosition) {
      this.position = look.position;
      this.ownStyle.add('position');
    }
  }

  protected override render() {
    if (!this.settled) return nothing;
    const t = buttonStringsFor(this);
    // The panel's code is fetched on the click: on a slow phone that takes seconds, and the button says so meanwhile.
    const opening = this.open && !this.panelReady;
    return html`
      <button
        part="button"
        type="button"
        ?hidden=${this.open && !opening}
        aria-busy=${opening ? 'true' : 'false'}
        @click=${this.clicked}
        @pointerenter=${this.intent}
        @focus=${this.intent}
        aria-haspopup="dialog"
      >
        ${opening ? html`<span class="spinner" aria-hidden="true"></span>` : cameraIcon}<span
          >${opening ? t.opening : (this.queue && !this.queue.open) || !canVideoCall() ? t.requestCallback : t.callButton}</span
        >
      </button>
      ${
        this.open && this.panelReady
          ? html`<vitrina-call-panel
              part="panel"
              exportparts=${PANEL_PARTS}
              .server=${this.server}
              .page=${this.currentPage()}
              .queue=${this.queue}
              .switchAfter=${this.switchAfter}
              .resume=${this.resume}
              @vitrina-close=${this.closePanel}
            ></vitrina-call-panel>`
          : nothing
      }
    `;
  }

  private currentPage() {
    return {
      url: location.href,
      title: document.title.slice(0, 300),
      ...(this.productId ? { productId: this.productId } : {}),
    };
  }

  /** The shopper's own click, which the funnel counts (a call resumed on this page opens the panel by itself). */
  private clicked(): void {
    this.funnel?.mark('opened');
    void this.openPanel();
  }

  private async openPanel(): Promise<void> {
    if (this.preview || this.open) return;
    this.open = true;
    fire(this, 'vitrina-open', {});
    try {
      await loadPanel();
      this.panelReady = true;
    } catch (err) {
      // Offline, or a new deploy replaced the chunk: give the button back so the shopper can retry.
      console.warn('[vitrina] could not load the call panel', err);
      this.open = false;
    }
  }

  private closePanel(): void {
    this.open = false;
    this.resume = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus());
  }
}
