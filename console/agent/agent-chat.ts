import { html, nothing, type TemplateResult } from 'lit';
import type { AgentMessageRequest, ChatMessage, ProductCard } from '../../server/contract/chat.js';
import type { Page } from '../../server/contract/calls.js';
import { ApiError, type ConsoleApi } from '../shared/console-api.js';
import { pageLink } from '../shared/page-link.js';
import type { AgentStrings } from './i18n/strings.js';
import { formText } from '../../widget/form-text.js';

export interface AgentChatOptions {
  t: AgentStrings;
  /** For the catalogue search. */
  api: ConsoleApi;
  lines: readonly ChatMessage[];
  /** Where the shopper is now, to offer as the product to send. */
  page: Page;
  /** Only pages on these become links. */
  shopOrigins: ReadonlySet<string>;
  send(message: AgentMessageRequest): Promise<void>;
  /** Set by the view when the server refused a line (the field it names is shown). */
  error: string;
  setError(message: string): void;
}

const time = (at: number) => new Date(at).toLocaleTimeString(document.documentElement.lang || [], { hour: '2-digit', minute: '2-digit' });

function product(p: ProductCard): TemplateResult {
  return html`<div class="product">
    ${p.imageUrl ? html`<img src=${p.imageUrl} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
    <div>
      <strong>${p.title}</strong>${p.price ? html` · ${p.price}` : nothing}<br />
      <a href=${p.url} target="_blank" rel="noopener noreferrer">${p.url}</a>
    </div>
  </div>`;
}

function line(m: ChatMessage, t: AgentStrings, shopOrigins: ReadonlySet<string>): TemplateResult {
  if (m.kind === 'page') {
    return html`<li class="event" data-kind="page">${time(m.at)} · ${t.shopperOpened} ${pageLink(m.page, shopOrigins, { offShop: t.offShop })}</li>`;
  }
  return html`<li class=${m.from === 'agent' ? 'mine' : 'theirs'} data-kind=${m.kind}>
    <small>${m.from === 'agent' ? t.fromYou : t.fromShopper} · ${time(m.at)}</small>
    ${m.kind === 'text' ? html`<p>${m.text}</p>` : product(m.product)}
  </li>`;
}

async function sendFrom(e: SubmitEvent, o: AgentChatOptions, toMessage: (form: FormData) => AgentMessageRequest): Promise<void> {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  try {
    await o.send(toMessage(new FormData(form)));
    o.setError('');
    form.reset();
  } catch (err) {
    o.setError(err instanceof ApiError ? err.message : o.t.notSent);
  }
}

const field = (form: FormData, name: string) => formText(form, name).trim();
const optional = (form: FormData, name: string) => field(form, name) || undefined;

/** The product the shopper's page describes, ready to send as it is: one click. */
function suggestedProduct(o: AgentChatOptions, card: ProductCard): TemplateResult {
  const send = async () => {
    try {
      await o.send({ kind: 'product', product: card });
      o.setError('');
    } catch (err) {
      o.setError(err instanceof ApiError ? err.message : o.t.notSent);
    }
  };
  return html`<div class="suggested" data-testid="page-product">
    <small>${o.t.pageProduct}</small>
    ${product(card)}
    <button type="button" class="primary" data-action="send-page-product" @click=${send}>${o.t.sendThisCard}</button>
  </div>`;
}

/** Any card, starting from `draft` (the page's product, or just its title and address). */
function productForm(o: AgentChatOptions, draft: ProductCard): TemplateResult {
  const { t } = o;
  return html`<form
    @submit=${(e: SubmitEvent) =>
      sendFrom(e, o, (f) => ({
        kind: 'product',
        product: {
          title: field(f, 'title'),
          url: field(f, 'url'),
          ...(optional(f, 'price') ? { price: field(f, 'price') } : {}),
          ...(optional(f, 'imageUrl') ? { imageUrl: field(f, 'imageUrl') } : {}),
          ...(optional(f, 'productId') ? { productId: field(f, 'productId') } : {}),
        },
      }))}
  >
    <label>${t.productTitle} <input name="title" required maxlength="200" .defaultValue=${draft.title} /></label>
    <label>${t.productLink} <input name="url" type="url" required .defaultValue=${draft.url} /></label>
    <label>${t.productPrice} <input name="price" maxlength="40" placeholder="€1 290" .defaultValue=${draft.price ?? ''} /></label>
    <label>${t.productPicture} <input name="imageUrl" type="url" placeholder="https://…" .defaultValue=${draft.imageUrl ?? ''} /></label>
    <label>${t.productId} <input name="productId" maxlength="128" .defaultValue=${draft.productId ?? ''} /></label>
    <button type="submit" class="primary" data-action="send-product">${t.sendCard}</button>
  </form>`;
}

/** The consultant's side of the conversation: the log (with the shopper's page moves), a line, and a product card to send. */
export function renderAgentChat(o: AgentChatOptions): TemplateResult {
  const { t } = o;
  return html`<section class="chat" aria-label=${t.chatLabel}>
    <h2>${t.chatTitle}</h2>
    <div class="lines" role="log" aria-live="polite" aria-label=${t.messages} tabindex="0">
      ${
        o.lines.length === 0
          ? html`<p class="event">${t.noMessages}</p>`
          : html`<ol>
              ${o.lines.map((m) => line(m, t, o.shopOrigins))}
            </ol>`
      }
    </div>
    <form class="say" @submit=${(e: SubmitEvent) => sendFrom(e, o, (f) => ({ kind: 'text', text: field(f, 'text') }))}>
      <input name="text" required maxlength="2000" autocomplete="off" aria-label=${t.messagePlaceholder} placeholder=${t.messagePlaceholder} />
      <button type="submit" class="primary">${t.send}</button>
    </form>
    ${o.page.product ? suggestedProduct(o, o.page.product) : nothing}
    <vitrina-catalogue-search
      data-testid="catalogue-search"
      .api=${o.api}
      .send=${(product: ProductCard) => o.send({ kind: 'product', product })}
    ></vitrina-catalogue-search>
    <details class="send-product">
      <summary>${o.page.product ? t.editBeforeSending : t.sendProduct}</summary>
      ${productForm(o, o.page.product ?? { title: o.page.title, url: o.page.url, ...(o.page.productId ? { productId: o.page.productId } : {}) })}
    </details>
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : nothing}
  </section>`;
}
