import { Router } from 'express';
import type { AuditLog } from '../admin/audit-log.js';
import { HttpError } from '../http/errors.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { Store } from '../store/store.js';
import type { ShopWebhooks } from './shop-webhooks.js';

/** The owner's webhooks: endpoints (each secret can be read again), and the delivery log with "send again". */
export function webhooksRouter(o: { api: RouteMounter; store: Store; webhooks: ShopWebhooks; audit: AuditLog; now: () => number }): Router {
  const router = Router();
  const { api } = o;
  const existing = async (endpointId: string) => {
    const endpoint = await o.store.outbox.endpoint(endpointId);
    if (!endpoint) throw new HttpError(404, 'webhook-endpoint-not-found', 'There is no such webhook endpoint.', 'endpointId');
    return endpoint;
  };

  api.mount(router, 'webhookEndpoints', () => o.store.outbox.endpoints());
  api.mount(router, 'addWebhookEndpoint', async ({ body }, req, res) => {
    const endpoint = await o.webhooks.addEndpoint(body);
    await o.audit.record(req, 'webhook-added', endpoint.url, { id: endpoint.id, events: endpoint.events });
    res.set('Cache-Control', 'no-store');
    return endpoint;
  });
  api.mount(router, 'removeWebhookEndpoint', async ({ params }, req) => {
    const endpoint = await existing(params.endpointId);
    await o.store.outbox.removeEndpoint(endpoint.id, o.now());
    await o.audit.record(req, 'webhook-removed', endpoint.url, { id: endpoint.id });
  });
  api.mount(router, 'webhookSecret', async ({ params }, _req, res) => {
    const endpoint = await existing(params.endpointId);
    res.set('Cache-Control', 'no-store');
    return { secret: o.webhooks.secretOf(endpoint.id) };
  });
  api.mount(router, 'webhookDeliveries', async ({ query }, _req, res) => {
    res.set('Cache-Control', 'no-store');
    return o.store.outbox.deliveries({ limit: query.limit, ...(query.status ? { status: query.status } : {}) });
  });
  api.mount(router, 'redeliverWebhook', async ({ params }) => {
    if (!(await o.store.outbox.redeliver(params.deliveryId, o.now()))) {
      throw new HttpError(404, 'webhook-delivery-not-found', 'There is no such delivery, or its endpoint was removed.', 'deliveryId');
    }
    o.webhooks.sender.wake();
  });
  return router;
}
