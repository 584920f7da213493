import express, { Router } from 'express';
import { CallIdParams, CreateCallBody } from '../contract/calls.js';
import { allowShopOrigins } from '../http/origins.js';
import { rateLimit } from '../http/rate-limit.js';
import { valid, validate } from '../http/validate.js';
import { verifyCallKey } from './call-keys.js';
import type { CallService } from './call-service.js';

/** The shopper's API: open a call from a shop page, hang it up. */
export function callsRouter(o: { calls: CallService; allowedOrigins: readonly string[]; secret: string }): Router {
  const router = Router();
  const create = { body: CreateCallBody };
  const byId = { params: CallIdParams };
  router.use('/api/calls', allowShopOrigins(o.allowedOrigins), express.json({ limit: '8kb' }));

  router.post(
    '/api/calls',
    rateLimit({ windowMs: 60_000, max: 20, what: 'calls from this address' }),
    validate(create),
    async (req, res) => {
      const { body } = valid(req, create);
      res.status(201).json(await o.calls.open(body.page, req.headers.origin ?? null));
    },
  );

  router.post('/api/calls/:callId/hangup', validate(byId), async (req, res) => {
    const { params } = valid(req, byId);
    verifyCallKey(o.secret, req.headers.authorization, params.callId);
    await o.calls.hangUpAsShopper(params.callId);
    res.status(204).end();
  });
  return router;
}
