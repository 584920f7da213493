import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { openPostgresDb } from '../../server/store/engines/postgres-db.js';
import { openSqliteDb } from '../../server/store/engines/sqlite-db.js';
import { openStore, type DatabaseConfig } from '../../server/store/open-store.js';
import type { SqlDb } from '../../server/store/sql/sql-db.js';
import type { Store } from '../../server/store/store.js';

/**
 * Set by `npm test` for its second pass of the server suite: the URL of a throwaway
 * PostgreSQL cluster. Unset, tests use an SQLite file as a single server does.
 */
export const TEST_POSTGRES_URL = process.env.VITRINA_TEST_POSTGRES_URL;
export const TEST_ENGINE: DatabaseConfig['engine'] = TEST_POSTGRES_URL ? 'postgres' : 'sqlite';

export interface TestDatabase {
  /** The same env a server would be given for it. */
  env: Record<string, string>;
  open(): Promise<Store>;
  /** A bare connection to the same database, for what the store does not expose (its migrations). */
  openDb(): SqlDb;
  drop(): Promise<void>;
}

/** A database of the engine under test, empty and of this test's own: a file in `dir`, or a new PostgreSQL database. */
export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  if (!TEST_POSTGRES_URL) {
    const config = { engine: 'sqlite', file: path.join(dir, 'vitrina.sqlite') } as const;
    return { env: {}, open: () => openStore(config), openDb: () => openSqliteDb(config.file), drop: async () => {} };
  }
  const name = `vitrina_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const config = { engine: 'postgres', url: url.toString() } as const;
  return {
    env: { VITRINA_DATABASE_URL: config.url },
    open: () => openStore(config),
    openDb: () => openPostgresDb(config.url),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
