import type { Logger } from '../log.js';
import { openPostgresDb } from './engines/postgres-db.js';
import { openSqliteDb } from './engines/sqlite-db.js';
import { openSqlStore } from './sql/sql-store.js';
import type { Store } from './store.js';

export type DatabaseConfig = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

/** Opens the configured engine and brings its schema up to date. */
export async function openStore(database: DatabaseConfig, log?: Logger): Promise<Store> {
  const db =
    database.engine === 'sqlite'
      ? openSqliteDb(database.file)
      : openPostgresDb(database.url, { onError: (err) => log?.warn('a database connection failed', { err }) });
  try {
    return await openSqlStore(db);
  } catch (err) {
    // The migration's error is the one to report; closing is only to let go of the file or pool.
    await db.close().catch(() => undefined);
    throw err;
  }
}
