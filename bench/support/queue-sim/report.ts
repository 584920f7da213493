/** What the queue benches print: the scenario, the setup, and the report after the load. */
import { distribution } from '../../stats.js';
import { now } from './clock.js';
import type { SimAgent } from './consultant.js';
import type { LoadServer } from './load-types.js';
import type { LoadRun } from './measurements.js';
import type { Options } from './options.js';
import { countBoth, type Reconciliation } from './reconcile.js';
import type { Sim } from './simulation.js';

export interface ReportInput {
  sim: Sim;
  servers: readonly LoadServer[];
  agents: readonly SimAgent[];
  storeName: string;
  run: LoadRun;
  rec: Reconciliation;
  /** When the bench started, for the total time. */
  t0: number;
}

const fmt = (v: number) => (Number.isFinite(v) ? (v >= 100 ? Math.round(v).toString() : v.toFixed(1)) : '–');

function distributionRow(label: string, values: readonly number[]): string {
  const d = distribution(values);
  return `  ${label.padEnd(60)}${String(d.n).padStart(6)}${[d.p50, d.p90, d.p99, d.max].map((v) => fmt(v).padStart(8)).join('')}`;
}

export function printScenario(o: Options): void {
  console.log(
    `Queue under load: ${o.shoppers} shoppers arriving at random over ${o.arriveS} s, ${o.agents} consultants; ` +
      `ring answered after ${o.thinkMs.join('–')} ms (${o.decline * 100} % declined), calls held ${o.holdMs.join('–')} ms; ` +
      `${o.cancel * 100} % of shoppers give up after ${o.patienceMs.join('–')} ms unanswered; ` +
      `shopper hangs up ${o.shopperEnds * 100} % of answered calls; ${o.feeds * 100} % follow their place in line; ` +
      `ring timeout ${o.ringTimeoutS} s; seed ${o.seed}`,
  );
}

export function printSetup(servers: number, agents: number, serverUpS: number, consultantsS: number): void {
  console.log(
    `setup: ${servers === 1 ? 'server' : `${servers} servers`}, livekit-server and ${agents} accounts in ${serverUpS.toFixed(1)} s; ` +
      `consultants signed in, connected and available in ${consultantsS.toFixed(1)} s`,
  );
}

/** Prints everything after the load, from the outcome to the verdict. */
export function printReport(r: ReportInput): void {
  printOutcome(r);
  printLatencies(r);
  console.log('');
  printResources(r);
  printResponses(r);
  printReconciliation(r);
  printDoubledAndLost(r.rec);
  printProblems(r.rec.problems);
  console.log('');
  printCost(r);
  printVerdict(r);
}

function printOutcome({ sim, run, rec }: ReportInput): void {
  const { opened, answered, reasons, cancelledQueued, cancelledRinging } = rec;
  const lastArrivalS = (sim.calls.at(-1)?.arriveAtMs ?? 0) / 1000;
  console.log(
    `\n${opened.length} calls: ${answered.length} answered, ${reasons.get('cancelled') ?? 0} cancelled ` +
      `(${cancelledQueued} while queued, ${cancelledRinging} while ringing; ${opened.filter((c) => c.raced).length} crossed an accept: a give-up that ended a live call); ` +
      (run.finishedInTime
        ? `all over ${run.loadS.toFixed(1)} s after the first arrival (last arrival at ${lastArrivalS.toFixed(1)} s)`
        : `NOT all over after ${run.loadS.toFixed(1)} s`),
  );
  const firstAnswer = Math.min(...answered.map((c) => c.answeredAt ?? Infinity));
  const lastAnswer = Math.max(...answered.map((c) => c.answeredAt ?? -Infinity));
  console.log(
    `peak line (sampled from the store every 100 ms): ${run.peak.queued} queued, ${run.peak.ringing} ringing, ${run.peak['in-call']} in a call; ` +
      `answered ${(answered.length / ((lastAnswer - firstAnswer) / 1000)).toFixed(1)} calls/s between the first and the last answer`,
  );
}

