import { HttpError } from '../http/errors.js';

/** What an event stream counts against: its kind of holder, the holder, and how many it may hold open. */
export interface StreamClaim {
  /** Says which limit was hit, in the 429's message. */
  what: string;
  key: string;
  max: number;
}

/**
 * Open event streams per holder (a call key, a console session, a client address), on this
 * server. Each stream holds a socket and a place in every broadcast; without a cap one call key
 * opened 300 of them.
 */
export class StreamQuota {
  private readonly open = new Map<string, number>();

  /**
   * Takes a place under every claim, or none and throws 429 naming the first that is full.
   * The returned function gives the places back (once, however often it is called).
   */
  take(claims: StreamClaim[]): () => void {
    const full = claims.find((c) => (this.open.get(`${c.what}|${c.key}`) ?? 0) >= c.max);
    if (full)
      throw new HttpError(429, 'too-many-streams', `Too many open event streams for ${full.what} (at most ${full.max}); close one first.`, undefined, {
        'Retry-After': '5',
      });
    for (const c of claims) this.open.set(`${c.what}|${c.key}`, (this.open.get(`${c.what}|${c.key}`) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const c of claims) {
        const left = (this.open.get(`${c.what}|${c.key}`) ?? 1) - 1;
        if (left > 0) this.open.set(`${c.what}|${c.key}`, left);
        else this.open.delete(`${c.what}|${c.key}`);
      }
    };
  }
}

/** How many streams a holder may keep open: a shopper's call in a few tabs, a consultant's consoles, an office or a carrier's shared address. */
export const STREAM_LIMITS = { perCall: 4, perSession: 10, perAddress: 100 } as const;
