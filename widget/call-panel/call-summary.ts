import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ShopperSummary } from '../../server/contract/call-summary.js';
import { tokens } from '../design/tokens.js';
import { formText } from '../form-text.js';
import { languageOf, stringsFor } from '../i18n/strings.js';

export type EmailOutcome = 'sent' | 'bad-address' | 'too-many' | 'failed';

/**
 * After a call: the products the consultant showed and the links they gave, to open again, and
 * (when the shop sends mail) the list e-mailed to the shopper. Nothing of it is kept in the
 * browser; the shopper's address is not kept anywhere.
 *
 * @csspart summary - the whole list
 */
export class VitrinaCallSummary extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
        padding: 0 12px 8px;
        font-size: 14px;
      }
      h3 {
        margin: 8px 0 4px;
        font-size: 15px;
      }
      h4 {
        margin: 8px 0 4px;
        font-size: 13px;
        color: var(--vitrina-muted, var(--vt-muted));
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 4px;
      }
      a {
        color: var(--vitrina-accent, var(--vt-primary));
        overflow-wrap: anywhere;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: end;
        margin-top: 8px;
      }
      label {
        flex: 1 1 180px;
        display: grid;
        gap: 4px;
        font-size: 13px;
      }
      input {
        font: inherit;
        min-height: 44px;
        padding: 0 10px;
        border-radius: 8px;
        border: 1px solid var(--vitrina-border, var(--vt-control-border));
      }
      button {
        min-height: 44px;
        padding: 0 16px;
        border: 0;
        border-radius: 999px;
        font: inherit;
        font-weight: 600;
        cursor: pointer;
        background: var(--vitrina-accent, var(--vt-primary));
        color: var(--vitrina-accent-text, var(--vt-primary-text));
      }
      input:focus-visible,
      button:focus-visible {
        outline: 3px solid var(--vitrina-focus, var(--vt-focus));
        box-shadow: 0 0 0 2px var(--vt-focus-inner);
      }
      .said {
        margin: 6px 0 0;
        font-size: 13px;
      }
    `,
  ];

  /** Asks the server once, when shown. */
  @property({ attribute: false }) load!: () => Promise<ShopperSummary | undefined>;
  @property({ attribute: false }) email!: (address: string, language: string | undefined) => Promise<EmailOutcome>;
  @state() private summary: ShopperSummary | undefined;
  @state() private outcome: { kind: EmailOutcome; address: string } | undefined;
  @state() private sending = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load().then((s) => (this.summary = s));
  }

  private async send(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const address = formText(new FormData(e.target as HTMLFormElement), 'email').trim();
    this.sending = true;
    try {
      this.outcome = { kind: await this.email(address, languageOf(this)), address };
    } finally {
      this.sending = false;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const s = this.summary;
    if (!s || (s.products.length === 0 && s.links.length === 0)) return nothing;
    const t = stringsFor(this);
    const said = this.outcome;
    const message = !said
      ? ''
      : said.kind === 'sent'
        ? t.summarySent(said.address)
        : said.kind === 'bad-address'
          ? t.summaryBadAddress
          : said.kind === 'too-many'
            ? t.summaryTooMany
            : t.summaryFailed;
    return html`<div part="summary" role="region" aria-labelledby="summary-title">
      <h3 id="summary-title">${t.summaryTitle}</h3>
      ${
        s.products.length
          ? html`<h4>${t.summaryProducts}</h4>
              <ul>
                ${s.products.map((p) => html`<li><a href=${p.url} target="_blank" rel="noopener">${p.title}</a>${p.price ? html` · ${p.price}` : nothing}</li>`)}
              </ul>`
          : nothing
      }
      ${
        s.links.length
          ? html`<h4>${t.summaryLinks}</h4>
              <ul>
                ${s.links.map((l) => html`<li><a href=${l} target="_blank" rel="noopener">${l}</a></li>`)}
              </ul>`
          : nothing
      }
      ${
        s.canEmail && said?.kind !== 'sent' && said?.kind !== 'too-many'
          ? html`<form @submit=${this.send}>
              <label>${t.summaryEmail} <input type="email" name="email" required autocomplete="email" maxlength="254" /></label>
              <button type="submit" ?disabled=${this.sending}>${t.summaryEmailButton}</button>
            </form>`
          : nothing
      }
      ${message ? html`<p class="said" role="status">${message}</p>` : nothing}
    </div>`;
  }
}
