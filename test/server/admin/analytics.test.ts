import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeAnalytics, quantile } from '../../../server/admin/analytics.js';
import type { CallFacts } from '../../../server/store/store.js';

const T0 = Date.UTC(2026, 10, 20, 9, 0);
const call = (id: string, agentId: string | null, waitS: number | null, talkS: number | null, at = T0, extra: Partial<CallFacts> = {}): CallFacts => ({
  id,
  createdAt: at,
  state: 'ended',
  agentId,
  answeredAt: waitS === null ? null : at + waitS * 1000,
  endedAt: at + ((waitS ?? 30) + (talkS ?? 0)) * 1000,
  ownerScore: null,
  shopperRating: null,
  ...extra,
});

describe('analytics', () => {
  it('takes nearest-rank quantiles', () => {
    assert.equal(quantile([], 0.5), null);
    assert.equal(quantile([5], 0.9), 5);
    assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5), 5);
    assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
  });

  it("counts rings for whom they rang and calls for who answered, per consultant and in total, per day in the shop's zone", () => {
    const calls = [
      call('c1', 'anna', 10, 300, T0, { ownerScore: 5, shopperRating: 4 }),
      call('c2', 'anna', 200, 60, T0 + 3600_000, { ownerScore: 3 }),
      call('c3', 'boris', 40, 120),
      call('c4', null, null, null, T0 + 86_400_000),
      // 23:30 UTC is already the next day in Moscow.
      call('c5', 'boris', 20, 10, Date.UTC(2026, 10, 20, 23, 30)),
    ];
    const rings = [
      { callId: 'c1', agentId: 'anna', kind: 'offered' as const },
      { callId: 'c1', agentId: 'anna', kind: 'answered' as const },
      { callId: 'c2', agentId: 'boris', kind: 'offered' as const },
      { callId: 'c2', agentId: 'boris', kind: 'missed' as const },
      { callId: 'c2', agentId: 'anna', kind: 'offered' as const },
      { callId: 'c3', agentId: 'boris', kind: 'offered' as const },
      { callId: 'c4', agentId: 'anna', kind: 'offered' as const },
      { callId: 'c4', agentId: 'anna', kind: 'declined' as const },
      { callId: 'c5', agentId: 'boris', kind: 'offered' as const },
    ];
    const a = computeAnalytics({
      from: T0,
      to: T0 + 2 * 86_400_000,
      targetMs: 120_000,
      timeZone: 'Europe/Moscow',
      calls,
      rings,
      names: new Map([
        ['anna', 'Anna'],
        ['boris', 'Boris'],
      ]),
    });
    const anna = a.consultants.find((c) => c.agentId === 'anna');
    const boris = a.consultants.find((c) => c.agentId === 'boris');
    assert.deepEqual([anna?.offered, anna?.answered, anna?.missed, anna?.answerRate], [3, 2, 1, 2 / 3]);
    assert.deepEqual([anna?.medianWaitMs, anna?.p90WaitMs, anna?.withinTarget], [10_000, 200_000, 0.5]);
    assert.deepEqual([anna?.ownerScore, anna?.shopperRating], [4, 4]);
    assert.deepEqual([boris?.offered, boris?.answered, boris?.missed, boris?.medianTalkMs], [3, 2, 1, 10_000]);
    assert.deepEqual([a.total.calls, a.total.answered, a.total.unanswered, a.total.answerRate], [5, 4, 1, 0.8]);
    assert.deepEqual(
      a.days.map((d) => [d.day, d.calls, d.answered, d.unanswered]),
      [
        ['2026-11-20', 3, 3, 0],
        ['2026-11-21', 2, 1, 1],
        ['2026-11-22', 0, 0, 0],
      ],
      'every day of the period, quiet ones too',
    );
  });
});
