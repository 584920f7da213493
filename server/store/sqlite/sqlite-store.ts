import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AgentStatus, Role } from '../../contract/auth.js';
import type { EndReason, ServerCallState } from '../../contract/calls.js';
import { newId } from '../../ids.js';
import type { Agent, AgentRepo, CallEvent, CallEventKind, CallRecord, CallRepo, Store } from '../store.js';
import { migrations } from './migrations.js';

interface AgentRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  status: AgentStatus;
  idle_since: number;
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
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const toCall = (r: CallRow): CallRecord => ({
  id: r.id,
  state: r.state,
  page: { url: r.page_url, title: r.page_title, ...(r.product_id ? { productId: r.product_id } : {}) },
  origin: r.origin,
  agentId: r.agent_id,
  createdAt: r.created_at,
  offeredAt: r.offered_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
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
        'INSERT INTO agents (id, email, name, password_hash, role, status, idle_since, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(id, a.email.toLowerCase(), a.name, a.passwordHash, a.role, 'away', at, at);
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
    async count() {
      return db.prepare('SELECT count(*) FROM agents').pluck().get() as number;
    },
    async setStatus(id, status, at) {
      db.prepare('UPDATE agents SET status = ?, idle_since = ? WHERE id = ?').run(status, at, id);
      return this.get(id);
    },
    async markIdle(id, at) {
      db.prepare('UPDATE agents SET idle_since = ? WHERE id = ?').run(at, id);
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
          `INSERT INTO calls (id, state, page_url, page_title, product_id, origin, created_at)
           VALUES (?, 'queued', ?, ?, ?, ?, ?)`,
        ).run(call.id, call.page.url, call.page.title, call.page.productId ?? null, call.origin, at);
        addEvent.run(call.id, at, 'created', null, null);
      })();
      return toCall(getCall.get(call.id) as CallRow);
    },
    async get(id) {
      const row = getCall.get(id);
      return row && toCall(row);
    },
    async listQueued() {
      return db
        .prepare<[], CallRow>("SELECT * FROM calls WHERE state = 'queued' ORDER BY created_at, id")
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
    async rejections(callId) {
      const rows = db
        .prepare<[string], { agent_id: string; at: number }>(
          `SELECT agent_id, max(at) AS at FROM call_events
            WHERE call_id = ? AND kind IN ('missed', 'declined') GROUP BY agent_id`,
        )
        .all(callId);
      return new Map(rows.map((r) => [r.agent_id, r.at]));
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
                WHERE id = ? AND state = 'queued'
                  AND EXISTS (SELECT 1 FROM agents a WHERE a.id = ? AND a.status = 'available' AND a.disabled_at IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM calls o WHERE o.agent_id = ? AND o.state IN ('ringing', 'in-call'))`,
            )
            .run(agentId, at, callId, agentId, agentId).changes,
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
        () =>
          db
            .prepare(
              "UPDATE calls SET state = 'in-call', answered_at = ? WHERE id = ? AND state = 'ringing' AND agent_id = ?",
            )
            .run(at, callId, agentId).changes,
        [callId, at, 'answered', agentId, null],
      );
    },
    async end(callId, reason, at) {
      return db.transaction(() => {
        const before = getCall.get(callId);
        if (!before || before.state === 'ended') return undefined;
        db.prepare("UPDATE calls SET state = 'ended', ended_at = ?, end_reason = ? WHERE id = ? AND state <> 'ended'").run(
          at,
          reason,
          callId,
        );
        addEvent.run(callId, at, 'ended', before.agent_id, reason);
        return toCall(before);
      })();
    },
  };

  return {
    agents,
    calls,
    async close() {
      db.close();
    },
  };
}
