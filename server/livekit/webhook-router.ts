import express, { Router } from 'express';
import type { CallService } from '../calls/call-service.js';
import { HttpError } from '../http/errors.js';
import type { RouteMounter } from '../http/mount-route.js';
import { parseRawJson } from '../http/validate.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { ReplayGuard } from './replay-guard.js';
import { verifyWebhook, WebhookEventBody, type LivekitWebhookEvent } from './webhook-signature.js';

/**
 * LiveKit tells us who left which room. Events are signed over the raw body with our API
 * secret; anything unsigned, forged, old or already seen is refused before it can touch a call.
 */
export function webhookRouter(o: {
  api: RouteMounter;
  apiKey: string;
  apiSecret: string;
  calls: CallService;
  store: Store;
  log: Logger;
  now: () => number;
}): Router {
  const replays = new ReplayGuard(o.store.webhooks);
  const router = Router();
  // Read raw: the signature covers the bytes as sent.
  const raw = express.raw({ type: () => true, limit: '64kb' });
  o.api.mount(
    router,
    'livekitWebhook',
    async (_input, req) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      try {
        verifyWebhook(raw, req.headers.authorization, o.apiKey, o.apiSecret);
      } catch {
        throw new HttpError(401, 'webhook-unverified', 'The webhook signature does not verify.', 'authorization');
      }
      const event: LivekitWebhookEvent = parseRawJson(WebhookEventBody, raw);
      const freshness = event.id ? await replays.check(event.id, Number(event.createdAt) * 1000, o.now()) : 'stale';
      if (freshness === 'replayed') throw new HttpError(409, 'webhook-replayed', 'This webhook event was already handled.', 'id');
      if (freshness === 'stale') throw new HttpError(401, 'webhook-stale', 'This webhook event is too old or has no id.', 'createdAt');
      const room = event.room?.name;
      o.log.debug('livekit webhook', { event: event.event, room, identity: event.participant?.identity });
      // Only these two reach us (webhook-events.ts): handle another here, and list it there.
      if (room && event.event === 'participant_left' && event.participant) {
        await o.calls.participantLeft(room, event.participant.identity);
      } else if (room && event.event === 'room_finished') {
        await o.calls.roomFinished(room);
      }
      return { ok: true } as const;
    },
    { before: [raw] },
  );
  return router;
}
