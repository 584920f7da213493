/**
 * Remembers the webhook events already handled, so a captured, validly signed event sent again
 * is refused. LiveKit signs each event with a short-lived token and gives it a unique id and a
 * creation time: anything older than the window is refused outright, and within the window an
 * id is accepted once.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs = 5 * 60_000) {}

  check(id: string, createdAtMs: number, now: number): 'new' | 'replayed' | 'stale' {
    for (const [key, expires] of this.seen) {
      if (expires > now) break; // insertion order is expiry order
      this.seen.delete(key);
    }
    if (Math.abs(now - createdAtMs) > this.windowMs) return 'stale';
    if (this.seen.has(id)) return 'replayed';
    this.seen.set(id, now + this.windowMs);
    return 'new';
  }
}
