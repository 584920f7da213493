import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import pg from 'pg';
import { startThrowawayPostgres } from '../../../scripts/system/postgres.js';
import { freePort } from '../../../scripts/system/free-port.js';

describe('a throwaway PostgreSQL cluster', { timeout: 60_000 }, () => {
  it('starts on loopback, takes a transaction with a row lock, and leaves nothing behind when stopped', async () => {
    const db = await startThrowawayPostgres({ port: await freePort() });
    const dataDir = db.process.spawnargs[db.process.spawnargs.indexOf('-D') + 1] ?? '';
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query('CREATE TABLE calls (id TEXT PRIMARY KEY, state TEXT NOT NULL)');
        await client.query("INSERT INTO calls VALUES ('call_a', 'queued'), ('call_b', 'queued')");
        await client.query('BEGIN');
        const first = await client.query("SELECT id FROM calls WHERE state = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
        assert.deepEqual(first.rows, [{ id: 'call_a' }]);
        await client.query('COMMIT');
        const { rows } = await client.query<{ listen: string }>("SELECT current_setting('listen_addresses') AS listen");
        assert.equal(rows[0]?.listen, '127.0.0.1');
      } finally {
        await client.end();
      }
    } finally {
      await db.stop();
    }
    assert.equal(existsSync(dataDir), false, 'its data folder is removed');
  });
});
