import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Analytics, RingFigures } from '../../../server/contract/admin.js';
import { computeAnalytics } from '../../../server/admin/analytics.js';
import type { RingOutcome } from '../../../server/admin/ring-outcomes.js';
import { newId } from '../../../server/ids.js';
import type { Store } from '../../../server/store/store.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-store.js';

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 2, 1);
const TO = FROM + 12 * DAY;
const TARGET_MS = 60_000;
const ZONE = 'Europe/Moscow';
const CALLS = 400;

/** mulberry32: the same history on every run, and a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayOf = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const noRings = (): RingFigures => ({ offered: 0, answered: 0, missed: 0, declined: 0, left: 0 });
const RING_KEYS = ['offered', 'answered', 'missed', 'declined', 'left'] as const;

/** What the generator itself saw happen, to hold the figures against. */
interface Expected {
  rings: Map<string, RingFigures & { withinTarget: number }>;
  calls: number;
  answered: number;
  unanswered: number;
  waiting: number;
  answeredWithinTarget: number;
  perDay: Map<string, number>;
  transferred: number;
  handedBack: number;
}

/**
 * Writes a random history through the real store, as the queue and the calls would: calls that
 * ring one consultant after another (answered, missed, declined, the consultant gone, the shopper
 * leaving), answered calls transferred or handed back to the line, calls never answered, and a few
 * still waiting or ringing at the end.
 */
async function generate(store: Store, random: () => number, agents: string[]): Promise<Expected> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  /** Consultants a call left ringing for them at the end. */
  const busy = new Set<string>();
  const free = () => agents.filter((a) => !busy.has(a));
  const x: Expected = {
    rings: new Map(agents.map((a) => [a, { ...noRings(), withinTarget: 0 }])),
    calls: 0,
    answered: 0,
    unanswered: 0,
    waiting: 0,
    answeredWithinTarget: 0,
    perDay: new Map(),
    transferred: 0,
    handedBack: 0,
  };
  const count = (agentId: string, outcome: RingOutcome) => {
    const r = x.rings.get(agentId) as RingFigures & { withinTarget: number };
    r.offered++;
    r[outcome]++;
  };

  // One call at a time, so every consultant is free when a call looks for one.
  const oneCall = async (createdAt: number, inPeriod: boolean, last: boolean) => {
    const id = newId('call');
    let now = createdAt;
    const tick = (maxS: number) => (now += 1000 + Math.floor(random() * maxS * 1000));
    await store.calls.create({ id, page: { url: 'https://shop.test/p/1', title: 'Lamp' }, origin: null }, now);
    if (inPeriod) {
      x.calls++;
      x.perDay.set(dayOf(createdAt), (x.perDay.get(dayOf(createdAt)) ?? 0) + 1);
    }
    const tally = (agentId: string, outcome: RingOutcome) => inPeriod && count(agentId, outcome);
    let waitingSince = createdAt;
    let everAnswered = false;
    for (;;) {
      // Nobody rings again: the shopper gives up in line, or (the last calls) is still waiting.
      if (random() < 0.15) {
        if (last) {
          if (inPeriod && !everAnswered) x.waiting++;
          return;
        }
        await store.calls.end(id, 'cancelled', tick(60));
        if (inPeriod && !everAnswered) x.unanswered++;
        return;
      }
      const agentId = pick(free());
      assert.ok(await store.calls.offer(id, agentId, tick(40)), 'the consultant is free');
      if (last && random() < 0.3) {
        // Still ringing at the end: no outcome yet, in no bucket.
        busy.add(agentId);
        if (inPeriod && !everAnswered) x.waiting++;
        return;
      }
      const roll = random();
      if (roll < 0.15) {
        assert.ok(await store.calls.withdraw(id, agentId, 'missed', tick(20)));
        tally(agentId, 'missed');
      } else if (roll < 0.22) {
        // The consultant's console closed while it rang.
        assert.ok(await store.calls.withdraw(id, agentId, 'requeued', tick(10)));
        tally(agentId, 'missed');
      } else if (roll < 0.35) {
        assert.ok(await store.calls.withdraw(id, agentId, 'declined', tick(10)));
        tally(agentId, 'declined');
      } else if (roll < 0.45) {
        await store.calls.end(id, (state) => (state === 'in-call' ? 'shopper-hung-up' : 'cancelled'), tick(20));
        tally(agentId, 'left');
        if (inPeriod && !everAnswered) x.unanswered++;
        return;
      } else {
        const at = tick(30);
        assert.ok(await store.calls.answer(id, agentId, at));
        tally(agentId, 'answered');
        const onTime = at - waitingSince <= TARGET_MS;
        if (inPeriod && onTime) (x.rings.get(agentId) as { withinTarget: number }).withinTarget++;
        if (!everAnswered && inPeriod) {
          x.answered++;
          if (onTime) x.answeredWithinTarget++;
        }
        everAnswered = true;
        let holder = agentId;
        if (random() < 0.2) {
          const to = pick(free().filter((a) => a !== holder));
          assert.ok(await store.calls.transfer(id, holder, to, tick(120)));
          if (inPeriod) x.transferred++;
          holder = to;
        }
        if (random() < 0.15) {
          // Handed back to the line: rings again, and the shopper's wait starts anew.
          waitingSince = tick(120);
          assert.ok(await store.calls.requeue(id, holder, 'agent-requeued', waitingSince));
          if (inPeriod) x.handedBack++;
          continue;
        }
        await store.calls.end(id, random() < 0.5 ? 'agent-hung-up' : 'shopper-hung-up', tick(600));
        return;
      }
    }
  };

  // A few calls before the period: none of their rings may count.
  for (let i = 0; i < 10; i++) await oneCall(FROM - DAY + i * 60_000, false, false);
  for (let i = 0; i < CALLS; i++) await oneCall(FROM + Math.floor(((TO - FROM - DAY) * i) / CALLS), true, false);
  // The last calls are still open when the owner looks; one at a time keeps their consultants apart.
  for (let i = 0; i < agents.length - 1; i++) await oneCall(TO - 3600_000 + i * 60_000, true, true);
  return x;
}

