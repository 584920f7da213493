import type { AgentStatus, Role } from '../../contract/auth.js';
import type { CallKind, EndReason, Page, ServerCallState } from '../../contract/calls.js';
import type { CallbackRequest } from '../../contract/queue.js';
import type { AuditAction } from '../../contract/admin.js';
import { newId } from '../../ids.js';
import {
  EmailTakenError,
  type Agent,
  type AgentRepo,
  type CallbackRepo,
  type CallEvent,
  type CallEventKind,
  type CallRecord,
  type CallRepo,
  type SettingsRepo,
  type Store,
  type WebhookRepo,
  type AuditRepo,
  type VideoSide,
} from '../store.js';
import { sqlChatRepo } from './chat-repo.js';
import { sqlHistoryRepo } from './history-repo.js';
import { KeptOpenCalls } from './kept-open-calls.js';
import { KeptRead } from './kept-read.js';
import { migrate } from './migrate.js';
import { sqlRecordingRepo } from './recording-repo.js';
import { sqlSalesRepo } from './sales-repo.js';
import { sqlFunnelRepo } from './funnel-repo.js';
import { sqlWebhookOutbox } from './webhook-outbox.js';
import { sqlCatalogueRepo } from './catalogue-repo.js';
import type { SqlDb, SqlRunner, SqlValue } from './sql-db.js';

interface AgentRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  status: AgentStatus;
  idle_since: number;
  languages: string;
  missed_in_row: number;
  created_at: number;
  disabled_at: number | null;
  session_version: number;
}

interface CallRow {
  id: string;
  state: ServerCallState;
  page_url: string;
  page_title: string;
  product_id: string | null;
  origin: string | null;
  language: string | null;
  requested_agent_id: string | null;
  front: number;
  agent_id: string | null;
  created_at: number;
  offered_at: number | null;
  answered_at: number | null;
  ended_at: number | null;
  end_reason: EndReason | null;
  page_now: string | null;
  kind: CallKind;
  video_asked_by: VideoSide | null;
  video_since: number | null;
}

/** An agent's columns without the password hash: what lists read (the team is read on every pass over the line). */
const AGENT_COLUMNS = 'id, email, name, role, status, idle_since, languages, missed_in_row, created_at, disabled_at, session_version';

/** Brings one consultant in a kept list up to date with a change just written. */
const patchAgent = (list: Agent[], id: string, change: Partial<Pick<Agent, 'status' | 'idleSince' | 'missedInRow'>>): void => {
  const i = list.findIndex((a) => a.id === id);
  const agent = list[i];
  if (agent) list[i] = frozenAgent({ ...agent, ...change });
};

/** A kept consultant is shared by every caller until it changes: frozen, so none can change it for the next. */
const frozenAgent = (a: Agent): Agent => Object.freeze({ ...a, languages: Object.freeze([...a.languages]) as string[] });

const toAgent = (r: Omit<AgentRow, 'password_hash'>): Agent => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  status: r.status,
  idleSince: r.idle_since,
  languages: JSON.parse(r.languages) as string[],
  missedInRow: r.missed_in_row,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  sessionVersion: Number(r.session_version),
});

const toCall = (r: CallRow): CallRecord => ({
  id: r.id,
  state: r.state,
  page: { url: r.page_url, title: r.page_title, ...(r.product_id ? { productId: r.product_id } : {}) },
  pageNow: r.page_now ? (JSON.parse(r.page_now) as Page) : { url: r.page_url, title: r.page_title, ...(r.product_id ? { productId: r.product_id } : {}) },
  origin: r.origin,
  language: r.language,
  requestedAgentId: r.requested_agent_id,
  front: r.front === 1,
  agentId: r.agent_id,
  createdAt: r.created_at,
  offeredAt: r.offered_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
  kind: r.kind,
  videoAskedBy: r.video_asked_by,
  videoSince: r.video_since === null ? null : Number(r.video_since),
});

interface CallbackRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  preferred_time: string | null;
  note: string | null;
  language: string | null;
  page_url: string;
  page_title: string;
  product_id: string | null;
  created_at: number;
  done_at: number | null;
  done_by: string | null;
}

