import { Router, type Request } from 'express';
import { currentAgent, type Sessions } from '../accounts/sessions.js';
import { AuditQuery, type AuditAction } from '../contract/admin.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import type { Store } from '../store/store.js';

/**
 * The owner's actions, as rows the owner reads in the admin page: who deleted which recording,
 * changed which setting, added, disabled or removed whom, reset whose password. Written after
 * the action succeeded, by the route that did it; never a password or a key.
 */
export class AuditLog {
  constructor(private readonly o: { store: Store; now: () => number }) {}

  async record(req: Request, action: AuditAction, target: string | null, detail?: string | Record<string, unknown>): Promise<void> {
    const actor = currentAgent(req);
    await this.o.store.audit.add({
      at: this.o.now(),
      actor: { id: actor.id, name: actor.name },
      action,
      target,
      detail: detail === undefined ? null : typeof detail === 'string' ? detail : JSON.stringify(detail),
    });
  }
}

export function auditRouter(o: { store: Store; sessions: Sessions }): Router {
  const router = Router();
  const page = { query: AuditQuery };
  router.get('/api/admin/audit', sameOriginOnly, o.sessions.require('owner'), validate(page), async (req, res) => {
    const { query } = valid(req, page);
    const entries = await o.store.audit.list({ limit: query.limit, ...(query.before === undefined ? {} : { before: query.before }) });
    res.set('Cache-Control', 'no-store').json({ entries, ...(entries.length === query.limit ? { before: entries.at(-1)?.id } : {}) });
  });
  return router;
}
