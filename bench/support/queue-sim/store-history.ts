/** The store's own history, replayed: the doubled calls it shows, whatever the clients were told. */
import type { EventRow } from './store.js';

/** What the store's history shows doubled: a call answered twice, or a consultant holding two calls at once. */
export function storeDoubles(events: readonly EventRow[]): { doubled: string[]; odd: string[] } {
  const doubled: string[] = [];
  const odd: string[] = [];
  const answers = new Map<string, number>();
  /** The call ringing for or answered by each consultant, replayed from the events. */
  const holding = new Map<string, { callId: string; since: number }>();
  const take = (agentId: string, e: EventRow) => {
    const held = holding.get(agentId);
    if (held && held.callId !== e.call_id)
      doubled.push(`${agentId} was given ${e.call_id} (event ${e.id}, "${e.kind}") while holding ${held.callId} since event ${held.since}`);
    holding.set(agentId, { callId: e.call_id, since: e.id });
  };
  const release = (agentId: string, e: EventRow) => {
    if (holding.get(agentId)?.callId === e.call_id) holding.delete(agentId);
    else odd.push(`${e.call_id}: "${e.kind}" (event ${e.id}) releases ${agentId}, who did not hold it`);
  };
  // Event ids follow causality even across servers: a release is inserted before its
  // transaction commits, and the next offer to that consultant is inserted only after it has
  // read that commit (the consultant's row lock, then a fresh statement snapshot).
  for (const e of events) {
    switch (e.kind) {
      case 'offered':
        if (e.agent_id) take(e.agent_id, e);
        break;
      case 'transferred':
        if (e.detail) release(e.detail, e);
        if (e.agent_id) take(e.agent_id, e);
        break;
      case 'answered': {
        const n = (answers.get(e.call_id) ?? 0) + 1;
        answers.set(e.call_id, n);
        if (n > 1) doubled.push(`${e.call_id} answered ${n} times (event ${e.id}, by ${e.agent_id})`);
        if (e.agent_id && holding.get(e.agent_id)?.callId !== e.call_id)
          odd.push(`${e.call_id}: answered by ${e.agent_id} (event ${e.id}), for whom it was not ringing`);
        break;
      }
      case 'missed':
      case 'declined':
      case 'requeued':
      case 'ended':
      case 'cancelled':
        if (e.agent_id) release(e.agent_id, e);
        break;
      default:
        break;
    }
  }
  return { doubled, odd };
}
