import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalFolderStorage } from '../../../recordings/storage.js';
import { RetentionSweeper } from '../../../recordings/retention.js';
import type { AgentAccount, Analytics, AuditEntry, CallSummary } from '../../../server/contract/admin.js';
import { newId } from '../../../server/ids.js';
import { silentLogger } from '../../../server/log.js';
import { TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';

const DAY = 86_400_000;

describe("the owner's admin API", () => {
  let t: TestServer;
  let owner: TestConsole;
  let annaId: string;
  let borisId: string;

  /** Writes a finished call straight into the store, as a day of real calls would leave it. */
  async function pastCall(o: { agentId: string; at: number; waitMs: number; talkMs: number | null }): Promise<string> {
    const id = newId('call');
    await t.store.calls.create({ id, page: { url: 'https://shop.test/p/1', title: 'Lamp' }, origin: null }, o.at);
    // Once on PostgreSQL (a CI run, never since) a ring was refused here and the whole suite was
    // cancelled: the consultant had stopped counting as available. Say so once more, then say why.
    if (!(await t.store.calls.offer(id, o.agentId, o.at + 1))) {
      const before = await t.store.agents.get(o.agentId);
      await t.store.agents.setStatus(o.agentId, 'available', Date.now());
      if (!(await t.store.calls.offer(id, o.agentId, o.at + 1))) {
        const call = await t.store.calls.get(id);
        const open = await t.store.calls.openCallOf(o.agentId);
        assert.fail(`could not ring ${o.agentId} for ${id}: call ${call?.state}, agent was ${before?.status}, their open call ${open?.id ?? 'none'}`);
      }
    }
    if (o.talkMs === null) {
      await t.store.calls.end(id, 'cancelled', o.at + o.waitMs);
    } else {
      assert.ok(await t.store.calls.answer(id, o.agentId, o.at + o.waitMs));
      await t.store.calls.end(id, 'agent-hung-up', o.at + o.waitMs + o.talkMs);
    }
    return id;
  }

  const get = async <T>(url: string, cookie = owner.cookie): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${t.url}${url}`, { headers: { Cookie: cookie } });
    return { status: res.status, body: (await res.json()) as T };
  };
  const send = async (method: string, url: string, body: unknown) =>
    fetch(`${t.url}${url}`, { method, headers: { Cookie: owner.cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  before(async () => {
    t = await startTestServer();
    annaId = (await t.addAgent('Anna')).id;
    borisId = (await t.addAgent('Boris')).id;
    await t.addAgent('Olga', { role: 'owner' });
    // Rings need consultants who are available; no console is connected, so nothing else rings them.
    for (const id of [annaId, borisId]) await t.store.agents.setStatus(id, 'available', Date.now());
    owner = await TestConsole.signIn(t.url, 'olga@shop.test');
    const start = Date.now() - 10 * DAY;
    // 3,000 calls over ten days: enough that paging and filters are not toys.
    for (let i = 0; i < 3000; i++) {
      const agentId = i % 3 === 0 ? borisId : annaId;
      await pastCall({ agentId, at: start + i * 250_000, waitMs: 5_000 + (i % 60) * 1000, talkMs: i % 10 === 0 ? null : 60_000 + (i % 7) * 1000 });
    }
  });
  after(async () => {
    await t?.close();
  });

  it('pages through thousands of calls in a stable order, filtered by consultant, dates and outcome, sorted by any column', async () => {
    const first = await get<{ total: number; calls: CallSummary[] }>('/api/admin/calls?pageSize=100');
    assert.equal(first.body.total, 3000);
    const dates = first.body.calls.map((c) => c.createdAt);
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
      'newest first',
    );
    const seen = new Set<string>();
    for (let page = 1; page <= 30; page++) {
      const { body } = await get<{ calls: CallSummary[] }>(`/api/admin/calls?pageSize=100&page=${page}&sort=wait&order=asc`);
      for (const c of body.calls) seen.add(c.id);
    }
    assert.equal(seen.size, 3000, 'every call exactly once across the pages');

    const boris = await get<{ total: number; calls: CallSummary[] }>(`/api/admin/calls?agentId=${borisId}&outcome=unanswered`);
    assert.equal(boris.body.total, 100);
    assert.ok(boris.body.calls.every((c) => c.agentId === borisId && c.outcome === 'unanswered' && c.talkMs === null));

    const from = Date.now() - 5 * DAY;
    const recent = await get<{ total: number; calls: CallSummary[] }>(`/api/admin/calls?from=${from}&to=${Date.now()}&sort=talk&order=desc`);
    assert.ok(recent.body.total > 1000 && recent.body.total < 2000);
    assert.ok(recent.body.calls.every((c) => c.createdAt >= from));
    assert.equal(recent.body.calls[0]?.talkMs, 66_000, 'longest talk first');

    for (const [query, field] of [
      ['pageSize=1000', 'pageSize'],
      ['sort=price', 'sort'],
      ['from=10&to=5', 'to'],
      ['agentId=../../x', 'agentId'],
      ['outcome=maybe', 'outcome'],
    ] as const) {
      const res = await get<{ error: { field: string } }>(`/api/admin/calls?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.field, field);
    }
  });

  it('gives analytics per consultant and per day', async () => {
    const { body } = await get<Analytics>(`/api/admin/analytics?from=${Date.now() - 11 * DAY}&to=${Date.now()}&targetS=30`);
    assert.equal(body.total.calls, 3000);
    assert.equal(body.total.answered, 2700);
    const boris = body.consultants.find((c) => c.agentId === borisId);
    assert.equal(boris?.offered, 1000);
    assert.equal(boris?.answered, 900);
    assert.ok(body.days.length >= 10 && body.days.length <= 12);
    assert.equal(
      body.days.reduce((n, d) => n + d.calls, 0),
      3000,
    );
    assert.ok(body.total.withinTarget !== null && body.total.withinTarget > 0.3 && body.total.withinTarget < 0.5);

    // Without a target in the query, the shop's own (2 minutes until the owner sets another).
    const range = `from=${Date.now() - 11 * DAY}&to=${Date.now()}`;
    assert.equal((await get<Analytics>(`/api/admin/analytics?${range}`)).body.targetMs, 120_000);
    assert.equal((await send('PUT', '/api/admin/settings/service', { answerWithinS: 30 })).status, 200);
    const shops = (await get<Analytics>(`/api/admin/analytics?${range}`)).body;
    assert.deepEqual([shops.targetMs, shops.total.withinTarget], [30_000, body.total.withinTarget]);
    assert.equal((await send('PUT', '/api/admin/settings/service', { answerWithinS: 1 })).status, 400);
  });

  it("keeps the owner's note and score, and manages the team", async () => {
    const [call] = (await get<{ calls: CallSummary[] }>('/api/admin/calls?pageSize=1')).body.calls;
    const review = await send('PUT', `/api/admin/calls/${call?.id}/review`, { note: '<b>Good</b> close', score: 4 });
    assert.equal(review.status, 200);
    assert.deepEqual([(await t.store.history.summary(call?.id))?.ownerNote, (await t.store.history.summary(call?.id))?.ownerScore], ['<b>Good</b> close', 4]);

    const added = await send('POST', '/api/admin/agents', { email: 'Vera@Shop.test', name: 'Vera', password: 'long-enough-1', languages: ['ru'] });
    assert.equal(added.status, 201);
    const vera = (await added.json()) as AgentAccount;
    assert.deepEqual([vera.email, vera.languages, vera.disabled], ['vera@shop.test', ['ru'], false]);
    assert.equal((await send('POST', '/api/admin/agents', { email: 'vera@shop.test', name: 'V', password: 'long-enough-1' })).status, 409);
    assert.equal((await send('POST', '/api/admin/agents', { email: 'x@shop.test', name: 'X', password: 'short' })).status, 400);

    await TestConsole.signIn(t.url, 'vera@shop.test', 'long-enough-1');
    assert.equal((await send('PATCH', `/api/admin/agents/${vera.id}`, { disabled: true })).status, 200);
    await assert.rejects(TestConsole.signIn(t.url, 'vera@shop.test', 'long-enough-1'), 'a disabled account cannot sign in');
    assert.equal((await send('PATCH', `/api/admin/agents/${vera.id}`, { disabled: false, languages: ['ru', 'en'] })).status, 200);
    assert.equal((await send('POST', `/api/admin/agents/${vera.id}/password`, { password: 'another-pass-2' })).status, 204);
    await TestConsole.signIn(t.url, 'vera@shop.test', 'another-pass-2');
    const ownerId = (await t.store.agents.list()).find((a) => a.role === 'owner')?.id;
    assert.equal((await send('PATCH', `/api/admin/agents/${ownerId}`, { disabled: true })).status, 409, 'the owner cannot lock themselves out');
    assert.equal((await send('DELETE', `/api/admin/agents/${ownerId}`, {})).status, 409);

    // Removing Anna: she cannot sign in, leaves the team, and her calls keep her name.
    assert.equal((await send('DELETE', `/api/admin/agents/${annaId}`, {})).status, 204);
    assert.equal((await send('DELETE', `/api/admin/agents/${annaId}`, {})).status, 404);
    await assert.rejects(TestConsole.signIn(t.url, 'anna@shop.test'));
    const team = (await get<AgentAccount[]>('/api/admin/agents')).body;
    assert.ok(!team.some((a) => a.id === annaId));
    const hers = await get<{ calls: CallSummary[] }>(`/api/admin/calls?agentId=${annaId}&pageSize=1`);
    assert.equal(hers.body.calls[0]?.agentName, 'Anna');
    assert.equal(
      (await send('POST', '/api/admin/agents', { email: 'anna@shop.test', name: 'Anna II', password: 'long-enough-1' })).status,
      201,
      'her e-mail is free again',
    );
  });

  it('changes recording settings at once, validated; with no recorder running, shoppers are not told calls are recorded', async () => {
    const settings = { enabled: true, notice: { en: 'We record calls for training.', ru: 'Мы записываем звонки для обучения.' }, retentionDays: 30 };
    assert.equal((await send('PUT', '/api/admin/settings/recording', settings)).status, 200);
    assert.deepEqual((await get('/api/admin/settings/recording')).body, settings);
    const bad = await send('PUT', '/api/admin/settings/recording', { ...settings, retentionDays: 0 });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'retentionDays');
    const res = await fetch(`${t.url}/api/queue/status?lang=en`, { headers: { Origin: SHOP_ORIGIN } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { recordingNotice?: string }).recordingNotice, undefined);
  });

  it("lets the owner allow a new shop origin and set the widget's look, both at once, and checks a page's address", async () => {
    const newShop = 'https://new-shop.example';
    const status = (origin: string) => fetch(`${t.url}/api/queue/status?lang=ru`, { headers: { Origin: origin } });
    assert.equal((await status(newShop)).status, 403);
    const check = async (url: string) => (await (await send('POST', '/api/admin/install/check', { url })).json()) as { origin: string; allowed: boolean };
    assert.deepEqual(await check(`${newShop}/products/chair?x=1`), { origin: newShop, allowed: false });
    const saved = await send('PUT', '/api/admin/settings/origins', { origins: [newShop, newShop] });
    assert.deepEqual(await saved.json(), { fixed: [SHOP_ORIGIN], origins: [newShop] });
    assert.equal((await status(newShop)).status, 200, 'allowed without a restart');
    assert.deepEqual(await check(`${newShop}/`), { origin: newShop, allowed: true });
    const bad = await send('PUT', '/api/admin/settings/origins', { origins: ['https://shop.example/path'] });
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'origins.0');

    const look = { accent: '#8a5a2b', accentText: '#ffffff', position: 'bottom-left', greeting: { en: 'Talk to Anna or Boris', ru: 'Поговорите с нами' } };
    assert.equal((await send('PUT', '/api/admin/settings/look', look)).status, 200);
    assert.deepEqual(((await (await status(newShop)).json()) as { look: unknown }).look, {
      accent: '#8a5a2b',
      accentText: '#ffffff',
      position: 'bottom-left',
      greeting: 'Поговорите с нами',
    });
    assert.equal((await send('PUT', '/api/admin/settings/look', { ...look, accent: 'red' })).status, 400);
    const install = await get<{ snippet: string; csp: string[] }>('/api/admin/install');
    assert.match(install.body.snippet, /<script type="module" src="http:\/\/localhost:\d+\/widget\/vitrina\.js"><\/script>/);
    // The lines for a shop's own CSP: our script, our API, and LiveKit as browsers reach it.
    const livekit = new URL(t.config.livekit.browserUrl).host;
    assert.deepEqual(install.body.csp, [
      `script-src ${new URL(t.config.publicUrl).origin};`,
      `connect-src ${new URL(t.config.publicUrl).origin} ws://${livekit} http://${livekit};`,
    ]);
  });

  it('deletes recordings older than the retention period, files and all, and logs it', async () => {
    const storage = new LocalFolderStorage(path.join(t.dataDir, 'recordings'));
    const old = await pastCall({ agentId: borisId, at: Date.now() - 40 * DAY, waitMs: 1000, talkMs: 1000 });
    const fresh = await pastCall({ agentId: borisId, at: Date.now() - DAY, waitMs: 1000, talkMs: 1000 });
    const files: Record<string, string> = {};
    for (const callId of [old, fresh]) {
      const id = newId('trk');
      await t.store.recordings.start(callId, Date.now());
      await t.store.recordings.addTrack(
        { id, callId, segment: 1, participant: `shopper-${callId}`, source: 'camera', kind: 'video', codec: 'vp8' },
        Date.now(),
      );
      writeFileSync(path.join(t.dataDir, 'recordings', `${id}.webm`), 'webm');
      await t.store.recordings.finishTrack(id, { status: 'complete', durationMs: 1000, bytes: 4 });
      await t.store.recordings.finish(callId, 'complete');
      files[callId] = id;
    }
    const logged: string[] = [];
    const log = { ...silentLogger, info: (msg: string) => void logged.push(msg), child: () => log };
    const sweeper = new RetentionSweeper({ store: t.store, storage, log, now: Date.now, retentionDays: async () => 30 });
    assert.equal(await sweeper.sweep(), 1);
    assert.equal((await t.store.history.summary(old))?.recording, 'deleted');
    assert.equal((await t.store.history.summary(fresh))?.recording, 'complete');
    assert.equal(existsSync(path.join(t.dataDir, 'recordings', `${files[old]}.webm`)), false);
    assert.equal(existsSync(path.join(t.dataDir, 'recordings', `${files[fresh]}.webm`)), true);
    assert.ok(logged.some((m) => m.includes('retention')));

    // A Range past the end of a file is refused with its reason and the file's size, as a player expects.
    const past = await fetch(`${t.url}/api/admin/recordings/${files[fresh]}`, { headers: { Cookie: owner.cookie, Range: 'bytes=100-200' } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), 'bytes */4');
    assert.deepEqual(((await past.json()) as { error: { code: string; field: string } }).error, {
      code: 'range-not-satisfiable',
      message: 'The Range asked for lies outside the file.',
      field: 'range',
    });

    // The owner deletes a recording by hand: gone, and the audit log says who did it.
    assert.equal((await send('DELETE', `/api/admin/calls/${fresh}/recording`, {})).status, 204);
    assert.equal(existsSync(path.join(t.dataDir, 'recordings', `${files[fresh]}.webm`)), false);
    const audit = await get<{ entries: AuditEntry[] }>('/api/admin/audit?limit=1');
    assert.deepEqual([audit.body.entries[0]?.action, audit.body.entries[0]?.target, audit.body.entries[0]?.actor.name], ['recording-deleted', fresh, 'Olga']);
  });
});

