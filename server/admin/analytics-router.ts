import { Router } from 'express';
import type { ShopHours } from '../hours/shop-hours.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { Store } from '../store/store.js';
import type { ServiceTargetSchema } from '../contract/shop.js';
import type { StoredSetting } from '../settings/shop-settings.js';
import { computeAnalytics, periodOf } from './analytics.js';

/** Numbers per consultant and in total for a period, and calls per day, in the shop's time zone. */
export function analyticsRouter(o: {
  api: RouteMounter;
  store: Store;
  hours: ShopHours;
  target: StoredSetting<typeof ServiceTargetSchema>;
  now: () => number;
}): Router {
  const router = Router();
  o.api.mount(router, 'analytics', async ({ query: q }) => {
    const { from, to } = periodOf(q, o.now());
    const [{ calls, rings }, orders, funnel, agents, hours, target] = await Promise.all([
      o.store.history.facts(from, to),
      o.store.sales.ordersOfCalls(from, to),
      o.store.funnel.between(from, to),
      o.store.agents.listAll(),
      o.hours.get(),
      o.target.get(),
    ]);
    const names = new Map(agents.map((a) => [a.id, a.name]));
    return computeAnalytics({ from, to, targetMs: (q.targetS ?? target.answerWithinS) * 1000, timeZone: hours.timeZone, calls, rings, names, orders, funnel });
  });
  return router;
}
