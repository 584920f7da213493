import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fits, lineOrder, linePositions, planOffers, type FreeAgent, type Plan, type PlanContext, type WaitingCall } from '../../../server/queue/routing.js';

const call = (id: string, createdAt: number, extra: Partial<WaitingCall> & { rejected?: Record<string, number> } = {}): WaitingCall => {
  const { rejected, ...rest } = extra;
  return { id, createdAt, front: false, rejectedAt: new Map(Object.entries(rejected ?? {})), ...rest };
};
const agent = (id: string, idleSince: number, languages: string[] = ['en']): FreeAgent => ({ id, idleSince, languages });
const ctx = (now: number, cooldownMs = 20_000, spoken: string[] = ['en']): PlanContext => ({ now, cooldownMs, spokenOnline: new Set(spoken) });

describe('planOffers', () => {
  it('offers the oldest call to the longest-idle agent', () => {
    const plan = planOffers([call('c2', 20), call('c1', 10)], [agent('recent', 500), agent('idle-longest', 100)], ctx(1000));
    assert.deepEqual(plan.offers, [
      { callId: 'c1', agentId: 'idle-longest' },
      { callId: 'c2', agentId: 'recent' },
    ]);
  });

  it('gives an agent one call at a time; the rest wait in order', () => {
    const plan = planOffers([call('c1', 1), call('c2', 2), call('c3', 3)], [agent('a', 0)], ctx(10));
    assert.deepEqual(plan.offers, [{ callId: 'c1', agentId: 'a' }]);
  });

  it('does not ring an agent again for a call they just turned down, and says when to try again', () => {
    const turnedDown = call('c1', 1, { rejected: { a: 900 } });
    assert.deepEqual(planOffers([turnedDown], [agent('a', 0), agent('b', 50)], ctx(1000, 500)).offers, [{ callId: 'c1', agentId: 'b' }]);
    const alone = planOffers([turnedDown], [agent('a', 0)], ctx(1000, 500));
    assert.deepEqual(alone.offers, []);
    assert.equal(alone.retryAt, 1400);
    assert.deepEqual(planOffers([turnedDown], [agent('a', 0)], ctx(1400, 500)).offers, [{ callId: 'c1', agentId: 'a' }]);
  });

  it('rings only the chosen consultant for a chosen call, even while another is idle', () => {
    const plan = planOffers([call('c1', 1, { agentId: 'boris' })], [agent('anna', 0), agent('boris', 500)], ctx(1000));
    assert.deepEqual(plan.offers, [{ callId: 'c1', agentId: 'boris' }]);
    assert.deepEqual(planOffers([call('c1', 1, { agentId: 'boris' })], [agent('anna', 0)], ctx(1000)).offers, []);
  });

  it('lets a later first-available call take the idle agent while an earlier one waits for its chosen consultant', () => {
    const plan = planOffers([call('c1', 1, { agentId: 'boris' }), call('c2', 2)], [agent('anna', 0)], ctx(1000));
    assert.deepEqual(plan.offers, [{ callId: 'c2', agentId: 'anna' }]);
  });

  it('sends a call to someone who speaks its language, and to anyone when nobody online does', () => {
    const agents = [agent('en-only', 0, ['en']), agent('ru', 100, ['en', 'ru'])];
    const spoken = ['en', 'ru'];
    assert.deepEqual(planOffers([call('c1', 1, { language: 'ru' })], agents, ctx(1000, 1, spoken)).offers, [{ callId: 'c1', agentId: 'ru' }]);
    assert.deepEqual(planOffers([call('c1', 1, { language: 'de' })], agents, ctx(1000, 1, spoken)).offers, [{ callId: 'c1', agentId: 'en-only' }]);
    // A Russian speaker is online but busy: the call waits for them rather than going to someone who cannot talk to the shopper.
    assert.deepEqual(planOffers([call('c1', 1, { language: 'ru' })], [agents[0]], ctx(1000, 1, spoken)).offers, []);
  });

  it('serves a call put back at the front before older calls', () => {
    const plan = planOffers([call('old', 1), call('back', 50, { front: true })], [agent('a', 0)], ctx(1000));
    assert.deepEqual(plan.offers, [{ callId: 'back', agentId: 'a' }]);
  });
});

