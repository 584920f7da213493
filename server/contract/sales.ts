import { z } from 'zod';
import { VISITOR_COOKIE_DAYS } from './visitor.js';

/**
 * Orders the shop reports, attributed to the call that led to them. A shopper's browser carries
 * a random first-party id (the `vitrina_vid` cookie on the shop's own origin, set at their first
 * call, never before a click); the call keeps it, and an order that names it is credited to that
 * browser's last answered call within the owner's window.
 */

/** 128 random bits, base64url: says nothing about the shopper. */
export const VisitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'is not a Vitrina visitor id');

export { VISITOR_COOKIE } from './visitor.js';

const OrderIdSchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** A shop's amount as it writes it: "129.90" or 129.9 (never an exponent, never more than 3 decimals). */
const AmountSchema = z.union([z.string(), z.number()], { error: 'must be an amount such as "129.90"' }).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^\d{1,12}(\.\d{1,3})?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'must be an amount such as "129.90" (digits, at most 3 decimals)' });
    return z.NEVER;
  }
  return text;
});

const CurrencySchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((code) => knownCurrency(code), 'must be an ISO 4217 currency code such as "EUR"');

let currencies: ReadonlySet<string> | undefined;
/** ISO 4217 codes in use (Intl formats any three letters, "XYZ" too). */
function knownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/** An order's line, to tell which of the call's product cards were bought. */
const OrderItemSchema = z.strictObject({
  /** The shop's product id or SKU, as its product cards and pages carry it. */
  productId: z.string().trim().min(1).max(128, 'must be at most 128 characters').optional(),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048, 'must be at most 2048 characters')
    .optional(),
});

const orderFields = {
  orderId: OrderIdSchema,
  value: AmountSchema,
  currency: CurrencySchema,
  visitor: VisitorIdSchema,
  items: z.array(OrderItemSchema).max(200, 'must be at most 200 items').default([]),
};

/** What the thank-you page's `<vitrina-purchase>` (or the widget's `reportPurchase`) sends. */
export const PageOrderBody = z.strictObject(orderFields);
export type PageOrderRequest = z.input<typeof PageOrderBody>;

/** What the shop's server sends, signed with one of the owner's API keys. */
export const ServerOrderBody = z.strictObject({
  ...orderFields,
  /** When the order was placed (epoch ms); when we receive it if left out. */
  orderedAt: z.number({ error: 'must be a time in epoch milliseconds' }).int('must be whole milliseconds').min(0).max(8_640_000_000_000).optional(),
});
export type ServerOrderRequest = z.input<typeof ServerOrderBody>;

export type OrderSource = 'page' | 'server';

export interface ServerOrderResponse {
  /** `recorded`: new; `confirmed`: a page had reported it, the shop's figures now stand; `duplicate`: already had it. */
  result: 'recorded' | 'confirmed' | 'duplicate' | 'not-attributed';
  /** The call it is credited to, when it is. */
  callId?: string;
}

/** An amount in the currency's smallest unit (cents), which is how it is kept and added up. */
export interface Money {
  currency: string;
  minor: number;
}

/** How many decimals a currency has (2 for EUR, 0 for JPY); undefined for a code this runtime does not know. */
export function currencyDigits(code: string): number | undefined {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
  } catch {
    return undefined;
  }
}

/** "129.9" EUR → 12990; rounds half up past the currency's own decimals (a JPY "100.5" is 101). */
export function toMinor(amount: string, currency: string): number {
  const digits = currencyDigits(currency) ?? 2;
  const [whole = '0', fraction = ''] = amount.split('.');
  const padded = (fraction + '000').slice(0, 3);
  const thousandths = Number(whole) * 1000 + Number(padded);
  return Math.round(thousandths / 10 ** (3 - digits));
}

/** The owner's rules for crediting orders. */
export const AttributionSettingsSchema = z.strictObject({
  /** An order counts for the visitor's last answered call at most this many days before it. */
  windowDays: z
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(VISITOR_COOKIE_DAYS, `must be at most ${VISITOR_COOKIE_DAYS}`),
  /** `server`: only orders the shop's server reports count; a page's report (which anyone can send) is ignored. */
  trust: z.enum(['page-and-server', 'server'], { error: 'must be "page-and-server" or "server"' }),
});
export type AttributionSettings = z.infer<typeof AttributionSettingsSchema>;
export const DEFAULT_ATTRIBUTION: AttributionSettings = { windowDays: 30, trust: 'page-and-server' };

/** A key the shop's server signs its order reports with. The secret is shown once, when it is made. */
export interface ApiKeyView {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewApiKeyResponse extends ApiKeyView {
  secret: string;
}

export const NewApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
});

export const ApiKeyIdParams = z.strictObject({
  keyId: z.string().regex(/^key_[A-Za-z0-9_-]{16,40}$/, 'is not an API key id'),
});

/**
 * One page view's funnel steps, sent by the widget in one beacon when the page is hidden or
 * left: the button was shown, the panel opened. No cookie, no id: counts only.
 */
export const FunnelBeaconBody = z
  .strictObject({
    page: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048, 'must be at most 2048 characters'),
    shown: z.union([z.literal(0), z.literal(1)], { error: 'must be 0 or 1' }).default(0),
    opened: z.union([z.literal(0), z.literal(1)], { error: 'must be 0 or 1' }).default(0),
  })
  .refine((b) => b.shown + b.opened > 0, { message: 'must count a step', path: ['shown'] });
export type FunnelBeaconRequest = z.input<typeof FunnelBeaconBody>;
