import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgentChannel } from '../../../server/agents/agent-channel.js';
import { ShopperChannel } from '../../../server/calls/shopper-channel.js';
import { LocalBus } from '../../../server/cluster/bus.js';
import { OnlineConsoles } from '../../../server/cluster/online-consoles.js';
import type { AgentEvent } from '../../../server/contract/agent.js';
import type { ShopperQueueEvent } from '../../../server/contract/queue.js';
import { createLogger } from '../../../server/log.js';
import type { SseStream } from '../../../server/push/sse.js';
import { QueueRouter } from '../../../server/queue/router.js';
import type { Agent, Store } from '../../../server/store/store.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../support/test-store.js';

/** A stream that keeps what it is sent, parsed, as a browser would read it. */
function recordingStream<T>(): SseStream & { events: T[] } {
  const events: T[] = [];
  return {
    events,
    send: (event) => void events.push(event as T),
    sendFrame: (frame) => void events.push(JSON.parse(frame.replace(/^data: /, '')) as T),
    close: () => {},
  };
}

const page = { url: 'https://shop.test/p/1', title: 'Lamp' };

/**
 * The router's own mechanics, with the store under test and no LiveKit (tokens are signed
 * locally): asks folded into one pass, and pushes only where something changed.
 */
describe(`the queue router's passes on ${TEST_ENGINE}`, () => {
  let dir: string;
  let database: TestDatabase;
  let store: Store;
  let router: QueueRouter;
  let agents: AgentChannel;
  let shoppers: ShopperChannel;
  let clock = 1_000_000;
  let passes = 0;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vitrina-dispatch-'));
    database = await createTestDatabase(dir);
    store = await database.open();
    // Each pass that plans reads who turned down the queued calls once: counting those reads counts passes.
    const read = store.calls.queuedRejections.bind(store.calls);
    store.calls.queuedRejections = () => {
      passes++;
      return read();
    };
    const bus = new LocalBus();
    agents = new AgentChannel({ bus, consoles: new OnlineConsoles({ bus, server: 'test', now: () => clock }), online: () => {}, offline: () => {} });
    shoppers = new ShopperChannel(bus);
    router = new QueueRouter({
      store,
      channel: agents,
      shoppers,
      log: createLogger('error', () => {}),
      now: () => clock,
      ringTimeoutMs: 20_000,
      maxMissedOffers: 3,
      livekit: { url: 'ws://127.0.0.1:1', browserUrl: 'ws://127.0.0.1:1', apiKey: 'APItest', apiSecret: 'a-test-secret-of-at-least-32-characters' },
      agentTokenTtlS: 600,
      setAway: async () => undefined,
      // Every pass's line and places go out at once: these tests read them right after each pass (the pacing has its own test).
      lineEveryMs: 0,
    });
  });
  after(async () => {
    router.stop();
    await store.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function consultant(name: string, idleSince: number): Promise<{ agent: Agent; console: ReturnType<typeof recordingStream<AgentEvent>> }> {
    const created = await store.agents.create({ email: `${name.toLowerCase()}@shop.test`, name, role: 'agent', passwordHash: '!' }, clock);
    const agent = (await store.agents.setStatus(created.id, 'available', idleSince)) ?? created;
    const stream = recordingStream<AgentEvent>();
    agents.attach(agent.id, stream);
    return { agent, console: stream };
  }

  const openCall = async (id: string, createdAt: number) => {
    await store.calls.create({ id, page, origin: null }, createdAt);
    const feed = recordingStream<ShopperQueueEvent>();
    shoppers.attach(id, feed, true);
    return feed;
  };

  it('folds asks made in one turn into one pass, which still rings the calls in arrival order', async () => {
    // Ids in the opposite order to arrival: only the arrival time may decide.
    await openCall('call_c', clock - 3000);
    await openCall('call_b', clock - 2000);
    await openCall('call_a', clock - 1000);
    const longest = await consultant('Longest', clock - 60_000);
    const shorter = await consultant('Shorter', clock - 30_000);
    passes = 0;
    await Promise.all([router.dispatch(), router.dispatch(), router.refreshLine(), router.dispatch()]);
    assert.equal(passes, 1, 'one pass for four asks');
    assert.deepEqual(
      [await store.calls.get('call_c'), await store.calls.get('call_b'), await store.calls.get('call_a')].map((c) => [c?.state, c?.agentId]),
      [
        ['ringing', longest.agent.id],
        ['ringing', shorter.agent.id],
        ['queued', null],
      ],
    );
    assert.ok(longest.console.events.some((e) => e.type === 'assignment' && e.assignment.callId === 'call_c'));
    // An ask made while a pass runs gets one more pass after it, not a lost one.
    passes = 0;
    const first = router.dispatch();
    await new Promise((resolve) => setImmediate(resolve));
    const second = router.dispatch();
    await Promise.all([first, second]);
    assert.equal(passes, 2);
  });

  it('pushes a place only to the shoppers whose place or wait changed', async () => {
    const waiting = await openCall('call_d', clock);
    await router.dispatch();
    const told = (feed: { events: ShopperQueueEvent[] }) => feed.events.filter((e) => e.type === 'queue');
    const before = told(waiting).length;
    assert.ok(before > 0, 'a new shopper hears their place');
    // Someone joins behind: the shopper ahead keeps their place and hears nothing.
    clock += 10;
    const behind = await openCall('call_e', clock);
    await router.dispatch();
    assert.equal(told(waiting).length, before);
    const place = (feed: { events: ShopperQueueEvent[] }) => {
      const last = told(feed).at(-1);
      return last?.type === 'queue' ? last.position : undefined;
    };
    assert.equal(place(behind), (place(waiting) ?? NaN) + 1);
    // The line refreshed without planning tells shoppers nothing.
    await router.refreshLine();
    assert.equal(told(waiting).length, before);
    // A widget whose stream reconnects hears its place at once, with no pass over the line.
    passes = 0;
    const reopened = recordingStream<ShopperQueueEvent>();
    assert.equal(shoppers.attach('call_d', reopened, true).told, true);
    assert.deepEqual(reopened.events, [told(waiting).at(-1)]);
    assert.equal(passes, 0);
  });
});
