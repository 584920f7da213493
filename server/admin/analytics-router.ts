import { Router } from 'express';
import { z } from 'zod';
import type { Sessions } from '../accounts/sessions.js';
import type { ShopHours } from '../hours/shop-hours.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import type { Store } from '../store/store.js';
import type { ServiceTargetSchema } from '../contract/shop.js';
import type { StoredSetting } from '../settings/shop-settings.js';
import { computeAnalytics } from './analytics.js';

const DAY_MS = 24 * 3600 * 1000;
const epochMs = z.coerce.number({ error: 'must be a time in milliseconds' }).int('must be a whole number').min(0, 'must not be negative');

export const AnalyticsQuery = z
  .strictObject({
    from: epochMs.optional(),
    to: epochMs.optional(),
    /** A call answered within this counts as answered on time; the shop's own target when absent. */
    targetS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be whole seconds').min(5, 'must be at least 5').max(3600, 'must be at most 3600').optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'must be after from', path: ['to'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.to - q.from <= 400 * DAY_MS, { message: 'must be at most 400 days after from', path: ['to'] });

/** Numbers per consultant and in total for a period, and calls per day, in the shop's time zone. */
export function analyticsRouter(o: {
  store: Store;
  hours: ShopHours;
  target: StoredSetting<typeof ServiceTargetSchema>;
  sessions: Sessions;
  now: () => number;
}): Router {
  const router = Router();
  const query = { query: AnalyticsQuery };
  router.get('/api/admin/analytics', sameOriginOnly, o.sessions.require('owner'), validate(query), async (req, res) => {
    const { query: q } = valid(req, query);
    const to = q.to ?? o.now();
    const from = q.from ?? to - 30 * DAY_MS;
    const [{ calls, rings }, agents, hours, target] = await Promise.all([o.store.history.facts(from, to), o.store.agents.listAll(), o.hours.get(), o.target.get()]);
    res.json(
      computeAnalytics({ from, to, targetMs: (q.targetS ?? target.answerWithinS) * 1000, timeZone: hours.timeZone, calls, rings, names: new Map(agents.map((a) => [a.id, a.name])) }),
    );
  });
  return router;
}
