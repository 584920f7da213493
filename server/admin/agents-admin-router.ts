import { Router } from 'express';
import type { Sessions } from '../accounts/sessions.js';
import { currentAgent } from '../accounts/sessions.js';
import { hashPassword } from '../accounts/passwords.js';
import { HttpError } from '../http/errors.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { Logger } from '../log.js';
import type { AuditLog } from './audit-log.js';
import { EmailTakenError, type Agent, type Store } from '../store/store.js';
import type { AgentAccount } from '../contract/admin.js';

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
export function agentsAdminRouter(o: { api: RouteMounter; store: Store; sessions: Sessions; audit: AuditLog; log: Logger; now: () => number }): Router {
  const { store, log } = o;
  const router = Router();

  o.api.mount(router, 'agents', async () => (await store.agents.listAll()).map(toAccount));

  o.api.mount(router, 'addAgent', async ({ body }, req) => {
    const agent = await store.agents
      .create({ email: body.email, name: body.name, role: body.role, languages: body.languages, passwordHash: await hashPassword(body.password) }, o.now())
      .catch((err: unknown) => {
        throw err instanceof EmailTakenError ? new HttpError(409, 'email-taken', 'There is already an account with this e-mail.', 'email') : err;
      });
    await o.audit.record(req, 'consultant-added', who(agent), { role: agent.role, languages: agent.languages });
    log.info('account added by the owner', { agentId: agent.id, role: agent.role });
    return toAccount(agent);
  });

  o.api.mount(router, 'changeAgent', async ({ params, body }, req) => {
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
    return toAccount(agent);
  });

  o.api.mount(router, 'removeAgent', async ({ params }, req) => {
    if (params.agentId === currentAgent(req).id) throw new HttpError(409, 'cannot-remove-self', 'You cannot remove your own account.');
    const before = await store.agents.get(params.agentId);
    if (!(await store.agents.remove(params.agentId, o.now()))) throw new HttpError(404, 'consultant-not-found', 'There is no such account.');
    o.sessions.ended(params.agentId, 'removed');
    await o.audit.record(req, 'consultant-removed', before ? who(before) : params.agentId);
    log.info('account removed by the owner', { agentId: params.agentId });
  });

  o.api.mount(router, 'resetPassword', async ({ params, body }, req, res) => {
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
  });

  // The owner ends a consultant's sessions (a lost phone, a shared computer): they sign in again.
  o.api.mount(router, 'endSessions', async ({ params }, req) => {
    if (!(await o.sessions.end(params.agentId, 'ended-by-owner'))) throw new HttpError(404, 'consultant-not-found', 'There is no such account.');
    const account = await store.agents.get(params.agentId);
    await o.audit.record(req, 'sessions-ended', account ? who(account) : params.agentId);
    log.info('sessions ended by the owner', { agentId: params.agentId });
  });

  return router;
}
