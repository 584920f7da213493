/** Reading the store the servers share, for the line while the load runs and the checks afterwards. */
import Database from 'better-sqlite3';
import { openPostgresDb } from '../../../server/store/engines/postgres-db.js';
import { PAST_CALL_PREFIX } from './past-calls.js';

export interface StoreReader {
  /** For the report: "SQLite", "PostgreSQL". */
  readonly name: string;
  all<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** The store as an SQLite file, opened read-only beside the server that writes it. */
export function sqliteReader(file: string): StoreReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const statements = new Map<string, Database.Statement>();
  return {
    name: 'SQLite',
    async all<T>(sql: string): Promise<T[]> {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all() as T[];
    },
    async close() {
      db.close();
    },
  };
}

/** The store as a PostgreSQL database; BIGINT times and counts come back as numbers, as on SQLite. */
export function postgresReader(url: string): StoreReader {
  const db = openPostgresDb(url, { poolSize: 2 });
  return { name: 'PostgreSQL', all: <T>(sql: string) => db.all<T>(sql), close: () => db.close() };
}

export interface CallRow {
  id: string;
  state: string;
  end_reason: string | null;
  agent_id: string | null;
  created_at: number;
  offered_at: number | null;
  answered_at: number | null;
  ended_at: number | null;
}

export interface EventRow {
  id: number;
  call_id: string;
  at: number;
  kind: string;
  agent_id: string | null;
  detail: string | null;
}

/** What the store holds once the load is over. */
export interface StoreSnapshot {
  rows: CallRow[];
  /** In id order, which is causal order (see storeDoubles). */
  events: EventRow[];
  agentStatus: { status: string; n: number }[];
}

export async function readSnapshot(store: StoreReader): Promise<StoreSnapshot> {
  // The calls written before the run (`--history`) are not the simulation's.
  const rows = await store.all<CallRow>(
    `SELECT id, state, end_reason, agent_id, created_at, offered_at, answered_at, ended_at FROM calls WHERE id NOT LIKE '${PAST_CALL_PREFIX}%'`,
  );
  const events = await store.all<EventRow>(
    `SELECT id, call_id, at, kind, agent_id, detail FROM call_events WHERE call_id NOT LIKE '${PAST_CALL_PREFIX}%' ORDER BY id`,
  );
  const agentStatus = await store.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM agents GROUP BY status');
  return { rows, events, agentStatus };
}
