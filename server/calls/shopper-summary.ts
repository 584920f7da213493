import type { ShopperSummary } from '../contract/call-summary.js';
import { HttpError } from '../http/errors.js';
import type { Store } from '../store/store.js';

/** Web addresses in a line of text, without the punctuation that ends a sentence. */
const URLS = /\bhttps?:\/\/[^\s<>"']+/g;

/**
 * The products and links the consultant gave in a call, for the shopper to keep. Only calls a
 * consultant answered have one.
 */
export async function shopperSummary(store: Store, callId: string, canEmail: boolean): Promise<ShopperSummary> {
  const call = await store.history.summary(callId);
  if (!call) throw new HttpError(404, 'call-not-found', 'There is no such call.');
  if (call.outcome !== 'answered') throw new HttpError(409, 'call-not-answered', 'Only a call a consultant answered has a summary.');
  const lines = (await store.chat.list(callId, { withoutPages: true, limit: 1000 })).filter((m) => m.from === 'agent');
  const products = lines.flatMap((m) => (m.kind === 'product' ? [m.product] : []));
  const links = [...new Set(lines.flatMap((m) => (m.kind === 'text' ? [...m.text.matchAll(URLS)].map((u) => u[0].replace(/[.,;:!?)\]]+$/, '')) : [])))].slice(
    0,
    20,
  );
  return { consultant: call.agentName, page: { url: call.page.url, title: call.page.title }, products, links, canEmail };
}
