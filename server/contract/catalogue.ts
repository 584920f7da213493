import { z } from 'zod';
import { FEED_FORMATS, type FeedFormat } from './feed-formats.js';

/**
 * The shop's catalogue, imported from its product feed, for consultants to find a product by
 * name or SKU and send it as a card with its real price and link.
 */

/** One product as the catalogue keeps it: already a card (price as the shop shows it). */
export interface CatalogueProduct {
  sku: string;
  title: string;
  price?: string;
  url: string;
  imageUrl?: string;
  available: boolean;
}

export { FEED_FORMATS, type FeedFormat };

export const CatalogueSettingsSchema = z.strictObject({
  /** Where the feed is fetched from; empty when the owner uploads it instead. */
  feedUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048, 'must be at most 2048 characters')]),
  format: z.enum(FEED_FORMATS, { error: `must be one of ${FEED_FORMATS.join(', ')}` }),
  /** Fetched again this often; 0 only when the owner asks. */
  everyHours: z.number({ error: 'must be a number of hours' }).int('must be whole hours').min(0, 'must be 0 or more').max(168, 'must be at most 168'),
});
export type CatalogueSettings = z.infer<typeof CatalogueSettingsSchema>;
export const DEFAULT_CATALOGUE_SETTINGS: CatalogueSettings = { feedUrl: '', format: 'auto', everyHours: 0 };

/** What the server keeps of its imports: when, from where, what was left out, what went wrong last. */
export const ImportRecordSchema = z.object({
  importedAt: z.number().nullable(),
  source: z.string().nullable(),
  /** Products left out of the last import for a fault of their own (the first one's line and reason). */
  skipped: z.object({ count: z.number(), first: z.string() }).nullable(),
  /** The last attempt, if it failed: the catalogue before it stays. */
  lastError: z.object({ at: z.number(), message: z.string(), line: z.number().optional() }).nullable(),
  /** When an import was last tried, good or not (the schedule counts from it). */
  lastAttemptAt: z.number().nullable(),
});
export type ImportRecord = z.infer<typeof ImportRecordSchema>;
export const NO_IMPORT: ImportRecord = { importedAt: null, source: null, skipped: null, lastError: null, lastAttemptAt: null };

/** What the owner sees of the catalogue: how big, from where, and what went wrong last. */
export interface CatalogueStatus extends ImportRecord {
  products: number;
}

export interface CatalogueView {
  settings: CatalogueSettings;
  status: CatalogueStatus;
}

export const CatalogueSearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(50, 'must be at most 50').default(20),
});

export const UploadQuery = z.strictObject({
  format: z.enum(FEED_FORMATS, { error: `must be one of ${FEED_FORMATS.join(', ')}` }).default('auto'),
  name: z.string().trim().max(200, 'must be at most 200 characters').default('upload'),
});
