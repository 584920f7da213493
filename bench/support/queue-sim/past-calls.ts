/**
 * A shop's history before the run: `--history N` ended calls (answered, some after a decline),
 * with their events, written straight into the server's SQLite file. A server months into
 * service has this behind it, and a query that reads history where it should read the line
 * costs more every day; an empty database hides that.
 */
import Database from 'better-sqlite3';

/** Ids of past calls start with this, so the reconciliation leaves them out. */
export const PAST_CALL_PREFIX = 'past-';
const DAY_MS = 86_400_000;

export function writePastCalls(file: string, agentIds: string[], calls: number, now = Date.now()): void {
  if (calls === 0 || agentIds.length === 0) return;
  const db = new Database(file);
  try {
    const call = db.prepare(
      `INSERT INTO calls (id, state, page_url, page_title, page_now, kind, agent_id, created_at, offered_at, answered_at, ended_at, end_reason)
       VALUES (?, 'ended', 'https://shop.test/p/past', 'Past', '{}', 'video', ?, ?, ?, ?, ?, 'agent-hung-up')`,
    );
    const event = db.prepare('INSERT INTO call_events (call_id, at, kind, agent_id, detail) VALUES (?, ?, ?, ?, NULL)');
    db.transaction(() => {
      for (let i = 0; i < calls; i++) {
        const id = `${PAST_CALL_PREFIX}${i}`;
        const agent = agentIds[i % agentIds.length];
        // Spread over the last 90 days, oldest first.
        const at = now - 90 * DAY_MS + Math.floor((i / calls) * 90 * DAY_MS);
        call.run(id, agent, at, at + 5_000, at + 8_000, at + 180_000);
        event.run(id, at, 'created', null);
        if (i % 5 === 0) {
          const other = agentIds[(i + 1) % agentIds.length];
          event.run(id, at + 1_000, 'offered', other);
          event.run(id, at + 3_000, 'declined', other);
        }
        event.run(id, at + 5_000, 'offered', agent);
        event.run(id, at + 8_000, 'answered', agent);
        event.run(id, at + 180_000, 'ended', agent);
      }
    })();
  } finally {
    db.close();
  }
}
