import type { WebhookRepo } from '../store/store.js';

/**
 * Refuses a captured, validly signed webhook event sent again. LiveKit signs each event with a
 * short-lived token and gives it a unique id and a creation time: anything older than the
 * window is refused outright, and within the window an id is accepted once — by whichever
 * server gets it first, before or after a restart, as the ids are kept in the shared store.
 */
export class ReplayGuard {
  constructor(
    private readonly seen: WebhookRepo,
    private readonly windowMs = 5 * 60_000,
  ) {}

  async check(id: string, createdAtMs: number, now: number): Promise<'new' | 'replayed' | 'stale'> {
    if (!Number.isFinite(createdAtMs) || Math.abs(now - createdAtMs) > this.windowMs) return 'stale';
    // Kept a window past its creation time, when it would be stale anyway.
    return (await this.seen.firstSeen(id, createdAtMs + this.windowMs + 1, now)) ? 'new' : 'replayed';
  }
}
