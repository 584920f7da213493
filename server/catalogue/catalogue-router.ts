import express, { Router } from 'express';
import type { AuditLog } from '../admin/audit-log.js';
import type { CatalogueSettingsSchema } from '../contract/catalogue.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { StoredSetting } from '../settings/stored-setting.js';
import type { Store } from '../store/store.js';
import { MAX_FEED_BYTES, type CatalogueService } from './catalogue-service.js';

/** Consultants search the catalogue; the owner sets its feed, imports it now, or uploads it. */
export function catalogueRouter(o: {
  api: RouteMounter;
  store: Store;
  catalogue: CatalogueService;
  settings: StoredSetting<typeof CatalogueSettingsSchema>;
  audit: AuditLog;
  now: () => number;
}): Router {
  const router = Router();
  const { api } = o;
  api.mount(router, 'catalogueSearch', ({ query }) => o.store.catalogue.search(query.q, query.limit));
  api.mount(router, 'catalogue', async () => ({ settings: await o.settings.get(), status: await o.catalogue.status() }));
  api.mount(router, 'setCatalogueSettings', async ({ body }, req) => {
    await o.settings.set(body, o.now());
    await o.audit.record(req, 'settings-changed', 'catalogue', body);
    return body;
  });
  api.mount(router, 'importCatalogue', () => o.catalogue.importFromFeed());
  const raw = express.raw({ type: () => true, limit: MAX_FEED_BYTES });
  api.mount(
    router,
    'uploadCatalogue',
    ({ query }, req) => {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return o.catalogue.importUpload(bytes, req.get('content-type'), query.format, query.name);
    },
    { before: [raw] },
  );
  return router;
}
