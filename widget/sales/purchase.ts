import type { PageOrderRequest } from '../../server/contract/sales.js';
import type { PathOf } from '../../server/contract/routes.js';
import { fire } from '../events.js';
import { readVisitorId } from './visitor-id.js';

/** What a thank-you page tells Vitrina of an order. */
export interface PurchaseDetails {
  /** The shop's own order number: sent twice (a reload), it is kept once. */
  orderId: string;
  /** As the shop writes it: "129.90" (a dot for decimals, no currency sign). */
  value: string | number;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
  /** The products bought, by the shop's product id (as its product cards carry it) or by their page. */
  items?: { productId?: string; url?: string }[];
}

/**
 * Reports an order placed in this browser, for Vitrina to credit to the shopper's last call.
 * Sends nothing, and resolves false, when this browser never called (it has no Vitrina id):
 * nothing about shoppers who did not call leaves the page. Survives the page being left
 * (`keepalive`). Resolves true once the server took it (whether or not a call earns it).
 */
export async function reportPurchase(details: PurchaseDetails, server: string = new URL(import.meta.url).origin): Promise<boolean> {
  const visitor = readVisitorId();
  if (!visitor) return false;
  const path: PathOf<'reportOrder'> = '/api/orders';
  const body: PageOrderRequest = { orderId: details.orderId, value: details.value, currency: details.currency, visitor, items: details.items ?? [] };
  try {
    const res = await fetch(new URL(path, server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      keepalive: true,
    });
    if (!res.ok) console.warn(`[vitrina] the order ${details.orderId} was not taken: HTTP ${res.status} ${await res.text().catch(() => '')}`);
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Reports the order a `<vitrina-purchase>` names, once; then fires `vitrina-purchase` on it.
 * The element itself is in the loader (purchase-element.ts); this comes with the first one.
 */
export function reportFromElement(el: HTMLElement): void {
  const orderId = el.getAttribute('order-id')?.trim();
  const value = el.getAttribute('value')?.trim();
  const currency = el.getAttribute('currency')?.trim();
  if (!orderId || !value || !currency) {
    console.warn('[vitrina] <vitrina-purchase> needs order-id, value and currency');
    return;
  }
  const productIds = (el.getAttribute('product-ids') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const server = el.getAttribute('server') ?? undefined;
  void reportPurchase({ orderId, value, currency, items: productIds.map((productId) => ({ productId })) }, server).then((sent) =>
    fire(el, 'vitrina-purchase', { orderId, sent }),
  );
}
