import { z } from 'zod';
import type { ProductCard } from './chat.js';
import { LanguageSchema } from './calls.js';

/**
 * What the shopper keeps of a call they had: the products the consultant showed and the links
 * they wrote, to look at again or have e-mailed. Only the consultant's lines: the shop's own
 * words, never a shopper's, go out in the shop's name.
 */
export interface ShopperSummary {
  consultant: string | null;
  page: { url: string; title: string };
  products: ProductCard[];
  links: string[];
  /** Whether the shop's server can e-mail it (an SMTP server is set). */
  canEmail: boolean;
}

export const SummaryEmailBody = z.strictObject({
  email: z.email('must be an e-mail address').max(254, 'must be at most 254 characters'),
  language: LanguageSchema.optional(),
});
export type SummaryEmailRequest = z.input<typeof SummaryEmailBody>;
