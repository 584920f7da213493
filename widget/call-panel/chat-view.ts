import { css, html, nothing, type TemplateResult } from 'lit';
import type { ChatMessage, ProductCard } from '../../server/contract/chat.js';
import type { Strings } from '../i18n/en.js';

export interface ChatViewOptions {
  t: Strings;
  lines: readonly ChatMessage[];
  send(text: string): Promise<boolean>;
  addToCart(product: ProductCard): void;
  /** What the shop's page said about this product so far. */
  cartState(product: ProductCard): CartState | undefined;
}

/** Waiting for the shop's page, in its cart, or refused by it (the shopper may try again). */
export type CartState = 'adding' | 'added' | 'not-added';

/** A product link stays in this tab when it is on the shop's own site (the call follows); elsewhere it opens a new one. */
const sameSite = (url: string) => {
  try {
    return new URL(url).origin === location.origin;
  } catch {
    return false;
  }
};

function productCard(p: ProductCard, o: ChatViewOptions): TemplateResult {
  const { t } = o;
  return html`<article class="product" part="product-card" aria-label=${p.title}>
    ${p.imageUrl ? html`<img src=${p.imageUrl} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
    <div class="product-text">
      <strong>${p.title}</strong>
      ${p.price ? html`<span class="price">${p.price}</span>` : nothing}
      <div class="product-actions">
        <a href=${p.url} target=${sameSite(p.url) ? '_self' : '_blank'} rel="noopener noreferrer">${t.openProduct}</a>
        ${cartButton(p, o)}
      </div>
    </div>
  </article>`;
}

function cartButton(p: ProductCard, o: ChatViewOptions): TemplateResult {
  const state = o.cartState(p);
  const label = state === 'adding' ? o.t.addingToCart : state === 'added' ? o.t.inCart : o.t.addToCart;
  return html`<button
    type="button"
    class="primary"
    data-action="add-to-cart"
    ?disabled=${state === 'adding' || state === 'added'}
    aria-busy=${state === 'adding' ? 'true' : 'false'}
    @click=${() => o.addToCart(p)}
  >
    ${label}
  </button>`;
}

function line(m: ChatMessage, o: ChatViewOptions): TemplateResult | typeof nothing {
  const mine = m.from === 'shopper';
  if (m.kind === 'page') return nothing;
  return html`<li class=${mine ? 'mine' : 'theirs'}>
    ${mine ? nothing : html`<span class="from">${m.name ?? o.t.consultant}</span>`}
    ${m.kind === 'text' ? html`<p class="bubble">${m.text}</p>` : productCard(m.product, o)}
  </li>`;
}

async function submit(e: SubmitEvent, o: ChatViewOptions): Promise<void> {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  const input = form.elements.namedItem('text') as HTMLInputElement;
  const text = input.value.trim();
  if (!text) return;
  input.disabled = true;
  try {
    if (await o.send(text)) input.value = '';
  } finally {
    input.disabled = false;
    input.focus();
  }
}

/** The in-call conversation: lines as a log the screen reader reads out, and a one-line composer. */
export function renderChat(o: ChatViewOptions): TemplateResult {
  const { t } = o;
  return html`<div class="chat" part="chat">
    <div class="lines" role="log" aria-live="polite" aria-label=${t.chatLog} tabindex="0">
      ${
        o.lines.length === 0
          ? html`<p class="empty">${t.chatEmpty}</p>`
          : html`<ol>
              ${o.lines.map((m) => line(m, o))}
            </ol>`
      }
    </div>
    <form @submit=${(e: SubmitEvent) => submit(e, o)}>
      <input name="text" type="text" maxlength="2000" autocomplete="off" aria-label=${t.chatPlaceholder} placeholder=${t.chatPlaceholder} />
      <button type="submit" class="primary" data-action="send">${t.send}</button>
    </form>
  </div>`;
}

export const chatStyles = css`
  .chat {
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-top: 1px solid var(--vitrina-border, var(--vt-line));
  }
  .lines {
    padding: 8px 12px;
    max-height: var(--vitrina-chat-height, 200px);
    overflow-y: auto;
    font-size: 15px;
  }
  .lines ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .lines:focus-visible {
    outline: 3px solid var(--vitrina-focus, var(--vt-focus));
    outline-offset: -3px;
  }
  .lines .empty {
    margin: 0;
    color: var(--vitrina-muted, var(--vt-muted));
    font-size: 14px;
  }
  .lines li {
    display: grid;
    gap: 2px;
    max-width: 85%;
  }
  .lines li.mine {
    align-self: flex-end;
  }
  .from {
    font-size: 12px;
    color: var(--vitrina-muted, var(--vt-muted));
  }
  .bubble {
    margin: 0;
    padding: 8px 12px;
    border-radius: 14px;
    background: var(--vitrina-control, var(--vt-subtle));
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .mine .bubble {
    background: var(--vitrina-accent, var(--vt-primary));
    color: var(--vitrina-accent-text, var(--vt-primary-text));
  }
  .product {
    display: flex;
    gap: 10px;
    padding: 8px;
    border: 1px solid var(--vitrina-border, var(--vt-line));
    border-radius: 12px;
    background: var(--vitrina-surface, var(--vt-surface));
  }
  .product img {
    width: 72px;
    height: 72px;
    flex: none;
    object-fit: cover;
    border-radius: 8px;
    background: var(--vitrina-control, var(--vt-subtle));
  }
  .product-text {
    display: grid;
    gap: 4px;
    align-content: start;
  }
  .price {
    font-weight: 600;
  }
  .product-actions {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .product-actions a {
    color: var(--vitrina-accent, var(--vt-primary));
    font-weight: 600;
  }
  .product-actions a:focus-visible {
    outline: 3px solid var(--vitrina-focus, var(--vt-focus));
  }
  .product-actions button {
    min-height: 40px;
  }
  .chat form {
    display: flex;
    gap: 8px;
    padding: 8px 12px 0;
  }
  .chat input {
    flex: 1;
    min-width: 0;
    min-height: 44px;
    padding: 0 12px;
    border: 1px solid var(--vitrina-border, var(--vt-control-border));
    border-radius: 999px;
    font: inherit;
  }
  .chat input:focus-visible {
    outline: 3px solid var(--vitrina-focus, var(--vt-focus));
    outline-offset: 1px;
  }
`;
