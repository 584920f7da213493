import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrations } from '../../../server/store/sql/migrations.js';
import type { Store } from '../../../server/store/store.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../support/test-store.js';

const page = { url: 'https://shop.test/p/1', title: 'Lamp' };

describe(`the store on ${TEST_ENGINE}`, () => {
  let dir: string;
  let database: TestDatabase;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vitrina-store-'));
    database = await createTestDatabase(dir);
    store = await database.open();
  });
  after(async () => {
    await store.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  // SQLite is the store of one server: a second connection in the same process would block it
  // (better-sqlite3 waits for a lock synchronously), so there "two servers" are two requests to one.
  const secondServer = async (): Promise<Store> => (TEST_ENGINE === 'postgres' ? database.open() : store);

  it('migrates a new database once, and reopening (or two servers starting together) applies nothing twice', async () => {
    const reopened = TEST_ENGINE === 'postgres' ? await Promise.all([database.open(), database.open()]) : [await database.open()];
    await Promise.all(reopened.map((s) => s.close()));
    const db = database.openDb();
    try {
      const applied = await db.all<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
      assert.deepEqual(
        applied.map((r) => r.id),
        migrations.map((m) => m.id),
      );
    } finally {
      await db.close();
    }
  });

  it('keeps times as whole milliseconds past 2038 (64-bit on both engines)', async () => {
    const at = Date.UTC(2100, 0, 1, 12, 0, 0, 123);
    await store.calls.create({ id: 'call_far_future', page, origin: null }, at);
    const call = await store.calls.get('call_far_future');
    assert.equal(call?.createdAt, at);
    assert.equal(typeof call?.createdAt, 'number');
  });

  it('gives one consultant one call even when two servers offer two calls to them at the same instant', async () => {
    const other = await secondServer();
    try {
      const a = await store.agents.create({ email: 'both@shop.test', name: 'Both', role: 'agent', passwordHash: 'x' }, 1);
      await store.agents.setStatus(a.id, 'available', 2);
      for (let round = 0; round < 20; round++) {
        const [one, two] = [`call_double_${round}_1`, `call_double_${round}_2`];
        await store.calls.create({ id: one, page, origin: null }, 100 + round);
        await store.calls.create({ id: two, page, origin: null }, 100 + round);
        const won = await Promise.all([store.calls.offer(one, a.id, 200), other.calls.offer(two, a.id, 200)]);
        assert.equal(won.filter(Boolean).length, 1, `round ${round}: exactly one offer wins (${JSON.stringify(won)})`);
        const ringing = won[0] ? one : two;
        assert.equal((await store.calls.openCallOf(a.id))?.id, ringing);
        assert.deepEqual(
          (await store.calls.events(won[0] ? two : one)).map((e) => e.kind),
          ['created'],
          'the loser logs no offer',
        );
        await store.calls.end(one, 'cancelled', 300);
        await store.calls.end(two, 'cancelled', 300);
      }
    } finally {
      if (other !== store) await other.close();
    }
  });

  it("gives a call's recording to exactly one server, renewed by it, taken over only once its lease runs out", async () => {
    const other = await secondServer();
    try {
      const { recordings } = store;
      for (let round = 0; round < 20; round++) {
        const id = `call_lease_${round}`;
        await store.calls.create({ id, page, origin: null }, 500);
        const won = await Promise.all([recordings.claim(id, 'server-a', 1000, 2000), other.recordings.claim(id, 'server-b', 1000, 2000)]);
        assert.equal(won.filter(Boolean).length, 1, `round ${round}: exactly one server records the call (${JSON.stringify(won)})`);
      }
      const id = 'call_lease_0';
      const [holder, loser] = (await recordings.holder(id, 1000)) === 'server-a' ? ['server-a', 'server-b'] : ['server-b', 'server-a'];
      assert.equal(await recordings.claim(id, holder, 1500, 2500), true, 'the holder renews its lease');
      assert.equal(await recordings.claim(id, loser, 2400, 3400), false, 'nobody takes a lease that is still running');
      await recordings.start(id, 1000);
      assert.deepEqual(await recordings.unclaimed(2400), [], "a held recording is nobody else's to take over");
      assert.deepEqual(await recordings.unclaimed(2600), [id], 'once the lease ran out (its server gone), the recording is up for taking');
      assert.equal(await recordings.claim(id, loser, 2600, 3600), true, 'another server takes it over');
      assert.equal(await recordings.holder(id, 2600), loser);
      await recordings.release(id, holder);
      assert.equal(await recordings.holder(id, 2600), loser, 'the old holder cannot give up what is no longer its own');
      await recordings.release(id, loser);
      assert.equal(await recordings.holder(id, 2600), undefined);
      assert.equal(await recordings.claim(id, holder, 2700, 3700), true, 'a released recording can be taken at once');
    } finally {
      if (other !== store) await other.close();
    }
  });

  it('keeps chat lines said in the same millisecond in the order they were said', async () => {
    await store.calls.create({ id: 'call_chat_order', page, origin: null }, 400);
    for (const [i, text] of ['one', 'two', 'three', 'four'].entries()) {
      await store.chat.add(
        { id: `msg_${'zyxw'[i]}`, callId: 'call_chat_order', at: 401, from: 'shopper', content: { kind: 'text', text } },
        { lines: 10, shopperLines: 10 },
      );
    }
    assert.deepEqual(
      (await store.chat.list('call_chat_order')).map((m) => ('text' in m ? m.text : '')),
      ['one', 'two', 'three', 'four'],
    );
    assert.deepEqual(
      (await store.chat.list('call_chat_order')).map((m) => m.seq),
      [1, 2, 3, 4],
    );
  });

  it("caps a conversation (the shopper's share apart), numbers its lines and reads it a page at a time", async () => {
    await store.calls.create({ id: 'call_chat_cap', page, origin: null }, 500);
    const cap = { lines: 5, shopperLines: 3 };
    const say = (n: number, from: 'shopper' | 'agent') =>
      store.chat.add({ id: `msg_cap_${n}`, callId: 'call_chat_cap', at: 500 + n, from, content: { kind: 'text', text: `line ${n}` } }, cap);
    for (const n of [1, 2, 3]) assert.ok(await say(n, 'shopper'));
    assert.equal(await say(4, 'shopper'), undefined, "the shopper's share is full");
    assert.ok(await say(5, 'agent'), 'the consultant may still write');
    const moved = await store.chat.add(
      {
        id: 'msg_cap_page',
        callId: 'call_chat_cap',
        at: 506,
        from: 'shopper',
        content: { kind: 'page', page: { url: 'https://shop.test/p/9', title: 'Nine' } },
      },
      { lines: 5, shopperLines: 10 },
    );
    assert.equal(moved?.seq, 5);
    assert.equal((await store.calls.get('call_chat_cap'))?.pageNow.url, 'https://shop.test/p/9', "a page line moves the call's page");
    assert.equal(await say(6, 'agent'), undefined, 'the conversation is full');
    assert.equal((await store.chat.list('call_chat_cap')).length, 5, 'nothing was written past the cap');

    assert.deepEqual(
      (await store.chat.list('call_chat_cap', { limit: 2 })).map((m) => m.seq),
      [1, 2],
    );
    assert.deepEqual(
      (await store.chat.list('call_chat_cap', { after: 2, limit: 2 })).map((m) => m.seq),
      [3, 4],
    );
    assert.deepEqual(
      (await store.chat.list('call_chat_cap', { after: 3, withoutPages: true })).map((m) => m.seq),
      [4],
    );
  });

  it('notes where a waiting shopper moved, and keeps where they called from', async () => {
    await store.calls.create({ id: 'call_page_now', page, origin: null }, 600);
    assert.deepEqual((await store.calls.get('call_page_now'))?.pageNow, page, 'the page they called from until they move');
    const next = { url: 'https://shop.test/p/2', title: 'Two', productId: 'p2' };
    assert.equal(await store.calls.movedWhileWaiting('call_page_now', next), true);
    assert.deepEqual((await store.calls.get('call_page_now'))?.pageNow, next);
    assert.deepEqual((await store.calls.get('call_page_now'))?.page, page, 'where they called from stays');
  });

  it("keeps the product a page describes with the call, for the consultant's one-click card", async () => {
    const withProduct = { ...page, product: { title: 'Ash chair', url: 'https://shop.test/p/1', price: '€640', imageUrl: 'https://shop.test/chair.svg' } };
    await store.calls.create({ id: 'call_page_product', page: withProduct, origin: null }, 700);
    assert.deepEqual((await store.calls.get('call_page_product'))?.pageNow, withProduct);
  });

  it('stores e-mails case-insensitively and never the password itself', async () => {
    await store.agents.create({ email: 'Mia@Shop.test', name: 'Mia', role: 'agent', passwordHash: 'scrypt$hash' }, 1);
    const found = await store.agents.findForLogin('mia@shop.TEST');
    assert.equal(found?.name, 'Mia');
    assert.equal(found?.status, 'away');
  });

  it('lists the consultants as they are after each change to them (the list one server keeps between changes)', async () => {
    const a = await store.agents.create({ email: 'kept@shop.test', name: 'Kept', role: 'agent', passwordHash: 'x' }, 1);
    const listed = async () => (await store.agents.list()).find((x) => x.id === a.id);
    assert.equal((await listed())?.status, 'away');
    try {
      (await listed())?.languages.push('xx');
    } catch {
      // Kept consultants are frozen; either way the next reader must not see the change.
    }
    assert.deepEqual((await listed())?.languages, ['en'], 'a caller changing its copy changes nobody else’s');
    await store.agents.setStatus(a.id, 'available', 5);
    assert.deepEqual([(await listed())?.status, (await listed())?.idleSince], ['available', 5]);
    await store.agents.markIdle(a.id, 6);
    assert.equal((await listed())?.idleSince, 6);
    await store.agents.recordMiss(a.id, 7);
    assert.equal((await listed())?.missedInRow, 1);
    await store.calls.create({ id: 'call_kept_list', page, origin: null }, 8);
    assert.equal(await store.calls.offer('call_kept_list', a.id, 9), true);
    assert.equal(await store.calls.answer('call_kept_list', a.id, 10), true);
    assert.equal((await listed())?.missedInRow, 0, 'an answer resets the missed rings');
    await store.agents.update(a.id, { name: 'Kept Again', languages: ['de'] }, 11);
    assert.deepEqual([(await listed())?.name, (await listed())?.languages], ['Kept Again', ['de']]);
    const version = (await listed())?.sessionVersion ?? 0;
    await store.agents.endSessions(a.id);
    assert.equal((await listed())?.sessionVersion, version + 1);
    assert.equal((await store.agents.get(a.id))?.sessionVersion, version + 1, 'a session check sees its end at once');
    await store.agents.update(a.id, { disabled: true }, 12);
    assert.equal(await listed(), undefined, 'a disabled consultant leaves the list');
    await store.agents.update(a.id, { disabled: false }, 13);
    assert.notEqual(await listed(), undefined);
    await store.agents.remove(a.id, 14);
    assert.equal(await listed(), undefined);
    assert.notEqual((await store.agents.get(a.id))?.disabledAt, null);
  });

  it('lists the line, the busy consultants and the open calls, and reads each call, as they are after each change (what one server keeps between changes)', async () => {
    const a = await store.agents.create({ email: 'line@shop.test', name: 'Line', role: 'agent', passwordHash: 'x' }, 1);
    const b = await store.agents.create({ email: 'line2@shop.test', name: 'Line Two', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    const mine = async () => (await store.calls.listWaiting()).filter((c) => c.id.startsWith('call_line_'));
    // The line's copy and the call read on its own must agree after every change.
    const one = async (id: string) => {
      const listed = (await mine()).find((c) => c.id === id);
      assert.deepEqual(await store.calls.get(id), listed && { ...listed });
      return listed;
    };
    // Created out of order: the line is by arrival all the same.
    await store.calls.create({ id: 'call_line_2', page, origin: null, requestedAgentId: b.id }, 3_000);
    await store.calls.create({ id: 'call_line_1', page, origin: null }, 2_000);
    assert.deepEqual(
      (await mine()).map((c) => c.id),
      ['call_line_1', 'call_line_2'],
    );
    const listed = await one('call_line_1');
    try {
      Object.assign(listed ?? {}, { state: 'ended' });
    } catch {
      // Kept records are frozen; either way the next reader must not see the change.
    }
    assert.equal((await one('call_line_1'))?.state, 'queued', 'a caller changing its copy changes nobody else’s');

    assert.equal(await store.calls.offer('call_line_1', a.id, 3_001), true);
    assert.deepEqual([(await one('call_line_1'))?.state, (await one('call_line_1'))?.agentId], ['ringing', a.id]);
    assert.equal(await store.calls.withdraw('call_line_1', a.id, 'declined', 3_002), true);
    assert.deepEqual([(await one('call_line_1'))?.state, (await one('call_line_1'))?.agentId], ['queued', null]);
    const moved = { url: 'https://shop.test/p/2', title: 'Chair' };
    assert.equal(await store.calls.movedWhileWaiting('call_line_1', moved), true);
    assert.equal((await one('call_line_1'))?.pageNow.url, moved.url);
    const chatted = { url: 'https://shop.test/p/3', title: 'Table' };
    await store.chat.add(
      { id: 'msg_line_page', callId: 'call_line_1', at: 3_003, from: 'shopper', content: { kind: 'page', page: chatted } },
      { lines: 10, shopperLines: 10 },
    );
    assert.equal((await one('call_line_1'))?.pageNow.url, chatted.url, 'a page line in a chat moves the page too');
    assert.equal(await store.calls.switchToAnyone('call_line_2', 3_004), true);
    assert.equal((await one('call_line_2'))?.requestedAgentId, null);

    assert.equal(await store.calls.offer('call_line_1', a.id, 3_010, 60_000), false, 'still in its cool-down for this consultant');
    assert.equal(await store.calls.offer('call_line_2', a.id, 3_010), true);
    assert.equal(await store.calls.answer('call_line_2', a.id, 3_011), true);
    assert.deepEqual(
      (await mine()).map((c) => c.id),
      ['call_line_1'],
      'an answered call leaves the line',
    );
    const busy = async () => (await store.calls.busyAgentIds()).filter((id) => id === a.id || id === b.id);
    assert.deepEqual(await busy(), [a.id]);
    assert.equal((await store.calls.listOpen()).find((c) => c.id === 'call_line_2')?.state, 'in-call');
    assert.equal((await store.calls.get('call_line_2'))?.state, 'in-call');
    await store.agents.setStatus(b.id, 'available', 3_011);
    assert.equal(await store.calls.transfer('call_line_2', a.id, b.id, 3_011), true);
    assert.deepEqual(await busy(), [b.id], 'a transfer makes the other consultant the busy one');
    assert.equal((await store.calls.get('call_line_2'))?.agentId, b.id);
    assert.equal(await store.calls.requeue('call_line_2', b.id, 'agent-left', 3_012), true);
    assert.deepEqual(await busy(), []);
    assert.deepEqual(
      (await mine()).map((c) => [c.id, c.front]),
      [
        ['call_line_1', false],
        ['call_line_2', true],
      ],
    );
    await store.calls.end('call_line_1', 'cancelled', 3_013);
    await store.calls.end('call_line_2', 'cancelled', 3_014);
    assert.deepEqual(await mine(), []);
    assert.deepEqual([(await store.calls.get('call_line_2'))?.state, (await store.calls.get('call_line_2'))?.endedAt], ['ended', 3_014]);
    assert.equal((await store.calls.listOpen()).filter((c) => c.id.startsWith('call_line_')).length, 0);
  });

  it('gives the recent handling time as of the last call that ended (what one server keeps between ends)', async () => {
    const a = await store.agents.create({ email: 'handle@shop.test', name: 'Handle', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    // Later than any other test's calls, so these are the most recent ones.
    const t0 = 4_000_000_000_000;
    const handled = async (id: string, answeredAt: number, endedAt: number) => {
      await store.calls.create({ id, page, origin: null }, answeredAt - 1);
      assert.equal(await store.calls.offer(id, a.id, answeredAt - 1), true);
      assert.equal(await store.calls.answer(id, a.id, answeredAt), true);
      await store.calls.end(id, 'agent-hung-up', endedAt);
    };
    await handled('call_handle_1', t0, t0 + 60_000);
    assert.equal(await store.calls.recentHandleMs(1), 60_000);
    assert.equal(await store.calls.recentHandleMs(1), 60_000);
    await handled('call_handle_2', t0 + 100_000, t0 + 220_000);
    assert.equal(await store.calls.recentHandleMs(1), 120_000, 'an ended call counts at once');
    assert.equal(await store.calls.recentHandleMs(2), 90_000);
  });

  it('takes a webhook id once, and forgets expired ids (at most once a minute) without taking a live one twice', async () => {
    assert.equal(await store.webhooks.firstSeen('wh_1', 1_000, 500), true);
    assert.equal(await store.webhooks.firstSeen('wh_1', 1_000, 600), false);
    assert.equal(await store.webhooks.firstSeen('wh_2', 200_000, 700), true);
    // A minute on, wh_1 has expired and is forgotten; wh_2 has not.
    assert.equal(await store.webhooks.firstSeen('wh_2', 200_000, 61_000), false);
    assert.equal(await store.webhooks.firstSeen('wh_1', 100_000, 62_000), true);
    const db = database.openDb();
    try {
      const ids = await db.all<{ id: string }>("SELECT id FROM webhook_events WHERE id LIKE 'wh_%' ORDER BY id");
      assert.deepEqual(
        ids.map((r) => r.id),
        ['wh_1', 'wh_2'],
      );
    } finally {
      await db.close();
    }
  });

  it('reads a setting as last written, and a caller changing what it read changes nothing stored', async () => {
    assert.equal(await store.settings.get('kept-setting'), undefined);
    await store.settings.put('kept-setting', { origins: ['https://a.test'] }, 1);
    const read = (await store.settings.get('kept-setting')) as { origins: string[] };
    read.origins.push('https://evil.test');
    assert.deepEqual(await store.settings.get('kept-setting'), { origins: ['https://a.test'] });
    await store.settings.put('kept-setting', { origins: ['https://b.test'] }, 2);
    assert.deepEqual(await store.settings.get('kept-setting'), { origins: ['https://b.test'] });
  });

  it('moves a call through queued → ringing → in-call → ended, logging every step', async () => {
    const a = await store.agents.create({ email: 'a@shop.test', name: 'A', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    await store.calls.create({ id: 'call_lifecycle', page, origin: 'https://shop.test' }, 10);
    assert.equal(
      (await store.agents.listFree()).some((x) => x.id === a.id),
      true,
    );
    assert.equal(await store.calls.offer('call_lifecycle', a.id, 11), true);
    assert.equal(
      (await store.agents.listFree()).some((x) => x.id === a.id),
      false,
      'a ringing agent is not free',
    );
    assert.equal(await store.calls.answer('call_lifecycle', a.id, 12), true);
    const before = await store.calls.end('call_lifecycle', 'shopper-hung-up', 13);
    assert.equal(before?.state, 'in-call');
    assert.equal((await store.agents.get(a.id))?.idleSince, 13, 'the end frees the consultant, at the back of the idle order');
    assert.equal((await store.agents.list()).find((x) => x.id === a.id)?.idleSince, 13);
    assert.equal(await store.calls.end('call_lifecycle', 'agent-left', 14), undefined, 'ending twice is a no-op');
    const call = await store.calls.get('call_lifecycle');
    assert.deepEqual([call?.state, call?.offeredAt, call?.answeredAt, call?.endedAt, call?.endReason], ['ended', 11, 12, 13, 'shopper-hung-up']);
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
    assert.equal(results[0], false, 'the agent it does not ring for cannot answer');
    assert.equal(results.filter(Boolean).length, 1, `exactly one accept wins (${JSON.stringify(results)})`);
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

  it('counts the queued calls as the line lists them: not ringing, not in a call, not ended', async () => {
    const a = await store.agents.create({ email: 'count@shop.test', name: 'C', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    const before = await store.calls.countQueued();
    for (const id of ['call_count_1', 'call_count_2', 'call_count_3']) await store.calls.create({ id, page, origin: null }, 70);
    assert.equal(await store.calls.countQueued(), before + 3);
    await store.calls.offer('call_count_1', a.id, 71);
    await store.calls.end('call_count_2', 'shopper-hung-up', 72);
    assert.equal(await store.calls.countQueued(), before + 1, 'a ringing call and an ended one are not in the queue');
    assert.equal(await store.calls.countQueued(), (await store.calls.listQueued()).length);
  });

  it('does not ring a consultant again for a call they turned down moments ago, however old the plan that asks', async () => {
    const a = await store.agents.create({ email: 'declined@shop.test', name: 'D', role: 'agent', passwordHash: 'x' }, 1);
    await store.agents.setStatus(a.id, 'available', 2);
    await store.calls.create({ id: 'call_declined', page, origin: null }, 50);
    assert.equal(await store.calls.offer('call_declined', a.id, 51, 20_000), true);
    assert.equal(await store.calls.withdraw('call_declined', a.id, 'declined', 52), true);
    // Another server planned before it heard of the decline.
    assert.equal(await store.calls.offer('call_declined', a.id, 60, 20_000), false, 'within the cool-down');
    assert.equal(await store.calls.offer('call_declined', a.id, 20_053, 20_000), true, 'once it is over');
  });

  it('keeps what came of a call from the consultant who answered it last, during the call or after, and from nobody else', async () => {
    const [a, b] = await Promise.all(
      ['outcome-a', 'outcome-b'].map((name) => store.agents.create({ email: `${name}@shop.test`, name, role: 'agent', passwordHash: 'x' }, 1)),
    );
    if (!a || !b) throw new Error('two consultants');
    for (const x of [a, b]) await store.agents.setStatus(x.id, 'available', 2);
    const id = 'call_with_an_outcome';
    const sold = { outcome: 'sold', note: 'Took the brass lamp' } as const;
    await store.calls.create({ id, page, origin: null }, 60);
    await store.calls.offer(id, a.id, 61);
    assert.equal(await store.history.recordOutcome(id, a.id, sold), false, 'a ringing call has no outcome yet');
    await store.calls.answer(id, a.id, 62);
    assert.equal(await store.history.recordOutcome(id, a.id, { outcome: 'follow-up', note: null }), true, 'during the call');
    assert.equal(await store.calls.transfer(id, a.id, b.id, 63), true);
    assert.equal(await store.history.recordOutcome(id, a.id, sold), false, 'handed over: no longer theirs to say');
    await store.calls.end(id, 'agent-hung-up', 64);
    assert.equal(await store.history.recordOutcome(id, b.id, sold), true, 'after it ended, by the one who took it over');
    assert.equal(await store.history.recordOutcome('call_no_such_one', b.id, sold), false);
    const summary = await store.history.summary(id);
    assert.deepEqual([summary?.agentId, summary?.agentOutcome, summary?.agentNote], [b.id, 'sold', 'Took the brass lamp']);
    const found = await store.history.search({ agentId: b.id, sort: 'date', order: 'desc', offset: 0, limit: 10 });
    assert.equal(found.calls.find((c) => c.id === id)?.agentOutcome, 'sold');

    // Answered once, handed back to the queue, ringing again: not answered by whoever it rings for now.
    const again = 'call_rings_again';
    await store.calls.create({ id: again, page, origin: null }, 70);
    await store.calls.offer(again, a.id, 71);
    await store.calls.answer(again, a.id, 72);
    await store.calls.requeue(again, a.id, 'agent-requeued', 73);
    assert.equal(await store.history.recordOutcome(again, a.id, sold), false, 'back in the queue: nobody’s');
    await store.calls.offer(again, b.id, 74);
    assert.equal(await store.history.recordOutcome(again, b.id, sold), false, 'ringing again');
    assert.equal((await store.history.summary(again))?.agentOutcome, null);
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
