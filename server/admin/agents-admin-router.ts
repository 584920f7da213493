import express, { Router } from 'express';
import { z } from 'zod';
import type { Sessions } from '../accounts/sessions.js';
import { currentAgent } from '../accounts/sessions.js';
import { hashPassword } from '../accounts/passwords.js';
import { AgentIdSchema, LanguageSchema } from '../contract/calls.js';
import { HttpError } from '../http/errors.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import type { Logger } from '../log.js';
import type { AuditLog } from './audit-log.js';
import { EmailTakenError, type Agent, type Store } from '../store/store.js';
import type { AgentAccount } from '../contract/admin.js';

const name = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');
const password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
const languages = z.array(LanguageSchema).min(1, 'must name at least one language').max(10, 'must be at most 10 languages');

export const NewAgentBody = z.strictObject({
  email: z.email('must be an e-mail address').max(254).transform((s) => s.toLowerCase()),
  name,
  password,
  languages: languages.default(['en']),
  role: z.enum(['agent', 'owner']).default('agent'),
});
export const AgentChangeBody = z
  .strictObject({ name: name.optional(), languages: languages.optional(), disabled: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change something' });
export const PasswordBody = z.strictObject({ password });
const AgentParams = z.strictObject({ agentId: AgentIdSchema });


/** How the audit log names an account: it outlives renames and removal. */
const who = (a: Agent) => `${a.name} <${a.email}>`;

const toAccount = (a: Agent): AgentAccount => ({
  id: a.id,
  email: a.email,
  name: a.name,
  role: a.role,
  languages: a.languages,
  status: a.status,
  disabled: a.disabledAt !== null,
});

/** The owner's team: add consultants, rename them, set their languages, disable or remove them, reset passwords. */
export function agentsAdminRouter(o: { store: Store; sessions: Sessions; audit: AuditLog; log: Logger; now: () => number }): Router {
  const { store, log } = o;
  const router = Router();
  const owner = [sameOriginOnly, o.sessions.require('owner')];
  const create = { body: NewAgentBody };
  const change = { params: AgentParams, body: AgentChangeBody };
  const reset = { params: AgentParams, body: PasswordBody };
  const json = express.json({ limit: '8kb' });

  router.get('/api/admin/agents', ...owner, async (_req, res) => void res.json((await store.agents.listAll()).map(toAccount)));

  router.post('/api/admin/agents', ...owner, json, validate(create), async (req, res) => {
    const { body } = valid(req, create);
    const agent = await store.agents
      .create({ email: body.email, name: body.name, role: body.role, languages: body.languages, passwordHash: await hashPassword(body.password) }, o.now())
      .catch((err: unknown) => {
        throw err instanceof EmailTakenError ? new HttpError(409, 'email-taken', 'There is already an account with this e-mail.', 'email') : err;
      });
    await o.audit.record(req, 'consultant-added', who(agent), { role: agent.role, languages: agent.languages });
    log.info('account added by the owner', { agentId: agent.id, role: agent.role });
    res.status(201).json(toAccount(agent));
  });

  router.patch('/api/admin/agents/:agentId', ...owner, json, validate(change), async (req, res) => {
    const { params, body } = valid(req, change);
    if (body.disabled && params.agentId === currentAgent(req).id) {
      throw new HttpError(409, 'cannot-disable-self', 'You cannot disable your own account.', 'disabled');
    }
    const agent = await store.agents.update(params.agentId, body, o.now());
    if (!agent) throw new HttpError(404, 'consultant-not-found', 'There is no such account.');
    if (body.disabled) o.sessions.ended(agent.id, 'disabled');
    const { disabled, ...rest } = body;
    if (disabled !== undefined) await o.audit.record(req, disabled ? 'consultant-disabled' : 'consultant-enabled', who(agent));
    if (Object.keys(rest).length > 0) await o.audit.record(req, 'consultant-changed', who(agent), rest);
    log.info('account changed by the owner', { agentId: agent.id, fields: Object.keys(body) });
    res.json(toAccount(agent));
  });

  const one = { params: AgentParams };
  router.delete('/api/admin/agents/:agentId', ...owner, validate(one), async (req, res) => {
    const { params } = valid(req, one);
    if (params.agentId === currentAgent(req).id) throw new HttpError(409, 'cannot-remove-self', 'You cannot remove your own account.');
    const before = await store.agents.get(params.agentId);
    if (!(await store.agents.remove(params.agentId, o.now()))) throw new HttpError(404, 'consultant-not-found', 'There is no such account.');
    o.sessions.ended(params.agentId, 'removed');
    await o.audit.record(req, 'consultant-removed', before ? who(before) : params.agentId);
    log.info('account removed by the owner', { agentId: params.agentId });
    res.status(204).end();
  });

  router.post('/api/admin/agents/:agentId/password', ...owner, json, validate(reset), async (req, res) => {
    const { params, body } = valid(req, reset);
    if (!(await store.agents.setPasswordHash(params.agentId, await hashPassword(body.password)))) {
      throw new HttpError(404, 'consultant-not-found', 'There is no such account.');
    }
    o.sessions.ended(params.agentId, 'password-changed');
    const account = await store.agents.get(params.agentId);
    await o.audit.record(req, 'password-reset', account ? who(account) : params.agentId);
    // The owner's own new password: this page stays signed in, every other session of theirs ends.
    const self = currentAgent(req);
    if (params.agentId === self.id) o.sessions.issue(res, account ?? self);
    log.info('password reset by the owner', { agentId: params.agentId });
    res.status(204).end();
  });

  // The owner ends a consultant's sessions (a lost phone, a shared computer): they sign in again.
  router.delete('/api/admin/agents/:agentId/sessions', ...owner, validate(one), async (req, res) => {
    const { params } = valid(req, one);
    if (!(await o.sessions.end(params.agentId, 'ended-by-owner'))) throw new HttpError(404, 'consultant-not-found', 'There is no such account.');
    const account = await store.agents.get(params.agentId);
    await o.audit.record(req, 'sessions-ended', account ? who(account) : params.agentId);
    log.info('sessions ended by the owner', { agentId: params.agentId });
    res.status(204).end();
  });

  return router;
}
