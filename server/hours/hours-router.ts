import express, { Router } from 'express';
import { WorkingHoursSchema } from '../contract/queue.js';
import type { Sessions } from '../accounts/sessions.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import type { AuditLog } from '../admin/audit-log.js';
import type { ShopHours } from './shop-hours.js';

/** The owner sets when calls are open: weekly hours in the shop's time zone, and holidays. */
export function hoursRouter(o: { hours: ShopHours; sessions: Sessions; audit: AuditLog; now: () => number }): Router {
  const router = Router();
  const put = { body: WorkingHoursSchema };
  const owner = [sameOriginOnly, o.sessions.require('owner')];
  router.get('/api/admin/hours', ...owner, async (_req, res) => void res.json(await o.hours.get()));
  router.put('/api/admin/hours', ...owner, express.json({ limit: '32kb' }), validate(put), async (req, res) => {
    const { body } = valid(req, put);
    await o.hours.set(body, o.now());
    await o.audit.record(req, 'hours-changed', null, body);
    res.json(body);
  });
  return router;
}
