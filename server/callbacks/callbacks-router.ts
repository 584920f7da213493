import { Router } from 'express';
import { currentAgent } from '../accounts/sessions.js';
import type { AgentChannel } from '../agents/agent-channel.js';
import { HttpError } from '../http/errors.js';
import type { RouteMounter } from '../http/mount-route.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { ShopEvents } from '../shop-webhooks/shop-events.js';

export interface CallbacksRouterOptions {
  api: RouteMounter;
  /** Rate-limit counts, shared by every server. */
  limits: HitCounter;
  store: Store;
  channel: AgentChannel;
  events: ShopEvents;
  log: Logger;
  now: () => number;
}

/** Call-back requests: left by shoppers who found nobody there, worked off by any consultant. */
export function callbacksRouter(o: CallbacksRouterOptions): Router {
  const router = Router();
  // Counted before the body is read, like calls.
  const flood = rateLimit({ counter: o.limits, windowMs: 60_000, max: 5, what: 'call-back requests from this address' });
  o.api.mount(
    router,
    'requestCallback',
    async ({ body }, req) => {
      const request = await o.store.callbacks.create({ ...body, origin: req.headers.origin ?? null }, o.now());
      o.log.info('call-back requested', { callbackId: request.id, page: request.page.url });
      o.channel.broadcast({ type: 'callback', request });
      // The shop's CRM makes a lead of it: kept in the outbox before the shopper hears "sent".
      const { id: callbackId, ...details } = request;
      await o.events.emit('callback.requested', { callbackId, ...details });
      return { id: request.id };
    },
    { before: [flood] },
  );

  o.api.mount(router, 'callbacks', ({ query }) => o.store.callbacks.list(query.state, 200));

  o.api.mount(router, 'callbackDone', async ({ params }, req) => {
    const agent = currentAgent(req);
    const done = await o.store.callbacks.markDone(params.callbackId, agent.id, o.now());
    if (done === undefined) throw new HttpError(404, 'callback-not-found', 'There is no such call-back request.');
    if (done === false) throw new HttpError(409, 'callback-done', 'Someone has already marked this request done.');
    o.channel.broadcast({ type: 'callback-done', id: done.id, by: agent.name });
    return done;
  });
  return router;
}
