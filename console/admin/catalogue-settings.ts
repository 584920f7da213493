import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CatalogueView } from '../../server/contract/catalogue.js';
import { FEED_FORMATS, type FeedFormat } from '../../server/contract/feed-formats.js';
import { problemText, type ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { when } from './format.js';
import { adminStrings } from './i18n/strings.js';
import { formText } from '../../widget/form-text.js';

/** The shop's product feed for consultants' catalogue search: where it is, how often, import now, or upload the file. */
export class VitrinaAdminCatalogue extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private view: CatalogueView | undefined;
  @state() private note: { ok?: string; error?: string } = {};
  @state() private busy = false;
  /** When the owner last acted: a failure the status already reports since then is not said twice. */
  private actedAt = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.view = await this.api.call('catalogue');
  }

  private async act(work: () => Promise<unknown>, ok: string): Promise<void> {
    this.busy = true;
    this.actedAt = Date.now();
    try {
      await work();
      this.note = { ok };
    } catch (err) {
      this.note = { error: problemText(err, adminStrings(this).couldNotSave) };
    } finally {
      this.busy = false;
      await this.load();
    }
  }

  private save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const body = { feedUrl: formText(form, 'feedUrl').trim(), format: formText(form, 'format') as FeedFormat, everyHours: Number(form.get('everyHours')) };
    return this.act(() => this.api.call('setCatalogueSettings', { body }), adminStrings(this).savedAppliesNow);
  }

  private importNow(): Promise<void> {
    return this.act(() => this.api.call('importCatalogue'), adminStrings(this).catalogue.imported);
  }

  private upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return Promise.resolve();
    const format = this.renderRoot.querySelector<HTMLSelectElement>('select[name=format]')?.value as FeedFormat | undefined;
    return this.act(async () => {
      await this.api.upload('uploadCatalogue', file, { query: { format: format ?? 'auto', name: file.name } });
      input.value = '';
    }, adminStrings(this).catalogue.imported);
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    const c = t.catalogue;
    const v = this.view;
    if (!v) return html`<div class="card"><p class="muted">${t.loading}</p></div>`;
    const s = v.status;
    return html`<div class="card" style="display:grid;gap:12px" data-testid="catalogue-settings">
      <h3 style="margin:0">${c.title}</h3>
      <p class="muted" style="margin:0">${c.intro}</p>
      <p style="margin:0" data-testid="catalogue-status">
        ${s.importedAt === null ? c.empty : c.status(s.products, when(s.importedAt), s.source ?? '')}
        ${s.skipped ? html`<br /><span class="muted">${c.skipped(s.skipped.count, s.skipped.first)}</span>` : nothing}
      </p>
      ${s.lastError ? html`<p class="error" role="alert" data-testid="catalogue-error">${c.lastError(when(s.lastError.at), s.lastError.message)}</p>` : nothing}
      <form data-form="catalogue" @submit=${this.save} style="display:grid;gap:12px">
        <label
          >${c.feedUrl}
          <input name="feedUrl" type="url" placeholder="https://shop.example/feed.yml" .value=${v.settings.feedUrl} style="width:100%;box-sizing:border-box"
        /></label>
        <div style="display:flex;gap:12px;flex-wrap:wrap">
          <label
            >${c.format}
            <select name="format">
              ${FEED_FORMATS.map((f) => html`<option value=${f} ?selected=${v.settings.format === f}>${c.formats[f]}</option>`)}
            </select></label
          >
          <label
            >${c.everyHours} <input name="everyHours" type="number" min="0" max="168" .value=${String(v.settings.everyHours)} style="max-width:120px"
          /></label>
        </div>
        <div style="display:flex;gap:8px;flex-wrap:wrap;align-items:center">
          <button type="submit" class="primary" ?disabled=${this.busy}>${c.save}</button>
          <button type="button" ?disabled=${this.busy || !v.settings.feedUrl} @click=${this.importNow}>${c.importNow}</button>
        </div>
        <label>${c.upload} <input type="file" name="file" ?disabled=${this.busy} @change=${this.upload} style="max-width:100%" /></label>
      </form>
      <span role="status">${this.note.ok ?? ''}</span>
      ${this.note.error && !(s.lastError && s.lastError.at >= this.actedAt - 60_000) ? html`<p class="error" role="alert">${this.note.error}</p>` : nothing}
    </div>`;
  }
}
