/**
 * The check after the load: every call ended answered or cancelled, the store agrees with what
 * the clients saw, and nothing was doubled or lost, each seen both from the store's own history
 * and from what the clients were told.
 */
import type { ServerStats } from '../queue-server.js';
import type { SimCall } from './sim-call.js';
import type { Sim } from './simulation.js';
import { storeDoubles } from './store-history.js';
import type { CallRow, EventRow, StoreSnapshot } from './store.js';

/** Calls seen doubled or lost, each described: from the store's history, and from what the clients were told. */
export interface SeenTwoWays {
  store: string[];
  clients: string[];
}

export const countBoth = (seen: SeenTwoWays) => seen.store.length + seen.clients.length;

/** One line of the reconciliation table: what the simulation counted, what the store has. */
export type TableRow = [label: string, sim: number, store: number];

export interface Reconciliation {
  ok: boolean;
  /** Shoppers whose POST /api/calls came back 201. */
  opened: SimCall[];
  answered: SimCall[];
  /** Calls in the store by end reason ("(open)" for those not ended). */
  reasons: Map<string, number>;
  cancelledQueued: number;
  cancelledRinging: number;
  table: TableRow[];
  mismatches: TableRow[];
  /** Calls the simulation does not consider over. */
  stuck: SimCall[];
  /** The clients' anomalies, then the store's problems. */
  problems: string[];
  doubled: SeenTwoWays;
  lost: SeenTwoWays;
  refused: string[];
}

/** The end reason the store must have for a call, from what the clients did. */
function expectedReason(c: SimCall): string {
  return c.answeredBy
    ? { agent: 'agent-hung-up', shopper: 'shopper-hung-up', none: 'media-error' }[c.ender ?? 'none']
    : c.cancelRequested
      ? 'cancelled'
      : '(still open)';
}

function groupByCall(events: readonly EventRow[]): Map<string, EventRow[]> {
  const eventsOf = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = eventsOf.get(e.call_id) ?? [];
    list.push(e);
    eventsOf.set(e.call_id, list);
  }
  return eventsOf;
}

/**
 * Checks one call's row and events against what the simulation saw. Also says where a cancelled
 * call was when the shopper gave up, for the report.
 */
