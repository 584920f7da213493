import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import type { Assignment } from '../../../server/contract/agent.js';
import type { Agent } from '../../../server/store/store.js';
import { asShopper, busyColleague, openCall, TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';
import { postWebhook, sendSignedWebhook, signWebhook, webhookEvent } from '../../support/webhooks.js';

const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const isAssignment = (callId: string) => (e: { type: string; assignment?: Assignment }) => e.type === 'assignment' && e.assignment?.callId === callId;

describe('calls over HTTP, with a real LiveKit server', () => {
  let t: TestServer;

  /** New agents with consoles open, made available in the order given (the first is the longest idle). */
  async function availableConsoles(...names: string[]): Promise<{ agents: Agent[]; consoles: TestConsole[] }> {
    const agents = await Promise.all(names.map((name) => t.addAgent(name)));
    const consoles = await Promise.all(agents.map((a) => TestConsole.signIn(t.url, a.email)));
    await Promise.all(consoles.map((c) => c.connect()));
    for (const c of consoles) {
      await c.available();
      await new Promise((r) => setTimeout(r, 20));
    }
    return { agents, consoles };
  }

  /** Posts a participant_left event signed the way livekit-server signs it. */
  const participantLeft = (room: string, identity: string) =>
    sendSignedWebhook(t, webhookEvent({ event: 'participant_left', room: { name: room }, participant: { identity } }));

  before(async () => {
    t = await startTestServer({ VITRINA_RING_TIMEOUT_S: '3', VITRINA_AGENT_REJOIN_GRACE_S: '1', VITRINA_SHOPPER_REJOIN_GRACE_S: '1' });
    // The shop is open with one consultant on a long call, so new calls wait for the agents each test brings.
    await busyColleague(t);
  });
  after(async () => t.close());

  it("opens a call for the shopper's page: a room in LiveKit and a token for that room only", async () => {
    const call = await openCall(t.url, { url: 'https://shop.test/p/chair', title: 'Chair' });
    assert.match(call.callId, /^call_/);
    assert.equal(call.livekitUrl, t.livekit.url);
    const claims = jwt.decode(call.token) as { sub: string; video: { room: string } };
    assert.equal(claims.video.room, call.callId);
    assert.equal(claims.sub, `shopper-${call.callId}`);
    assert.ok((await t.rooms.list()).includes(call.callId), 'the room exists in LiveKit');
    const row = await t.store.calls.get(call.callId);
    assert.deepEqual([row?.state, row?.page.title, row?.origin], ['queued', 'Chair', SHOP_ORIGIN]);
    await t.vitrina.calls.end(call.callId, 'cancelled');
  });

  it("answers the shop's preflight and refuses other origins", async () => {
    const preflight = await fetch(`${t.url}/api/calls`, {
      method: 'OPTIONS',
      headers: { Origin: SHOP_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    for (const origin of ['https://evil.test', undefined]) {
      const res = await fetch(`${t.url}/api/calls`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
        body: JSON.stringify({ page: { url: 'https://shop.test/', title: '' } }),
      });
      assert.equal(res.status, 403);
      const body = (await res.json()) as { error: { field: string } };
      assert.equal(body.error.field, 'origin');
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    }
  });

  it("lets only the call key's bearer hang up, and hanging up closes the room", async () => {
    const call = await openCall(t.url);
    const other = await openCall(t.url);
    const hangup = (id: string, key?: string) =>
      fetch(`${t.url}/api/calls/${id}/hangup`, {
        method: 'POST',
        headers: { Origin: SHOP_ORIGIN, ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      });
    assert.equal((await hangup(call.callId)).status, 401);
    assert.equal((await hangup(call.callId, other.callKey)).status, 403);
    assert.equal((await hangup(call.callId, call.callKey)).status, 204);
    const row = await t.store.calls.get(call.callId);
    assert.deepEqual([row?.state, row?.endReason], ['ended', 'cancelled']);
    // Nobody was in it: it goes at once (a party still in it is given a moment to leave by itself).
    assert.ok(!(await t.rooms.list()).includes(call.callId), 'the room is gone');
    await hangup(other.callId, other.callKey);
  });

  it('rings the longest-idle agent, one call per agent, and the rest wait', async () => {
    const {
      consoles: [one, two],
    } = await availableConsoles('First', 'Second');

    const a = await openCall(t.url);
    const ringA = await one.next(isAssignment(a.callId));
    assert.equal(ringA.type === 'assignment' && ringA.assignment.state, 'ringing');
    const b = await openCall(t.url);
    await two.next(isAssignment(b.callId));
    const c = await openCall(t.url);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await t.store.calls.get(c.callId))?.state, 'queued', 'no free agent: the third call waits');

    // The agent's token opens that call's room and no other.
    const token = ringA.type === 'assignment' ? ringA.assignment.token : '';
    assert.equal((jwt.decode(token) as { video: { room: string } }).video.room, a.callId);

    assert.equal((await one.post(`/api/agent/calls/${a.callId}/accept`)).status, 200);
    assert.equal((await t.store.calls.get(a.callId))?.state, 'in-call');
    assert.equal((await two.post(`/api/agent/calls/${a.callId}/accept`)).status, 409, 'not offered to them');
    assert.equal((await one.post(`/api/agent/calls/${a.callId}/end`)).status, 204);
    await one.next((e) => e.type === 'call-ended' && e.callId === a.callId);
    // Freed, the first agent takes the waiting call.
    await one.next(isAssignment(c.callId));

    for (const call of [b, c]) await t.vitrina.calls.end(call.callId, 'cancelled');
    one.disconnect();
    two.disconnect();
  });

  it('moves an unanswered ring to the next agent, and of two racing accepts exactly one wins', async () => {
    const {
      agents: [slow],
      consoles: [s, q],
    } = await availableConsoles('Slow', 'Quick');

    const call = await openCall(t.url);
    await s.next(isAssignment(call.callId));
    // The ring times out after three seconds and moves on to the other agent.
    await s.next((e) => e.type === 'offer-withdrawn' && e.callId === call.callId);
    await q.next(isAssignment(call.callId));
    const [late, current] = await Promise.all([s.post(`/api/agent/calls/${call.callId}/accept`), q.post(`/api/agent/calls/${call.callId}/accept`)]);
    assert.deepEqual([late.status, current.status], [409, 200]);
    const events = (await t.store.calls.events(call.callId)).map((e) => `${e.kind}:${e.agentId === slow.id ? 'slow' : 'quick'}`);
    assert.deepEqual(events.slice(1), ['offered:slow', 'missed:slow', 'offered:quick', 'answered:quick']);
    await t.vitrina.calls.end(call.callId, 'agent-hung-up');
    s.disconnect();
    q.disconnect();
  });

  it("moves a ringing offer on at once when the agent's console disconnects", async () => {
    const {
      consoles: [g, st],
    } = await availableConsoles('Gone', 'Stays');
    const call = await openCall(t.url);
    await g.next(isAssignment(call.callId));
    g.disconnect();
    await st.next(isAssignment(call.callId));
    await t.vitrina.calls.end(call.callId, 'cancelled');
    st.disconnect();
  });

  it('a declined ring, or an agent going away while it rings, moves the call on', async () => {
    const {
      consoles: [p, l],
    } = await availableConsoles('Picky', 'Leaving');

    const call = await openCall(t.url);
    await p.next(isAssignment(call.callId));
    assert.equal((await p.post(`/api/agent/calls/${call.callId}/decline`)).status, 204);
    await l.next(isAssignment(call.callId));
    assert.equal((await p.post(`/api/agent/calls/${call.callId}/decline`)).status, 409, 'no longer theirs');
    assert.equal((await l.post('/api/agent/status', { status: 'away' })).status, 200);
    await l.next((e) => e.type === 'offer-withdrawn' && e.callId === call.callId);
    assert.equal((await t.store.calls.get(call.callId))?.state, 'queued', 'nobody else is free: it waits');
    const kinds = (await t.store.calls.events(call.callId)).map((e) => e.kind);
    assert.deepEqual(kinds, ['created', 'offered', 'declined', 'offered', 'requeued']);
    await t.vitrina.calls.end(call.callId, 'cancelled');
    p.disconnect();
    l.disconnect();
  });

  it('on start-up, ends calls whose room LiveKit no longer has', async () => {
    const kept = await openCall(t.url);
    // A row whose room vanished while the server was down: deleting a live room instead would
    // race LiveKit's room_finished webhook, which ends the call by another route.
    const lostId = 'call_lost-while-down';
    await t.store.calls.create({ id: lostId, page: { url: 'https://shop.example/p/1', title: 'Lamp' }, origin: SHOP_ORIGIN }, Date.now());
    await t.vitrina.calls.reconcile();
    assert.equal((await t.store.calls.get(lostId))?.endReason, 'lost');
    assert.equal((await t.store.calls.get(kept.callId))?.state, 'queued');
    await t.vitrina.calls.end(kept.callId, 'cancelled');
  });

  it('gives a consultant who drops out of a call a moment to come back, then puts the shopper back at the front', async () => {
    const {
      agents: [agent],
      consoles: [c],
    } = await availableConsoles('Dropper');
    const call = await openCall(t.url);
    await c.next(isAssignment(call.callId));
    assert.equal((await c.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    assert.equal((await c.post('/api/agent/status', { status: 'away' })).status, 200);
    const later = await openCall(t.url);
    assert.equal((await participantLeft(call.callId, `agent-${agent.id}`)).status, 200);
    assert.equal((await t.store.calls.get(call.callId))?.state, 'in-call', 'still on during the grace period');
    await until(async () => (await t.store.calls.get(call.callId))?.state === 'queued', 'the call to go back to the queue', 4000);
    await c.next((e) => e.type === 'call-left' && e.callId === call.callId && e.reason === 'requeued');
    const line = await t.store.calls.listQueued();
    assert.equal(line[0]?.id, call.callId, 'ahead of a call that came in later');
    assert.ok(line.some((x) => x.id === later.callId));
    const meta = JSON.parse((await t.roomMetadata(call.callId)) ?? '{}') as { state?: string };
    assert.equal(meta.state, 'waiting', "the room says so before anyone is told: the shopper's widget sees it is waiting again");
    const last = (await t.store.calls.events(call.callId)).at(-1);
    assert.deepEqual([last?.kind, last?.detail], ['requeued', 'agent-left']);
    for (const x of [call, later]) await t.vitrina.calls.end(x.callId, 'cancelled');
    c.disconnect();
  });

  it('refuses unsigned and forged webhooks', async () => {
    const body = JSON.stringify({ event: 'room_finished', room: { name: 'call_whatever' } });
    const unsigned = await fetch(`${t.url}/api/livekit/webhook`, { method: 'POST', body, headers: { 'Content-Type': 'application/webhook+json' } });
    assert.equal(unsigned.status, 401);
    const forged = await fetch(`${t.url}/api/livekit/webhook`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/webhook+json', Authorization: await signWebhook(body, t.config.livekit.apiKey, 'f'.repeat(40)) },
    });
    assert.equal(forged.status, 401);
    const tampered = await fetch(`${t.url}/api/livekit/webhook`, {
      method: 'POST',
      body: body.replace('whatever', 'other'),
      headers: { Authorization: await signWebhook(body, t.config.livekit.apiKey, t.config.livekit.apiSecret) },
    });
    assert.equal(tampered.status, 401);
    const { apiKey, apiSecret } = t.config.livekit;
    // Fresh events, so only the token's expiry can refuse them.
    const signedFresh = (claims: object) => {
      const raw = JSON.stringify(webhookEvent({ event: 'room_started', room: { name: 'call_whatever' } }));
      const sha256 = createHash('sha256').update(raw).digest('base64');
      return postWebhook(t.url, raw, jwt.sign({ sha256, ...claims }, apiSecret, { algorithm: 'HS256', issuer: apiKey }));
    };
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await signedFresh({ exp: now - 60 })).status, 401, 'a token past its expiry');
    assert.equal((await signedFresh({})).status, 401, 'a token without an expiry');
    assert.equal((await signedFresh({ exp: now + 60 })).status, 200);
    // Replayed, old and id-less events: test/faults/abuse/access.test.ts.
  });

  it('reads a signed webhook as input: a body of the wrong shape is refused, its field named', async () => {
    const { apiKey, apiSecret } = t.config.livekit;
    for (const [raw, field] of [
      ['{"event":', 'body'],
      [JSON.stringify({ id: 'EV_x', room: { name: 'call_whatever' } }), 'event'],
      [JSON.stringify(webhookEvent({ event: 'participant_left', room: { name: 'call_whatever' }, participant: { identity: 7 } })), 'participant.identity'],
    ] as const) {
      const res = await postWebhook(t.url, raw, await signWebhook(raw, apiKey, apiSecret));
      assert.equal(res.status, 400, raw);
      assert.equal(((await res.json()) as { error: { field: string } }).error.field, field);
    }
    // LiveKit writes its int64 creation time as a string (protobuf JSON).
    const asLivekitWrites = { ...webhookEvent({ event: 'room_started', room: { name: 'call_whatever' } }), createdAt: String(Math.floor(Date.now() / 1000)) };
    assert.equal((await sendSignedWebhook(t, asLivekitWrites)).status, 200);
  });

  it('gives a shopper who left the room a moment to come back, then ends the call and closes the room', async () => {
    const call = await openCall(t.url);
    assert.equal((await participantLeft(call.callId, `shopper-${call.callId}`)).status, 200);
    assert.equal((await t.store.calls.get(call.callId))?.state, 'queued', 'still waiting during the grace period (a page change)');
    await until(async () => (await t.store.calls.get(call.callId))?.state === 'ended', 'the call to end', 4000);
    assert.equal((await t.store.calls.get(call.callId))?.endReason, 'cancelled');
    await until(async () => !(await t.rooms.list()).includes(call.callId), 'the room to close');
    const late = await asShopper(t.url, call, 'POST', '/rejoin', { page: { url: 'https://shop.test/p/2', title: 'Two' } });
    assert.equal(late.status, 410, 'an ended call cannot be rejoined');
    assert.equal(((await late.json()) as { error: { code: string } }).error.code, 'call-ended');
  });

  it('lets a shopper rejoin the same call with a fresh token for the same room, keeping their place', async () => {
    const first = await openCall(t.url);
    const call = await openCall(t.url);
    const res = await asShopper(t.url, call, 'POST', '/rejoin', { page: { url: 'https://shop.test/p/other', title: 'Other' } });
    assert.equal(res.status, 200);
    const { token } = (await res.json()) as { token: string };
    const claims = jwt.decode(token) as { sub: string; video: { room: string } };
    assert.deepEqual([claims.sub, claims.video.room], [`shopper-${call.callId}`, call.callId]);
    const line = (await t.store.calls.listQueued()).map((c) => c.id);
    assert.ok(line.indexOf(first.callId) < line.indexOf(call.callId), 'still behind the call that came first');
    const foreign = await fetch(`${t.url}/api/calls/${call.callId}/rejoin`, {
      method: 'POST',
      headers: { Origin: SHOP_ORIGIN, Authorization: `Bearer ${first.callKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ page: { url: 'https://shop.test/', title: '' } }),
    });
    assert.equal(foreign.status, 403, "another call's key does not open this call");
    for (const x of [first, call]) await t.vitrina.calls.end(x.callId, 'cancelled');
  });
});