function printLatencies({ sim, rec }: ReportInput): void {
  const { samples, o } = sim;
  console.log(`\nlatency, ms${' '.repeat(51)}n     p50     p90     p99     max`);
  console.log(distributionRow('assignment: call and consultant both free → ring arrives', samples.assignAll));
  console.log(distributionRow('  a consultant was free: call joins the line → ring arrives', samples.assignToIdle));
  console.log(distributionRow('  the call waited: consultant frees up → next ring arrives', samples.assignFreed));
  console.log(distributionRow('shopper clicks → first ring (queue wait)', samples.clickToRing));
  console.log(distributionRow(`shopper clicks → answered (incl. ${o.thinkMs.join('–')} ms to accept)`, samples.clickToAnswer));
  console.log(distributionRow('POST /api/calls (creates the LiveKit room)', samples.post));
  console.log(distributionRow('POST accept', samples.accept));
  console.log(distributionRow('POST end (consultant)', samples.end));
  console.log(distributionRow('POST hangup (shopper)', samples.hangup));
  console.log(distributionRow('place-in-line feed: request → first place', samples.feedFirst));
  console.log(distributionRow('place-in-line messages per shopper (count)', samples.feedMessages));
  const maxPositions = rec.opened.flatMap((c) => (c.feed ? [c.feed.maxPosition] : []));
  console.log(distributionRow('highest place in line a shopper was told (position)', maxPositions));
}

/** Under this, a server answers and rings as fast as an idle one would, near enough for a shopper not to notice. */
const KEEPS_UP_P99_MS = 250;

/**
 * The server's cost per call and whether it kept up with the arrivals. CPU per call is the
 * server processes' CPU time (process.cpuUsage, user + system, from the first arrival until
 * the load is over) divided by the calls opened: every request a call brings (open, place in
 * line, ring, accept, end) and every dispatch pass it causes counts against it. Keeping up
 * means every call reconciled and both the ring (assignment) and `POST /api/calls` stayed
 * under KEEPS_UP_P99_MS at p99; an overloaded server fails the latter first.
 */
function printCost({ sim, run, rec }: ReportInput): void {
  const cpuS = run.serverStats.reduce((sum, s) => sum + s.cpuS, 0);
  const perCallMs = (cpuS * 1000) / Math.max(1, rec.opened.length);
  const arrivals = sim.o.arriveS > 0 ? sim.o.shoppers / sim.o.arriveS : Infinity;
  const assignP99 = distribution(sim.samples.assignAll).p99;
  const postP99 = distribution(sim.samples.post).p99;
  const keptUp = rec.ok && run.finishedInTime && assignP99 <= KEEPS_UP_P99_MS && postP99 <= KEEPS_UP_P99_MS;
  console.log(
    `server cost: ${perCallMs.toFixed(1)} ms CPU per call (${cpuS.toFixed(1)} s ÷ ${rec.opened.length} calls) at ${fmt(arrivals)} arrivals/s; ` +
      `${keptUp ? 'KEPT UP' : 'DID NOT KEEP UP'} (${rec.ok && run.finishedInTime ? 'reconciled' : 'NOT reconciled'}; ` +
      `assignment p99 ${fmt(assignP99)} ms, POST /api/calls p99 ${fmt(postP99)} ms; keeping up needs both ≤ ${KEEPS_UP_P99_MS} ms)`,
  );
}

function printResources({ servers, run }: ReportInput): void {
  const { loadS, serverStats, client } = run;
  for (const [i, stats] of serverStats.entries()) {
    console.log(
      `${servers[i]?.label}: event loop busy ${Math.round(stats.elu * 100)} % of ${loadS.toFixed(1)} s, ${stats.cpuS.toFixed(1)} s CPU (${(stats.cpuS / loadS).toFixed(2)} cores), ` +
        `event-loop delay p50 ${fmt(stats.loopP50Ms)} / p99 ${fmt(stats.loopP99Ms)} / max ${fmt(stats.loopMaxMs)} ms, RSS max ${stats.rssMaxMb.toFixed(0)} MB`,
    );
  }
  for (const stats of serverStats) {
    if (stats.livekitCpuS !== undefined) console.log(`livekit-server: ${stats.livekitCpuS.toFixed(1)} s CPU (${(stats.livekitCpuS / loadS).toFixed(2)} cores)`);
  }
  console.log(
    `simulated clients (this process): ${client.cpuS.toFixed(1)} s CPU, ` +
      `event-loop delay p99 ${fmt(client.loopP99Ms)} / max ${fmt(client.loopMaxMs)} ms (latencies above include it)`,
  );
}

