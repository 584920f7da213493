import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ProductCard } from '../../server/contract/chat.js';
import type { CatalogueProduct } from '../../server/contract/catalogue.js';
import { consoleBase } from '../../widget/design/controls.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { agentStrings } from './i18n/strings.js';

/** Waits this long after the last key before it asks: one request per pause, not per letter. */
const TYPING_PAUSE_MS = 200;

/** A catalogue product as the card the shopper gets: the shop's own name, price, picture and link. */
export const cardOf = (p: CatalogueProduct): ProductCard => ({
  title: p.title,
  url: p.url,
  productId: p.sku,
  ...(p.price ? { price: p.price } : {}),
  ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
});

/**
 * The shop's catalogue at the consultant's hand during a call: type a name or SKU, press Send
 * beside the product. Results come from the feed the owner imported (Admin → Settings).
 *
 * @fires nothing; sends through `send`, which says whether the card went.
 */
export class VitrinaCatalogueSearch extends LitElement {
  static override styles = [
    consoleBase,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 8px 0 0;
        padding: 0;
        display: grid;
        gap: 6px;
        max-height: 240px;
        overflow-y: auto;
      }
      li {
        display: grid;
        grid-template-columns: 40px 1fr auto;
        gap: 8px;
        align-items: center;
      }
      img,
      .blank {
        width: 40px;
        height: 40px;
        object-fit: cover;
        border-radius: var(--vt-radius-sm);
        background: var(--vt-subtle);
      }
      .meta {
        font-size: 13px;
        color: var(--vt-muted);
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) send!: (card: ProductCard) => Promise<void>;
  @state() private results: CatalogueProduct[] | undefined;
  @state() private sent = new Set<string>();
  @state() private error = '';
  private timer: number | undefined;
  private asked = 0;

  private typed(e: Event): void {
    const q = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    if (!q) {
      this.results = undefined;
      return;
    }
    this.timer = window.setTimeout(() => void this.find(q), TYPING_PAUSE_MS);
  }

  private async find(q: string): Promise<void> {
    const ask = ++this.asked;
    try {
      const found = await this.api.call('catalogueSearch', { query: { q, limit: 8 } });
      // An older answer arriving after a newer one is dropped.
      if (ask === this.asked) this.results = found;
      this.error = '';
    } catch {
      this.error = agentStrings(this).catalogueUnavailable;
    }
  }

  private async sendOne(p: CatalogueProduct): Promise<void> {
    try {
      await this.send(cardOf(p));
      this.sent = new Set([...this.sent, p.sku]);
    } catch {
      this.error = agentStrings(this).notSent;
    }
  }

  protected override render(): TemplateResult {
    const t = agentStrings(this);
    return html`<label
        >${t.catalogueSearch} <input type="search" name="catalogue" autocomplete="off" placeholder=${t.cataloguePlaceholder} @input=${this.typed}
      /></label>
      ${
        this.results === undefined
          ? nothing
          : this.results.length === 0
            ? html`<p class="meta" role="status">${t.catalogueNothing}</p>`
            : html`<ul aria-label=${t.catalogueResults}>
                ${this.results.map(
                  (p) =>
                    html`<li data-sku=${p.sku}>
                      ${p.imageUrl ? html`<img src=${p.imageUrl} alt="" loading="lazy" referrerpolicy="no-referrer" />` : html`<span class="blank"></span>`}
                      <span
                        ><strong>${p.title}</strong><br /><span class="meta"
                          >${p.sku}${p.price ? ` · ${p.price}` : ''}${p.available ? '' : ` · ${t.catalogueOutOfStock}`}</span
                        ></span
                      >
                      <button type="button" class="primary" ?disabled=${this.sent.has(p.sku)} @click=${() => this.sendOne(p)}>
                        ${this.sent.has(p.sku) ? t.catalogueSent : t.send}
                      </button>
                    </li>`,
                )}
              </ul>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }
}
