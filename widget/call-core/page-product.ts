import type { ProductCard } from '../../server/contract/chat.js';

/**
 * The product a shop's page describes in its schema.org `Product` data (JSON-LD, which most shop
 * platforms print for search engines), as a card the consultant can send in one click.
 *
 * The page is the shop's, not ours: anything malformed, too long or not http(s) is dropped here
 * rather than sent, because the server refuses a call whose page does not fit its schema.
 */
export function readPageProduct(doc: Document, language: string): ProductCard | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const node = findProduct(data, 0);
    const card = node && toCard(node, doc.baseURI, language);
    if (card) return card;
  }
  return undefined;
}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const typesOf = (n: Node): unknown[] => (Array.isArray(n['@type']) ? n['@type'] : [n['@type']]);
const isProduct = (n: Node) => typesOf(n).some((t) => t === 'Product' || t === 'ProductGroup' || t === 'https://schema.org/Product');

/** A `Product` at the top, in an array, in `@graph`, or as the `mainEntity` of a `WebPage`; not deeper. */
function findProduct(data: unknown, depth: number): Node | undefined {
  if (depth > 3) return undefined;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = findProduct(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isNode(data)) return undefined;
  if (isProduct(data)) return data;
  return findProduct(data['@graph'], depth + 1) ?? findProduct(data.mainEntity, depth + 1);
}

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

function text(v: unknown, max: number): string | undefined {
  const value = first(v);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = String(value).replace(/\s+/g, ' ').trim();
  return s && s.length <= max ? s : undefined;
}

function httpUrl(v: unknown, base: string): string | undefined {
  const value = first(v);
  const raw = isNode(value) ? (value.url ?? value.contentUrl) : value;
  if (typeof raw !== 'string') return undefined;
  try {
    const url = new URL(raw, base);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= 2048 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** "€640.00" from 640 and EUR in the shopper's language; the shop's own string when it gave no currency. */
function priceOf(offers: unknown, language: string): string | undefined {
  const offer = first(offers);
  if (!isNode(offer)) return undefined;
  const spec = first(offer.priceSpecification);
  const amount = offer.price ?? offer.lowPrice ?? (isNode(spec) ? spec.price : undefined);
  const currency = offer.priceCurrency ?? (isNode(spec) ? spec.priceCurrency : undefined);
  const number = typeof amount === 'number' ? amount : typeof amount === 'string' && /^\d+(\.\d+)?$/.test(amount.trim()) ? Number(amount) : NaN;
  if (Number.isFinite(number) && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)) {
    try {
      const whole = Number.isInteger(number);
      return new Intl.NumberFormat(language, { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(number);
    } catch {
      // An unknown currency code: fall through to the shop's own figure.
    }
  }
  return text(amount, 40);
}

function toCard(n: Node, base: string, language: string): ProductCard | undefined {
  const title = text(n.name, 200);
  const url = httpUrl(n.url, base) ?? httpUrl(base, base);
  if (!title || !url) return undefined;
  const price = priceOf(n.offers, language);
  const imageUrl = httpUrl(n.image, base);
  const productId = text(n.sku ?? n.productID ?? n.mpn, 128);
  return { title, url, ...(price ? { price } : {}), ...(imageUrl ? { imageUrl } : {}), ...(productId ? { productId } : {}) };
}
