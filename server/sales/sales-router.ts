import express, { Router } from 'express';
import { ServerOrderBody, type AttributionSettingsSchema } from '../contract/sales.js';
import type { AuditLog } from '../admin/audit-log.js';
import type { RouteMounter } from '../http/mount-route.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import { parseRawJson } from '../http/validate.js';
import { SIGNATURE_HEADER } from '../http/vitrina-signature.js';
import { currentAgent } from '../accounts/sessions.js';
import type { StoredSetting } from '../settings/stored-setting.js';
import type { ApiKeys } from './api-keys.js';
import type { FunnelCounter } from './funnel-counter.js';
import { HttpError } from '../http/errors.js';
import type { OrderAttribution } from './order-attribution.js';
import { pageAddress } from './page-address.js';

/**
 * Orders in (from the shop's thank-you page and from its server) and the owner's side of them:
 * the attribution window, whose reports count, and the API keys the shop's server signs with.
 */
export function salesRouter(o: {
  api: RouteMounter;
  limits: HitCounter;
  orders: OrderAttribution;
  funnel: FunnelCounter;
  keys: ApiKeys;
  settings: StoredSetting<typeof AttributionSettingsSchema>;
  audit: AuditLog;
  now: () => number;
}): Router {
  const router = Router();
  const { api } = o;
  // A shopper places a few orders a day; a page reporting hundreds a minute is someone else.
  const pageFlood = rateLimit({ counter: o.limits, windowMs: 60_000, max: 20, what: 'orders from this address' });
  api.mount(
    router,
    'reportOrder',
    async ({ body }) => {
      await o.orders.report(body, 'page');
    },
    { before: [pageFlood] },
  );

  // One beacon per page view; a page that sends dozens a minute is not a shopper's.
  const beaconFlood = rateLimit({ counter: o.limits, windowMs: 60_000, max: 60, what: 'funnel beacons from this address' });
  api.mount(
    router,
    'funnelBeacon',
    ({ body }, req) => {
      const page = new URL(body.page);
      // The shop's pages count for themselves only (the Origin is one the shop allowed).
      if (page.origin !== req.headers.origin) throw new HttpError(400, 'invalid-input', 'page: must be a page of the origin sending it', 'page');
      o.funnel.count(pageAddress(body.page).slice(0, 500), { shown: body.shown, opened: body.opened });
    },
    { before: [beaconFlood], jsonAsText: true },
  );

  const serverFlood = rateLimit({ counter: o.limits, windowMs: 60_000, max: 600, what: "orders from this shop's server" });
  // Read raw: the signature covers the bytes as sent.
  const raw = express.raw({ type: () => true, limit: '64kb' });
  api.mount(
    router,
    'serverOrder',
    async (_input, req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      await o.keys.verify(req.get('vitrina-key'), req.get(SIGNATURE_HEADER), body);
      res.set('Cache-Control', 'no-store');
      return o.orders.report(parseRawJson(ServerOrderBody, body), 'server');
    },
    { before: [serverFlood, raw] },
  );

  api.mount(router, 'attributionSettings', () => o.settings.get());
  api.mount(router, 'setAttributionSettings', async ({ body }, req) => {
    await o.settings.set(body, o.now());
    await o.audit.record(req, 'settings-changed', 'attribution', body);
    return body;
  });

  api.mount(router, 'apiKeys', () => o.keys.list());
  api.mount(router, 'createApiKey', async ({ body }, req, res) => {
    const key = await o.keys.create(body.name, currentAgent(req).id);
    await o.audit.record(req, 'api-key-created', body.name, { id: key.id });
    // The secret is in this one answer only.
    res.set('Cache-Control', 'no-store');
    return key;
  });
  api.mount(router, 'revokeApiKey', async ({ params }, req) => {
    const key = await o.keys.revoke(params.keyId);
    await o.audit.record(req, 'api-key-revoked', key.name, { id: key.id });
    return key;
  });
  return router;
}
