import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors.js';

/** Counts hits per key in fixed windows: in this process, or in Redis where several servers share the limits. */
export interface HitCounter {
  /** Counts one hit; returns the window's count so far and how long until it resets. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/**
 * One server's counters, at most `maxKeys` of them: a client that makes up a new key per
 * request (a new address, a new e-mail) fills no memory. Past the bound the key least recently
 * hit is forgotten, which can only ever let an idle client start its count afresh.
 */
export class MemoryHitCounter implements HitCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  async hit(key: string, windowMs: number) {
    const t = this.now();
    let entry = this.windows.get(key);
    // Delete and set again: a Map keeps insertion order, so its first key is the least recently hit.
    this.windows.delete(key);
    if (!entry || t - entry.start >= windowMs) entry = { start: t, count: 0 };
    this.windows.set(key, entry);
    while (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
    entry.count += 1;
    return { count: entry.count, resetInMs: entry.start + windowMs - t };
  }
}

/** A fixed-window limit per client address (or another key), shared by every server that shares the counter. */
export function rateLimit(o: {
  counter: HitCounter;
  windowMs: number;
  max: number;
  /** Names the limit in its message, and keeps its counts apart from other limits'. */
  what: string;
  /** What is counted; the client's address by default. */
  key?: (req: Request) => string;
}): RequestHandler {
  return async (req, _res, next) => {
    const key = `${o.what}|${o.key?.(req) ?? req.ip ?? 'unknown'}`;
    const { count, resetInMs } = await o.counter.hit(key, o.windowMs);
    if (count > o.max) {
      const retryAfter = Math.max(1, Math.ceil(resetInMs / 1000));
      throw new HttpError(429, 'rate-limited', `Too many ${o.what}; try again in ${retryAfter} s.`, undefined, {
        'Retry-After': String(retryAfter),
      });
    }
    next();
  };
}
