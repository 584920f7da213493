import type { Analytics, ConsultantFigures, DayFigures, FunnelFigures, OutcomeCounts, PageFigures, RingFigures, SalesFigures } from '../contract/admin.js';
import type { Money } from '../contract/sales.js';
import type { CallFacts, OrderRecord, RingEvent } from '../store/store.js';
import { pageAddress } from '../sales/page-address.js';
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

const DAY_MS = 24 * 3600 * 1000;

/** The period a query names; the last 30 days up to now when it names none. */
export function periodOf(q: { from?: number | undefined; to?: number | undefined }, now: number): { from: number; to: number } {
  const to = q.to ?? now;
  return { from: q.from ?? to - 30 * DAY_MS, to };
}

/** Each call's orders. */
export function ordersByCall(orders: readonly OrderRecord[]): Map<string, OrderRecord[]> {
  const byCall = new Map<string, OrderRecord[]>();
  for (const order of orders) byCall.set(order.callId, [...(byCall.get(order.callId) ?? []), order]);
  return byCall;
}

/** Revenue per currency, largest first. */
export function sums(orders: readonly OrderRecord[]): Money[] {
  const by = new Map<string, number>();
  for (const o of orders) by.set(o.currency, (by.get(o.currency) ?? 0) + o.valueMinor);
  return [...by].map(([currency, minor]) => ({ currency, minor })).sort((a, b) => b.minor - a.minor || a.currency.localeCompare(b.currency));
}

/** The orders credited to `answered` calls (orders of other calls are ignored). */
function salesOf(answered: readonly CallFacts[], orders: ReadonlyMap<string, readonly OrderRecord[]>): SalesFigures {
  const theirs = answered.flatMap((c) => orders.get(c.id) ?? []);
  const revenue = sums(theirs);
  const callsWithOrders = answered.filter((c) => (orders.get(c.id)?.length ?? 0) > 0).length;
  return {
    orders: theirs.length,
    callsWithOrders,
    conversion: ratio(callsWithOrders, answered.length),
    revenue,
    averageOrder: revenue.map((m) => {
      const n = theirs.filter((o) => o.currency === m.currency).length;
      return { currency: m.currency, minor: Math.round(m.minor / n) };
    }),
  };
}

function outcomesOf(answered: readonly CallFacts[]): OutcomeCounts {
  const n = (outcome: CallFacts['agentOutcome']) => answered.filter((c) => c.agentOutcome === outcome).length;
  return { sold: n('sold'), followUp: n('follow-up'), noSale: n('no-sale'), unsaid: n(null) };
}

function pageFigures(calls: readonly CallFacts[], orders: ReadonlyMap<string, readonly OrderRecord[]>): PageFigures[] {
  const byPage = new Map<string, CallFacts[]>();
  for (const c of calls) {
    const key = pageAddress(c.pageUrl);
    byPage.set(key, [...(byPage.get(key) ?? []), c]);
  }
  return [...byPage]
    .map(([url, theirs]) => {
      const answered = theirs.filter((c) => c.answeredAt !== null);
      // The newest title: a product renamed shows as it is now.
      const title = theirs.reduce((a, b) => (b.createdAt > a.createdAt ? b : a)).pageTitle;
      return { url, title, calls: theirs.length, answered: answered.length, sales: salesOf(answered, orders) };
    })
    .sort((a, b) => b.calls - a.calls || b.sales.orders - a.sales.orders || a.url.localeCompare(b.url))
    .slice(0, 50);
}

/**
 * Per page: the widget's own counts (shown, opened) beside the calls begun there and what came
 * of them. A page with calls but no counts (a widget too old to send them) still shows its calls.
 */
