import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ApiKeyView, AttributionSettings, NewApiKeyResponse } from '../../server/contract/sales.js';
import { problemText, type ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { when } from './format.js';
import { adminStrings } from './i18n/strings.js';
import { formText } from '../../widget/form-text.js';

/**
 * How the shop's orders are credited to calls: the window after a call, whose reports count,
 * and the API keys the shop's server signs its reports with (a new key's secret shown once).
 */
export class VitrinaAdminOrders extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private settings: AttributionSettings | undefined;
  @state() private keys: ApiKeyView[] = [];
  /** The key just made, with its secret: shown until the owner leaves the page. */
  @state() private made: NewApiKeyResponse | undefined;
  @state() private note: { ok?: string; error?: string } = {};
  @state() private keyError = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api.call('attributionSettings').then((s) => (this.settings = s));
    void this.loadKeys();
  }

  private async loadKeys(): Promise<void> {
    this.keys = await this.api.call('apiKeys');
  }

  private async saveSettings(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const body = { windowDays: Number(form.get('windowDays')), trust: form.get('trust') === 'server' ? ('server' as const) : ('page-and-server' as const) };
    try {
      this.settings = await this.api.call('setAttributionSettings', { body });
      this.note = { ok: adminStrings(this).savedAppliesNow };
    } catch (err) {
      this.note = { error: problemText(err, adminStrings(this).couldNotSave) };
    }
  }

  private async makeKey(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    try {
      this.made = await this.api.call('createApiKey', { body: { name: formText(new FormData(form), 'name').trim() } });
      this.keyError = '';
      form.reset();
      await this.loadKeys();
    } catch (err) {
      this.keyError = problemText(err, adminStrings(this).couldNotSave);
    }
  }

  private async revoke(key: ApiKeyView): Promise<void> {
    const t = adminStrings(this).orders;
    if (!confirm(t.revokeConfirm(key.name))) return;
    try {
      await this.api.call('revokeApiKey', { params: { keyId: key.id } });
      if (this.made?.id === key.id) this.made = undefined;
      await this.loadKeys();
    } catch (err) {
      this.keyError = problemText(err, adminStrings(this).couldNotSave);
    }
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    const o = t.orders;
    const s = this.settings;
    return html`<div class="card" style="display:grid;gap:12px" data-testid="orders-settings">
      <h3 style="margin-top:0">${o.title}</h3>
      <p class="muted" style="margin:0">${o.intro}</p>
      ${
        s
          ? html`<form data-form="attribution" @submit=${this.saveSettings} style="display:grid;gap:12px">
              <label
                >${o.windowDays}
                <input name="windowDays" type="number" min="1" max="90" .value=${String(s.windowDays)} style="max-width:120px" />
              </label>
              <fieldset style="border:0;padding:0;margin:0;display:grid;gap:6px">
                <legend>${o.whoseReports}</legend>
                <label style="display:flex;gap:8px;align-items:center;color:inherit;font-size:15px"
                  ><input type="radio" name="trust" value="page-and-server" .checked=${s.trust === 'page-and-server'} style="min-height:0" />
                  ${o.pageAndServer}</label
                >
                <label style="display:flex;gap:8px;align-items:center;color:inherit;font-size:15px"
                  ><input type="radio" name="trust" value="server" .checked=${s.trust === 'server'} style="min-height:0" /> ${o.serverOnly}</label
                >
              </fieldset>
              <div>
                <button type="submit" class="primary">${o.save}</button> <span role="status">${this.note.ok ?? ''}</span>
                ${this.note.error ? html`<p class="error" role="alert">${this.note.error}</p>` : nothing}
              </div>
            </form>`
          : html`<p class="muted">${t.loading}</p>`
      }
      <h4 style="margin:8px 0 0">${o.keysTitle}</h4>
      ${
        this.made
          ? html`<div class="card" role="status" data-testid="new-key" style="background:var(--vt-subtle)">
              <p style="margin:0 0 6px">${o.copyNow(this.made.name)}</p>
              <p style="margin:0">${o.keyId}: <code>${this.made.id}</code></p>
              <p style="margin:0;word-break:break-all">${o.secret}: <code data-testid="new-secret">${this.made.secret}</code></p>
            </div>`
          : nothing
      }
      ${
        this.keys.length === 0
          ? html`<p class="muted" style="margin:0">${o.noKeys}</p>`
          : html`<div style="overflow-x:auto">
              <table data-testid="api-keys">
                <thead>
                  <tr>
                    <th>${o.keyName}</th>
                    <th>${o.keyId}</th>
                    <th>${o.made}</th>
                    <th>${o.lastUsed}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.keys.map(
                    (k) =>
                      html`<tr data-key-id=${k.id}>
                        <td>${k.name}</td>
                        <td><code>${k.id}</code></td>
                        <td>${when(k.createdAt)}</td>
                        <td>${k.lastUsedAt === null ? '—' : when(k.lastUsedAt)}</td>
                        <td>
                          ${
                            k.revokedAt === null
                              ? html`<button type="button" class="danger" @click=${() => this.revoke(k)}>${o.revoke}</button>`
                              : html`<span class="muted">${o.revokedOn(when(k.revokedAt))}</span>`
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <form data-form="new-key" @submit=${this.makeKey} style="display:flex;gap:8px;flex-wrap:wrap;align-items:end">
        <label style="flex:1;min-width:200px">${o.newKeyName} <input name="name" required maxlength="80" placeholder=${o.newKeyPlaceholder} /></label>
        <button type="submit">${o.makeKey}</button>
      </form>
      ${this.keyError ? html`<p class="error" role="alert">${this.keyError}</p>` : nothing}
    </div>`;
  }
}
