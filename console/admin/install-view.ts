import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { OriginsView, WidgetLook } from '../../server/contract/shop.js';
import { ApiError, type ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { adminStrings, type AdminStrings } from './i18n/strings.js';
import { formText } from '../../widget/form-text.js';

/** The lines that connect a product card's "Add to cart" to the shop's own cart (docs/widget.md, VitrinaAddToCartEvent). */
const CART_WIRING = `<script>
  document.addEventListener('vitrina-add-to-cart', async (e) => {
    e.preventDefault();
    const { product, respond } = e.detail;
    respond(await yourCart.add(product.productId ?? product.url));
  });
</script>`;

const message = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

/**
 * Putting the widget on the shop: the snippet to paste, the shop origins allowed to embed it,
 * a check for a page's address, and the widget's look with a live preview of the real button.
 */
export class VitrinaAdminInstall extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private snippet = '';
  /** The lines a shop's own Content-Security-Policy needs for the widget, if it sends one. */
  @state() private csp: string[] = [];
  @state() private origins: OriginsView | undefined;
  @state() private look: WidgetLook | undefined;
  @state() private checkResult: { origin: string; allowed: boolean } | undefined;
  @state() private notes: Record<'origins' | 'look' | 'check' | 'copy', string> = { origins: '', look: '', check: '', copy: '' };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api.call('install').then((r) => {
      this.snippet = r.snippet;
      this.csp = r.csp;
    });
    void this.api.call('origins').then((r) => (this.origins = r));
    void this.api.call('look').then((r) => (this.look = r));
    // The preview is the real widget, loaded from this server as a shop page loads it.
    // Without the widget the preview stays empty; the snippet and origins still work.
    void import(/* @vite-ignore */ `${location.origin}/widget/vitrina.js`).catch(() => undefined);
  }

  private note(key: keyof VitrinaAdminInstall['notes'], text: string): void {
    this.notes = { ...this.notes, [key]: text };
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.snippet);
      this.note('copy', adminStrings(this).install.copied);
    } catch {
      this.note('copy', adminStrings(this).install.copyByHand);
    }
  }

  private async saveOrigins(origins: string[]): Promise<void> {
    try {
      this.origins = await this.api.call('setOrigins', { body: { origins } });
      this.note('origins', adminStrings(this).savedAppliesNow);
    } catch (err) {
      this.note('origins', message(err, adminStrings(this).somethingWrong));
    }
  }

  private async addOrigin(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = formText(new FormData(form), 'origin').trim().replace(/\/$/, '');
    if (!value || !this.origins) return;
    await this.saveOrigins([...this.origins.origins, value]);
    form.reset();
  }

  private async check(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    try {
      this.checkResult = await this.api.call('checkInstall', { body: { url: formText(new FormData(e.target as HTMLFormElement), 'url').trim() } });
      this.note('check', '');
    } catch (err) {
      this.checkResult = undefined;
      this.note('check', message(err, adminStrings(this).somethingWrong));
    }
  }

  private lookFrom(form: HTMLFormElement): WidgetLook {
    const data = new FormData(form);
    return {
      accent: formText(data, 'accent'),
      accentText: formText(data, 'accentText'),
      position: data.get('position') === 'bottom-left' ? 'bottom-left' : 'bottom-right',
      greeting: { en: formText(data, 'greeting-en'), ru: formText(data, 'greeting-ru') },
    };
  }

  private async saveLook(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    try {
      this.look = await this.api.call('setLook', { body: this.lookFrom(e.target as HTMLFormElement) });
      this.note('look', adminStrings(this).install.lookSaved);
    } catch (err) {
      this.note('look', message(err, adminStrings(this).somethingWrong));
    }
  }

  private originsCard(t: AdminStrings, o: OriginsView): TemplateResult {
    return html`<section class="card" aria-label=${t.install.originsLabel} style="display:grid;gap:8px">
      <h3 style="margin-top:0">${t.install.originsTitle}</h3>
      <ul style="margin:0;padding-left:18px" data-testid="origins">
        ${o.fixed.map((x) => html`<li>${x} <span class="muted">${t.install.setOnServer}</span></li>`)}
        ${o.origins.map(
          (x) =>
            html`<li>
              ${x}
              <button type="button" @click=${() => this.saveOrigins(o.origins.filter((y) => y !== x))} aria-label=${t.install.removeOrigin(x)}>
                ${t.remove}
              </button>
            </li>`,
        )}
      </ul>
      <form @submit=${this.addOrigin} style="display:flex;gap:8px;flex-wrap:wrap;align-items:end">
        <label style="flex:1 1 240px">${t.install.addOrigin} <input name="origin" placeholder=${t.install.originPlaceholder} required /></label>
        <button type="submit">${t.add}</button>
      </form>
      <span role="status">${this.notes.origins}</span>
      <h3>${t.install.checkTitle}</h3>
      <form @submit=${this.check} style="display:flex;gap:8px;flex-wrap:wrap;align-items:end">
        <label style="flex:1 1 240px">${t.install.pageOfShop} <input name="url" type="url" placeholder=${t.install.pagePlaceholder} required /></label>
        <button type="submit">${t.install.check}</button>
      </form>
      ${
        this.checkResult
          ? this.checkResult.allowed
            ? html`<p data-testid="check-result">${t.install.allowed(this.checkResult.origin)}</p>`
            : html`<p data-testid="check-result">
                ${t.install.notAllowed(this.checkResult.origin)}
                <button type="button" @click=${() => this.saveOrigins([...o.origins, this.checkResult?.origin ?? ''])}>${t.install.allowIt}</button>
              </p>`
          : nothing
      }
      ${this.notes.check ? html`<p class="error" role="alert">${this.notes.check}</p>` : nothing}
    </section>`;
  }

  private lookCard(t: AdminStrings, look: WidgetLook): TemplateResult {
    const preview = (e: Event) => {
      const form = (e.target as HTMLElement).closest('form');
      if (form) this.look = { ...this.lookFrom(form) };
    };
    // The greetings' placeholders stay as they are: each shows an example in its own field's language.
    return html`<section class="card" aria-label=${t.install.lookLabel}>
      <h3 style="margin-top:0">${t.install.lookTitle}</h3>
      <form @submit=${this.saveLook} @input=${preview} style="display:grid;gap:10px">
        <div style="display:flex;gap:16px;flex-wrap:wrap">
          <label>${t.install.buttonColour} <input type="color" name="accent" .value=${look.accent} /></label>
          <label>${t.install.textColour} <input type="color" name="accentText" .value=${look.accentText} /></label>
          <label
            >${t.install.corner}
            <select name="position" .value=${look.position}>
              <option value="bottom-right">${t.install.bottomRight}</option>
              <option value="bottom-left">${t.install.bottomLeft}</option>
            </select>
          </label>
        </div>
        <label>${t.install.greetingEn} <input name="greeting-en" maxlength="120" .value=${look.greeting.en} placeholder="Talk to a consultant" /></label>
        <label>${t.andInRussian} <input name="greeting-ru" maxlength="120" .value=${look.greeting.ru} placeholder="Поговорите с консультантом" /></label>
        <div class="muted" style="font-size:13px">${t.install.preview}</div>
        <div
          style="padding:16px;border-radius:8px;background:#fbfaf7;border:1px dashed var(--vt-line);display:flex;justify-content:${look.position === 'bottom-left' ? 'flex-start' : 'flex-end'}"
        >
          <vitrina-call-button preview .look=${{ accent: look.accent, accentText: look.accentText, position: look.position }}></vitrina-call-button>
        </div>
        <div><button type="submit" class="primary">${t.install.saveLook}</button> <span role="status">${this.notes.look}</span></div>
      </form>
    </section>`;
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    return html`
      <h2>${t.install.title}</h2>
      <section class="card" aria-label=${t.install.snippetLabel} style="margin-bottom:16px">
        <p style="margin-top:0">${t.install.snippetHelp((text) => html`<code>${text}</code>`)}</p>
        <pre style="white-space:pre-wrap;word-break:break-all;background:var(--vt-canvas);padding:12px;border-radius:var(--vt-radius)" data-testid="snippet">
${this.snippet}</pre>
        <button type="button" @click=${this.copy}>${t.install.copy}</button> <span role="status">${this.notes.copy}</span>
        <p>${t.install.cartHelp}</p>
        <pre style="white-space:pre-wrap;background:var(--vt-canvas);padding:12px;border-radius:var(--vt-radius)" data-testid="cart-wiring">${CART_WIRING}</pre>
        ${
          this.csp.length > 0
            ? html`<p>${t.install.cspHelp}</p>
                <pre
                  style="white-space:pre-wrap;word-break:break-all;background:var(--vt-canvas);padding:12px;border-radius:var(--vt-radius)"
                  data-testid="csp"
                >
${this.csp.join('\n')}</pre>`
            : nothing
        }
      </section>
      <div style="display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));align-items:start">
        ${this.origins ? this.originsCard(t, this.origins) : nothing} ${this.look ? this.lookCard(t, this.look) : nothing}
      </div>
    `;
  }
}
