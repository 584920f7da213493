import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AgentEvent } from '../../../server/contract/agent.js';
import type { QueueStatus } from '../../../server/contract/queue.js';
import { asShopper, openCall, ShopperFeed, TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type PeerServer, type TestServer } from '../../support/test-server.js';
import { TEST_ENGINE } from '../../support/test-store.js';
import { until } from '../../support/until.js';
import { sendSignedWebhook, webhookEvent } from '../../support/webhooks.js';
import { agentIdentity, shopperIdentity } from '../../../server/contract/identities.js';

const isAssignment =
  (callId: string) =>
  (e: AgentEvent): e is Extract<AgentEvent, { type: 'assignment' }> =>
    e.type === 'assignment' && e.assignment.callId === callId;

/**
 * Two Vitrina servers behind one (imagined) load balancer: the same database, the same Redis,
 * the same LiveKit. A shopper's requests reach one, the consultant's console the other.
 */
describe(`two servers on one ${TEST_ENGINE} database and one Redis`, () => {
  let one: TestServer;
  let two: PeerServer;
  const consoles: TestConsole[] = [];
  const feeds: ShopperFeed[] = [];
  let n = 0;

  async function consultantOn(base: string): Promise<TestConsole & { agentId: string }> {
    const agent = await one.addAgent(`Cluster${++n}`);
    const desk = await TestConsole.signIn(base, agent.email);
    consoles.push(desk);
    await desk.connect();
    await desk.available();
    return Object.assign(desk, { agentId: agent.id });
  }

  before(async () => {
    one = await startTestServer(
      // Shoppers at different addresses are simulated through a proxy on loopback.
      {
        VITRINA_TRUST_PROXY: 'loopback',
        VITRINA_RING_TIMEOUT_S: '2',
        VITRINA_CALLS_PER_MINUTE: '4',
        VITRINA_AGENT_OFFLINE_GRACE_S: '1',
        VITRINA_SHOPPER_REJOIN_GRACE_S: '1',
        VITRINA_AGENT_REJOIN_GRACE_S: '1',
      },
      { cluster: true },
    );
    two = await one.startPeer();
  });
  after(async () => {
    for (const feed of feeds) feed.close();
    for (const desk of consoles) desk.disconnect();
    await one.close();
  });

  it('rings a consultant whose console is on the other server, and both sides hear the answer', async () => {
    const desk = await consultantOn(two.url);
    // The first server knows the console is open through the other's announcement.
    const status = (await (await fetch(`${one.url}/api/queue/status`, { headers: { Origin: SHOP_ORIGIN } })).json()) as QueueStatus;
    assert.equal(status.online, 1, 'the first server counts the console open on the second');

    const call = await openCall(one.url);
    const feed = await ShopperFeed.open(one.url, call);
    feeds.push(feed);
    const offer = await desk.next(isAssignment(call.callId));
    assert.equal(offer.assignment.state, 'ringing');
    await feed.next((e) => e.type === 'queue' && e.state === 'ringing');

    const accepted = await desk.post(`/api/agent/calls/${call.callId}/accept`);
    assert.equal(accepted.status, 200);
    assert.equal((await one.store.calls.get(call.callId))?.state, 'in-call');

    const hungUp = await desk.post(`/api/agent/calls/${call.callId}/end`);
    assert.ok(hungUp.ok, `end → ${hungUp.status}`);
    await feed.next((e) => e.type === 'ended');
    await desk.post('/api/agent/status', { status: 'away' });
  });

  it('tells a shopper waiting on one server their place as it changes through the other', async () => {
    // The only consultant is busy, so the line waits.
    const desk = await consultantOn(two.url);
    const busy = await openCall(one.url);
    await desk.next(isAssignment(busy.callId));
    assert.equal((await desk.post(`/api/agent/calls/${busy.callId}/accept`)).status, 200);
    const first = await openCall(two.url);
    const second = await openCall(two.url);
    const feed = await ShopperFeed.open(one.url, second);
    feeds.push(feed);
    await feed.next((e) => e.type === 'queue' && e.state === 'queued' && e.position === 2);
    const cancelled = await asShopper(two.url, first, 'POST', '/hangup');
    assert.equal(cancelled.status, 204);
    await feed.next((e) => e.type === 'queue' && e.state === 'queued' && e.position === 1);
    await one.vitrina.calls.end(second.callId, 'cancelled');
    await feed.next((e) => e.type === 'ended');
    await one.vitrina.calls.end(busy.callId, 'agent-hung-up');
    await desk.post('/api/agent/status', { status: 'away' });
  });

  it("counts a client's calls across both servers against one limit", async () => {
    const codes: number[] = [];
    for (const base of [one.url, two.url, one.url, two.url, one.url, two.url]) codes.push((await callFrom(base, '127.0.0.7')).status);
    // Nobody is at their desk, so the first four are turned away (409), but they count all the same.
    assert.deepEqual(codes, [409, 409, 409, 409, 429, 429], 'the limit is 4 calls a minute, whichever server counts them');
    assert.ok(Number((await callFrom(two.url, '127.0.0.7')).headers.get('retry-after')) > 0);
    for (const call of await one.store.calls.listOpen()) await one.vitrina.calls.end(call.id, 'cancelled');
  });

  it('lets a ring run out on the surviving server when the server that offered it is gone', async () => {
    const three = await one.startPeer();
    const desk = await consultantOn(two.url);
    // Only the third server is told of the call: it offers it, then it stops before the ring runs out.
    const res = await callFrom(three.url, '127.0.0.8');
    assert.equal(res.status, 201);
    const call = ((await res.json()) as { callId: string }).callId;
    await desk.next(isAssignment(call));
    await three.close();
    const withdrawn = await desk.next((e) => e.type === 'offer-withdrawn' && e.callId === call, 6000);
    assert.deepEqual(withdrawn, { type: 'offer-withdrawn', callId: call, reason: 'timeout' });
    assert.deepEqual((await one.store.calls.events(call)).map((e) => e.kind).slice(0, 3), ['created', 'offered', 'missed']);
    await one.vitrina.calls.end(call, 'cancelled');
    await desk.post('/api/agent/status', { status: 'away' });
  });

  it('lets a consultant who dropped out go back to the line on another server when the server timing their return is gone', async () => {
    const three = await one.startPeer();
    const desk = await consultantOn(one.url);
    const res = await callFrom(one.url, '127.0.0.9');
    assert.equal(res.status, 201);
    const call = ((await res.json()) as { callId: string }).callId;
    await desk.next(isAssignment(call));
    assert.equal((await desk.post(`/api/agent/calls/${call}/accept`)).status, 200);
    // LiveKit tells the third server the consultant left the room (a reload); it stops before their second of grace is over.
    const left = await sendSignedWebhook(
      { url: three.url, config: one.config },
      webhookEvent({ event: 'participant_left', room: { name: call }, participant: { identity: agentIdentity(desk.agentId) } }),
    );
    assert.equal(left.status, 200);
    await three.close();
    await until(async () => ((await one.store.calls.events(call)).some((e) => e.kind === 'requeued') ? true : undefined), 'the call to go back in line', 8000);
    const kinds = (await one.store.calls.events(call)).map((e) => e.kind);
    assert.deepEqual(
      kinds.slice(kinds.indexOf('answered'), kinds.indexOf('answered') + 2),
      ['answered', 'requeued'],
      `put back in line once, after the answer: ${kinds.join(' ')}`,
    );
    await one.vitrina.calls.end(call, 'cancelled');
    await desk.post('/api/agent/status', { status: 'away' });
  });

  it('ends the call of a shopper who left, though the server that heard it is gone', async () => {
    const three = await one.startPeer();
    const desk = await consultantOn(two.url);
    const res = await callFrom(one.url, '127.0.0.10');
    const call = ((await res.json()) as { callId: string }).callId;
    await desk.next(isAssignment(call));
    const left = await sendSignedWebhook(
      { url: three.url, config: one.config },
      webhookEvent({ event: 'participant_left', room: { name: call }, participant: { identity: shopperIdentity(call) } }),
    );
    assert.equal(left.status, 200);
    await three.close();
    const ended = await until(
      async () => {
        const now = await one.store.calls.get(call);
        return now?.state === 'ended' ? now : undefined;
      },
      'the call to end',
      8000,
    );
    assert.equal(ended.endReason, 'cancelled', 'a shopper who left while it rang cancelled it');
    await desk.post('/api/agent/status', { status: 'away' });
  });

  it('sets a consultant away when the server holding their console is gone and they do not come back', async () => {
    const three = await one.startPeer();
    const desk = await consultantOn(three.url);
    const agent = desk.agentId;
    assert.equal((await one.store.agents.get(agent))?.status, 'available');
    await three.close();
    desk.disconnect();
    const away = await until(async () => ((await one.store.agents.get(agent))?.status === 'away' ? true : undefined), 'the consultant to be set away', 12_000);
    assert.ok(away);
  });

  it("ends a consultant's sessions everywhere: the owner on one server, the console and the cookie on the other", async () => {
    const desk = await consultantOn(two.url);
    const owner = await TestConsole.signIn(one.url, (await one.addAgent('ClusterOwner', { role: 'owner' })).email);
    assert.equal((await owner.send('DELETE', `/api/admin/agents/${desk.agentId}/sessions`)).status, 204);
    assert.deepEqual(await desk.next((e) => e.type === 'signed-out'), { type: 'signed-out', reason: 'ended-by-owner' });
    assert.equal((await desk.get('/api/auth/me')).status, 401);
  });

  it('refuses a webhook event one server handled when it is replayed to the other', async () => {
    const event = webhookEvent({ event: 'participant_left', room: { name: 'call_nothere' }, participant: { identity: 'shopper-call_nothere' } });
    assert.equal((await sendSignedWebhook(one, event)).status, 200);
    const replayed = await sendSignedWebhook({ url: two.url, config: one.config }, event);
    assert.equal(replayed.status, 409);
  });

  /** Opens a call as a shopper at `ip` (the servers trust a proxy on loopback to say who the client is). */
  function callFrom(base: string, ip: string): Promise<Response> {
    return fetch(`${base}/api/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN, 'X-Forwarded-For': ip },
      body: JSON.stringify({ page: { url: 'https://shop.test/p/3', title: 'Chair' } }),
    });
  }
});
