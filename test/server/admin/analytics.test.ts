import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeAnalytics, quantile } from '../../../server/admin/analytics.js';
import { endedRings } from '../../../server/admin/ring-outcomes.js';
import type { CallEventKind, CallFacts, RingEvent } from '../../../server/store/store.js';

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
  pageUrl: 'https://shop.example/p/1',
  pageTitle: 'Kettle',
  agentOutcome: null,
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
      call('c6', null, null, null, T0 + 86_400_000 + 60_000, { state: 'ringing', endedAt: null }),
    ];
    const at = (id: string, s: number) => (calls.find((c) => c.id === id)?.createdAt ?? 0) + s * 1000;
    const ring = (callId: string, agentId: string, kind: CallEventKind, s: number): RingEvent => ({ callId, agentId, kind, at: at(callId, s) });
    const rings = [
      ring('c1', 'anna', 'offered', 1),
      ring('c1', 'anna', 'answered', 10),
      ring('c2', 'boris', 'offered', 1),
      ring('c2', 'boris', 'missed', 16),
      ring('c2', 'anna', 'offered', 190),
      ring('c2', 'anna', 'answered', 200),
      ring('c2', 'anna', 'ended', 260),
      ring('c3', 'boris', 'offered', 1),
      ring('c3', 'boris', 'answered', 40),
      ring('c4', 'anna', 'offered', 1),
      ring('c4', 'anna', 'declined', 5),
      ring('c4', 'boris', 'offered', 6),
      ring('c4', 'boris', 'cancelled', 30),
      ring('c5', 'boris', 'offered', 1),
      ring('c5', 'boris', 'answered', 20),
      // Still ringing: no outcome yet, so not counted.
      ring('c6', 'anna', 'offered', 1),
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
    assert.deepEqual([anna?.offered, anna?.answered, anna?.missed, anna?.declined, anna?.left, anna?.answerRate], [3, 2, 0, 1, 0, 2 / 3]);
    assert.deepEqual([anna?.medianWaitMs, anna?.p90WaitMs, anna?.answeredWithinTarget, anna?.withinTarget], [10_000, 200_000, 1, 1 / 3]);
    assert.deepEqual([anna?.ownerScore, anna?.shopperRating], [4, 4]);
    assert.deepEqual([boris?.offered, boris?.answered, boris?.missed, boris?.declined, boris?.left, boris?.medianTalkMs], [4, 2, 1, 0, 1, 10_000]);
    assert.deepEqual(a.total.rings, { offered: 7, answered: 4, missed: 1, declined: 1, left: 1 });
    assert.deepEqual([a.total.calls, a.total.answered, a.total.unanswered, a.total.waiting], [6, 4, 1, 1]);
    assert.deepEqual([a.total.answerRate, a.total.answeredWithinTarget, a.total.withinTarget], [0.8, 3, 0.6], 'of the calls with an outcome');
    assert.deepEqual(
      a.days.map((d) => [d.day, d.calls, d.answered, d.unanswered, d.waiting]),
      [
        ['2026-11-20', 3, 3, 0, 0],
        ['2026-11-21', 3, 1, 1, 1],
        ['2026-11-22', 0, 0, 0, 0],
      ],
      'every day of the period, quiet ones too',
    );
  });

  it('ends every ring in one bucket: a transfer is no ring, a consultant gone while ringing missed it, one put back in line waits anew', () => {
    const e = (kind: CallEventKind, agentId: string, at: number): RingEvent => ({ callId: 'c', agentId, kind, at });
    const rings = endedRings(
      [
        e('offered', 'anna', 1_000),
        // Anna's console closed while it rang.
        e('requeued', 'anna', 5_000),
        e('offered', 'boris', 6_000),
        e('answered', 'boris', 9_000),
        // Boris hands the call back: put at the front of the line.
        e('requeued', 'boris', 60_000),
        e('offered', 'vera', 61_000),
        e('answered', 'vera', 64_000),
        // Vera passes it to Anna: no ring, Anna did not answer anything.
        e('transferred', 'anna', 90_000),
        e('ended', 'anna', 120_000),
      ],
      new Map([['c', 0]]),
    );
    assert.deepEqual(
      rings.map((r) => [r.agentId, r.outcome, r.waitMs]),
      [
        ['anna', 'missed', null],
        ['boris', 'answered', 9_000],
        ['vera', 'answered', 4_000],
      ],
    );
  });
});