describe("the owner's audit log", () => {
  let t: TestServer;
  let owner: TestConsole;

  before(async () => {
    t = await startTestServer();
    await t.addAgent('Olga', { role: 'owner' });
    owner = await TestConsole.signIn(t.url, 'olga@shop.test');
  });
  after(async () => t?.close());

  it('keeps who did what to whom, newest first, never a password, for the owner only, a page at a time', async () => {
    const added = await owner.post('/api/admin/agents', { email: 'mia@shop.test', name: 'Mia', password: 'a secret long password' });
    const mia = (await added.json()) as AgentAccount;
    assert.equal((await owner.send('PATCH', `/api/admin/agents/${mia.id}`, { languages: ['en', 'ru'] })).status, 200);
    assert.equal((await owner.post(`/api/admin/agents/${mia.id}/password`, { password: 'another secret password' })).status, 204);
    assert.equal((await owner.send('PATCH', `/api/admin/agents/${mia.id}`, { disabled: true })).status, 200);
    assert.equal((await owner.send('PUT', '/api/admin/settings/origins', { origins: ['https://shop.example'] })).status, 200);
    assert.equal((await owner.send('DELETE', `/api/admin/agents/${mia.id}`)).status, 204);

    const res = await owner.get('/api/admin/audit');
    assert.equal(res.status, 200);
    const { entries } = (await res.json()) as { entries: AuditEntry[] };
    assert.deepEqual(
      entries.map((e) => [e.action, e.target]),
      [
        ['consultant-removed', 'Mia <mia@shop.test>'],
        ['origins-changed', null],
        ['consultant-disabled', 'Mia <mia@shop.test>'],
        ['password-reset', 'Mia <mia@shop.test>'],
        ['consultant-changed', 'Mia <mia@shop.test>'],
        ['consultant-added', 'Mia <mia@shop.test>'],
      ],
    );
    assert.ok(entries.every((e) => e.actor.name === 'Olga' && e.at > Date.now() - 60_000));
    assert.deepEqual(JSON.parse(entries[1]?.detail ?? '{}'), { origins: ['https://shop.example'] });
    assert.doesNotMatch(JSON.stringify(entries), /secret/, 'no password in the log');

    const firstTwo = (await (await owner.get('/api/admin/audit?limit=2')).json()) as { entries: AuditEntry[]; before: number };
    const next = (await (await owner.get(`/api/admin/audit?limit=2&before=${firstTwo.before}`)).json()) as { entries: AuditEntry[] };
    assert.deepEqual(
      next.entries.map((e) => e.action),
      ['consultant-disabled', 'password-reset'],
    );

    const consultant = await TestConsole.signIn(t.url, (await t.addAgent('Noor')).email);
    assert.equal((await consultant.get('/api/admin/audit')).status, 403);
    assert.equal((await owner.get('/api/admin/audit?limit=500')).status, 400);
  });
});
