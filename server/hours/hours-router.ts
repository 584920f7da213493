import { Router } from 'express';
import type { AuditLog } from '../admin/audit-log.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { ShopHours } from './shop-hours.js';

/** The owner sets when calls are open: weekly hours in the shop's time zone, and holidays. */
export function hoursRouter(o: { api: RouteMounter; hours: ShopHours; audit: AuditLog; now: () => number }): Router {
  const router = Router();
  o.api.mount(router, 'hours', () => o.hours.get());
  o.api.mount(
    router,
    'setHours',
    async ({ body }, req) => {
      await o.hours.set(body, o.now());
      await o.audit.record(req, 'hours-changed', null, body);
      return body;
    },
    { bodyLimit: '32kb' },
  );
  return router;
}
