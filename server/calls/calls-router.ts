import { Router } from 'express';
import type { ChatService } from '../chat/chat-service.js';
import { HttpError } from '../http/errors.js';
import type { RouteMounter } from '../http/mount-route.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import { openSse } from '../push/sse.js';
import { STREAM_LIMITS, type StreamQuota } from '../push/stream-quota.js';
import type { QueueRouter } from '../queue/router.js';
import type { ShopEvents } from '../shop-webhooks/shop-events.js';
import type { Mailer } from '../mail/mailer.js';
import { summaryEmail } from '../mail/summary-email.js';
import type { Logger } from '../log.js';
import { shopperSummary } from './shopper-summary.js';
import type { Store } from '../store/store.js';
import type { CallService } from './call-service.js';
import type { ShopperChannel } from './shopper-channel.js';
import type { VideoUpgrade } from './video-upgrade.js';

export interface CallsRouterOptions {
  api: RouteMounter;
  /** Rate-limit counts, shared by every server. */
  limits: HitCounter;
  calls: CallService;
  chat: ChatService;
  video: VideoUpgrade;
  store: Store;
  router: QueueRouter;
  shoppers: ShopperChannel;
  callsPerMinute: number;
  streams: StreamQuota;
  events: ShopEvents;
  /** The shop's mail server; without one, summaries are not e-mailed. */
  mailer: Mailer | undefined;
  log: Logger;
}

/** The shopper's API: open a call from a shop page, follow its place in line, come back to it from another page, chat, switch, hang up, rate it. */
export function callsRouter(o: CallsRouterOptions): Router {
  const router = Router();
  const { api } = o;
  /** Per call and per minute, counted on every server alike: one call's key cannot flood its consultant or the store. */
  const perCall = (what: string, max: number) => [rateLimit({ counter: o.limits, windowMs: 60_000, max, what, key: (req) => String(req.params.callId) })];

  // Counted before the body is read: a flood costs the server no parsing.
  const callFlood = rateLimit({ counter: o.limits, windowMs: 60_000, max: o.callsPerMinute, what: 'calls from this address' });
  api.mount(router, 'openCall', ({ body }, req) => o.calls.open(body, req.headers.origin ?? null), { before: [callFlood] });

  /** Server-sent events with the shopper's place in line; the widget reads it with fetch so the call key travels in a header. */
  api.mount(router, 'callEvents', async ({ params }, req, res) => {
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
    // Waiting, the stream hears its last place at once; only a call with none yet needs a pass for it.
    const attached = o.shoppers.attach(params.callId, stream, call.state !== 'in-call');
    detach = attached.detach;
    if (!attached.told && call.state !== 'in-call') void o.router.dispatch();
  });

  api.mount(router, 'switchCall', ({ params }) => o.calls.switchToAnyone(params.callId));
  api.mount(router, 'rejoinCall', ({ params, body }) => o.calls.rejoin(params.callId, body.page), { after: perCall('rejoins of this call', 30) });
  /** A shop that changes pages without loading them (a single-page app) reports the new page here. */
  api.mount(router, 'reportPage', ({ params, body }) => o.calls.pageSeen(params.callId, body.page), { after: perCall('page changes in this call', 30) });
  api.mount(router, 'shopperSay', ({ params, body }) => o.chat.fromShopper(params.callId, body.text), { after: perCall('messages in this call', 20) });
  api.mount(router, 'shopperMessages', ({ params, query }) => o.chat.list(params.callId, 'shopper', query));
  api.mount(router, 'rateCall', async ({ params, body }) => {
    if (!(await o.store.history.rate(params.callId, body.rating, body.comment))) {
      throw new HttpError(409, 'call-not-rateable', 'Only a call that was answered and has ended can be rated.');
    }
    await o.events.emit('rating.received', async () => {
      const call = await o.store.history.summary(params.callId);
      return {
        callId: params.callId,
        rating: body.rating,
        comment: body.comment ?? null,
        agent: call?.agentId ? { id: call.agentId, name: call.agentName } : null,
        page: call ? { url: call.page.url, title: call.page.title } : null,
      };
    });
  });
  api.mount(router, 'shopperVideo', ({ params, body }) => o.video.fromShopper(params.callId, body.step), { after: perCall('video requests in this call', 20) });
  api.mount(router, 'hangUp', ({ params }) => o.calls.hangUpAsShopper(params.callId));
  api.mount(router, 'shopperSummary', ({ params }) => shopperSummary(o.store, params.callId, o.mailer !== undefined));
  // A few a call: the summary goes where the shopper says, so it must not become a way to send mail in bulk.
  const mails = perCall('summary e-mails for this call', 3);
  api.mount(
    router,
    'emailSummary',
    async ({ params, body }) => {
      if (!o.mailer) throw new HttpError(503, 'mail-unavailable', 'This shop does not send e-mail.');
      const summary = await shopperSummary(o.store, params.callId, true);
      try {
        await o.mailer.send(summaryEmail(body.email, summary, body.language));
      } catch (err) {
        o.log.error('could not e-mail a call summary', { callId: params.callId, err });
        throw new HttpError(503, 'mail-unavailable', "The shop's mail server did not take the e-mail; please try again in a moment.");
      }
    },
    { after: mails },
  );
  return router;
}
