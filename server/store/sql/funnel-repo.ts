import type { FunnelRepo } from '../store.js';
import type { SqlDb } from './sql-db.js';

export function sqlFunnelRepo(db: SqlDb): FunnelRepo {
  return {
    async add(counts) {
      if (counts.length === 0) return;
      await db.transaction(async (tx) => {
        for (const c of counts) {
          await tx.run(
            `INSERT INTO funnel_counts (hour, page, shown, opened) VALUES (?, ?, ?, ?)
             ON CONFLICT (hour, page) DO UPDATE SET shown = funnel_counts.shown + excluded.shown, opened = funnel_counts.opened + excluded.opened`,
            [c.hour, c.page, c.shown, c.opened],
          );
        }
      });
    },
    async between(from, to) {
      const rows = await db.all<{ page: string; shown: number | string; opened: number | string }>(
        'SELECT page, SUM(shown) AS shown, SUM(opened) AS opened FROM funnel_counts WHERE hour >= ? AND hour < ? GROUP BY page',
        [from, to],
      );
      // PostgreSQL sums BIGINTs into NUMERIC, which arrives as text.
      return rows.map((r) => ({ page: r.page, shown: Number(r.shown), opened: Number(r.opened) }));
    },
  };
}
