import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CatalogueProduct, FeedFormat } from '../contract/catalogue.js';
import { jsonErrorLine } from './json-error-line.js';

/** A feed that cannot be read at all: the catalogue before it stays, and the owner is told where. */
export class FeedError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'FeedError';
  }
}

export interface ParsedFeed {
  products: CatalogueProduct[];
  /** Products left out for a fault of their own; the first one said where. */
  skipped: { count: number; first: string } | null;
}

/** The most products one catalogue holds: a larger feed is someone else's problem, not a consultant's search. */
export const MAX_PRODUCTS = 100_000;

/** A product as a feed describes it, before it is checked. */
interface RawProduct {
  sku?: unknown;
  title?: unknown;
  price?: unknown;
  currency?: unknown;
  url?: unknown;
  imageUrl?: unknown;
  available?: unknown;
  /** Where it starts in the feed, for the owner. */
  line?: number;
}

const lineAt = (text: string, index: number) => (index < 0 ? undefined : text.slice(0, index).split('\n').length);

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const inner = (value as Record<string, unknown>)['#text'] ?? (value as Record<string, unknown>)['@_href'];
    return inner === undefined ? undefined : text(inner);
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function httpUrl(value: string | undefined): string | undefined {
  if (!value || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const RUSSIAN_CURRENCIES = new Set(['RUB', 'RUR', 'BYN', 'KZT', 'UAH']);

/** "1290" RUB → "1 290 ₽"; a price without a currency stays as the shop wrote it. */
export function priceText(price: string | undefined, currency: string | undefined): string | undefined {
  if (!price) return undefined;
  const amount = Number(price.replace(',', '.'));
  const code = currency?.toUpperCase() === 'RUR' ? 'RUB' : currency?.toUpperCase();
  if (!code || !Number.isFinite(amount)) return price.slice(0, 40);
  try {
    const whole = Number.isInteger(amount);
    return new Intl.NumberFormat(RUSSIAN_CURRENCIES.has(code) ? 'ru-RU' : 'en-US', {
      style: 'currency',
      currency: code,
      ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    })
      .format(amount)
      .slice(0, 40);
  } catch {
    return `${price} ${code}`.slice(0, 40);
  }
}

/** Checks and shapes one product; the reason when it cannot be one. */
function toProduct(raw: RawProduct): CatalogueProduct | string {
  const sku = text(raw.sku);
  const title = text(raw.title);
  const url = httpUrl(text(raw.url));
  if (!sku) return 'no id or SKU';
  if (sku.length > 128) return `the id "${sku.slice(0, 20)}…" is longer than 128 characters`;
  if (!title) return `${sku}: no name`;
  if (!url) return `${sku}: no http(s) link to the product page`;
  const price = priceText(text(raw.price), text(raw.currency));
  const imageUrl = httpUrl(text(raw.imageUrl));
  const available = text(raw.available);
  return {
    sku,
    title: title.slice(0, 200),
    url,
    ...(price ? { price } : {}),
    ...(imageUrl ? { imageUrl } : {}),
    available: available === undefined || !/^(false|0|no|out[ _]of[ _]stock|preorder)$/i.test(available),
  };
}

/** Keeps the good products, counts the rest; a feed with no good product at all is no catalogue. */
function collect(raws: RawProduct[]): ParsedFeed {
  if (raws.length > MAX_PRODUCTS) throw new FeedError(`more than ${MAX_PRODUCTS} products`);
  const products: CatalogueProduct[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  let firstReason = '';
  for (const raw of raws) {
    const product = toProduct(raw);
    const reason = typeof product === 'string' ? product : seen.has(product.sku) ? `${product.sku}: the same id again` : undefined;
    if (reason || typeof product === 'string') {
      if (skipped++ === 0) firstReason = raw.line === undefined ? (reason ?? '') : `line ${raw.line}: ${reason}`;
      continue;
    }
    seen.add(product.sku);
    products.push(product);
  }
  if (products.length === 0) throw new FeedError(skipped ? `no product could be read (${firstReason})` : 'the feed has no products', undefined);
  return { products, skipped: skipped ? { count: skipped, first: firstReason } : null };
}

function parseXml(feed: string): Record<string, unknown> {
  const valid = XMLValidator.validate(feed);
  if (valid !== true) throw new FeedError(valid.err.msg, valid.err.line);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, processEntities: true }).parse(
    feed,
  ) as Record<string, unknown>;
}

/** Where an element with this id starts, for the owner to find it. */
const lineOfId = (feed: string, id: string | undefined, tag: string) =>
  id === undefined ? undefined : lineAt(feed, feed.search(new RegExp(`<${tag}[^>]*\\bid=["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`)));

/** Yandex YML: `<yml_catalog><shop><offers><offer id available>…` (a name, or type prefix, vendor and model). */
function fromYml(feed: string, doc: Record<string, unknown>): ParsedFeed {
  const shop = (doc.yml_catalog as Record<string, unknown> | undefined)?.shop as Record<string, unknown> | undefined;
  const offers = list((shop?.offers as Record<string, unknown> | undefined)?.offer) as Record<string, unknown>[];
  return collect(
    offers.map((o) => {
      const id = text(o['@_id']);
      const name = text(o.name) ?? [o.typePrefix, o.vendor, o.model].map(text).filter(Boolean).join(' ');
      return {
        sku: id,
        title: name,
        price: o.price,
        currency: o.currencyId,
        url: o.url,
        imageUrl: first(o.picture),
        available: o['@_available'],
        line: lineOfId(feed, id, 'offer'),
      };
    }),
  );
}

/** Google Merchant Center: RSS 2.0 `<item>`s or Atom `<entry>`s with `g:` fields ("15.00 USD" prices). */
function fromGoogle(feed: string, doc: Record<string, unknown>): ParsedFeed {
  const rss = (doc.rss as Record<string, unknown> | undefined)?.channel as Record<string, unknown> | undefined;
  const items = list(rss?.item ?? (doc.feed as Record<string, unknown> | undefined)?.entry) as Record<string, unknown>[];
  let searchFrom = 0;
  return collect(
    items.map((i) => {
      const [amount, currency] = (text(i.sale_price) ?? text(i.price) ?? '').split(/\s+/);
      const id = text(i.id);
      // Items have no id attribute: find each one's <g:id> in turn.
      const at = id === undefined ? -1 : feed.indexOf(id, searchFrom);
      if (at >= 0) searchFrom = at + 1;
      return {
        sku: id,
        title: i.title,
        price: amount,
        currency,
        url: first(i.link),
        imageUrl: i.image_link,
        available: i.availability,
        line: lineAt(feed, at),
      };
    }),
  );
}

/** A CSV cell grid, quotes and all (RFC 4180), with the line each row starts on. */
function csvRows(feed: string, delimiter: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < feed.length; i++) {
    const c = feed[i];
    if (quoted) {
      if (c === '"' && feed[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && feed[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new FeedError('a quoted field is never closed', rowLine);
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ cells, line: rowLine });
  return rows;
}

/** The columns a CSV or JSON product may name, each under the names shops use. */
const FIELDS: Record<Exclude<keyof RawProduct, 'line'>, string[]> = {
  sku: ['id', 'sku', 'article', 'артикул', 'offer_id', 'product_id'],
  title: ['title', 'name', 'название', 'наименование'],
  price: ['price', 'цена'],
  currency: ['currency', 'currencyid', 'валюта'],
  url: ['url', 'link', 'ссылка'],
  imageUrl: ['image', 'image_url', 'imageurl', 'image_link', 'picture', 'картинка', 'изображение'],
  available: ['available', 'availability', 'in_stock', 'наличие'],
};

function fieldOf(key: string): keyof typeof FIELDS | undefined {
  const k = key
    .trim()
    .toLowerCase()
    .replace(/^\uFEFF/, '');
  return (Object.keys(FIELDS) as (keyof typeof FIELDS)[]).find((f) => FIELDS[f].includes(k));
}

function fromCsv(feed: string): ParsedFeed {
  const head = feed.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].reduce((best, d) => (head.split(d).length > head.split(best).length ? d : best), ',');
  const [header, ...rows] = csvRows(feed, delimiter);
  if (!header) throw new FeedError('the file is empty');
  const columns = header.cells.map(fieldOf);
  for (const needed of ['sku', 'title', 'url'] as const) {
    if (!columns.includes(needed)) throw new FeedError(`no "${FIELDS[needed][0]}" column (one of: ${FIELDS[needed].join(', ')})`, header.line);
  }
  return collect(
    rows.map((row) => {
      if (row.cells.length !== header.cells.length) throw new FeedError(`${row.cells.length} fields where the header has ${header.cells.length}`, row.line);
      const raw: RawProduct = { line: row.line };
      columns.forEach((field, i) => {
        if (field) raw[field] = row.cells[i];
      });
      return raw;
    }),
  );
}

function fromJson(feed: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(feed);
  } catch {
    throw new FeedError('not JSON', jsonErrorLine(feed));
  }
  const items = Array.isArray(doc)
    ? doc
    : (['products', 'items', 'offers'].map((k) => (doc as Record<string, unknown> | null)?.[k]).find(Array.isArray) as unknown[] | undefined);
  if (!items) throw new FeedError('expected a list of products, or {"products": [...]}', 1);
  return collect(
    items.map((item) => {
      const raw: RawProduct = {};
      if (item && typeof item === 'object') {
        for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
          const field = fieldOf(key);
          if (field) raw[field] = value;
        }
      }
      return raw;
    }),
  );
}

/** What a feed is, by its first characters, when the owner said "auto". */
export function sniffFormat(feed: string): Exclude<FeedFormat, 'auto'> {
  const start = feed.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  if (start.startsWith('<')) return /<yml_catalog[\s>]/.test(start.slice(0, 2000)) ? 'yml' : 'google';
  return 'csv';
}

/** Reads a whole feed, or throws a FeedError that says what and where. */
export function parseFeed(feed: string, format: FeedFormat): ParsedFeed {
  const kind = format === 'auto' ? sniffFormat(feed) : format;
  const body = feed.replace(/^\uFEFF/, '');
  switch (kind) {
    case 'json':
      return fromJson(body);
    case 'csv':
      return fromCsv(body);
    case 'yml':
      return fromYml(body, parseXml(body));
    case 'google':
      return fromGoogle(body, parseXml(body));
  }
}
