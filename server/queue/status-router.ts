import { Router } from 'express';
import { QueueStatusQuery, type QueueStatus } from '../contract/queue.js';
import type { WidgetLookForShopper } from '../contract/shop.js';
import type { ShopHours } from '../hours/shop-hours.js';
import { allowShopOrigins } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import { queueStatus } from './availability.js';
import type { QueueRouter } from './router.js';

/** The widget's one question before it offers a call: open or not, and who is there. */
export function statusRouter(o: {
  router: QueueRouter;
  hours: ShopHours;
  allowedOrigins: () => Promise<ReadonlySet<string>>;
  now: () => number;
  recordingNotice: (lang: string | undefined) => Promise<string | undefined>;
  widgetLook: (lang: string | undefined) => Promise<WidgetLookForShopper>;
}): Router {
  const router = Router();
  const query = { query: QueueStatusQuery };
  router.get('/api/queue/status', allowShopOrigins(o.allowedOrigins), validate(query), async (req, res) => {
    const { query: q } = valid(req, query);
    const [status, notice, look] = await Promise.all([queueStatus(o.router, o.hours, o.now(), q.lang), o.recordingNotice(q.lang), o.widgetLook(q.lang)]);
    res.set('Cache-Control', 'no-store').json({ ...status, look, ...(notice ? { recordingNotice: notice } : {}) } satisfies QueueStatus);
  });
  return router;
}
