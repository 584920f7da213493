import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { WidgetLook } from '../../server/contract/shop.js';
import { ApiError, type ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';

interface Origins {
  fixed: string[];
  origins: string[];
}

const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong.');

/**
 * Putting the widget on the shop: the snippet to paste, the shop origins allowed to embed it,
 * a check for a page's address, and the widget's look with a live preview of the real button.
 */
export class VitrinaAdminInstall extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private snippet = '';
  @state() private origins: Origins | undefined;
  @state() private look: WidgetLook | undefined;
  @state() private checkResult: { origin: string; allowed: boolean } | undefined;
  @state() private notes: Record<'origins' | 'look' | 'check' | 'copy', string> = { origins: '', look: '', check: '', copy: '' };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api.get<{ snippet: string }>('/api/admin/install').then((r) => (this.snippet = r.snippet));
    void this.api.get<Origins>('/api/admin/settings/origins').then((r) => (this.origins = r));
    void this.api.get<WidgetLook>('/api/admin/settings/look').then((r) => (this.look = r));
    // The preview is the real widget, loaded from this server as a shop page loads it.
    void import(/* @vite-ignore */ `${location.origin}/widget/vitrina.js`).catch(() => undefined);
  }

  private note(key: keyof VitrinaAdminInstall['notes'], text: string): void {
    this.notes = { ...this.notes, [key]: text };
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.snippet);
      this.note('copy', 'Copied.');
    } catch {
      this.note('copy', 'Select the text and copy it.');
    }
  }

  private async saveOrigins(origins: string[]): Promise<void> {
    try {
      this.origins = await this.api.put<Origins>('/api/admin/settings/origins', { origins });
      this.note('origins', 'Saved; it applies now.');
    } catch (err) {
      this.note('origins', message(err));
    }
  }

  private async addOrigin(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = String(new FormData(form).get('origin') ?? '').trim().replace(/\/$/, '');
    if (!value || !this.origins) return;
    await this.saveOrigins([...this.origins.origins, value]);
    form.reset();
  }

  private async check(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    try {
      this.checkResult = await this.api.post<{ origin: string; allowed: boolean }>('/api/admin/install/check', { url: String(new FormData(e.target as HTMLFormElement).get('url') ?? '').trim() });
      this.note('check', '');
    } catch (err) {
      this.checkResult = undefined;
      this.note('check', message(err));
    }
  }

  private lookFrom(form: HTMLFormElement): WidgetLook {
    const data = new FormData(form);
    return {
      accent: String(data.get('accent')),
      accentText: String(data.get('accentText')),
      position: data.get('position') === 'bottom-left' ? 'bottom-left' : 'bottom-right',
      greeting: { en: String(data.get('greeting-en') ?? ''), ru: String(data.get('greeting-ru') ?? '') },
    };
  }

  private async saveLook(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    try {
      this.look = await this.api.put<WidgetLook>('/api/admin/settings/look', this.lookFrom(e.target as HTMLFormElement));
      this.note('look', 'Saved; shop pages show it from their next load.');
    } catch (err) {
      this.note('look', message(err));
    }
  }

  private originsCard(o: Origins): TemplateResult {
    return html`<section class="card" aria-label="Shop origins" style="display:grid;gap:8px">
      <h3 style="margin-top:0">Shop pages allowed to use the widget</h3>
      <ul style="margin:0;padding-left:18px" data-testid="origins">
        ${o.fixed.map((x) => html`<li>${x} <span class="muted">(set on the server)</span></li>`)}
        ${o.origins.map(
          (x) => html`<li>${x} <button type="button" @click=${() => this.saveOrigins(o.origins.filter((y) => y !== x))} aria-label="Remove ${x}">Remove</button></li>`,
        )}
      </ul>
      <form @submit=${this.addOrigin} style="display:flex;gap:8px;flex-wrap:wrap;align-items:end">
        <label style="flex:1 1 240px">Add a shop origin <input name="origin" placeholder="https://shop.example" required /></label>
        <button type="submit">Add</button>
      </form>
      <span role="status">${this.notes.origins}</span>
      <h3>Check my page</h3>
      <form @submit=${this.check} style="display:flex;gap:8px;flex-wrap:wrap;align-items:end">
        <label style="flex:1 1 240px">A page of your shop <input name="url" type="url" placeholder="https://shop.example/products/chair" required /></label>
        <button type="submit">Check</button>
      </form>
      ${this.checkResult
        ? this.checkResult.allowed
          ? html`<p data-testid="check-result">✅ ${this.checkResult.origin} may use the widget.</p>`
          : html`<p data-testid="check-result">
              ⚠️ ${this.checkResult.origin} is not allowed yet: the button would not open calls there.
              <button type="button" @click=${() => this.saveOrigins([...o.origins, this.checkResult?.origin ?? ''])}>Allow it</button>
            </p>`
        : nothing}
      ${this.notes.check ? html`<p class="error" role="alert">${this.notes.check}</p>` : nothing}
    </section>`;
  }

  private lookCard(look: WidgetLook): TemplateResult {
    const preview = (e: Event) => {
      const form = (e.target as HTMLElement).closest('form');
      if (form) this.look = { ...this.lookFrom(form) };
    };
    return html`<section class="card" aria-label="Widget look">
      <h3 style="margin-top:0">How the button looks</h3>
      <form @submit=${this.saveLook} @input=${preview} style="display:grid;gap:10px">
        <div style="display:flex;gap:16px;flex-wrap:wrap">
          <label>Button colour <input type="color" name="accent" .value=${look.accent} /></label>
          <label>Text colour <input type="color" name="accentText" .value=${look.accentText} /></label>
          <label
            >Corner
            <select name="position" .value=${look.position}>
              <option value="bottom-right">Bottom right</option>
              <option value="bottom-left">Bottom left</option>
            </select>
          </label>
        </div>
        <label>Greeting at the top of the panel (English) <input name="greeting-en" maxlength="120" .value=${look.greeting.en} placeholder="Talk to a consultant" /></label>
        <label>… and in Russian <input name="greeting-ru" maxlength="120" .value=${look.greeting.ru} placeholder="Поговорите с консультантом" /></label>
        <div class="muted" style="font-size:13px">Preview</div>
        <div style="padding:16px;border-radius:8px;background:#fbfaf7;border:1px dashed var(--vitrina-admin-border,#d0d7de);display:flex;justify-content:${look.position === 'bottom-left' ? 'flex-start' : 'flex-end'}">
          <vitrina-call-button preview .look=${{ accent: look.accent, accentText: look.accentText, position: look.position }}></vitrina-call-button>
        </div>
        <div><button type="submit" class="primary">Save look</button> <span role="status">${this.notes.look}</span></div>
      </form>
    </section>`;
  }

  protected override render(): TemplateResult {
    return html`
      <h2>Install the widget</h2>
      <section class="card" aria-label="Snippet" style="margin-bottom:16px">
        <p style="margin-top:0">Paste this into your shop's page template, just before <code>&lt;/body&gt;</code>. Add <code>product-id="…"</code> on product pages so consultants see which product the shopper is on.</p>
        <pre style="white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:12px;border-radius:8px" data-testid="snippet">${this.snippet}</pre>
        <button type="button" @click=${this.copy}>Copy</button> <span role="status">${this.notes.copy}</span>
      </section>
      <div style="display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));align-items:start">
        ${this.origins ? this.originsCard(this.origins) : nothing} ${this.look ? this.lookCard(this.look) : nothing}
      </div>
    `;
  }
}
