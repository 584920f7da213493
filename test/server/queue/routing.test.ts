import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planOffers, type FreeAgent, type WaitingCall } from '../../../server/queue/routing.js';

const call = (id: string, createdAt: number, rejectedAt: Record<string, number> = {}): WaitingCall => ({
  id,
  createdAt,
  rejectedAt: new Map(Object.entries(rejectedAt)),
});
const agent = (id: string, idleSince: number): FreeAgent => ({ id, idleSince });

describe('planOffers', () => {
  it('offers the oldest call to the longest-idle agent', () => {
    const plan = planOffers([call('c2', 20), call('c1', 10)], [agent('recent', 500), agent('idle-longest', 100)], 1000, 20_000);
    assert.deepEqual(plan.offers, [
      { callId: 'c1', agentId: 'idle-longest' },
      { callId: 'c2', agentId: 'recent' },
    ]);
  });

  it('gives an agent one call at a time; the rest wait in order', () => {
    const plan = planOffers([call('c1', 1), call('c2', 2), call('c3', 3)], [agent('a', 0)], 10, 1000);
    assert.deepEqual(plan.offers, [{ callId: 'c1', agentId: 'a' }]);
  });

  it('does not ring an agent again for a call they just turned down, and says when to try again', () => {
    const plan = planOffers([call('c1', 1, { a: 900 })], [agent('a', 0), agent('b', 50)], 1000, 500);
    assert.deepEqual(plan.offers, [{ callId: 'c1', agentId: 'b' }]);
    const alone = planOffers([call('c1', 1, { a: 900 })], [agent('a', 0)], 1000, 500);
    assert.deepEqual(alone.offers, []);
    assert.equal(alone.retryAt, 1400);
    assert.deepEqual(planOffers([call('c1', 1, { a: 900 })], [agent('a', 0)], 1400, 500).offers, [{ callId: 'c1', agentId: 'a' }]);
  });

  it('never offers a call twice or an agent two calls, over random inputs', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 2000; run++) {
      const calls = Array.from({ length: Math.floor(random() * 8) }, (_, i) =>
        call(`c${i}`, Math.floor(random() * 100), random() < 0.3 ? { [`a${Math.floor(random() * 5)}`]: Math.floor(random() * 100) } : {}),
      );
      const agents = Array.from({ length: Math.floor(random() * 6) }, (_, i) => agent(`a${i}`, Math.floor(random() * 100)));
      const { offers } = planOffers(calls, agents, 100, 30);
      assert.equal(new Set(offers.map((o) => o.callId)).size, offers.length);
      assert.equal(new Set(offers.map((o) => o.agentId)).size, offers.length);
      assert.ok(offers.length <= Math.min(calls.length, agents.length));
      // With no cool-downs in play, every free agent is used while calls wait, oldest calls first.
      if (calls.every((c) => c.rejectedAt.size === 0)) {
        assert.equal(offers.length, Math.min(calls.length, agents.length));
        const oldest = [...calls].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).slice(0, offers.length);
        assert.deepEqual(offers.map((o) => o.callId), oldest.map((c) => c.id));
      }
    }
  });
});
