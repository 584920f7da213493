import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDb, SqlRunner, SqlValue } from '../sql/sql-db.js';

/**
 * The embedded engine: one file, one connection, statements run synchronously under the
 * promises. A transaction spans awaits, so while one is open every other statement waits for
 * it; otherwise a request's statement would slip into another request's transaction.
 */
export function openSqliteDb(file: string): SqlDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    let s = prepared.get(sql);
    if (!s) prepared.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const direct: SqlRunner = {
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return statement(sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return statement(sql).get(...params) as T | undefined;
    },
    async run(sql, params = []) {
      return statement(sql).run(...params).changes;
    },
    async exec(sql) {
      db.exec(sql);
    },
  };

  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  /** Runs `work` after every transaction queued before it. */
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    waiting++;
    const result = queue.then(work).finally(() => waiting--);
    // The caller gets the failure through `result`; the queue only needs to know it is done.
    queue = result.catch(() => undefined);
    return result;
  };
  // Outside a transaction a statement runs at once, as better-sqlite3 would; only an open
  // transaction makes it wait its turn.
  const outside = <R>(statement: () => Promise<R>): Promise<R> => (waiting === 0 ? statement() : inTurn(statement));

  return {
    engine: 'sqlite',
    forUpdate: '',
    all: <T>(sql: string, params?: readonly SqlValue[]) => outside(() => direct.all<T>(sql, params)),
    get: <T>(sql: string, params?: readonly SqlValue[]) => outside(() => direct.get<T>(sql, params)),
    run: (sql, params) => outside(() => direct.run(sql, params)),
    exec: (sql) => outside(() => direct.exec(sql)),
    transaction<T>(work: (tx: SqlRunner) => Promise<T>) {
      return inTurn(async () => {
        // Prepared once like every other statement: `exec` parses its SQL on every call, a few
        // percent of the server's CPU when every transition is a transaction.
        statement('BEGIN IMMEDIATE').run();
        try {
          const result = await work(direct);
          statement('COMMIT').run();
          return result;
        } catch (err) {
          if (db.inTransaction) statement('ROLLBACK').run();
          throw err;
        }
      });
    },
    isUniqueViolation: (err) => (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE',
    async close() {
      await queue;
      db.close();
    },
  };
}