function checkCall(
  row: CallRow,
  call: SimCall,
  evs: readonly EventRow[],
  agentName: ReadonlyMap<string, string>,
): { problems: string[]; cancelledWhile?: 'queued' | 'ringing' } {
  const problems: string[] = [];
  const kinds = evs.map((e) => e.kind);
  const problem = (what: string) => problems.push(`${row.id}: ${what} (events: ${kinds.join(', ')})`);
  if (row.state !== 'ended') problem(`state ${row.state}, not ended`);
  if (row.end_reason !== expectedReason(call)) problem(`ended ${row.end_reason ?? 'not'}; the simulation expected ${expectedReason(call)}`);
  if (call.answeredBy && call.agentEndReason !== row.end_reason)
    problem(`the consultant was told ${call.agentEndReason ?? 'nothing'}, the store says ${row.end_reason}`);
  if ((row.answered_at !== null) !== Boolean(call.answeredBy))
    problem(`answered_at ${row.answered_at}, but the simulation's accept ${call.answeredBy ? 'succeeded' : 'never succeeded'}`);
  if (call.answeredBy && row.agent_id !== call.answeredBy.id) problem(`answered by ${row.agent_id}, not ${call.answeredBy.id}`);
  const terminal = evs.filter((e) => e.kind === 'ended' || e.kind === 'cancelled');
  const n = (kind: string) => kinds.filter((k) => k === kind).length;
  if (kinds[0] !== 'created' || n('created') !== 1) problem('not exactly one "created" event first');
  if (terminal.length !== 1 || evs.at(-1) !== terminal[0]) problem('not exactly one terminal event, last');
  else if ((terminal[0]?.kind === 'cancelled') !== (row.end_reason === 'cancelled'))
    problem(`terminal event ${terminal[0]?.kind} for reason ${row.end_reason}`);
  if (n('answered') !== (row.answered_at === null ? 0 : 1)) problem(`${n('answered')} "answered" events`);
  if (n('offered') !== call.offers) problem(`${n('offered')} "offered" events; consultants saw ${call.offers} rings`);
  if (n('declined') !== call.declines) problem(`${n('declined')} "declined" events; the simulation declined ${call.declines}`);
  if (n('missed') !== call.timeouts) problem(`${n('missed')} "missed" events; consultants saw ${call.timeouts} ring timeouts`);
  for (const kind of ['requeued', 'transferred', 'switched']) if (n(kind) > 0) problem(`unexpected "${kind}" events`);
  // Every offer resolves exactly once: answered, missed, declined, requeued, or the call ended while it rang.
  const endedRinging = row.answered_at === null && terminal[0]?.agent_id != null ? 1 : 0;
  if (n('offered') !== n('answered') + n('missed') + n('declined') + n('requeued') + endedRinging) problem('offers and their outcomes do not add up');
  if (evs.some((e, i) => i > 0 && e.at < (evs[i - 1]?.at ?? 0))) {
    const first = evs[0]?.at ?? 0;
    const who = (e: EventRow) => (e.agent_id ? ` ${agentName.get(e.agent_id) ?? e.agent_id}` : '');
    problems.push(`${row.id}: event times go backwards (ms after "created": ${evs.map((e) => `${e.kind}${who(e)} ${e.at - first}`).join(', ')})`);
  }
  if (row.end_reason !== 'cancelled') return { problems };
  return { problems, cancelledWhile: endedRinging ? 'ringing' : 'queued' };
}

/** Checks every call in the store; returns the problems found and where the cancelled calls were. */
function checkCalls(sim: Sim, snapshot: StoreSnapshot, agents: readonly { id: string; email: string }[]) {
  const eventsOf = groupByCall(snapshot.events);
  const agentName = new Map(agents.map((a) => [a.id, a.email.replace(/@.*/, '')]));
  const storeProblems: string[] = [];
  let cancelledQueued = 0;
  let cancelledRinging = 0;
  for (const row of snapshot.rows) {
    const call = sim.byId.get(row.id);
    const evs = eventsOf.get(row.id) ?? [];
    if (!call) {
      storeProblems.push(`${row.id}: a call the simulation did not open (events: ${evs.map((e) => e.kind).join(', ')})`);
      continue;
    }
    const { problems, cancelledWhile } = checkCall(row, call, evs, agentName);
    storeProblems.push(...problems);
    if (cancelledWhile === 'ringing') cancelledRinging++;
    else if (cancelledWhile === 'queued') cancelledQueued++;
  }
  return { storeProblems, cancelledQueued, cancelledRinging };
}

