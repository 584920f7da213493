import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AgentStatus, Role } from '../../contract/auth.js';
import type { EndReason, ServerCallState } from '../../contract/calls.js';
import type { CallbackRequest } from '../../contract/queue.js';
import { newId } from '../../ids.js';
import type { Agent, AgentRepo, CallbackRepo, CallEvent, CallEventKind, CallRecord, CallRepo, SettingsRepo, Store } from '../store.js';
import { migrations } from './migrations.js';
import { sqliteRecordingRepo } from './recording-repo.js';
import { sqliteChatRepo } from './chat-repo.js';
import { sqliteHistoryRepo } from './history-repo.js';

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
}

const toAgent = (r: AgentRow): Agent => ({
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
});

const toCall = (r: CallRow): CallRecord => ({
  id: r.id,
  state: r.state,
  page: { url: r.page_url, title: r.page_title, ...(r.product_id ? { productId: r.product_id } : {}) },
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

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
    })();
  }
}

/** Opens (creating and migrating) the embedded database file. */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const addEvent = db.prepare<[string, number, CallEventKind, string | null, string | null]>(
    'INSERT INTO call_events (call_id, at, kind, agent_id, detail) VALUES (?, ?, ?, ?, ?)',
  );
  const getAgent = db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?');
  const getCall = db.prepare<[string], CallRow>('SELECT * FROM calls WHERE id = ?');
  const getCallback = db.prepare<[string], CallbackRow>('SELECT * FROM callback_requests WHERE id = ?');

  /** Runs a conditional UPDATE and, only if it changed a row, logs the event in the same transaction. */
  const transition = (update: () => number, event: Parameters<typeof addEvent.run>) =>
    db.transaction(() => {
      if (update() !== 1) return false;
      addEvent.run(...event);
      return true;
    })();

  const agents: AgentRepo = {
    async create(a, at) {
      const id = newId('agent');
      db.prepare(
        `INSERT INTO agents (id, email, name, password_hash, role, status, idle_since, languages, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, a.email.toLowerCase(), a.name, a.passwordHash, a.role, 'away', at, JSON.stringify(a.languages ?? ['en']), at);
      return toAgent(getAgent.get(id) as AgentRow);
    },
    async get(id) {
      const row = getAgent.get(id);
      return row && toAgent(row);
    },
    async findForLogin(email) {
      const row = db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE email = ?').get(email.toLowerCase());
      return row && { ...toAgent(row), passwordHash: row.password_hash };
    },
    async list() {
      return db.prepare<[], AgentRow>('SELECT * FROM agents WHERE disabled_at IS NULL ORDER BY name, id').all().map(toAgent);
    },
    async listAll() {
      return db.prepare<[], AgentRow>('SELECT * FROM agents WHERE removed_at IS NULL ORDER BY disabled_at IS NOT NULL, name, id').all().map(toAgent);
    },
    async update(id, change, at) {
      db.transaction(() => {
        if (change.name !== undefined) db.prepare('UPDATE agents SET name = ? WHERE id = ?').run(change.name, id);
        if (change.languages !== undefined) db.prepare('UPDATE agents SET languages = ? WHERE id = ?').run(JSON.stringify(change.languages), id);
        if (change.disabled === true) db.prepare("UPDATE agents SET disabled_at = COALESCE(disabled_at, ?), status = 'away' WHERE id = ?").run(at, id);
        if (change.disabled === false) db.prepare('UPDATE agents SET disabled_at = NULL WHERE id = ?').run(id);
      })();
      return this.get(id);
    },
    async remove(id, at) {
      return (
        db
          .prepare(
            `UPDATE agents SET removed_at = ?, disabled_at = COALESCE(disabled_at, ?), status = 'away',
               email = 'removed-' || id || '@removed.invalid', password_hash = '!' WHERE id = ? AND removed_at IS NULL`,
          )
          .run(at, at, id).changes === 1
      );
    },
    async setPasswordHash(id, passwordHash) {
      return db.prepare('UPDATE agents SET password_hash = ? WHERE id = ?').run(passwordHash, id).changes === 1;
    },
    async setStatus(id, status, at) {
      db.prepare('UPDATE agents SET status = ?, idle_since = ?, missed_in_row = 0 WHERE id = ?').run(status, at, id);
      return this.get(id);
    },
    async markIdle(id, at) {
      db.prepare('UPDATE agents SET idle_since = ? WHERE id = ?').run(at, id);
    },
    async recordMiss(id, at) {
      return (
        (db
          .prepare('UPDATE agents SET missed_in_row = missed_in_row + 1, idle_since = ? WHERE id = ? RETURNING missed_in_row')
          .pluck()
          .get(at, id) as number | undefined) ?? 0
      );
    },
    async listFree() {
      const rows = db
        .prepare<[], AgentRow>(
          `SELECT a.* FROM agents a
            WHERE a.status = 'available' AND a.disabled_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.agent_id = a.id AND c.state IN ('ringing', 'in-call'))
            ORDER BY a.idle_since, a.id`,
        )
        .all();
      return rows.map(toAgent);
    },
  };

  const calls: CallRepo = {
    async create(call, at) {
      db.transaction(() => {
        db.prepare(
          `INSERT INTO calls (id, state, page_url, page_title, product_id, origin, language, requested_agent_id, created_at)
           VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          call.id,
          call.page.url,
          call.page.title,
          call.page.productId ?? null,
          call.origin,
          call.language ?? null,
          call.requestedAgentId ?? null,
          at,
        );
        addEvent.run(call.id, at, 'created', call.requestedAgentId ?? null, call.requestedAgentId ? 'chosen' : null);
      })();
      return toCall(getCall.get(call.id) as CallRow);
    },
    async get(id) {
      const row = getCall.get(id);
      return row && toCall(row);
    },
    async listQueued() {
      return db
        .prepare<[], CallRow>("SELECT * FROM calls WHERE state = 'queued' ORDER BY front DESC, created_at, id")
        .all()
        .map(toCall);
    },
    async listOpen() {
      return db
        .prepare<[], CallRow>("SELECT * FROM calls WHERE state <> 'ended' ORDER BY created_at, id")
        .all()
        .map(toCall);
    },
    async openCallOf(agentId) {
      const row = db
        .prepare<[string], CallRow>("SELECT * FROM calls WHERE agent_id = ? AND state IN ('ringing', 'in-call')")
        .get(agentId);
      return row && toCall(row);
    },
    async queuedRejections() {
      const rows = db
        .prepare<[], { call_id: string; agent_id: string; at: number }>(
          `SELECT e.call_id, e.agent_id, max(e.at) AS at FROM call_events e JOIN calls c ON c.id = e.call_id
            WHERE c.state = 'queued' AND e.kind IN ('missed', 'declined') GROUP BY e.call_id, e.agent_id`,
        )
        .all();
      const out = new Map<string, Map<string, number>>();
      for (const r of rows) {
        let m = out.get(r.call_id);
        if (!m) out.set(r.call_id, (m = new Map()));
        m.set(r.agent_id, r.at);
      }
      return out;
    },
    async events(callId) {
      return db
        .prepare<[string], { call_id: string; at: number; kind: CallEventKind; agent_id: string | null; detail: string | null }>(
          'SELECT call_id, at, kind, agent_id, detail FROM call_events WHERE call_id = ? ORDER BY id',
        )
        .all(callId)
        .map((r): CallEvent => ({ callId: r.call_id, at: r.at, kind: r.kind, agentId: r.agent_id, detail: r.detail }));
    },
    async offer(callId, agentId, at) {
      return transition(
        () =>
          db
            .prepare(
              `UPDATE calls SET state = 'ringing', agent_id = ?, offered_at = ?
                WHERE id = ? AND state = 'queued' AND (requested_agent_id IS NULL OR requested_agent_id = ?)
                  AND EXISTS (SELECT 1 FROM agents a WHERE a.id = ? AND a.status = 'available' AND a.disabled_at IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM calls o WHERE o.agent_id = ? AND o.state IN ('ringing', 'in-call'))`,
            )
            .run(agentId, at, callId, agentId, agentId, agentId).changes,
        [callId, at, 'offered', agentId, null],
      );
    },
    async withdraw(callId, agentId, kind, at) {
      return transition(
        () =>
          db
            .prepare(
              "UPDATE calls SET state = 'queued', agent_id = NULL WHERE id = ? AND state = 'ringing' AND agent_id = ?",
            )
            .run(callId, agentId).changes,
        [callId, at, kind, agentId, null],
      );
    },
    async answer(callId, agentId, at) {
      return transition(
        () => {
          const changed = db
            .prepare(
              "UPDATE calls SET state = 'in-call', answered_at = coalesce(answered_at, ?), front = 0 WHERE id = ? AND state = 'ringing' AND agent_id = ?",
            )
            .run(at, callId, agentId).changes;
          if (changed) db.prepare('UPDATE agents SET missed_in_row = 0 WHERE id = ?').run(agentId);
          return changed;
        },
        [callId, at, 'answered', agentId, null],
      );
    },
    async requeue(callId, agentId, reason, at) {
      return transition(
        () =>
          db
            .prepare(
              `UPDATE calls SET state = 'queued', agent_id = NULL, offered_at = NULL, front = 1, requested_agent_id = NULL
                WHERE id = ? AND state = 'in-call' AND agent_id = ?`,
            )
            .run(callId, agentId).changes,
        [callId, at, 'requeued', agentId, reason],
      );
    },
    async transfer(callId, from, to, at) {
      return transition(
        () =>
          db
            .prepare(
              `UPDATE calls SET agent_id = ?
                WHERE id = ? AND state = 'in-call' AND agent_id = ? AND ? <> ?
                  AND EXISTS (SELECT 1 FROM agents a WHERE a.id = ? AND a.status = 'available' AND a.disabled_at IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM calls o WHERE o.agent_id = ? AND o.state IN ('ringing', 'in-call'))`,
            )
            .run(to, callId, from, from, to, to, to).changes,
        [callId, at, 'transferred', to, from],
      );
    },
    async switchToAnyone(callId, at) {
      return transition(
        () =>
          db
            .prepare(
              "UPDATE calls SET requested_agent_id = NULL WHERE id = ? AND state IN ('queued', 'ringing') AND requested_agent_id IS NOT NULL",
            )
            .run(callId).changes,
        [callId, at, 'switched', null, null],
      );
    },
    async recentHandleMs(limit) {
      const avg = db
        .prepare(
          `SELECT avg(ended_at - answered_at) FROM (
             SELECT ended_at, answered_at FROM calls
              WHERE state = 'ended' AND answered_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?)`,
        )
        .pluck()
        .get(limit) as number | null;
      return avg ?? undefined;
    },
    async end(callId, reason, at) {
      return db.transaction(() => {
        const before = getCall.get(callId);
        if (!before || before.state === 'ended') return undefined;
        const why = typeof reason === 'function' ? reason(before.state) : reason;
        db.prepare("UPDATE calls SET state = 'ended', ended_at = ?, end_reason = ? WHERE id = ? AND state <> 'ended'").run(
          at,
          why,
          callId,
        );
        addEvent.run(callId, at, why === 'cancelled' ? 'cancelled' : 'ended', before.agent_id, why);
        return toCall(before);
      })();
    },
  };

  const callbacks: CallbackRepo = {
    async create(r, at) {
      const id = newId('cb');
      db.prepare(
        `INSERT INTO callback_requests
           (id, name, phone, email, preferred_time, note, language, page_url, page_title, product_id, origin, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
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
      );
      return toCallback(getCallback.get(id) as CallbackRow);
    },
    async list(state, limit) {
      const where = { open: 'WHERE done_at IS NULL', done: 'WHERE done_at IS NOT NULL', all: '' }[state];
      return db
        .prepare<[number], CallbackRow>(`SELECT * FROM callback_requests ${where} ORDER BY created_at DESC, id LIMIT ?`)
        .all(limit)
        .map(toCallback);
    },
    async markDone(id, agentId, at) {
      const changed = db
        .prepare('UPDATE callback_requests SET done_at = ?, done_by = ? WHERE id = ? AND done_at IS NULL')
        .run(at, agentId, id).changes;
      const row = getCallback.get(id);
      if (!row) return undefined;
      return changed === 1 ? toCallback(row) : false;
    },
  };

  const settings: SettingsRepo = {
    async get(key) {
      const raw = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(key);
      return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
    },
    async put(key, value, at) {
      db.prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      ).run(key, JSON.stringify(value), at);
    },
  };

  return {
    agents,
    calls,
    callbacks,
    settings,
    recordings: sqliteRecordingRepo(db),
    history: sqliteHistoryRepo(db),
    chat: sqliteChatRepo(db),
    async close() {
      db.close();
    },
  };
}
