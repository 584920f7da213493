import type { ChatMessage, ProductCard } from '../../server/contract/chat.js';

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isHttpUrl = (v: unknown): v is string => {
  if (!isText(v, 2048)) return false;
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

function isProduct(v: unknown): v is ProductCard {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    isText(p.title, 200) &&
    isHttpUrl(p.url) &&
    (p.price === undefined || isText(p.price, 40)) &&
    (p.imageUrl === undefined || isHttpUrl(p.imageUrl)) &&
    (p.productId === undefined || isText(p.productId, 128))
  );
}

/**
 * A chat line as it comes off the data channel or our API. Only the server sends them, but a
 * page never turns unchecked bytes into links: anything malformed is dropped.
 */
export function parseChatLine(value: unknown): ChatMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (!isText(m.id, 64) || !isText(m.callId, 64) || typeof m.at !== 'number' || (m.from !== 'shopper' && m.from !== 'agent')) return undefined;
  if (m.name !== undefined && !isText(m.name, 200)) return undefined;
  const ok =
    (m.kind === 'text' && isText(m.text, 2000)) ||
    (m.kind === 'product' && isProduct(m.product)) ||
    (m.kind === 'page' && typeof m.page === 'object' && m.page !== null && isHttpUrl((m.page as Record<string, unknown>).url));
  return ok ? (m as unknown as ChatMessage) : undefined;
}

/** Lines from the live channel and from a history fetch, once each, oldest first. */
export function mergeLines(known: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map(known.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.at - b.at || a.seq - b.seq);
}

/**
 * The whole conversation from an API that gives it a page at a time (`?after=<seq>&limit=`):
 * asks for the lines after the last one it has until a page comes back short. The server caps
 * a conversation, so this ends; a failed page ends it with what was read so far.
 */
export async function readConversation(page: (after: number, limit: number) => Promise<unknown[]>, limit = 100): Promise<unknown[]> {
  const lines: unknown[] = [];
  for (let after = 0; ;) {
    const got = await page(after, limit).catch(() => []);
    lines.push(...got);
    const last = got.at(-1) as { seq?: unknown } | undefined;
    if (got.length < limit || typeof last?.seq !== 'number' || last.seq <= after) return lines;
    after = last.seq;
  }
}