describe('linePositions', () => {
  it('counts only the calls ahead that compete for the same consultants', () => {
    const online = [agent('anna', 0, ['en', 'ru']), agent('boris', 0, ['en'])];
    const places = linePositions(
      [call('first', 1), call('for-boris', 2, { agentId: 'boris' }), call('ru', 3, { language: 'ru' }), call('for-anna', 4, { agentId: 'anna' })],
      online,
      new Set(['en', 'ru']),
    );
    assert.deepEqual(Object.fromEntries([...places].map(([id, p]) => [id, p.position])), { first: 1, 'for-boris': 2, ru: 2, 'for-anna': 3 });
    assert.equal(places.get('first')?.servers, 2);
    assert.equal(places.get('ru')?.servers, 1);
    assert.equal(places.get('for-boris')?.servers, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random inputs and random histories.

const AGENTS = ['a0', 'a1', 'a2', 'a3'];
const LANGS = ['en', 'ru', 'de'];

const arbAgent = fc.record({
  id: fc.constantFrom(...AGENTS),
  idleSince: fc.integer({ min: 0, max: 100 }),
  languages: fc.subarray(LANGS, { minLength: 1 }),
});
const arbCall = (i: number) =>
  fc.record({
    id: fc.constant(`c${i}`),
    createdAt: fc.integer({ min: 0, max: 100 }),
    front: fc.boolean(),
    language: fc.option(fc.constantFrom(...LANGS), { nil: undefined }),
    agentId: fc.option(fc.constantFrom(...AGENTS), { nil: undefined, freq: 3 }),
    rejectedAt: fc.dictionary(fc.constantFrom(...AGENTS), fc.integer({ min: 0, max: 100 })).map((d) => new Map(Object.entries(d))),
  });

const clean = (c: WaitingCall): WaitingCall => {
  const out: WaitingCall = { id: c.id, createdAt: c.createdAt, front: c.front, rejectedAt: c.rejectedAt };
  if (c.language !== undefined) out.language = c.language;
  if (c.agentId !== undefined) out.agentId = c.agentId;
  return out;
};

/** Everything a plan must satisfy, whatever it is given. */
function checkPlan(calls: readonly WaitingCall[], agents: readonly FreeAgent[], c: PlanContext, plan: Plan): void {
  const { offers } = plan;
  const cooled = (call: WaitingCall, a: FreeAgent) => {
    const at = call.rejectedAt.get(a.id);
    return at === undefined || c.now - at >= c.cooldownMs;
  };
  const eligible = (call: WaitingCall, a: FreeAgent) => fits(call, a, c.spokenOnline) && cooled(call, a);
  assert.equal(new Set(offers.map((o) => o.callId)).size, offers.length, 'a call offered to two agents');
  assert.equal(new Set(offers.map((o) => o.agentId)).size, offers.length, 'an agent given two calls');
  const byId = new Map(agents.map((a) => [a.id, a]));
  const offeredCalls = new Set(offers.map((o) => o.callId));
  const takenAgents = new Set(offers.map((o) => o.agentId));
  const inLine = [...calls].sort(lineOrder);
  for (const o of offers) {
    const a = byId.get(o.agentId);
    const offered = calls.find((x) => x.id === o.callId);
    assert.ok(a && offered, 'an offer to an unknown agent or call');
    assert.ok(eligible(offered, a), `${o.callId} offered to ${o.agentId}, who does not fit it or turned it down just now`);
    // Arrival order: no call ahead in line that this agent could have taken was left waiting.
    for (const ahead of inLine.slice(0, inLine.indexOf(offered))) {
      assert.ok(offeredCalls.has(ahead.id) || !eligible(ahead, a), `${ahead.id} waits while ${o.callId}, behind it, got ${o.agentId}`);
    }
  }
  // Nobody eligible is left idle while a call waits.
  for (const waiting of calls) {
    if (offeredCalls.has(waiting.id)) continue;
    for (const a of agents) assert.ok(takenAgents.has(a.id) || !eligible(waiting, a), `${waiting.id} waits while ${a.id} idles`);
  }
}

describe('routing properties', () => {
  it('plans fairly and exclusively over random lines and teams', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbAgent, { selector: (a) => a.id, maxLength: 4 }),
        fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbCall(i)))),
        fc.subarray(LANGS),
        fc.integer({ min: 0, max: 200 }),
        (agents, rawCalls, busyLanguages, now) => {
          const calls = rawCalls.map(clean);
          const spoken = new Set([...agents.flatMap((a) => a.languages), ...busyLanguages]);
          const c: PlanContext = { now, cooldownMs: 30, spokenOnline: spoken };
          checkPlan(calls, agents, c, planOffers(calls, agents, c));
        },
      ),
      { numRuns: 3000 },
    );
  });

  /**
   * A whole queue lived through random histories: the planner decides, and this model applies
   * each step as the store's conditional transitions would. No call is ever lost or doubled,
   * and once everyone is available every call ends answered or cancelled.
   */
  it('never loses a call, never doubles one, and serves everyone in the end', () => {
    type Step =
      | { kind: 'arrive'; language: string | undefined; chosen: string | undefined }
      | { kind: 'accept' | 'decline' | 'timeout' | 'disconnect' | 'reconnect' | 'away' | 'available'; agent: string }
      | { kind: 'cancel' | 'hang-up' | 'agent-left' | 'switch'; pick: number }
      | { kind: 'tick'; ms: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('arrive' as const),
        language: fc.option(fc.constantFrom(...LANGS), { nil: undefined }),
        chosen: fc.option(fc.constantFrom(...AGENTS), { nil: undefined, freq: 3 }),
      }),
      fc.record({
        kind: fc.constantFrom(
          'accept' as const,
          'decline' as const,
          'timeout' as const,
          'disconnect' as const,
          'reconnect' as const,
          'away' as const,
          'available' as const,
        ),
        agent: fc.constantFrom(...AGENTS),
      }),
      fc.record({ kind: fc.constantFrom('cancel' as const, 'hang-up' as const, 'agent-left' as const, 'switch' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 40 }) }),
    );

    interface ModelCall {
      id: string;
      state: 'queued' | 'ringing' | 'in-call' | 'ended';
      agent?: string;
      createdAt: number;
      front: boolean;
      language?: string;
      chosen?: string;
      rejected: Map<string, number>;
      answered: boolean;
      endedAs?: 'answered' | 'cancelled';
    }
    interface ModelAgent {
      id: string;
      online: boolean;
      available: boolean;
      idleSince: number;
      languages: string[];
    }
    const COOLDOWN = 30;

    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.array(fc.subarray(LANGS, { minLength: 1 }), { minLength: 4, maxLength: 4 }), (steps, langs) => {
        let now = 0;
        const calls: ModelCall[] = [];
        const agents: ModelAgent[] = AGENTS.map((id, i) => ({ id, online: true, available: true, idleSince: 0, languages: langs[i] ?? ['en'] }));
        const agentById = (id: string) => agents.find((a) => a.id === id) as ModelAgent;
        const openOf = (id: string) => calls.filter((c) => c.agent === id && (c.state === 'ringing' || c.state === 'in-call'));
        const pick = (n: number, states: ModelCall['state'][]) => {
          const list = calls.filter((c) => states.includes(c.state));
          return list.length ? list[n % list.length] : undefined;
        };
        const backToLine = (c: ModelCall, rejectedBy?: string) => {
          if (rejectedBy) c.rejected.set(rejectedBy, now);
          c.state = 'queued';
          delete c.agent;
        };
        const plan = () => {
          const busy = new Set(calls.flatMap((c) => (c.agent && c.state !== 'ended' && c.state !== 'queued' ? [c.agent] : [])));
          const serving = agents.filter((a) => a.online && (a.available || busy.has(a.id)));
          const free = serving.filter((a) => a.available && !busy.has(a.id)).map((a) => ({ id: a.id, idleSince: a.idleSince, languages: a.languages }));
          const waiting = calls
            .filter((c) => c.state === 'queued')
            .map((c) => clean({ id: c.id, createdAt: c.createdAt, front: c.front, rejectedAt: c.rejected, language: c.language, agentId: c.chosen }));
          const context: PlanContext = { now, cooldownMs: COOLDOWN, spokenOnline: new Set(serving.flatMap((a) => a.languages)) };
          const result = planOffers(waiting, free, context);
          checkPlan(waiting, free, context, result);
          for (const o of result.offers) {
            const c = calls.find((x) => x.id === o.callId) as ModelCall;
            // The store's conditional offer: only a queued call, only to a free agent.
            assert.equal(c.state, 'queued', `offered ${c.id} in state ${c.state}`);
            assert.equal(openOf(o.agentId).length, 0, `offered ${o.agentId} a second call`);
            c.state = 'ringing';
            c.agent = o.agentId;
          }
        };
        const apply = (s: Step) => {
          switch (s.kind) {
            case 'arrive':
              calls.push({
                id: `c${calls.length}`,
                state: 'queued',
                createdAt: now,
                front: false,
                rejected: new Map(),
                answered: false,
                ...(s.language ? { language: s.language } : {}),
                // Choosing someone who is away is refused at the door, as the server does.
                ...(s.chosen && agentById(s.chosen).online && agentById(s.chosen).available ? { chosen: s.chosen } : {}),
              });
              break;
            case 'accept':
            case 'decline':
            case 'timeout': {
              const ringing = openOf(s.agent).find((c) => c.state === 'ringing');
              if (!ringing) break;
              if (s.kind === 'accept') {
                ringing.state = 'in-call';
                ringing.answered = true;
                ringing.front = false;
              } else {
                backToLine(ringing, s.agent);
                agentById(s.agent).idleSince = now;
              }
              break;
            }
            case 'disconnect':
            case 'away': {
              const a = agentById(s.agent);
              if (s.kind === 'disconnect') a.online = false;
              else a.available = false;
              const ringing = openOf(s.agent).find((c) => c.state === 'ringing');
              if (ringing) backToLine(ringing);
              break;
            }
            case 'reconnect':
              agentById(s.agent).online = true;
              break;
            case 'available':
              agentById(s.agent).available = true;
              agentById(s.agent).idleSince = now;
              break;
            case 'cancel': {
              const c = pick(s.pick, ['queued', 'ringing']);
              if (c) {
                c.state = 'ended';
                c.endedAs = 'cancelled';
              }
              break;
            }
            case 'hang-up': {
              const c = pick(s.pick, ['in-call']);
              if (c) {
                c.state = 'ended';
                c.endedAs = 'answered';
                agentById(c.agent as string).idleSince = now;
              }
              break;
            }
            case 'agent-left': {
              const c = pick(s.pick, ['in-call']);
              if (c) {
                agentById(c.agent as string).idleSince = now;
                backToLine(c);
                c.front = true;
                delete c.chosen;
              }
              break;
            }
            case 'switch': {
              const c = pick(s.pick, ['queued', 'ringing']);
              if (c) delete c.chosen;
              break;
            }
            case 'tick':
              now += s.ms;
              break;
          }
        };
        const checkInvariants = () => {
          for (const a of agents) assert.ok(openOf(a.id).length <= 1, `${a.id} holds two calls`);
          for (const c of calls) {
            if (c.state === 'ringing' || c.state === 'in-call') assert.ok(c.agent, `${c.id} is ${c.state} with nobody`);
            if (c.state === 'ended') assert.ok(c.endedAs, `${c.id} ended without an outcome`);
          }
        };

        for (const s of steps) {
          apply(s);
          plan();
          checkInvariants();
        }
        // Drain: everyone comes back and answers; every call must end answered or cancelled.
        for (const a of agents) Object.assign(a, { online: true, available: true });
        for (let round = 0; round < 200 && calls.some((c) => c.state !== 'ended'); round++) {
          now += COOLDOWN;
          plan();
          for (const c of calls) {
            if (c.state === 'ringing') {
              c.state = 'in-call';
              c.answered = true;
            } else if (c.state === 'in-call') {
              c.state = 'ended';
              c.endedAs = 'answered';
              agentById(c.agent as string).idleSince = now;
            }
          }
          checkInvariants();
        }
        for (const c of calls) assert.ok(c.endedAs === 'answered' || c.endedAs === 'cancelled', `${c.id} was lost in state ${c.state}`);
      }),
      { numRuns: 1500 },
    );
  });
});
