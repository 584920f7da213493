import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { migrations } from '../../../server/store/sqlite/migrations.js';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../../server/store/store.js';

const page = { url: 'https://shop.test/p/1', title: 'Lamp' };

describe('SQLite store', () => {
  let dir: string;
  let file: string;
  let store: Store;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vitrina-store-'));
    file = path.join(dir, 'vitrina.sqlite');
    store = openSqliteStore(file);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a new file once, and reopening applies nothing twice', async () => {
    const again = openSqliteStore(file);
    await again.close();
    const db = new Database(file, { readonly: true });
    assert.deepEqual(db.prepare('SELECT id FROM schema_migrations').pluck().all(), migrations.map((m) => m.id));
    db.close();
  });

  it('stores e-mails case-insensitively and never the password itself', async () => {
    await store.agents.create({ email: 'Mia@Shop.test', name: 'Mia', role: 'agent', passwordHash: 'scrypt$hash' }, 1);
    const found = await store.agents.findForLogin('mia@shop.TEST');
    assert.equal(found?.name, 'Mia');
    assert.equal(found?.status, 'away');
  });

  it('moves a call through queued → ringing → in-call → ended, logging every step', async () => {
    const a = await store.agents.create({ email: 'a@shop.test', name: 'A', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    await store.calls.create({ id: 'call_lifecycle', page, origin: 'https://shop.test' }, 10);
    assert.equal((await store.agents.listFree()).some((x) => x.id === a.id), true);
    assert.equal(await store.calls.offer('call_lifecycle', a.id, 11), true);
    assert.equal((await store.agents.listFree()).some((x) => x.id === a.id), false, 'a ringing agent is not free');
    assert.equal(await store.calls.answer('call_lifecycle', a.id, 12), true);
    const before = await store.calls.end('call_lifecycle', 'shopper-hung-up', 13);
    assert.equal(before?.state, 'in-call');
    assert.equal(await store.calls.end('call_lifecycle', 'agent-left', 14), undefined, 'ending twice is a no-op');
    const call = await store.calls.get('call_lifecycle');
    assert.deepEqual(
      [call?.state, call?.offeredAt, call?.answeredAt, call?.endedAt, call?.endReason],
      ['ended', 11, 12, 13, 'shopper-hung-up'],
    );
    assert.deepEqual(
      (await store.calls.events('call_lifecycle')).map((e) => e.kind),
      ['created', 'offered', 'answered', 'ended'],
    );
  });

  it('lets exactly one of many racing accepts win, and only the agent it rings for', async () => {
    const a = await store.agents.create({ email: 'race-a@shop.test', name: 'RA', role: 'agent', passwordHash: 'x' }, 1);
    const b = await store.agents.create({ email: 'race-b@shop.test', name: 'RB', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    await store.agents.setStatus(b.id, 'available', 2);
    await store.calls.create({ id: 'call_racing_accept', page, origin: null }, 20);
    assert.equal(await store.calls.offer('call_racing_accept', a.id, 21), true);
    assert.equal(await store.calls.offer('call_racing_accept', b.id, 21), false, 'a ringing call cannot be offered again');
    const results = await Promise.all([
      store.calls.answer('call_racing_accept', b.id, 22),
      store.calls.answer('call_racing_accept', a.id, 22),
      store.calls.answer('call_racing_accept', a.id, 22),
    ]);
    assert.deepEqual(results, [false, true, false]);
  });

  it('never rings an agent who is away or disabled', async () => {
    const away = await store.agents.create({ email: 'away@shop.test', name: 'Away', role: 'agent', passwordHash: 'x' }, 1);
    await store.calls.create({ id: 'call_nobody', page, origin: null }, 40);
    assert.equal(await store.calls.offer('call_nobody', away.id, 41), false, 'new agents start away');
    await store.agents.setStatus(away.id, 'available', 42);
    assert.equal(await store.calls.offer('call_nobody', away.id, 43), true);
  });

  it('puts a missed call back in the queue and remembers who missed it', async () => {
    const a = await store.agents.create({ email: 'miss@shop.test', name: 'M', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    await store.calls.create({ id: 'call_missed', page, origin: null }, 30);
    await store.calls.offer('call_missed', a.id, 31);
    assert.equal(await store.calls.withdraw('call_missed', 'someone-else', 'missed', 32), false);
    assert.equal(await store.calls.withdraw('call_missed', a.id, 'missed', 32), true);
    assert.equal((await store.calls.get('call_missed'))?.state, 'queued');
    assert.deepEqual([...((await store.calls.queuedRejections()).get('call_missed') ?? [])], [[a.id, 32]]);
    assert.ok((await store.calls.listQueued()).some((c) => c.id === 'call_missed'));
  });

  it('decides a state-dependent end reason inside the transaction, so a racing accept is not recorded as a cancel', async () => {
    const a = await store.agents.create({ email: 'race@shop.test', name: 'R', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    await store.calls.create({ id: 'call_hangup_vs_accept', page, origin: null }, 50);
    await store.calls.offer('call_hangup_vs_accept', a.id, 51);
    // The hang-up read "ringing" a moment ago; the accept commits first.
    assert.equal(await store.calls.answer('call_hangup_vs_accept', a.id, 52), true);
    await store.calls.end('call_hangup_vs_accept', (state) => (state === 'in-call' ? 'shopper-hung-up' : 'cancelled'), 53);
    const row = await store.calls.get('call_hangup_vs_accept');
    assert.deepEqual([row?.endReason, row?.answeredAt], ['shopper-hung-up', 52]);
    assert.equal((await store.calls.events('call_hangup_vs_accept')).at(-1)?.kind, 'ended');
  });
});