/** The counts the simulation and the store must agree on. */
function countTable(
  sim: Sim,
  snapshot: StoreSnapshot,
  opened: readonly SimCall[],
  reasons: ReadonlyMap<string, number>,
  serverStats: readonly ServerStats[],
): TableRow[] {
  const { o } = sim;
  const { rows, events, agentStatus } = snapshot;
  const count = (kind: string) => events.filter((e) => e.kind === kind).length;
  const simReasons = new Map<string, number>();
  for (const c of opened) simReasons.set(expectedReason(c), (simReasons.get(expectedReason(c)) ?? 0) + 1);
  const available = agentStatus.find((s) => s.status === 'available')?.n ?? 0;
  const otherReasons = rows.filter((r) => !['agent-hung-up', 'shopper-hung-up', 'cancelled'].includes(r.end_reason ?? '')).length;
  const table: TableRow[] = [
    ['calls opened (POST 201) / rows in calls', opened.length, rows.length],
    ['calls the simulation saw end / state ended', sim.doneCount - (o.shoppers - opened.length), rows.filter((r) => r.state === 'ended').length],
    ['answered (accept 200 or 503) / answered_at set', opened.filter((c) => c.answeredBy).length, rows.filter((r) => r.answered_at !== null).length],
    ['  ended by the consultant / agent-hung-up', simReasons.get('agent-hung-up') ?? 0, reasons.get('agent-hung-up') ?? 0],
    ['  ended by the shopper / shopper-hung-up', simReasons.get('shopper-hung-up') ?? 0, reasons.get('shopper-hung-up') ?? 0],
    ['given up before an answer / cancelled', simReasons.get('cancelled') ?? 0, reasons.get('cancelled') ?? 0],
    ['other end reasons, or still open', (simReasons.get('(still open)') ?? 0) + (simReasons.get('media-error') ?? 0), otherReasons],
    ['rings consultants saw / "offered" events', sim.calls.reduce((s, c) => s + c.offers, 0), count('offered')],
    ['declines (204) / "declined" events', sim.counts.declines, count('declined')],
    ['ring timeouts seen / "missed" events', sim.counts.timeouts, count('missed')],
    ['consultants / still available at the end', o.agents, available],
    ['LiveKit rooms: expected / still open', 0, serverStats[0]?.roomsLeft ?? -1],
  ];
  if (o.feeds > 0) {
    const feeds = opened.filter((c) => c.feed);
    table.push(['place-in-line feeds opened / told "ended"', feeds.length, feeds.filter((c) => c.feed?.ended).length]);
  }
  return table;
}

/** Calls neither answered nor ended, seen from the store and from the clients. */
function findLost(rows: readonly CallRow[], opened: readonly SimCall[]): SeenTwoWays {
  const rowIds = new Set(rows.map((r) => r.id));
  return {
    store: [
      ...rows.filter((r) => r.state !== 'ended').map((r) => `${r.id}: still ${r.state} in the store`),
      ...opened.filter((c) => !rowIds.has(c.callId ?? '')).map((c) => `${c.callId}: opened (POST 201) but not in the store`),
    ],
    clients: opened
      .filter((c) => !c.answeredBy && !c.terminalDone && !c.feed?.ended && !c.agentSawEnd)
      .map((c) => `${c.callId} (shopper ${c.n}): never answered, and no client heard it end`),
  };
}

export function reconcile(
  sim: Sim,
  snapshot: StoreSnapshot,
  agents: readonly { id: string; email: string }[],
  serverStats: readonly ServerStats[],
  finishedInTime: boolean,
): Reconciliation {
  const opened = sim.calls.filter((c) => c.postStatus === 201);
  const { storeProblems, cancelledQueued, cancelledRinging } = checkCalls(sim, snapshot, agents);
  const reasons = new Map<string, number>();
  for (const r of snapshot.rows) reasons.set(r.end_reason ?? '(open)', (reasons.get(r.end_reason ?? '(open)') ?? 0) + 1);
  const table = countTable(sim, snapshot, opened, reasons, serverStats);
  const mismatches = table.filter(([, a, b]) => a !== b);
  const history = storeDoubles(snapshot.events);
  storeProblems.push(...history.odd);
  const doubled = { store: history.doubled, clients: sim.doubled };
  const lost = findLost(snapshot.rows, opened);
  const refused = sim.calls.filter((c) => c.postStatus !== 201).map((c) => `shopper ${c.n}: no call (POST /api/calls → ${c.postStatus ?? 'not sent'})`);
  const problems = [...sim.anomalies, ...storeProblems];
  return {
    ok: finishedInTime && mismatches.length === 0 && problems.length === 0 && countBoth(doubled) === 0 && countBoth(lost) === 0,
    opened,
    answered: opened.filter((c) => c.answeredBy),
    reasons,
    cancelledQueued,
    cancelledRinging,
    table,
    mismatches,
    stuck: sim.calls.filter((c) => !c.done),
    problems,
    doubled,
    lost,
    refused,
  };
}
