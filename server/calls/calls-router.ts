import express, { Router, type RequestHandler } from 'express';
import { CallIdParams, CreateCallBody, RatingBody, RejoinBody } from '../contract/calls.js';
import { MessagesQuery, ShopperMessageBody } from '../contract/chat.js';
import type { ChatService } from '../chat/chat-service.js';
import { HttpError } from '../http/errors.js';
import { SwitchBody } from '../contract/queue.js';
import { allowShopOrigins } from '../http/origins.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import { valid, validate } from '../http/validate.js';
import { openSse } from '../push/sse.js';
import { STREAM_LIMITS, type StreamQuota } from '../push/stream-quota.js';
import type { QueueRouter } from '../queue/router.js';
import type { Store } from '../store/store.js';
import { verifyCallKey } from './call-keys.js';
import type { CallService } from './call-service.js';
import type { ShopperChannel } from './shopper-channel.js';

export interface CallsRouterOptions {
  /** Rate-limit counts, shared by every server. */
  limits: HitCounter;
  calls: CallService;
  chat: ChatService;
  store: Store;
  router: QueueRouter;
  shoppers: ShopperChannel;
  allowedOrigins: () => Promise<ReadonlySet<string>>;
  secret: string;
  callsPerMinute: number;
  streams: StreamQuota;
}

/** The shopper's API: open a call from a shop page, follow its place in line, come back to it from another page, chat, switch, hang up, rate it. */
export function callsRouter(o: CallsRouterOptions): Router {
  const router = Router();
  const create = { body: CreateCallBody };
  const byId = { params: CallIdParams };
  const switchTo = { params: CallIdParams, body: SwitchBody };
  router.use('/api/calls', allowShopOrigins(o.allowedOrigins));
  // Counted before the body is read: a flood costs the server no parsing.
  router.post('/api/calls', rateLimit({ counter: o.limits, windowMs: 60_000, max: o.callsPerMinute, what: 'calls from this address' }));
  router.use('/api/calls', express.json({ limit: '8kb' }));

  /** Only the holder of the call's key gets further (the params are checked first). */
  const keyHolder: RequestHandler = (req, _res, next) => {
    verifyCallKey(o.secret, req.headers.authorization, String(req.params.callId));
    next();
  };
  /** Per call and per minute, counted on every server alike: one call's key cannot flood its consultant or the store. */
  const perCall = (what: string, max: number) => rateLimit({ counter: o.limits, windowMs: 60_000, max, what, key: (req) => String(req.params.callId) });

  router.post('/api/calls', validate(create), async (req, res) => {
    const { body } = valid(req, create);
    res.status(201).json(await o.calls.open(body, req.headers.origin ?? null));
  });

  /** Server-sent events with the shopper's place in line; the widget reads it with fetch so the call key travels in a header. */
  router.get('/api/calls/:callId/events', validate(byId), keyHolder, async (req, res) => {
    const { params } = valid(req, byId);
    const call = await o.store.calls.get(params.callId);
    const release = o.streams.take([
      { what: 'this call', key: params.callId, max: STREAM_LIMITS.perCall },
      { what: 'this address', key: req.ip ?? 'unknown', max: STREAM_LIMITS.perAddress },
    ]);
    let detach = () => {};
    const stream = openSse(req, res, () => {
      release();
      detach();
    });
    if (!call || call.state === 'ended') {
      stream.send({ type: 'ended' });
      stream.close();
      return;
    }
    detach = o.shoppers.attach(params.callId, stream);
    void o.router.dispatch();
  });

  router.post('/api/calls/:callId/switch', validate(switchTo), keyHolder, async (req, res) => {
    const { params } = valid(req, switchTo);
    await o.calls.switchToAnyone(params.callId);
    res.status(204).end();
  });

  const withPage = { params: CallIdParams, body: RejoinBody };
  router.post('/api/calls/:callId/rejoin', validate(withPage), keyHolder, perCall('rejoins of this call', 30), async (req, res) => {
    const { params, body } = valid(req, withPage);
    res.json(await o.calls.rejoin(params.callId, body.page));
  });

  /** A shop that changes pages without loading them (a single-page app) reports the new page here. */
  router.post('/api/calls/:callId/page', validate(withPage), keyHolder, perCall('page changes in this call', 30), async (req, res) => {
    const { params, body } = valid(req, withPage);
    await o.calls.pageSeen(params.callId, body.page);
    res.status(204).end();
  });

  const message = { params: CallIdParams, body: ShopperMessageBody };
  router.post('/api/calls/:callId/messages', validate(message), keyHolder, perCall('messages in this call', 20), async (req, res) => {
    const { params, body } = valid(req, message);
    res.status(201).json(await o.chat.fromShopper(params.callId, body.text));
  });

  const readMessages = { params: CallIdParams, query: MessagesQuery };
  router.get('/api/calls/:callId/messages', validate(readMessages), keyHolder, async (req, res) => {
    const { params, query } = valid(req, readMessages);
    res.json(await o.chat.list(params.callId, 'shopper', query));
  });

  const rate = { params: CallIdParams, body: RatingBody };
  router.post('/api/calls/:callId/rating', validate(rate), keyHolder, async (req, res) => {
    const { params, body } = valid(req, rate);
    if (!(await o.store.history.rate(params.callId, body.rating, body.comment))) {
      throw new HttpError(409, 'call-not-rateable', 'Only a call that was answered and has ended can be rated.');
    }
    res.status(204).end();
  });

  router.post('/api/calls/:callId/hangup', validate(byId), keyHolder, async (req, res) => {
    const { params } = valid(req, byId);
    await o.calls.hangUpAsShopper(params.callId);
    res.status(204).end();
  });
  return router;
}
