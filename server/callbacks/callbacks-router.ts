import express, { Router } from 'express';
import { CallbackBody, CallbackIdParams, CallbackListQuery } from '../contract/queue.js';
import { currentAgent, type Sessions } from '../accounts/sessions.js';
import type { AgentChannel } from '../agents/agent-channel.js';
import { HttpError } from '../http/errors.js';
import { allowShopOrigins, sameOriginOnly } from '../http/origins.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import { valid, validate } from '../http/validate.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

export interface CallbacksRouterOptions {
  /** Rate-limit counts, shared by every server. */
  limits: HitCounter;
  store: Store;
  sessions: Sessions;
  channel: AgentChannel;
  log: Logger;
  now: () => number;
  allowedOrigins: () => Promise<ReadonlySet<string>>;
}

/** Call-back requests: left by shoppers who found nobody there, worked off by any consultant. */
export function callbacksRouter(o: CallbacksRouterOptions): Router {
  const router = Router();
  const create = { body: CallbackBody };
  const list = { query: CallbackListQuery };
  const byId = { params: CallbackIdParams };
  const staff = [sameOriginOnly, o.sessions.require('agent', 'owner')];

  router.post(
    '/api/callbacks',
    allowShopOrigins(o.allowedOrigins),
    // Counted before the body is read, like calls.
    rateLimit({ counter: o.limits, windowMs: 60_000, max: 5, what: 'call-back requests from this address' }),
    express.json({ limit: '8kb' }),
    validate(create),
    async (req, res) => {
      const { body } = valid(req, create);
      const request = await o.store.callbacks.create({ ...body, origin: req.headers.origin ?? null }, o.now());
      o.log.info('call-back requested', { callbackId: request.id, page: request.page.url });
      o.channel.broadcast({ type: 'callback', request });
      res.status(201).json({ id: request.id });
    },
  );
  // The widget's preflight for the POST above.
  router.options('/api/callbacks', allowShopOrigins(o.allowedOrigins));

  router.get('/api/agent/callbacks', ...staff, validate(list), async (req, res) => {
    res.json(await o.store.callbacks.list(valid(req, list).query.state, 200));
  });

  router.post('/api/agent/callbacks/:callbackId/done', ...staff, validate(byId), async (req, res) => {
    const agent = currentAgent(req);
    const done = await o.store.callbacks.markDone(valid(req, byId).params.callbackId, agent.id, o.now());
    if (done === undefined) throw new HttpError(404, 'callback-not-found', 'There is no such call-back request.');
    if (done === false) throw new HttpError(409, 'callback-done', 'Someone has already marked this request done.');
    o.channel.broadcast({ type: 'callback-done', id: done.id, by: agent.name });
    res.json(done);
  });
  return router;
}
