import type { RequestHandler } from 'express';
import type { Sessions } from '../accounts/sessions.js';
import { verifyCallKey } from '../calls/call-keys.js';
import type { AuthGuards } from './mount-route.js';
import { allowShopOrigins, sameOriginOnly } from './origins.js';

/** The checks behind each `auth` of the route table, built once for the app. */
export function authGuards(o: { sessions: Sessions; callKeySecret: string; allowedOrigins: () => Promise<ReadonlySet<string>> }): AuthGuards {
  const shopPage = allowShopOrigins(o.allowedOrigins);
  // After the params are checked: the key proves the bearer holds this call, named in the path.
  const keyHolder: RequestHandler = (req, _res, next) => {
    verifyCallKey(o.callKeySecret, req.headers.authorization, String(req.params.callId));
    next();
  };
  return {
    public: { before: [], after: [] },
    shop: { before: [shopPage], after: [] },
    'call-key': { before: [shopPage], after: [keyHolder] },
    console: { before: [sameOriginOnly], after: [] },
    staff: { before: [sameOriginOnly, o.sessions.require('agent', 'owner')], after: [] },
    owner: { before: [sameOriginOnly, o.sessions.require('owner')], after: [] },
  };
}