describe('analytics over a generated history in the real store', () => {
  let dir: string;
  let db: TestDatabase;
  let store: Store;
  let expected: Expected;
  let a: Analytics;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vitrina-analytics-'));
    db = await createTestDatabase(dir);
    store = await db.open();
    const agents: string[] = [];
    for (const name of ['Anna', 'Boris', 'Vera', 'Gleb']) {
      const agent = await store.agents.create({ email: `${name.toLowerCase()}@shop.test`, name, role: 'agent', passwordHash: 'x' }, FROM - 2 * DAY);
      await store.agents.setStatus(agent.id, 'available', FROM - 2 * DAY);
      agents.push(agent.id);
    }
    expected = await generate(store, seeded(20260301), agents);
    const { calls, rings } = await store.history.facts(FROM, TO);
    const names = new Map((await store.agents.listAll()).map((g) => [g.id, g.name]));
    a = computeAnalytics({ from: FROM, to: TO, targetMs: TARGET_MS, timeZone: ZONE, calls, rings, names });
  });
  after(async () => {
    await store?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generated every kind of ring and call, so no bucket can hide', () => {
    const all = [...expected.rings.values()];
    for (const k of RING_KEYS) assert.ok(all.reduce((n, r) => n + r[k], 0) > 10, `${k} rings`);
    assert.ok(expected.unanswered > 10 && expected.waiting > 0 && expected.transferred > 10 && expected.handedBack > 10);
  });

  it('adds up: offered = answered + missed + declined + left, per consultant and in total', () => {
    for (const c of [...a.consultants, a.total.rings]) {
      assert.equal(c.offered, c.answered + c.missed + c.declined + c.left, JSON.stringify(c));
    }
    for (const k of RING_KEYS) {
      assert.equal(
        a.consultants.reduce((n, c) => n + c[k], 0),
        a.total.rings[k],
        `the consultants' ${k} make the total's`,
      );
    }
    assert.equal(a.total.calls, a.total.answered + a.total.unanswered + a.total.waiting);
    for (const c of a.consultants) {
      assert.ok(c.answeredWithinTarget <= c.answered);
      assert.equal(c.answerRate, c.answered / c.offered);
      assert.equal(c.withinTarget, c.answeredWithinTarget / c.offered, 'of the same base as the answer rate');
    }
    assert.ok(a.total.answeredWithinTarget <= a.total.answered);
    assert.equal(a.total.answerRate, a.total.answered / (a.total.answered + a.total.unanswered));
    assert.equal(a.total.withinTarget, a.total.answeredWithinTarget / (a.total.answered + a.total.unanswered));
  });

  it('the days add up to the totals', () => {
    for (const k of ['calls', 'answered', 'unanswered', 'waiting'] as const) {
      assert.equal(
        a.days.reduce((n, d) => n + d[k], 0),
        a.total[k],
        k,
      );
    }
    for (const d of a.days) assert.equal(d.calls, d.answered + d.unanswered + d.waiting, d.day);
  });

  it('matches what the generator counted', () => {
    assert.deepEqual(
      Object.fromEntries(a.consultants.map((c) => [c.agentId, [...RING_KEYS.map((k) => c[k]), c.answeredWithinTarget]])),
      Object.fromEntries([...expected.rings].map(([id, r]) => [id, [...RING_KEYS.map((k) => r[k]), r.withinTarget]])),
    );
    assert.deepEqual(
      [a.total.calls, a.total.answered, a.total.unanswered, a.total.waiting, a.total.answeredWithinTarget],
      [CALLS + 3, expected.answered, expected.unanswered, expected.waiting, expected.answeredWithinTarget],
    );
    assert.equal(expected.calls, CALLS + 3);
    assert.deepEqual(Object.fromEntries(a.days.filter((d) => d.calls > 0).map((d) => [d.day, d.calls])), Object.fromEntries([...expected.perDay].sort()));
  });
});