function funnelFigures(
  calls: readonly CallFacts[],
  orders: ReadonlyMap<string, readonly OrderRecord[]>,
  counts: readonly { page: string; shown: number; opened: number }[],
): Analytics['funnel'] {
  const blank = (url: string) => ({ url, title: '', shown: 0, opened: 0, started: 0, answered: 0, ordered: 0 });
  const byPage = new Map<string, FunnelFigures & { url: string; title: string; titledAt: number }>();
  const of = (url: string) => {
    const key = pageAddress(url);
    let figures = byPage.get(key);
    if (!figures) byPage.set(key, (figures = { ...blank(key), titledAt: -1 }));
    return figures;
  };
  for (const c of counts) {
    const f = of(c.page);
    f.shown += c.shown;
    f.opened += c.opened;
  }
  for (const c of calls) {
    const f = of(c.pageUrl);
    f.started++;
    if (c.answeredAt !== null) f.answered++;
    if ((orders.get(c.id)?.length ?? 0) > 0) f.ordered++;
    if (c.createdAt > f.titledAt) Object.assign(f, { title: c.pageTitle, titledAt: c.createdAt });
  }
  const pages = [...byPage.values()].map(({ titledAt: _titledAt, ...f }) => f);
  const total = pages.reduce(
    (t, p) => ({
      shown: t.shown + p.shown,
      opened: t.opened + p.opened,
      started: t.started + p.started,
      answered: t.answered + p.answered,
      ordered: t.ordered + p.ordered,
    }),
    { shown: 0, opened: 0, started: 0, answered: 0, ordered: 0 },
  );
  pages.sort((a, b) => b.shown - a.shown || b.started - a.started || a.url.localeCompare(b.url));
  return { total, pages: pages.slice(0, 50) };
}

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
  /** Orders credited to these calls. */
  orders?: readonly OrderRecord[];
  /** The widget's funnel counts per page over the period. */
  funnel?: readonly { page: string; shown: number; opened: number }[];
}): Analytics {
  const orders = ordersByCall(o.orders ?? []);
  const rings = endedRings(o.rings, new Map(o.calls.map((c) => [c.id, c.createdAt])));
  const answered = o.calls.filter((c) => c.answeredAt !== null);
  const unanswered = o.calls.filter((c) => c.answeredAt === null && c.state === 'ended');
  const onTime = (waitMs: number | null) => waitMs !== null && waitMs <= o.targetMs;

  const agentIds = new Set([...rings.map((r) => r.agentId), ...answered.flatMap((c) => (c.agentId ? [c.agentId] : []))]);
  const consultants: ConsultantFigures[] = [...agentIds].map((agentId) => {
    const theirs = ringFigures(rings.filter((r) => r.agentId === agentId));
    const waits = sortedOf(rings.flatMap((r) => (r.agentId === agentId && r.waitMs !== null ? [r.waitMs] : [])));
    const withinTarget = waits.filter(onTime).length;
    const finished = answered.filter((c) => c.agentId === agentId);
    return {
      agentId,
      name: o.names.get(agentId) ?? 'Former consultant',
      ...theirs,
      answeredWithinTarget: withinTarget,
      answerRate: ratio(theirs.answered, theirs.offered),
      withinTarget: ratio(withinTarget, theirs.offered),
      medianWaitMs: quantile(waits, 0.5),
      p90WaitMs: quantile(waits, 0.9),
      ...scores(finished),
      sales: salesOf(finished, orders),
      outcomes: outcomesOf(finished),
    };
  });
  consultants.sort((a, b) => b.answered - a.answered || a.name.localeCompare(b.name));

  // Every day of the period has a bar, quiet ones too (hour steps: days are not always 24 h long).
  const days = new Map<string, DayFigures>();
  const blankDay = (day: string): DayFigures => ({ day, calls: 0, answered: 0, unanswered: 0, waiting: 0, orders: 0, revenue: [] });
  const dayOrders = new Map<string, OrderRecord[]>();
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
    dayOrders.set(day, [...(dayOrders.get(day) ?? []), ...(orders.get(c.id) ?? [])]);
  }
  for (const [day, theirs] of dayOrders) {
    const d = days.get(day) as DayFigures;
    d.orders = theirs.length;
    d.revenue = sums(theirs);
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
      sales: salesOf(answered, orders),
      outcomes: outcomesOf(answered),
    },
    consultants,
    pages: pageFigures(o.calls, orders),
    funnel: funnelFigures(o.calls, orders, o.funnel ?? []),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
