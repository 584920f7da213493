import pg from 'pg';
import type { SqlDb, SqlRunner, SqlValue } from '../sql/sql-db.js';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Times are epoch milliseconds in BIGINT columns, and counts and averages come back as
 * BIGINT and NUMERIC: all well inside a double, so they are read as numbers, as SQLite gives them.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/** `?` placeholders (outside quoted literals) become `$1, $2, …`. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/** Errors worth one more try: two transactions that deadlocked or could not be serialized. */
const RETRYABLE = new Set(['40001', '40P01']);
const code = (err: unknown): string | undefined => (err as { code?: string } | null)?.code;

/**
 * PostgreSQL, for shops that run several Vitrina servers on one database. A pool of
 * connections; a transaction holds one of them from BEGIN to COMMIT.
 */
export function openPostgresDb(url: string, o: { poolSize?: number; onError?: (err: Error) => void } = {}): SqlDb {
  const pool = new pg.Pool({ connectionString: url, max: o.poolSize ?? 10, types });
  // A connection dropped while idle (the database restarted) must not take the process down.
  pool.on('error', (err) => o.onError?.(err));

  const converted = new Map<string, string>();
  const text = (sql: string): string => {
    let t = converted.get(sql);
    if (t === undefined) converted.set(sql, (t = numberPlaceholders(sql)));
    return t;
  };
  const runner = (q: pg.Pool | pg.PoolClient): SqlRunner => ({
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await q.query(text(sql), [...params])).rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await q.query(text(sql), [...params])).rows[0] as T | undefined;
    },
    async run(sql, params = []) {
      return (await q.query(text(sql), [...params])).rowCount ?? 0;
    },
    async exec(sql) {
      await q.query(sql);
    },
  });

  return {
    engine: 'postgres',
    forUpdate: 'FOR UPDATE',
    ...runner(pool),
    async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work(runner(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          // A broken connection cannot roll back, and the server drops its transaction anyway; the first error is the one to report.
          await client.query('ROLLBACK').catch(() => undefined);
          if (!RETRYABLE.has(code(err) ?? '') || attempt === 3) throw err;
        } finally {
          client.release();
        }
      }
    },
    isUniqueViolation: (err) => code(err) === '23505',
    async close() {
      await pool.end();
    },
  };
}
