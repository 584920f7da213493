import { Router } from 'express';
import type { WidgetLookForShopper } from '../contract/shop.js';
import type { ShopHours } from '../hours/shop-hours.js';
import type { RouteMounter } from '../http/mount-route.js';
import { queueStatus } from './availability.js';
import type { QueueRouter } from './router.js';

/** The widget's one question before it offers a call: open or not, and who is there. */
export function statusRouter(o: {
  api: RouteMounter;
  router: QueueRouter;
  hours: ShopHours;
  now: () => number;
  recordingNotice: (lang: string | undefined) => Promise<string | undefined>;
  widgetLook: (lang: string | undefined) => Promise<WidgetLookForShopper>;
}): Router {
  const router = Router();
  o.api.mount(router, 'queueStatus', async ({ query: q }, _req, res) => {
    const [status, notice, look] = await Promise.all([queueStatus(o.router, o.hours, o.now(), q.lang), o.recordingNotice(q.lang), o.widgetLook(q.lang)]);
    res.set('Cache-Control', 'no-store');
    return { ...status, look, ...(notice ? { recordingNotice: notice } : {}) };
  });
  return router;
}
