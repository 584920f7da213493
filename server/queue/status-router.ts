import { Router } from 'express';
import { QueueStatusQuery } from '../contract/queue.js';
import type { ShopHours } from '../hours/shop-hours.js';
import { allowShopOrigins } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import { queueStatus } from './availability.js';
import type { QueueRouter } from './router.js';

/** The widget's one question before it offers a call: open or not, and who is there. */
export function statusRouter(o: {
  router: QueueRouter;
  hours: ShopHours;
  allowedOrigins: readonly string[];
  now: () => number;
  recordingNotice: (lang: string | undefined) => Promise<string | undefined>;
}): Router {
  const router = Router();
  const query = { query: QueueStatusQuery };
  router.get('/api/queue/status', allowShopOrigins(o.allowedOrigins), validate(query), async (req, res) => {
    const { query: q } = valid(req, query);
    const [status, notice] = await Promise.all([queueStatus(o.router, o.hours, o.now(), q.lang), o.recordingNotice(q.lang)]);
    res.set('Cache-Control', 'no-store').json(notice ? { ...status, recordingNotice: notice } : status);
  });
  return router;
}
