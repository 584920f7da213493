import express, { Router } from 'express';
import { LoginBody, type AgentView } from '../contract/auth.js';
import { HttpError } from '../http/errors.js';
import { sameOriginOnly } from '../http/origins.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import { valid, validate } from '../http/validate.js';
import type { Agent, Store } from '../store/store.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { currentAgent, type Sessions } from './sessions.js';

export const agentView = (a: Agent): AgentView => ({ id: a.id, email: a.email, name: a.name, role: a.role, status: a.status });

export function authRouter(o: { store: Store; sessions: Sessions; limits: HitCounter }): Router {
  const router = Router();
  const login = { body: LoginBody };
  router.use('/api/auth', sameOriginOnly);
  // Per address, before the body is read; then per account and address, which needs the body.
  router.post('/api/auth/login', rateLimit({ counter: o.limits, windowMs: 60_000, max: 200, what: 'sign-in attempts from this address' }));
  router.use('/api/auth', express.json({ limit: '4kb' }));

  router.post(
    '/api/auth/login',
    // A whole office signing in at nine behind one NAT is not an attack; one account guessed at is.
    rateLimit({
      counter: o.limits,
      windowMs: 60_000,
      max: 10,
      what: 'sign-in attempts',
      key: (req) => {
        const email = (req.body as { email?: unknown } | undefined)?.email;
        return `${req.ip ?? ''}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
      },
    }),
    validate(login),
    async (req, res) => {
      const { body } = valid(req, login);
      const agent = await o.store.agents.findForLogin(body.email);
      const ok = await verifyPassword(body.password, agent?.passwordHash ?? (await decoyHash));
      if (!agent || !ok || agent.disabledAt !== null) {
        throw new HttpError(401, 'wrong-credentials', 'That e-mail and password do not match an active account.');
      }
      o.sessions.issue(res, agent);
      res.json(agentView(agent));
    },
  );

  // Signing out ends every session of the account (other tabs and devices too): a copied cookie dies with it.
  router.post('/api/auth/logout', async (req, res) => {
    const agentId = o.sessions.accountOf(req);
    if (agentId) await o.sessions.end(agentId, 'signed-out');
    o.sessions.clear(res);
    res.status(204).end();
  });

  router.get('/api/auth/me', o.sessions.require(), (req, res) => {
    res.json(agentView(currentAgent(req)));
  });
  return router;
}
