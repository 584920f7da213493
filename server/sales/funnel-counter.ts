import type { Logger } from '../log.js';
import type { FunnelCount, Store } from '../store/store.js';

const HOUR_MS = 3600_000;
/** Counts kept in memory before a write: a busy shop's beacons cost one transaction every few seconds, not one each. */
const FLUSH_EVERY_MS = 10_000;
/** Distinct pages and hours held at once; past it the counts are written at once. */
const MAX_KEYS = 5_000;

/**
 * The widget's funnel on each page: how often its button was shown and its panel opened, added
 * up per page and hour in memory and written in batches. Calls started, answered and ordered
 * come from the calls and orders themselves.
 */
export class FunnelCounter {
  private pending = new Map<string, FunnelCount>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: { store: Store; log: Logger; now: () => number }) {}

  count(page: string, step: { shown: number; opened: number }): void {
    this.add({ hour: Math.floor(this.o.now() / HOUR_MS) * HOUR_MS, page, ...step });
    if (this.pending.size >= MAX_KEYS) void this.flush();
  }

  private add(c: FunnelCount): void {
    const key = `${c.hour}|${c.page}`;
    const counts = this.pending.get(key) ?? { hour: c.hour, page: c.page, shown: 0, opened: 0 };
    counts.shown += c.shown;
    counts.opened += c.opened;
    this.pending.set(key, counts);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  /** Writes what is counted so far (also at shutdown). A failed write keeps the counts for the next. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.o.store.funnel.add(batch);
    } catch (err) {
      this.o.log.warn('could not write the funnel counts; trying again with the next', { err, rows: batch.length });
      for (const c of batch) this.add(c);
    }
  }
}
