import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CompositeState } from '../../server/contract/admin.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { adminStrings } from './i18n/strings.js';

/**
 * "Download as one video" in one click: the click asks for the file, the progress of its making
 * shows, and once it is ready the download starts by itself (at once if it was made before);
 * a link stays for downloading it again.
 */
export class VitrinaCompositeDownload extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property() callId = '';
  /** How often the making is asked about. */
  @property({ type: Number }) pollMs = 1000;
  @state() private composite: CompositeState = { state: 'none' };
  /** Set by the owner's click: the download starts when the file is ready. */
  @state() private wanted = false;
  /** The download was started; the link offers it again. */
  @state() private started = false;
  @state() private error = '';
  private poll: number | undefined;

  get url(): string {
    return `/api/admin/calls/${this.callId}/composite.mp4`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Made before, or being made at someone's earlier ask: shown as it is (nothing starts by itself).
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.poll);
  }

  private async refresh(): Promise<void> {
    try {
      this.composite = await this.api.call('compositeState', { params: { callId: this.callId } });
      this.follow();
    } catch {
      // The button still works: its click asks again.
    }
  }

  private async start(): Promise<void> {
    this.wanted = true;
    this.error = '';
    try {
      this.composite = await this.api.call('makeComposite', { params: { callId: this.callId } });
      this.follow();
    } catch (err) {
      this.error = err instanceof Error ? err.message : adminStrings(this).call.couldNotMakeDownload;
    }
  }

  /** Polls while the file is being made; downloads it once it is ready, if the owner asked. */
  private follow(): void {
    clearTimeout(this.poll);
    const c = this.composite;
    if (c.state === 'working') {
      this.poll = window.setTimeout(() => void this.refresh(), this.pollMs);
    } else if (c.state === 'ready' && this.wanted && !this.started) {
      this.started = true;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLAnchorElement>('a[data-action=download-file]')?.click());
    }
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this).call;
    const c = this.composite;
    // The server's words for a refused ask; the making itself failing is said in the page's language.
    const failed = this.error || (c.state === 'failed' ? t.couldNotMakeDownload : '');
    if (c.state === 'working') {
      const percent = Math.round(c.progress * 100);
      return html`<span style="display:inline-flex;gap:8px;align-items:center" data-state="working">
        <span role="status">${t.preparingDownload}</span>
        <progress max="100" .value=${percent} aria-label=${t.preparingDownload}></progress>
        <span aria-hidden="true">${percent}%</span>
      </span>`;
    }
    if (c.state === 'ready' && this.started) {
      return html`<a class="button" href=${this.url} download data-action="download-file" data-state="ready"
        >${t.downloadAgain(Math.max(1, Math.round(c.bytes / 1e6)))}</a
      >`;
    }
    return html`<button type="button" data-action="download" data-state=${failed ? 'failed' : c.state} @click=${this.start}>
        ${failed ? t.tryDownloadAgain : t.downloadOne}</button
      >${failed ? html` <span class="error" role="alert">${failed}</span>` : nothing}`;
  }
}
