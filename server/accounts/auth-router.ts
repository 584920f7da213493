import { Router } from 'express';
import type { AgentView } from '../contract/auth.js';
import { HttpError } from '../http/errors.js';
import type { RouteInput, RouteMounter } from '../http/mount-route.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import { validatedInput } from '../http/validate.js';
import type { Agent, Store } from '../store/store.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { currentAgent, type Sessions } from './sessions.js';

export const agentView = (a: Agent): AgentView => ({ id: a.id, email: a.email, name: a.name, role: a.role, status: a.status });

export function authRouter(o: { api: RouteMounter; store: Store; sessions: Sessions; limits: HitCounter }): Router {
  const router = Router();
  // Per address, before the body is read; then per account and address, once the e-mail is checked.
  const perAddress = rateLimit({ counter: o.limits, windowMs: 60_000, max: 200, what: 'sign-in attempts from this address' });
  // A whole office signing in at nine behind one NAT is not an attack; one account guessed at is.
  const perAccount = rateLimit({
    counter: o.limits,
    windowMs: 60_000,
    max: 10,
    what: 'sign-in attempts',
    key: (req) => `${req.ip ?? ''}|${(validatedInput(req) as RouteInput<'login'>).body.email.toLowerCase()}`,
  });
  o.api.mount(
    router,
    'login',
    async ({ body }, _req, res) => {
      const agent = await o.store.agents.findForLogin(body.email);
      const ok = await verifyPassword(body.password, agent?.passwordHash ?? (await decoyHash));
      if (!agent || !ok || agent.disabledAt !== null) {
        throw new HttpError(401, 'wrong-credentials', 'That e-mail and password do not match an active account.');
      }
      o.sessions.issue(res, agent);
      return agentView(agent);
    },
    { before: [perAddress], after: [perAccount], bodyLimit: '4kb' },
  );

  // Signing out ends every session of the account (other tabs and devices too): a copied cookie dies with it.
  o.api.mount(router, 'logout', async (_input, req, res) => {
    const agentId = o.sessions.accountOf(req);
    if (agentId) await o.sessions.end(agentId, 'signed-out');
    o.sessions.clear(res);
  });

  o.api.mount(router, 'me', (_input, req) => agentView(currentAgent(req)));
  return router;
}