const toCallback = (r: CallbackRow): CallbackRequest => ({
  id: r.id,
  name: r.name,
  ...(r.phone === null ? {} : { phone: r.phone }),
  ...(r.email === null ? {} : { email: r.email }),
  ...(r.preferred_time === null ? {} : { preferredTime: r.preferred_time }),
  ...(r.note === null ? {} : { note: r.note }),
  ...(r.language === null ? {} : { language: r.language }),
  page: { url: r.page_url, title: r.page_title, ...(r.product_id === null ? {} : { productId: r.product_id }) },
  createdAt: r.created_at,
  ...(r.done_at === null ? {} : { doneAt: r.done_at }),
  ...(r.done_by === null ? {} : { doneBy: r.done_by }),
});

/**
 * The store on either engine: the same statements, the same migrations. Transitions are
 * conditional UPDATEs inside a transaction that also writes the call's event; on PostgreSQL,
 * where several servers write at once, the agent's row is locked first so that two servers
 * cannot both hand one consultant a call (and a unique index makes it impossible anyway).
 */
export async function openSqlStore(db: SqlDb): Promise<Store> {
  await migrate(db);

  const addEvent = (tx: SqlRunner, callId: string, at: number, kind: CallEventKind, agentId: string | null, detail: string | null) =>
    tx.run('INSERT INTO call_events (call_id, at, kind, agent_id, detail) VALUES (?, ?, ?, ?, ?)', [callId, at, kind, agentId, detail]);
  const getAgent = (id: string) => db.get<AgentRow>('SELECT * FROM agents WHERE id = ?', [id]);
  const getCall = (id: string) => db.get<CallRow>('SELECT * FROM calls WHERE id = ?', [id]);
  const getCallback = (id: string) => db.get<CallbackRow>('SELECT * FROM callback_requests WHERE id = ?', [id]);
  /**
   * The consultants, read on every pass over the line. One server owns an SQLite file, so it sees
   * every change to them and keeps the list between changes; servers sharing PostgreSQL read it each time.
   */
  const team = new KeptRead(
    async () =>
      (await db.all<Omit<AgentRow, 'password_hash'>>(`SELECT ${AGENT_COLUMNS} FROM agents WHERE disabled_at IS NULL ORDER BY name, id`)).map((r) =>
        frozenAgent(toAgent(r)),
      ),
    db.engine === 'sqlite',
  );
  /** The calls not ended (the line, who is busy), read on every pass over the line: kept between changes the same way. */
  const openCalls = new KeptOpenCalls(
    {
      open: async () => (await db.all<CallRow>("SELECT * FROM calls WHERE state <> 'ended' ORDER BY created_at, id")).map(toCall),
      waiting: async () =>
        // `state <> 'ended'` is the open-calls index's own condition: it lets both engines use it.
        (await db.all<CallRow>("SELECT * FROM calls WHERE state <> 'ended' AND state IN ('queued', 'ringing') ORDER BY created_at, id")).map(toCall),
      // PostgreSQL's COUNT is a bigint, which its driver may hand over as a string.
      countQueued: async () =>
        Number((await db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM calls WHERE state <> 'ended' AND state = 'queued'"))?.n ?? 0),
      busyAgentIds: async () =>
        (
          await db.all<{ agent_id: string }>("SELECT agent_id FROM calls WHERE state <> 'ended' AND state IN ('ringing', 'in-call') AND agent_id IS NOT NULL")
        ).map((r) => r.agent_id),
      call: async (id) => {
        const row = await getCall(id);
        return row && toCall(row);
      },
    },
    db.engine === 'sqlite',
  );
  /** How long recent calls took, read on every pass while shoppers wait; only an ending call changes it. */
  const handleTimes = new Map<number, KeptRead<{ mean: number | undefined }>>();
  const forgetHandleTimes = <R>(write: Promise<R>): Promise<R> => [...handleTimes.values()].reduce((w, kept) => kept.changing(w), write);
  /** Holds the agent's row until the transaction ends, so no other server changes or books them meanwhile. */
  const lockAgent = (tx: SqlRunner, id: string) => tx.get(`SELECT id FROM agents WHERE id = ? ${db.forUpdate}`, [id]);

  /**
   * Runs a conditional UPDATE (`RETURNING *`: the row it left, or nothing if it changed none) and,
   * only if it changed the row, logs the event in the same transaction.
   */
  const transition = async (
    update: (tx: SqlRunner) => Promise<CallRow | undefined>,
    event: [callId: string, at: number, kind: CallEventKind, agentId: string | null, detail: string | null],
  ): Promise<boolean> => {
    try {
      const row = await db.transaction(async (tx) => {
        const changed = await update(tx);
        if (changed) await addEvent(tx, ...event);
        return changed;
      });
      if (row) openCalls.changed(toCall(row));
      return row !== undefined;
    } catch (err) {
      // The one-open-call-per-agent index: another server booked the agent first.
      if (db.isUniqueViolation(err)) return false;
      throw err;
    }
  };

  const agents: AgentRepo = {
    async create(a, at) {
      const id = newId('agent');
      try {
        await team.changing(
          db.run(
            `INSERT INTO agents (id, email, name, password_hash, role, status, idle_since, languages, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [id, a.email.toLowerCase(), a.name, a.passwordHash, a.role, 'away', at, JSON.stringify(a.languages ?? ['en']), at],
          ),
        );
      } catch (err) {
        throw db.isUniqueViolation(err) ? new EmailTakenError(a.email) : err;
      }
      return toAgent((await getAgent(id)) as AgentRow);
    },
    async get(id) {
      // Sessions look their consultant up on every request: one server on SQLite answers from the list it keeps.
      const kept = team.keeps ? (await team.get()).find((a) => a.id === id) : undefined;
      if (kept) return kept;
      const row = await getAgent(id);
      return row && toAgent(row);
    },
    async findForLogin(email) {
      const row = await db.get<AgentRow>('SELECT * FROM agents WHERE email = ?', [email.toLowerCase()]);
      return row && { ...toAgent(row), passwordHash: row.password_hash };
    },
    async list() {
      return [...(await team.get())];
    },
    async listAll() {
      return (await db.all<AgentRow>('SELECT * FROM agents WHERE removed_at IS NULL ORDER BY disabled_at IS NOT NULL, name, id')).map(toAgent);
    },
    async update(id, change, at) {
      await team.changing(
        db.transaction(async (tx) => {
          if (change.name !== undefined) await tx.run('UPDATE agents SET name = ? WHERE id = ?', [change.name, id]);
          if (change.languages !== undefined) await tx.run('UPDATE agents SET languages = ? WHERE id = ?', [JSON.stringify(change.languages), id]);
          if (change.disabled === true) {
            await tx.run("UPDATE agents SET disabled_at = COALESCE(disabled_at, ?), status = 'away', session_version = session_version + 1 WHERE id = ?", [
              at,
              id,
            ]);
          }
          if (change.disabled === false) await tx.run('UPDATE agents SET disabled_at = NULL WHERE id = ?', [id]);
        }),
      );
      return this.get(id);
    },
    async remove(id, at) {
      const changed = await team.changing(
        db.run(
          `UPDATE agents SET removed_at = ?, disabled_at = COALESCE(disabled_at, ?), status = 'away', session_version = session_version + 1,
           email = 'removed-' || id || '@removed.invalid', password_hash = '!' WHERE id = ? AND removed_at IS NULL`,
          [at, at, id],
        ),
      );
      return changed === 1;
    },
    async setPasswordHash(id, passwordHash) {
      return (await team.changing(db.run('UPDATE agents SET password_hash = ?, session_version = session_version + 1 WHERE id = ?', [passwordHash, id]))) === 1;
    },
    async endSessions(id) {
      return (await team.changing(db.run('UPDATE agents SET session_version = session_version + 1 WHERE id = ? AND removed_at IS NULL', [id]))) === 1;
    },
    async setStatus(id, status, at) {
      await team.changing(db.run('UPDATE agents SET status = ?, idle_since = ?, missed_in_row = 0 WHERE id = ?', [status, at, id]), (list) =>
        patchAgent(list, id, { status, idleSince: at, missedInRow: 0 }),
      );
      return this.get(id);
    },
    async markIdle(id, at) {
      await team.changing(db.run('UPDATE agents SET idle_since = ? WHERE id = ?', [at, id]), (list) => patchAgent(list, id, { idleSince: at }));
    },
    async recordMiss(id, at) {
      const row = await team.changing(
        db.get<{ missed_in_row: number }>('UPDATE agents SET missed_in_row = missed_in_row + 1, idle_since = ? WHERE id = ? RETURNING missed_in_row', [at, id]),
        (list, row) => patchAgent(list, id, { idleSince: at, missedInRow: row?.missed_in_row ?? 0 }),
      );
      return row?.missed_in_row ?? 0;
    },
    async listFree() {
      const rows = await db.all<AgentRow>(
        `SELECT a.* FROM agents a
          WHERE a.status = 'available' AND a.disabled_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.agent_id = a.id AND c.state IN ('ringing', 'in-call'))
          ORDER BY a.idle_since, a.id`,
      );
      return rows.map(toAgent);
    },
  };

  /** The agent may take a call now: available, enabled, with no call ringing or answered. */
  const FREE = `EXISTS (SELECT 1 FROM agents a WHERE a.id = ? AND a.status = 'available' AND a.disabled_at IS NULL)
    AND NOT EXISTS (SELECT 1 FROM calls o WHERE o.agent_id = ? AND o.state IN ('ringing', 'in-call'))`;

  const calls: CallRepo = {
    async create(call, at) {
      const row = await db.transaction(async (tx) => {
        const inserted = await tx.get<CallRow>(
          // The page's product data has no columns of its own: it lives in page_now from the start.
          `INSERT INTO calls (id, state, page_url, page_title, product_id, page_now, origin, language, requested_agent_id, kind, visitor_id, created_at)
           VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          [
            call.id,
            call.page.url,
            call.page.title,
            call.page.productId ?? null,
            call.page.product ? JSON.stringify(call.page) : null,
            call.origin,
            call.language ?? null,
            call.requestedAgentId ?? null,
            call.kind ?? 'video',
            call.visitorId ?? null,
            at,
          ],
        );
        const detail = [call.requestedAgentId ? 'chosen' : null, call.kind === 'chat' ? 'chat' : null].filter(Boolean).join(' ') || null;
        await addEvent(tx, call.id, at, 'created', call.requestedAgentId ?? null, detail);
        return inserted as CallRow;
      });
      const created = toCall(row);
      openCalls.changed(created);
      return created;
    },
    get: (id) => openCalls.call(id),
    async movedWhileWaiting(id, page) {
      const row = await db.get<CallRow>("UPDATE calls SET page_now = ? WHERE id = ? AND state IN ('queued', 'ringing') RETURNING *", [
        JSON.stringify(page),
        id,
      ]);
      if (row) openCalls.changed(toCall(row));
      return row !== undefined;
    },
    async listQueued() {
      return (await db.all<CallRow>("SELECT * FROM calls WHERE state <> 'ended' AND state = 'queued' ORDER BY front DESC, created_at, id")).map(toCall);
    },
    countQueued: () => openCalls.countQueued(),
    listOpen: () => openCalls.open(),
    listWaiting: () => openCalls.waiting(),
    busyAgentIds: () => openCalls.busyAgentIds(),
    async openCallOf(agentId) {
      const row = await db.get<CallRow>("SELECT * FROM calls WHERE agent_id = ? AND state IN ('ringing', 'in-call')", [agentId]);
      return row && toCall(row);
    },
    async queuedRejections() {
      const rows = await db.all<{ call_id: string; agent_id: string; at: number }>(
        // From the open-calls index to each queued call's own events: joined the other way round,
        // the engine read every event of every call ever made, once per pass over the line.
        `SELECT e.call_id, e.agent_id, max(e.at) AS at FROM calls c JOIN call_events e ON e.call_id = c.id
          WHERE c.state <> 'ended' AND c.state = 'queued' AND e.kind IN ('missed', 'declined') GROUP BY e.call_id, e.agent_id`,
      );
      const out = new Map<string, Map<string, number>>();
      for (const r of rows) {
        let m = out.get(r.call_id);
        if (!m) out.set(r.call_id, (m = new Map<string, number>()));
        m.set(r.agent_id, r.at);
      }
      return out;
    },
    async events(callId) {
      const rows = await db.all<{ call_id: string; at: number; kind: CallEventKind; agent_id: string | null; detail: string | null }>(
        'SELECT call_id, at, kind, agent_id, detail FROM call_events WHERE call_id = ? ORDER BY id',
        [callId],
      );
      return rows.map((r): CallEvent => ({ callId: r.call_id, at: r.at, kind: r.kind, agentId: r.agent_id, detail: r.detail }));
    },
    async offer(callId, agentId, at, cooldownMs = 0) {
      return transition(
        async (tx) => {
          await lockAgent(tx, agentId);
          // A plan can be older than the news: another server may have rung this consultant for
          // this call and had it missed or declined meanwhile; then they are not rung again so soon.
          return tx.get<CallRow>(
            `UPDATE calls SET state = 'ringing', agent_id = ?, offered_at = ?
            WHERE id = ? AND state = 'queued' AND (requested_agent_id IS NULL OR requested_agent_id = ?) AND ${FREE}
              AND NOT EXISTS (SELECT 1 FROM call_events e WHERE e.call_id = calls.id AND e.agent_id = ? AND e.kind IN ('missed', 'declined') AND e.at > ?)
            RETURNING *`,
            [agentId, at, callId, agentId, agentId, agentId, agentId, at - cooldownMs],
          );
        },
        [callId, at, 'offered', agentId, null],
      );
    },
    async withdraw(callId, agentId, kind, at) {
      return transition(
        (tx) =>
          tx.get<CallRow>("UPDATE calls SET state = 'queued', agent_id = NULL WHERE id = ? AND state = 'ringing' AND agent_id = ? RETURNING *", [
            callId,
            agentId,
          ]),
        [callId, at, kind, agentId, null],
      );
    },
    async answer(callId, agentId, at) {
      // Resets the consultant's missed rings: their row changes too.
      return team.changing(
        transition(
          async (tx) => {
            const row = await tx.get<CallRow>(
              "UPDATE calls SET state = 'in-call', answered_at = COALESCE(answered_at, ?), front = 0 WHERE id = ? AND state = 'ringing' AND agent_id = ? RETURNING *",
              [at, callId, agentId],
            );
            if (row) await tx.run('UPDATE agents SET missed_in_row = 0 WHERE id = ?', [agentId]);
            return row;
          },
          [callId, at, 'answered', agentId, null],
        ),
        (list, answered) => {
          if (answered) patchAgent(list, agentId, { missedInRow: 0 });
        },
      );
    },
    async requeue(callId, agentId, reason, at) {
      return transition(
        (tx) =>
          tx.get<CallRow>(
            // An ask for video was made to (or by) the consultant who left: the next one starts afresh.
            `UPDATE calls SET state = 'queued', agent_id = NULL, offered_at = NULL, front = 1, requested_agent_id = NULL, video_asked_by = NULL
              WHERE id = ? AND state = 'in-call' AND agent_id = ? RETURNING *`,
            [callId, agentId],
          ),
        [callId, at, 'requeued', agentId, reason],
      );
    },
    async transfer(callId, from, to, at) {
      if (from === to) return false;
      return transition(
        async (tx) => {
          await lockAgent(tx, to);
          return tx.get<CallRow>(`UPDATE calls SET agent_id = ? WHERE id = ? AND state = 'in-call' AND agent_id = ? AND ${FREE} RETURNING *`, [
            to,
            callId,
            from,
            to,
            to,
          ]);
        },
        [callId, at, 'transferred', to, from],
      );
    },
    async askVideo(callId, by, agentId, at) {
      return transition(
        (tx) =>
          tx.get<CallRow>(
            `UPDATE calls SET video_asked_by = ?
              WHERE id = ? AND state = 'in-call' AND kind = 'chat' AND video_since IS NULL AND video_asked_by IS NULL RETURNING *`,
            [by, callId],
          ),
        [callId, at, 'video-asked', agentId, by],
      );
    },
    async answerVideo(callId, by, accept, agentId, at) {
      const other: VideoSide = by === 'shopper' ? 'agent' : 'shopper';
      return transition(
        (tx) =>
          tx.get<CallRow>(
            `UPDATE calls SET video_asked_by = NULL, video_since = ?
              WHERE id = ? AND state = 'in-call' AND kind = 'chat' AND video_since IS NULL AND video_asked_by = ? RETURNING *`,
            [accept ? at : null, callId, other],
          ),
        [callId, at, accept ? 'video-started' : 'video-declined', agentId, by],
      );
    },
    async switchToAnyone(callId, at) {
      return transition(
        (tx) =>
          tx.get<CallRow>(
            "UPDATE calls SET requested_agent_id = NULL WHERE id = ? AND state IN ('queued', 'ringing') AND requested_agent_id IS NOT NULL RETURNING *",
            [callId],
          ),
        [callId, at, 'switched', null, null],
      );
    },
    async recentHandleMs(limit) {
      let kept = handleTimes.get(limit);
      if (!kept) {
        const read = async () => {
          const row = await db.get<{ mean: number | null }>(
            `SELECT avg(ended_at - answered_at) AS mean FROM (
               SELECT ended_at, answered_at FROM calls
                WHERE state = 'ended' AND answered_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?) recent`,
            [limit],
          );
          return { mean: row?.mean ?? undefined };
        };
        handleTimes.set(limit, (kept = new KeptRead(read, db.engine === 'sqlite')));
      }
      return (await kept.get()).mean;
    },
    async end(callId, reason, at) {
      const ended = await team.changing(
        forgetHandleTimes(
          db.transaction(async (tx) => {
            const before = await tx.get<CallRow>(`SELECT * FROM calls WHERE id = ? ${db.forUpdate}`, [callId]);
            if (!before || before.state === 'ended') return undefined;
            const why = typeof reason === 'function' ? reason(before.state) : reason;
            const after = await tx.get<CallRow>(
              "UPDATE calls SET state = 'ended', ended_at = ?, end_reason = ? WHERE id = ? AND state <> 'ended' RETURNING *",
              [at, why, callId],
            );
            await addEvent(tx, callId, at, why === 'cancelled' ? 'cancelled' : 'ended', before.agent_id, why);
            await tx.run('DELETE FROM call_absences WHERE call_id = ?', [callId]);
            // The consultant is free from now on: at the back of the idle order, as after any call.
            if (before.agent_id !== null) await tx.run('UPDATE agents SET idle_since = ? WHERE id = ?', [at, before.agent_id]);
            return { before: toCall(before), after: toCall(after as CallRow) };
          }),
        ),
        (list, ended) => {
          if (ended?.before.agentId) patchAgent(list, ended.before.agentId, { idleSince: at });
        },
      );
      if (!ended) return undefined;
      openCalls.changed(ended.after);
      return ended.before;
    },
    async markAbsent(callId, identity, until) {
      await db.run(
        `INSERT INTO call_absences (call_id, identity, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (call_id, identity) DO UPDATE SET expires_at = excluded.expires_at`,
        [callId, identity, until],
      );
    },
    async absencesDue(at) {
      const rows = await db.all<{ call_id: string; identity: string; expires_at: number }>(
        'SELECT call_id, identity, expires_at FROM call_absences WHERE expires_at < ? ORDER BY expires_at',
        [at],
      );
      return rows.map((r) => ({ callId: r.call_id, identity: r.identity, until: r.expires_at }));
    },
    async takeAbsence(callId, identity, until) {
      return (await db.run('DELETE FROM call_absences WHERE call_id = ? AND identity = ? AND expires_at = ?', [callId, identity, until])) === 1;
    },
  };

  const callbacks: CallbackRepo = {
    async create(r, at) {
      const id = newId('cb');
      const row: SqlValue[] = [
        id,
        r.name,
        r.phone ?? null,
        r.email ?? null,
        r.preferredTime ?? null,
        r.note ?? null,
        r.language ?? null,
        r.page.url,
        r.page.title,
        r.page.productId ?? null,
        r.origin,
        at,
      ];
      await db.run(
        `INSERT INTO callback_requests
           (id, name, phone, email, preferred_time, note, language, page_url, page_title, product_id, origin, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        row,
      );
      return toCallback((await getCallback(id)) as CallbackRow);
    },
    async list(state, limit) {
      const where = { open: 'WHERE done_at IS NULL', done: 'WHERE done_at IS NOT NULL', all: '' }[state];
      return (await db.all<CallbackRow>(`SELECT * FROM callback_requests ${where} ORDER BY created_at DESC, id LIMIT ?`, [limit])).map(toCallback);
    },
    async markDone(id, agentId, at) {
      const changed = await db.run('UPDATE callback_requests SET done_at = ?, done_by = ? WHERE id = ? AND done_at IS NULL', [at, agentId, id]);
      const row = await getCallback(id);
      if (!row) return undefined;
      return changed === 1 ? toCallback(row) : false;
    },
  };

  /** Settings are read on every request (the shop's origins); one server on SQLite keeps each between changes. */
  const keptSettings = new Map<string, KeptRead<{ value: unknown }>>();
  const setting = (key: string) => {
    let kept = keptSettings.get(key);
    if (!kept) {
      const read = async () => {
        const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
        return { value: row === undefined ? undefined : (JSON.parse(row.value) as unknown) };
      };
      keptSettings.set(key, (kept = new KeptRead(read, db.engine === 'sqlite')));
    }
    return kept;
  };
  const settings: SettingsRepo = {
    async get(key) {
      // A copy: what a caller does with the value must not change the next caller's.
      return structuredClone((await setting(key).get()).value);
    },
    async put(key, value, at) {
      await setting(key).changing(
        db.run(
          'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
          [key, JSON.stringify(value), at],
        ),
      );
    },
  };

  /** Expired webhook ids are cleared at most this often: every event clearing them cost a write per event. */
  const WEBHOOK_SWEEP_MS = 60_000;
  let webhooksSweptAt = -Infinity;
  const webhooks: WebhookRepo = {
    async firstSeen(id, expiresAt, now) {
      if (now - webhooksSweptAt >= WEBHOOK_SWEEP_MS) {
        webhooksSweptAt = now;
        await db.run('DELETE FROM webhook_events WHERE expires_at <= ?', [now]);
      }
      return (await db.run('INSERT INTO webhook_events (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [id, expiresAt])) === 1;
    },
  };

  const audit: AuditRepo = {
    async add(e) {
      await db.run('INSERT INTO audit_log (at, actor_id, actor_name, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)', [
        e.at,
        e.actor.id,
        e.actor.name,
        e.action,
        e.target,
        e.detail,
      ]);
    },
    async list(page) {
      const rows = await db.all<{
        id: number;
        at: number;
        actor_id: string;
        actor_name: string;
        action: AuditAction;
        target: string | null;
        detail: string | null;
      }>(
        `SELECT * FROM audit_log ${page.before === undefined ? '' : 'WHERE id < ?'} ORDER BY id DESC LIMIT ?`,
        page.before === undefined ? [page.limit] : [page.before, page.limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        at: Number(r.at),
        actor: { id: r.actor_id, name: r.actor_name },
        action: r.action,
        target: r.target,
        detail: r.detail,
      }));
    },
  };

  return {
    agents,
    calls,
    callbacks,
    settings,
    webhooks,
    audit,
    recordings: sqlRecordingRepo(db),
    history: sqlHistoryRepo(db),
    sales: sqlSalesRepo(db),
    funnel: sqlFunnelRepo(db),
    outbox: sqlWebhookOutbox(db),
    catalogue: sqlCatalogueRepo(db),
    chat: sqlChatRepo(db, (callId) => openCalls.reread(callId)),
    close: () => db.close(),
  };
}
