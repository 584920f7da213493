import { Router, type Request } from 'express';
import { currentAgent } from '../accounts/sessions.js';
import type { AuditAction } from '../contract/admin.js';
import type { RouteMounter } from '../http/mount-route.js';
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

export function auditRouter(o: { api: RouteMounter; store: Store }): Router {
  const router = Router();
  o.api.mount(router, 'audit', async ({ query }, _req, res) => {
    const entries = await o.store.audit.list({ limit: query.limit, ...(query.before === undefined ? {} : { before: query.before }) });
    res.set('Cache-Control', 'no-store');
    const last = entries.length === query.limit ? entries.at(-1)?.id : undefined;
    return { entries, ...(last === undefined ? {} : { before: last }) };
  });
  return router;
}
