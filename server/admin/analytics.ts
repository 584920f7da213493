import type { Analytics, ConsultantFigures, DayFigures, RingFigures } from '../contract/admin.js';
import type { CallFacts, RingEvent } from '../store/store.js';
import { endedRings, type EndedRing, type RingOutcome } from './ring-outcomes.js';

/** The value below which `q` of the sorted values lie (nearest rank); null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const mean = (xs: readonly number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const sortedOf = (xs: number[]) => xs.sort((a, b) => a - b);

function dayOf(epochMs: number, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}

const scores = (calls: CallFacts[]) => ({
  medianTalkMs: quantile(
    sortedOf(calls.filter((c) => c.endedAt !== null && c.answeredAt !== null).map((c) => (c.endedAt as number) - (c.answeredAt as number))),
    0.5,
  ),
  ownerScore: mean(calls.flatMap((c) => (c.ownerScore === null ? [] : [c.ownerScore]))),
  shopperRating: mean(calls.flatMap((c) => (c.shopperRating === null ? [] : [c.shopperRating]))),
});

function ringFigures(rings: EndedRing[]): RingFigures {
  const n = (outcome: RingOutcome) => rings.filter((r) => r.outcome === outcome).length;
  return { offered: rings.length, answered: n('answered'), missed: n('missed'), declined: n('declined'), left: n('left') };
}

/**
 * The owner's numbers for a period, for the calls that began in it. Rings count for the
 * consultant they rang, each in one bucket (ring-outcomes.ts); answer rate and share within the
 * target are of offered rings per consultant and of calls with an outcome in total. Talk and
 * scores count for whoever had the call last (a transferred call belongs to the colleague who
 * finished it).
 */
export function computeAnalytics(o: {
  from: number;
  to: number;
  targetMs: number;
  timeZone: string;
  calls: CallFacts[];
  rings: RingEvent[];
  names: Map<string, string>;
}): Analytics {
  const rings = endedRings(o.rings, new Map(o.calls.map((c) => [c.id, c.createdAt])));
  const answered = o.calls.filter((c) => c.answeredAt !== null);
  const unanswered = o.calls.filter((c) => c.answeredAt === null && c.state === 'ended');
  const onTime = (waitMs: number | null) => waitMs !== null && waitMs <= o.targetMs;

  const agentIds = new Set([...rings.map((r) => r.agentId), ...answered.flatMap((c) => (c.agentId ? [c.agentId] : []))]);
  const consultants: ConsultantFigures[] = [...agentIds].map((agentId) => {
    const theirs = ringFigures(rings.filter((r) => r.agentId === agentId));
    const waits = sortedOf(rings.flatMap((r) => (r.agentId === agentId && r.waitMs !== null ? [r.waitMs] : [])));
    const withinTarget = waits.filter(onTime).length;
    return {
      agentId,
      name: o.names.get(agentId) ?? 'Former consultant',
      ...theirs,
      answeredWithinTarget: withinTarget,
      answerRate: ratio(theirs.answered, theirs.offered),
      withinTarget: ratio(withinTarget, theirs.offered),
      medianWaitMs: quantile(waits, 0.5),
      p90WaitMs: quantile(waits, 0.9),
      ...scores(answered.filter((c) => c.agentId === agentId)),
    };
  });
  consultants.sort((a, b) => b.answered - a.answered || a.name.localeCompare(b.name));

  // Every day of the period has a bar, quiet ones too (hour steps: days are not always 24 h long).
  const days = new Map<string, DayFigures>();
  const blankDay = (day: string): DayFigures => ({ day, calls: 0, answered: 0, unanswered: 0, waiting: 0 });
  for (let at = o.from; at < o.to; at += 3600_000) {
    const day = dayOf(at, o.timeZone);
    if (!days.has(day)) days.set(day, blankDay(day));
  }
  for (const c of o.calls) {
    const day = dayOf(c.createdAt, o.timeZone);
    const d = days.get(day) ?? blankDay(day);
    d.calls++;
    if (c.answeredAt !== null) d.answered++;
    else if (c.state === 'ended') d.unanswered++;
    else d.waiting++;
    days.set(day, d);
  }

  const waits = sortedOf(answered.map((c) => (c.answeredAt as number) - c.createdAt));
  const answeredWithinTarget = waits.filter(onTime).length;
  // For the shop, the rates that matter are of shoppers who called (and are no longer waiting), not of rings.
  const decided = answered.length + unanswered.length;
  return {
    from: o.from,
    to: o.to,
    targetMs: o.targetMs,
    total: {
      calls: o.calls.length,
      answered: answered.length,
      unanswered: unanswered.length,
      waiting: o.calls.length - decided,
      answeredWithinTarget,
      answerRate: ratio(answered.length, decided),
      withinTarget: ratio(answeredWithinTarget, decided),
      medianWaitMs: quantile(waits, 0.5),
      p90WaitMs: quantile(waits, 0.9),
      ...scores(answered),
      rings: ringFigures(rings),
    },
    consultants,
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
