import { z } from 'zod';
import type { Page } from './calls.js';

const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL ${what}` }).max(2048, 'must be at most 2048 characters');

/** A product the consultant puts in front of the shopper: the widget shows it as a card with "add to cart". */
export const ProductCardSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  /** As the shop writes it ("€1 290"); we never compute with it. */
  price: z.string().trim().max(40, 'must be at most 40 characters').optional(),
  url: httpUrl('to the product page'),
  imageUrl: httpUrl('to an image').optional(),
  productId: z.string().trim().min(1).max(128, 'must be at most 128 characters').optional(),
});
export type ProductCard = z.output<typeof ProductCardSchema>;

const Text = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');

export const ShopperMessageBody = z.strictObject({ text: Text });

export const AgentMessageBody = z.discriminatedUnion(
  'kind',
  [z.strictObject({ kind: z.literal('text'), text: Text }), z.strictObject({ kind: z.literal('product'), product: ProductCardSchema })],
  { error: 'must be {"kind":"text","text":…} or {"kind":"product","product":…}' },
);
export type AgentMessageRequest = z.input<typeof AgentMessageBody>;

export type ChatContent = { kind: 'text'; text: string } | { kind: 'product'; product: ProductCard } | { kind: 'page'; page: Page };

/**
 * One line of a call's conversation, as stored and as both sides receive it. `page` lines
 * are the shopper moving to another page of the shop; only the consultant is sent those.
 */
export type ChatMessage = ChatContent & {
  id: string;
  callId: string;
  at: number;
  /** Its place in the conversation (1, 2, …): a reader asks for the lines after the last one it has. */
  seq: number;
  from: 'shopper' | 'agent';
  /** The consultant's name on their lines. */
  name?: string;
};

/** Up to 1000 lines of a call's conversation, 100 at a time unless asked for fewer: `?after=<seq>&limit=<n>`. */
export const MessagesQuery = z.strictObject({
  after: z.coerce.number({ error: 'must be a line number' }).int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000).default(0),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(100),
});
