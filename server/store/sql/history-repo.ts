import type { CallKind, EndReason } from '../../contract/calls.js';
import type { SalesOutcome } from '../../contract/sales-outcome.js';
import type { CallEventKind, CallFacts, CallHistoryRepo, CallOutcome, CallSummary, HistoryFilter, HistorySort, RecordingStatus } from '../store.js';
import type { SqlDb, SqlValue } from './sql-db.js';

interface SummaryRow {
  id: string;
  created_at: number;
  agent_id: string | null;
  agent_name: string | null;
  page_url: string;
  page_title: string;
  product_id: string | null;
  outcome: CallOutcome;
  wait_ms: number | null;
  talk_ms: number | null;
  end_reason: EndReason | null;
  recording: RecordingStatus | null;
  owner_score: number | null;
  owner_note: string | null;
  shopper_rating: number | null;
  shopper_comment: string | null;
  agent_outcome: SalesOutcome | null;
  agent_note: string | null;
  kind: CallKind;
  video_since: number | null;
}

// Derived columns, written once so that filter, sort and row agree.
const OUTCOME = "CASE WHEN c.answered_at IS NOT NULL THEN 'answered' WHEN c.state = 'ended' THEN 'unanswered' ELSE 'in-progress' END";
const WAIT = 'COALESCE(c.answered_at, c.ended_at) - c.created_at';
const TALK = 'c.ended_at - c.answered_at';
const SORT_COLUMN: Record<HistorySort, string> = {
  date: 'c.created_at',
  wait: WAIT,
  talk: TALK,
  consultant: 'a.name',
  score: 'c.owner_score',
};

const SELECT = `
  SELECT c.id, c.created_at, c.agent_id, a.name AS agent_name, c.page_url, c.page_title, c.product_id,
         ${OUTCOME} AS outcome, ${WAIT} AS wait_ms, ${TALK} AS talk_ms,
         c.end_reason, c.recording, c.owner_score, c.owner_note, c.shopper_rating, c.shopper_comment,
         c.agent_outcome, c.agent_note, c.kind, c.video_since
  FROM calls c LEFT JOIN agents a ON a.id = c.agent_id`;

const toSummary = (r: SummaryRow): CallSummary => ({
  id: r.id,
  createdAt: r.created_at,
  agentId: r.agent_id,
  agentName: r.agent_name,
  page: { url: r.page_url, title: r.page_title, ...(r.product_id ? { productId: r.product_id } : {}) },
  outcome: r.outcome,
  endReason: r.end_reason,
  waitMs: r.wait_ms,
  talkMs: r.talk_ms,
  recording: r.recording,
  ownerScore: r.owner_score,
  ownerNote: r.owner_note,
  shopperRating: r.shopper_rating,
  shopperComment: r.shopper_comment,
  agentOutcome: r.agent_outcome,
  agentNote: r.agent_note,
  kind: r.kind,
  videoSince: r.video_since === null ? null : Number(r.video_since),
});

export function sqlHistoryRepo(db: SqlDb): CallHistoryRepo {
  const one = async (callId: string) => {
    const row = await db.get<SummaryRow>(`${SELECT} WHERE c.id = ?`, [callId]);
    return row && toSummary(row);
  };
  return {
    async search(f: HistoryFilter) {
      const where: string[] = [];
      const args: SqlValue[] = [];
      if (f.agentId) {
        where.push('c.agent_id = ?');
        args.push(f.agentId);
      }
      if (f.from !== undefined) {
        where.push('c.created_at >= ?');
        args.push(f.from);
      }
      if (f.to !== undefined) {
        where.push('c.created_at < ?');
        args.push(f.to);
      }
      if (f.outcome) {
        where.push(`${OUTCOME} = ?`);
        args.push(f.outcome);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM calls c ${clause}`, args))?.n ?? 0;
      // NULLs last whichever way, then newest first, then id: a stable order for paging.
      const column = SORT_COLUMN[f.sort];
      const rows = await db.all<SummaryRow>(
        `${SELECT} ${clause} ORDER BY (${column}) IS NULL, ${column} ${f.order === 'asc' ? 'ASC' : 'DESC'}, c.created_at DESC, c.id LIMIT ? OFFSET ?`,
        [...args, f.limit, f.offset],
      );
      return { total, calls: rows.map(toSummary) };
    },
    async facts(from, to) {
      const rows = await db.all<{
        id: string;
        created_at: number;
        state: CallFacts['state'];
        agent_id: string | null;
        answered_at: number | null;
        ended_at: number | null;
        owner_score: number | null;
        shopper_rating: number | null;
        page_url: string;
        page_title: string;
        agent_outcome: SalesOutcome | null;
      }>(
        `SELECT id, created_at, state, agent_id, answered_at, ended_at, owner_score, shopper_rating, page_url, page_title, agent_outcome
           FROM calls WHERE created_at >= ? AND created_at < ?`,
        [from, to],
      );
      const calls = rows.map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        state: r.state,
        agentId: r.agent_id,
        answeredAt: r.answered_at,
        endedAt: r.ended_at,
        ownerScore: r.owner_score,
        shopperRating: r.shopper_rating,
        pageUrl: r.page_url,
        pageTitle: r.page_title,
        agentOutcome: r.agent_outcome,
      }));
      const rings = (
        await db.all<{ call_id: string; agent_id: string; kind: CallEventKind; at: number }>(
          `SELECT e.call_id, e.agent_id, e.kind, e.at FROM call_events e JOIN calls c ON c.id = e.call_id
           WHERE c.created_at >= ? AND c.created_at < ? AND e.agent_id IS NOT NULL
             AND e.kind IN ('offered', 'answered', 'missed', 'declined', 'requeued', 'cancelled', 'ended')
           ORDER BY e.id`,
          [from, to],
        )
      ).map((r) => ({ callId: r.call_id, agentId: r.agent_id, kind: r.kind, at: r.at }));
      return { calls, rings };
    },
    summary: one,
    async rate(callId, rating, comment) {
      const changed = await db.run(
        "UPDATE calls SET shopper_rating = ?, shopper_comment = COALESCE(?, shopper_comment) WHERE id = ? AND state = 'ended' AND answered_at IS NOT NULL",
        [rating, comment || null, callId],
      );
      return changed === 1;
    },
    async review(callId, review) {
      const changed = await db.run('UPDATE calls SET owner_note = ?, owner_score = ? WHERE id = ?', [review.note, review.score, callId]);
      return changed === 0 ? undefined : one(callId);
    },
    async recordOutcome(callId, agentId, o) {
      // Ringing is not answered: not even a call answered once, handed back to the queue, and ringing again for them.
      const changed = await db.run(
        "UPDATE calls SET agent_outcome = ?, agent_note = ? WHERE id = ? AND agent_id = ? AND answered_at IS NOT NULL AND state IN ('in-call', 'ended')",
        [o.outcome, o.note, callId, agentId],
      );
      return changed === 1;
    },
  };
}