function printResponses({ sim, servers, agents, rec }: ReportInput): void {
  const { counts } = sim;
  console.log('\nHTTP responses');
  for (const [key, n] of [...sim.statuses].sort()) console.log(`  ${key.padEnd(48)}${String(n).padStart(6)}`);
  console.log(
    `  409 on accept: ${counts.acceptConflicts} (the shopper had given up), 503 on accept: ${counts.accept503}, 409 on decline: ${counts.declineConflicts}; ` +
      `consultants set away: ${counts.setAway}; rings while busy: ${counts.doubleOffers}` +
      (counts.ringsAheadOfEnd > 0
        ? ` (${counts.ringsAheadOfEnd} of them ahead of the end of a call the shopper had hung up; ${counts.acceptsAheadOfEnd} answered before that end arrived)`
        : '') +
      (counts.reRung > 0 ? `; rings within the cool-down after turning the call down: ${counts.reRung}` : ''),
  );
  if (servers.length > 1) {
    const streams = servers.map((s) => agents.filter((a) => a.streamServer === s.url).length);
    const openedOn = servers.map((s) => rec.opened.filter((c) => sim.shopperServer(c.n) === s.url).length);
    console.log(
      `  spread: consoles' streams ${streams.join(' / ')}, calls opened ${openedOn.join(' / ')} on ${servers.map((_, i) => `server ${i + 1}`).join(' / ')}; ` +
        `${counts.crossRings} of ${sim.calls.reduce((s, c) => s + c.offers, 0)} rings reached a console on another server than the call was opened on`,
    );
  }
}

function printReconciliation({ storeName, rec }: ReportInput): void {
  console.log(`\n${`reconciliation: simulation / ${storeName} store`.padEnd(51)}sim   store`);
  for (const [label, a, b] of rec.table) console.log(`  ${label.padEnd(50)}${String(a).padStart(6)}${String(b).padStart(8)}${a === b ? '' : '   MISMATCH'}`);
  for (const c of rec.stuck.slice(0, 10)) {
    console.log(
      `  not over: shopper ${c.n} ${c.callId ?? ''} offers ${c.offers} answered ${Boolean(c.answeredBy)} ender ${c.ender ?? '-'} ` +
        `cancel ${c.cancelRequested} terminal ${c.terminalDone} feed ${c.feed ? `${c.feed.ended}/${c.feed.closed}` : '-'} agentSawEnd ${c.agentSawEnd}`,
    );
  }
}

function printDoubledAndLost({ doubled, lost, refused }: Reconciliation): void {
  console.log(
    `\ndoubled: ${countBoth(doubled)} (store history: ${doubled.store.length}, a call answered twice or a consultant given a second call while holding one; ` +
      `clients: ${doubled.clients.length}, a second accept answered 200 or an accept while in another call)`,
  );
  console.log(
    `lost: ${countBoth(lost)} (store: ${lost.store.length}, a call left open or missing; clients: ${lost.clients.length}, a call never answered that no client heard end)` +
      (refused.length > 0 ? `; ${refused.length} shoppers got no call at all (an error on their click)` : ''),
  );
  for (const d of [...doubled.store, ...doubled.clients].slice(0, 10)) console.log(`  doubled: ${d}`);
  for (const l of [...lost.store, ...lost.clients].slice(0, 10)) console.log(`  lost: ${l}`);
}

/** Grouped by kind (ids and numbers aside), a few examples each: one overload symptom must not hide a rarer one. */
function printProblems(problems: readonly string[]): void {
  const kinds = new Map<string, string[]>();
  for (const p of problems) {
    const kind = p
      .replace(/call_[\w-]+/g, 'C')
      .replace(/bench-\d+(@shop\.test)?/g, 'A')
      .replace(/\d+(\.\d+)?/g, 'N');
    kinds.set(kind, [...(kinds.get(kind) ?? []), p]);
  }
  for (const examples of kinds.values()) {
    for (const p of examples.slice(0, 3)) console.log(`  ! ${p}`);
    if (examples.length > 3) console.log(`  ! … and ${examples.length - 3} more of this kind`);
  }
}

function printVerdict({ rec, t0 }: ReportInput): void {
  console.log(
    rec.ok
      ? `\nOK: every call ended answered or cancelled, and the store agrees with the simulation (total ${((now() - t0) / 1000).toFixed(1)} s)`
      : `\nFAILED: ${rec.mismatches.length} mismatches, ${rec.problems.length} problems, ${rec.stuck.length} calls not over, ${countBoth(rec.doubled)} doubled, ${countBoth(rec.lost)} lost`,
  );
}
