import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AgentEvent, LineEntry } from '../../../server/contract/agent.js';
import type { CallbackRequest, QueueStatus, WorkingHours } from '../../../server/contract/queue.js';
import type { Agent } from '../../../server/store/store.js';
import { openCall, postCall, ShopperFeed, TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';
import { until } from '../../support/until.js';

const isAssignment =
  (callId: string) =>
  (e: AgentEvent): e is Extract<AgentEvent, { type: 'assignment' }> =>
    e.type === 'assignment' && e.assignment.callId === callId;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const closedAllWeek: WorkingHours = {
  timeZone: 'Europe/Berlin',
  week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ from: '10:00', to: '12:00' }] },
  holidays: [],
};

describe('the queue over HTTP, with a real LiveKit server', () => {
  let t: TestServer;
  let n = 0;
  const consoles: TestConsole[] = [];

  async function staff(name: string, o: { languages?: string[]; available?: boolean } = {}): Promise<{ agent: Agent; desk: TestConsole }> {
    const agent = await t.addAgent(`${name}${++n}`, o.languages ? { languages: o.languages } : {});
    const desk = await TestConsole.signIn(t.url, agent.email);
    consoles.push(desk);
    await desk.connect();
    if (o.available !== false) await desk.available();
    await sleep(5);
    return { agent, desk };
  }

  const status = async (query = ''): Promise<QueueStatus> => {
    const res = await fetch(`${t.url}/api/queue/status${query}`, { headers: { Origin: SHOP_ORIGIN } });
    assert.equal(res.status, 200);
    return (await res.json()) as QueueStatus;
  };

  /** Ends everything open and sends every console away, so each test starts with an empty shop. */
  async function closeShop(): Promise<void> {
    for (const call of await t.store.calls.listOpen()) await t.vitrina.calls.end(call.id, 'cancelled');
    for (const desk of consoles.splice(0)) {
      await desk.post('/api/agent/status', { status: 'away' });
      desk.disconnect();
    }
    await sleep(20);
  }

  before(async () => {
    t = await startTestServer({
      VITRINA_RING_TIMEOUT_S: '1',
      VITRINA_MAX_MISSED_OFFERS: '2',
      VITRINA_AGENT_OFFLINE_GRACE_S: '1',
      VITRINA_AGENT_REJOIN_GRACE_S: '1',
    });
  });
  after(async () => t.close());

  it('tells the widget whether calls are open and who is there, without touching the media server', async () => {
    let s = await status();
    assert.deepEqual([s.open, s.closedReason, s.online], [false, 'no-consultants', 0]);
    const refused = await postCall(t.url);
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'no-consultants');

    const { agent: anna, desk: annaDesk } = await staff('Anna', { languages: ['en', 'ru'] });
    const { agent: boris, desk: borisDesk } = await staff('Boris');
    s = await status('?lang=ru');
    assert.deepEqual([s.open, s.online, s.available, s.waitMs], [true, 2, 2, undefined]);
    assert.equal(s.consultants[0]?.id, anna.id, 'a Russian speaker first for a Russian page');
    assert.deepEqual(
      s.consultants.filter((c) => [anna.id, boris.id].includes(c.id)).map((c) => [c.name, c.initials, c.status]),
      [
        [anna.name, 'A', 'available'],
        [boris.name, 'B', 'available'],
      ],
    );
    assert.ok(!JSON.stringify(s).includes('@'), 'no e-mail addresses reach shop pages');

    const call = await openCall(t.url);
    let busyId: string | null | undefined;
    while (!busyId) {
      await sleep(20);
      busyId = (await t.store.calls.get(call.callId))?.agentId;
    }
    s = await status();
    assert.equal(s.consultants.find((c) => c.id === busyId)?.status, 'busy');
    assert.deepEqual([s.online, s.available, s.waitMs], [2, 1, undefined]);
    // The other one goes away, so the one online is in a call (whoever the line rang): nobody is free,
    // and a newcomer hears about how long they would wait (half minutes).
    await (busyId === boris.id ? annaDesk : borisDesk).post('/api/agent/status', { status: 'away' });
    s = await status();
    assert.deepEqual([s.open, s.online, s.available], [true, 1, 0]);
    assert.ok(s.waitMs !== undefined && s.waitMs > 0 && s.waitMs % 30_000 === 0, `waitMs ${s.waitMs}`);
    const bad = await fetch(`${t.url}/api/queue/status?lang=english`, { headers: { Origin: SHOP_ORIGIN } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'lang');
    await closeShop();
  });

  it("closes by the owner's working hours: says when it opens, refuses calls, lets only the owner change them", async () => {
    const owner = await t.addAgent('Owner', { role: 'owner' });
    const ownerDesk = await TestConsole.signIn(t.url, owner.email);
    await staff('Open');
    const put = (desk: TestConsole, body: unknown) =>
      fetch(`${t.url}/api/admin/hours`, { method: 'PUT', headers: { Cookie: desk.cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    assert.equal((await put(consoles[0], closedAllWeek)).status, 403, 'a consultant cannot change the hours');
    const invalid = await put(ownerDesk, { ...closedAllWeek, timeZone: 'Nowhere/Never' });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { error: { field: string } }).error.field, 'timeZone');
    assert.equal((await put(ownerDesk, closedAllWeek)).status, 200);

    const s = await status();
    assert.deepEqual([s.open, s.closedReason, s.timeZone], [false, 'hours', 'Europe/Berlin']);
    const opens = new Date(s.opensAt ?? '');
    assert.ok(opens.getTime() > Date.now(), 'opens in the future');
    assert.equal(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).format(opens), 'Sun, 10');
    const refused = await postCall(t.url);
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'closed');

    assert.equal((await put(ownerDesk, { timeZone: 'UTC', week: null, holidays: [] })).status, 200);
    assert.equal((await status()).open, true);
    await closeShop();
  });

  it('rings only the chosen consultant while another is idle, and the shopper may switch to anyone', async () => {
    const { desk: idle } = await staff('Idle');
    const { agent: chosen, desk: chosenDesk } = await staff('Chosen');
    const call = await openCall(t.url, undefined, { agentId: chosen.id });
    const feed = await ShopperFeed.open(t.url, call);
    const ring = await chosenDesk.next(isAssignment(call.callId));
    assert.equal(ring.assignment.chosen, true);
    // The shopper learns whose console rings, so its held tracks are granted to that one before it joins.
    await feed.next((e) => e.type === 'queue' && e.state === 'ringing' && e.waitingFor?.id === chosen.id && e.rungIdentity === `agent-${chosen.id}`);
    assert.ok(!idle.events.some(isAssignment(call.callId)), 'the idle consultant was not rung');
    // Chosen declines; the call waits for them (not the idle one) until the shopper switches,
    // and the shopper is told someone else is free.
    assert.equal((await chosenDesk.post(`/api/agent/calls/${call.callId}/decline`)).status, 204);
    await feed.next((e) => e.type === 'queue' && e.state === 'queued' && e.position === 1 && e.othersFree === 1 && e.rungIdentity === undefined);
    await sleep(200);
    assert.ok(!idle.events.some(isAssignment(call.callId)));
    const res = await fetch(`${t.url}/api/calls/${call.callId}/switch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${call.callKey}`, Origin: SHOP_ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'first-available' }),
    });
    assert.equal(res.status, 204);
    await idle.next(isAssignment(call.callId));
    const kinds = (await t.store.calls.events(call.callId)).map((e) => e.kind);
    assert.deepEqual(kinds, ['created', 'offered', 'declined', 'switched', 'offered']);
    feed.close();
    await closeShop();
  });

  it('refuses a chosen consultant who is away, naming the field', async () => {
    await staff('Here');
    const { agent: away } = await staff('Away', { available: false });
    const res = await postCall(t.url, { agentId: away.id });
    assert.equal(res.status, 409);
    const body = (await res.json()) as { error: { code: string; field: string } };
    assert.deepEqual([body.error.code, body.error.field], ['consultant-away', 'agentId']);
    await closeShop();
  });

  it('pushes each waiting shopper their place and wait as the line moves, and ends the stream with the call', async () => {
    const { desk } = await staff('Solo');
    const first = await openCall(t.url);
    await desk.next(isAssignment(first.callId));
    await desk.post(`/api/agent/calls/${first.callId}/accept`);
    const second = await openCall(t.url);
    const third = await openCall(t.url);
    const [f2, f3] = await Promise.all([ShopperFeed.open(t.url, second), ShopperFeed.open(t.url, third)]);
    await f2.next((e) => e.type === 'queue' && e.state === 'queued' && e.position === 1 && (e.etaMs ?? 0) > 0);
    await f3.next((e) => e.type === 'queue' && e.state === 'queued' && e.position === 2);
    const before = f3.events.length;
    // Cancelling the second moves the third up; the second's stream says it ended and closes.
    const hangup = await fetch(`${t.url}/api/calls/${second.callId}/hangup`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${second.callKey}`, Origin: SHOP_ORIGIN },
    });
    assert.equal(hangup.status, 204);
    await f2.next((e) => e.type === 'ended');
    await f3.next((e) => e.type === 'queue' && e.position === 1);
    assert.ok(f3.events.length - before <= 2, 'one message per real change, not a stream of repeats');
    const stranger = await fetch(`${t.url}/api/calls/${third.callId}/events`, { headers: { Authorization: `Bearer ${second.callKey}`, Origin: SHOP_ORIGIN } });
    assert.equal(stranger.status, 403, "one call's key does not open another's stream");
    const ended = (await t.store.calls.events(second.callId)).at(-1);
    assert.deepEqual([ended?.kind, ended?.detail], ['cancelled', 'cancelled']);
    f3.close();
    await closeShop();
  });

  it('shows every console the line as it changes: who waits, for whom, since when, from which page, and rings not answered', async () => {
    const { agent: solo, desk: soloDesk } = await staff('Solo');
    const { agent: watcher, desk } = await staff('Watcher', { available: false });
    /** The first line the watcher's console is sent after `action` that matches. */
    const lineAfter = async (action: () => Promise<unknown>, match: (line: LineEntry[]) => boolean) => {
      const from = desk.events.length;
      await action();
      return (await desk.next((e) => e.type === 'line' && desk.events.indexOf(e) >= from && match(e.line))) as Extract<AgentEvent, { type: 'line' }>;
    };
    const first = await openCall(t.url);
    await soloDesk.next(isAssignment(first.callId));
    await soloDesk.post(`/api/agent/calls/${first.callId}/accept`);
    // Rung and answered within one pacing interval, the call may never show: the consoles get the
    // newest line only (server/queue/pacer.ts). What counts is that the line the watcher knows is empty.
    await until(async () => {
      const known = desk.events.filter((e) => e.type === 'line' || e.type === 'hello').at(-1);
      return known && 'line' in known && known.line.length === 0 ? true : undefined;
    }, 'an empty line on the watcher console');

    const chair = { url: 'https://shop.test/p/chair', title: 'Chair — Shop', product: { title: 'Ash chair', url: 'https://shop.test/p/chair', price: '€640' } };
    const before = Date.now();
    let second = { callId: '', callKey: '' };
    const queued = await lineAfter(
      async () => (second = await openCall(t.url, chair, { agentId: solo.id, language: 'de' })),
      (line) => line.length === 1,
    );
    assert.deepEqual(queued.line[0], {
      callId: second.callId,
      since: queued.line[0]?.since,
      page: chair,
      language: 'de',
      waitingFor: solo.name,
      unanswered: 0,
    });
    assert.ok(Math.abs((queued.line[0]?.since ?? 0) - before) < 2000 && Math.abs(queued.serverNow - Date.now()) < 2000);

    // A console opened now gets the line in its hello.
    const late = await TestConsole.signIn(t.url, watcher.email);
    consoles.push(late);
    await late.connect();
    const hello = late.events.find((e) => e.type === 'hello');
    assert.deepEqual(hello?.type === 'hello' && hello.line.map((w) => w.callId), [second.callId]);

    // The shopper lets anyone take it: the watcher is rung, declines, and the line says so.
    const switched = await fetch(`${t.url}/api/calls/${second.callId}/switch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${second.callKey}`, Origin: SHOP_ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'first-available' }),
    });
    assert.equal(switched.status, 204);
    await lineAfter(
      () => desk.available(),
      (line) => line[0]?.ringing === watcher.name && line[0].waitingFor === undefined,
    );
    await lineAfter(
      () => desk.post(`/api/agent/calls/${second.callId}/decline`),
      (line) => line[0]?.ringing === undefined && line[0]?.unanswered === 1,
    );
    // A shopper who would rather type is marked so.
    const typed = await lineAfter(
      () => openCall(t.url, undefined, { kind: 'chat' }),
      (line) => line.length === 2,
    );
    assert.deepEqual(
      typed.line.map((w) => w.chat ?? false),
      [false, true],
    );
    await closeShop();
  });

  it('sets a consultant who misses offers in a row away, and says why', async () => {
    const { agent, desk } = await staff('Sleepy');
    const call = await openCall(t.url);
    await desk.next(isAssignment(call.callId));
    await desk.next((e) => e.type === 'offer-withdrawn' && e.reason === 'timeout', 3000);
    // Asked again after the cool-down (nobody else is there), missed again: away.
    await desk.next((e) => e.type === 'status' && e.status === 'away' && e.reason === 'missed-offers', 6000);
    assert.equal((await t.store.agents.get(agent.id))?.status, 'away');
    assert.equal((await t.store.calls.get(call.callId))?.state, 'queued', 'the shopper still waits');
    const kinds = (await t.store.calls.events(call.callId)).map((e) => e.kind);
    assert.deepEqual(kinds, ['created', 'offered', 'missed', 'offered', 'missed']);
    await closeShop();
  });

  it('treats a consultant whose console vanished as away after a grace period; a quick reconnect keeps them', async () => {
    const { agent: blip, desk: blipDesk } = await staff('Blip');
    const { agent: gone, desk: goneDesk } = await staff('Gone');
    // Signed in beforehand (a reload keeps its cookie): only the reconnect has to beat the 1 s grace.
    const back = await TestConsole.signIn(t.url, blip.email);
    consoles.push(back);
    blipDesk.disconnect();
    goneDesk.disconnect();
    await back.connect();
    await sleep(1500);
    assert.equal((await t.store.agents.get(gone.id))?.status, 'away');
    assert.equal((await t.store.agents.get(blip.id))?.status, 'available');
    await closeShop();
  });

  it('transfers a call to a free colleague in the same room, or puts it back at the front of the line', async () => {
    const { agent: first, desk: firstDesk } = await staff('First', { languages: ['en', 'ru'] });
    const call = await openCall(t.url);
    await firstDesk.next(isAssignment(call.callId));
    await firstDesk.post(`/api/agent/calls/${call.callId}/accept`);
    const feed = await ShopperFeed.open(t.url, call);
    const { agent: second, desk: secondDesk } = await staff('Second');

    const colleagues = (await (await fetch(`${t.url}/api/agent/colleagues`, { headers: { Cookie: firstDesk.cookie } })).json()) as {
      id: string;
      status: string;
    }[];
    assert.equal(colleagues.find((c) => c.id === second.id)?.status, 'available');
    assert.ok(!colleagues.some((c) => c.id === first.id));

    const busyTarget = await firstDesk.post(`/api/agent/calls/${call.callId}/transfer`, { agentId: first.id });
    assert.equal(busyTarget.status, 409, 'not to oneself');
    assert.equal((await firstDesk.post(`/api/agent/calls/${call.callId}/transfer`, { agentId: 'nope' })).status, 400);
    assert.equal((await firstDesk.post(`/api/agent/calls/${call.callId}/transfer`, { agentId: second.id })).status, 204);
    const handed = (await secondDesk.next(isAssignment(call.callId))).assignment;
    assert.deepEqual([handed.state, handed.transferredFrom], ['in-call', first.name]);
    await firstDesk.next((e) => e.type === 'call-left' && e.reason === 'transferred' && e.to?.name === second.name && e.to.identity === `agent-${second.id}`);
    await feed.next((e) => e.type === 'transferred' && e.to === second.name);
    const meta = JSON.parse((await t.roomMetadata(call.callId)) ?? '{}') as { agent?: string };
    assert.equal(meta.agent, `agent-${second.id}`, "the shopper's widget admits the new consultant");
    assert.equal((await t.store.calls.get(call.callId))?.agentId, second.id);

    // The new consultant hands it back to the queue: it goes to the front, and the first consultant (free again) is rung.
    const waiting = await openCall(t.url);
    assert.equal((await secondDesk.post(`/api/agent/calls/${call.callId}/requeue`)).status, 204);
    await feed.next((e) => e.type === 'requeued' && e.reason === 'agent-requeued');
    const rung = await Promise.race([firstDesk.next(isAssignment(call.callId)), secondDesk.next(isAssignment(waiting.callId))]);
    assert.ok(rung, 'someone is rung');
    const events = (await t.store.calls.events(call.callId)).map((e) => `${e.kind}${e.detail ? `:${e.detail}` : ''}`);
    assert.deepEqual(events.slice(0, 5), ['created', 'offered', 'answered', `transferred:${first.id}`, 'requeued:agent-requeued']);
    feed.close();
    await closeShop();
  });

  it('takes call-back requests from shop pages and lets any consultant mark them done once', async () => {
    const { desk } = await staff('Caller');
    const post = (body: unknown) =>
      fetch(`${t.url}/api/callbacks`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN }, body: JSON.stringify(body) });
    const page = { url: 'https://shop.test/p/sofa', title: 'Sofa' };
    const noContact = await post({ name: 'Mia', page });
    assert.equal(noContact.status, 400);
    assert.equal(((await noContact.json()) as { error: { field: string } }).error.field, 'phone');
    const badMail = await post({ name: 'Mia', email: 'not-mail', page });
    assert.equal(((await badMail.json()) as { error: { field: string } }).error.field, 'email');
    const foreign = await fetch(`${t.url}/api/callbacks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.test' },
      body: '{}',
    });
    assert.equal(foreign.status, 403);

    const ok = await post({ name: 'Mia', phone: '+49 30 1234567', preferredTime: 'after 18:00', note: 'About the blue sofa', page });
    assert.equal(ok.status, 201);
    const { id } = (await ok.json()) as { id: string };
    const pushed = await desk.next((e) => e.type === 'callback' && e.request.id === id);
    assert.equal(pushed.type === 'callback' && pushed.request.note, 'About the blue sofa');
    const list = (await (await fetch(`${t.url}/api/agent/callbacks`, { headers: { Cookie: desk.cookie } })).json()) as CallbackRequest[];
    assert.ok(list.some((r) => r.id === id && r.phone === '+49 30 1234567'));
    assert.equal((await fetch(`${t.url}/api/agent/callbacks`)).status, 401, "only the shop's staff see them");
    assert.equal((await desk.post(`/api/agent/callbacks/${id}/done`)).status, 200);
    await desk.next((e) => e.type === 'callback-done' && e.id === id);
    assert.equal((await desk.post(`/api/agent/callbacks/${id}/done`)).status, 409);
    const open = (await (await fetch(`${t.url}/api/agent/callbacks?state=open`, { headers: { Cookie: desk.cookie } })).json()) as CallbackRequest[];
    assert.ok(!open.some((r) => r.id === id));
    await closeShop();
  });

  it('keeps waiting shoppers, in order, across a server restart; their streams reconnect and the call connects', async () => {
    const { agent, desk } = await staff('Keeper');
    const busy = await openCall(t.url);
    await desk.next(isAssignment(busy.callId));
    await desk.post(`/api/agent/calls/${busy.callId}/accept`);
    const a = await openCall(t.url);
    const b = await openCall(t.url);

    await t.restart();
    assert.deepEqual(
      (await t.store.calls.listQueued()).map((c) => c.id),
      [a.callId, b.callId],
    );
    const feedB = await ShopperFeed.open(t.url, b);
    await feedB.next((e) => e.type === 'queue' && e.position === 2);
    // The console reconnects by itself (EventSource does) and finishes its call; the first in line rings.
    const again = await TestConsole.signIn(t.url, agent.email);
    consoles.push(again);
    await again.connect();
    assert.equal((await again.post(`/api/agent/calls/${busy.callId}/end`)).status, 204);
    await again.next(isAssignment(a.callId));
    assert.equal((await again.post(`/api/agent/calls/${a.callId}/accept`)).status, 200);
    await feedB.next((e) => e.type === 'queue' && e.position === 1);
    feedB.close();
    await closeShop();
  });
});
