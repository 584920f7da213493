import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors.js';

/**
 * A fixed-window limit per client address. In memory: enough for one server; several servers
 * share limits through the store that issue 9 brings.
 */
export function rateLimit(o: {
  windowMs: number;
  max: number;
  now?: () => number;
  what: string;
  /** What is counted; the client's address by default. */
  key?: (req: Request) => string;
}): RequestHandler {
  const now = o.now ?? Date.now;
  const hits = new Map<string, { start: number; count: number }>();
  return (req, _res, next) => {
    const t = now();
    const key = o.key?.(req) ?? req.ip ?? 'unknown';
    let entry = hits.get(key);
    if (!entry || t - entry.start >= o.windowMs) {
      if (hits.size > 10_000) for (const [k, v] of hits) if (t - v.start >= o.windowMs) hits.delete(k);
      entry = { start: t, count: 0 };
      hits.set(key, entry);
    }
    entry.count += 1;
    if (entry.count > o.max) {
      const retryAfter = Math.ceil((entry.start + o.windowMs - t) / 1000);
      throw new HttpError(429, 'rate-limited', `Too many ${o.what}; try again in ${retryAfter} s.`, undefined, {
        'Retry-After': String(retryAfter),
      });
    }
    next();
  };
}
