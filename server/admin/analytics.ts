import type { Analytics, ConsultantFigures, DayFigures } from '../contract/admin.js';
import type { CallFacts, CallEventKind } from '../store/store.js';

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

function figures(answeredCalls: CallFacts[], targetMs: number) {
  const waits = sortedOf(answeredCalls.map((c) => (c.answeredAt as number) - c.createdAt));
  const talks = sortedOf(answeredCalls.filter((c) => c.endedAt !== null).map((c) => (c.endedAt as number) - (c.answeredAt as number)));
  return {
    medianWaitMs: quantile(waits, 0.5),
    p90WaitMs: quantile(waits, 0.9),
    withinTarget: ratio(waits.filter((w) => w <= targetMs).length, waits.length),
    medianTalkMs: quantile(talks, 0.5),
    ownerScore: mean(answeredCalls.flatMap((c) => (c.ownerScore === null ? [] : [c.ownerScore]))),
    shopperRating: mean(answeredCalls.flatMap((c) => (c.shopperRating === null ? [] : [c.shopperRating]))),
  };
}

/**
 * The owner's numbers for a period: per consultant and in total, and per day. A ring counts for
 * the consultant it rang (offered; missed when unanswered or declined); a call counts for whoever
 * answered it last (a transferred call belongs to the colleague who finished it).
 */
export function computeAnalytics(o: {
  from: number;
  to: number;
  targetMs: number;
  timeZone: string;
  calls: CallFacts[];
  rings: { callId: string; agentId: string; kind: CallEventKind }[];
  names: Map<string, string>;
}): Analytics {
  const answered = o.calls.filter((c) => c.answeredAt !== null);
  const agentIds = new Set([...o.rings.map((r) => r.agentId), ...answered.flatMap((c) => (c.agentId ? [c.agentId] : []))]);
  const consultants: ConsultantFigures[] = [...agentIds].map((agentId) => {
    const mine = answered.filter((c) => c.agentId === agentId);
    const rings = o.rings.filter((r) => r.agentId === agentId);
    const offered = rings.filter((r) => r.kind === 'offered').length;
    return {
      agentId,
      name: o.names.get(agentId) ?? 'Former consultant',
      offered,
      answered: mine.length,
      missed: rings.filter((r) => r.kind === 'missed' || r.kind === 'declined').length,
      answerRate: ratio(mine.length, offered),
      ...figures(mine, o.targetMs),
    };
  });
  consultants.sort((a, b) => b.answered - a.answered || a.name.localeCompare(b.name));

  // Every day of the period has a bar, quiet ones too (hour steps: days are not always 24 h long).
  const days = new Map<string, DayFigures>();
  for (let at = o.from; at < o.to; at += 3600_000) {
    const day = dayOf(at, o.timeZone);
    if (!days.has(day)) days.set(day, { day, calls: 0, answered: 0, unanswered: 0 });
  }
  for (const c of o.calls) {
    const day = dayOf(c.createdAt, o.timeZone);
    const d = days.get(day) ?? { day, calls: 0, answered: 0, unanswered: 0 };
    d.calls++;
    if (c.answeredAt !== null) d.answered++;
    else if (c.state === 'ended') d.unanswered++;
    days.set(day, d);
  }
  const offered = o.rings.filter((r) => r.kind === 'offered').length;
  return {
    from: o.from,
    to: o.to,
    targetMs: o.targetMs,
    total: {
      calls: o.calls.length,
      offered,
      answered: answered.length,
      unanswered: o.calls.filter((c) => c.answeredAt === null && c.state === 'ended').length,
      missed: o.rings.filter((r) => r.kind === 'missed' || r.kind === 'declined').length,
      // For the shop, the rate that matters is of shoppers who called, not of rings.
      answerRate: ratio(answered.length, o.calls.filter((c) => c.state === 'ended' || c.answeredAt !== null).length),
      ...figures(answered, o.targetMs),
    },
    consultants,
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
