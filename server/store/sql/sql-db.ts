/** A value bound to a `?` placeholder. Times are epoch ms, flags 0/1, lists JSON text. */
export type SqlValue = string | number | null;

/** Runs statements written once for both engines: `?` placeholders, standard SQL. */
export interface SqlRunner {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Returns how many rows the statement changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements without parameters (a migration). */
  exec(sql: string): Promise<void>;
}

/**
 * One database behind the store. The few places where the engines differ are named here
 * rather than spelled out in the queries: how a row is locked for the rest of a transaction,
 * and what a broken uniqueness rule looks like.
 */
export interface SqlDb extends SqlRunner {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction, committed when it resolves and rolled back when it throws.
   * Statements inside must go through `tx`: on PostgreSQL they share one connection, on SQLite
   * other statements wait until the transaction ends.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Locks the rows a SELECT returns until the transaction ends (`FOR UPDATE` on PostgreSQL).
   * SQLite has one writer at a time, so its write transactions need no row locks.
   */
  readonly forUpdate: string;
  /** True for the error a UNIQUE index raises, on either engine. */
  isUniqueViolation(err: unknown): boolean;
  close(): Promise<void>;
}
