import { html, type TemplateResult } from 'lit';

/** Whether a page a shopper reported is on one of the shop's own origins (scheme, host and port). */
export function isShopPage(url: string, shopOrigins: ReadonlySet<string>): boolean {
  try {
    return shopOrigins.has(new URL(url).origin);
  } catch {
    return false;
  }
}

/**
 * A page the shopper says they are on. The widget reports it, so a prankster can report any
 * address: only a page of the shop's own origins becomes a link staff can click; anything else
 * is shown as text, marked, never as a link.
 */
export function pageLink(
  page: { url: string; title?: string },
  shopOrigins: ReadonlySet<string>,
  o: { offShop: string; label?: string; className?: string },
): TemplateResult {
  const label = o.label ?? (page.title || page.url);
  if (isShopPage(page.url, shopOrigins)) return html`<a class=${o.className ?? ''} href=${page.url} target="_blank" rel="noopener noreferrer">${label}</a>`;
  return html`<span class="off-shop ${o.className ?? ''}" data-testid="off-shop-page" title=${page.url}>${label} <mark>${o.offShop}</mark></span>`;
}
