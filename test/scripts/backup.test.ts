import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backup } from '../../scripts/backup.js';
import { openStore } from '../../server/store/open-store.js';
import type { Store } from '../../server/store/store.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-store.js';

describe(`npm run backup (${TEST_ENGINE})`, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-backup-'));
  let database: TestDatabase;
  let store: Store;
  before(async () => {
    database = await createTestDatabase(dataDir);
    store = await database.open();
    mkdirSync(path.join(dataDir, 'recordings', 'call_1'), { recursive: true });
    writeFileSync(path.join(dataDir, 'recordings', 'call_1', 'shopper-camera.webm'), Buffer.alloc(4096, 7));
    writeFileSync(path.join(dataDir, 'dev-secrets.json'), '{"sessionSecret":"s"}', { mode: 0o600 });
  });
  after(async () => {
    await store.close();
    await database.drop();
  });

  it('copies the database consistently while it is being written, with the recordings and keys', async () => {
    await store.agents.create({ email: 'before@shop.test', name: 'Before', role: 'owner', languages: ['en'], passwordHash: 'x' }, Date.now());
    // The server goes on writing during the backup.
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await store.agents.create(
          { email: `during-${writes}@shop.test`, name: `During ${writes}`, role: 'agent', languages: ['en'], passwordHash: 'x' },
          Date.now(),
        );
        writes += 1;
        // A real server's writes come between other work; let the backup's own steps run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const dest = path.join(mkdtempSync(path.join(tmpdir(), 'vitrina-backup-dest-')), 'copy');
    const databaseUrl = database.env.VITRINA_DATABASE_URL;
    const manifest = await backup({ dataDir, dest, ...(databaseUrl ? { databaseUrl } : {}) });
    writing = false;
    await writer;
    assert.ok(writes > 0, 'the store was written during the backup');

    assert.equal(statSync(dest).mode & 0o777, 0o700, 'the backup folder is private: it holds keys');
    assert.deepEqual(manifest.recordings, { files: 1, bytes: 4096 });
    assert.deepEqual(manifest.secrets, ['dev-secrets.json']);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dest, 'manifest.json'), 'utf8')), manifest);
    assert.equal(readFileSync(path.join(dest, 'recordings', 'call_1', 'shopper-camera.webm')).length, 4096);

    if (manifest.database.engine === 'sqlite') {
      const copy = await openStore({ engine: 'sqlite', file: path.join(dest, 'vitrina.sqlite') });
      try {
        const emails = (await copy.agents.listAll()).map((a) => a.email);
        assert.ok(emails.includes('before@shop.test'), 'what was there before is in the copy');
        assert.ok(emails.length <= writes + 1);
      } finally {
        await copy.close();
      }
    } else {
      const list = spawnSync('pg_restore', ['--list', path.join(dest, 'vitrina.pgdump')], { encoding: 'utf8' });
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, /TABLE DATA public agents/);
    }
  });

  it('refuses a folder that is not empty rather than mixing two backups', async () => {
    const dest = mkdtempSync(path.join(tmpdir(), 'vitrina-backup-full-'));
    writeFileSync(path.join(dest, 'something'), 'x');
    await assert.rejects(backup({ dataDir, dest }), /is not empty/);
  });
});
