/**
 * The queue under load through several servers (issue 9, ADR 8): the simulation of
 * bench/queue-load.ts (1,000 shoppers, 100 consultants by default), run twice in one go on a
 * throwaway PostgreSQL and Redis: first against one server (the baseline), then against two
 * servers sharing the database, Redis and livekit-server, each server in a process of its own.
 * The clients are spread over both (bench/support/queue-sim/: half the consoles' streams and
 * half the shoppers' calls on each, and of those half with their other requests on the other
 * server), so consoles on one server ring for calls opened on the other.
 *
 * Run: npm run bench:queue-cluster [-- the options of npm run bench:queue] [--wait-quiet-s S]
 *
 * Prints each run's full report, then one against the other: assignment latency p50 / p99 /
 * max and the ratio two / one, doubled calls (answered twice, or a consultant holding two at
 * once: from the store's history and from what clients were told) and lost calls (neither
 * answered nor ended). Exits non-zero unless both runs reconcile with nothing doubled or lost.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { freePort } from '../scripts/system/free-port.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../scripts/system/postgres.js';
import { distribution } from './stats.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { cpuSeconds } from './support/process-tree.js';
import { ServerProcess } from './support/queue-server.js';
import type { LoadResult, LoadServer } from './support/queue-sim/load-types.js';
import type { Samples } from './support/queue-sim/measurements.js';
import { parseOptions, type Options } from './support/queue-sim/options.js';
import { runLoad } from './support/queue-sim/run-load.js';
import { postgresReader } from './support/queue-sim/store.js';

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const args = process.argv.slice(2);
const argv = args[0] === '--' ? args.slice(1) : args;
// This bench's own option; the rest are the simulation's.
const waitAt = argv.indexOf('--wait-quiet-s');
const waitQuietS = waitAt >= 0 ? Number(argv.splice(waitAt, 2)[1]) : 0;
if (!Number.isFinite(waitQuietS) || waitQuietS < 0) throw new Error('--wait-quiet-s must be a number of seconds');
const o = parseOptions(
  argv,
  'npm run bench:queue-cluster',
  '  --wait-quiet-s S    before each run, wait up to S s for other processes to leave the cores idle (0)',
);
if (o.history) throw new Error('--history fills an SQLite file: it is an option of npm run bench:queue');
const t0 = now();

/** Every child still running, for Ctrl-C. */
const running = new Set<ServerProcess>();

interface Phase {
  result: LoadResult;
  /**
   * Cores kept busy meanwhile by processes other than this bench's own (its clients, servers,
   * PostgreSQL, Redis, livekit-server): on a shared machine, a reason two runs differ.
   */
  othersCores: number;
}

/**
 * On a shared machine (a colleague's tests, CI) the comparison means little while something
 * else takes the cores: wait until other processes have used under 0.15 cores for 3 s.
 */
async function waitForQuiet(maxS: number): Promise<void> {
  if (maxS <= 0) return;
  const until = now() + maxS * 1000;
  for (;;) {
    const [machine, ours, at] = [machineBusySeconds(), cpuSeconds(process.pid), now()];
    await sleep(3000);
    const others = (machineBusySeconds() - machine - (cpuSeconds(process.pid) - ours)) / ((now() - at) / 1000);
    if (others < 0.15) return;
    if (now() > until) {
      console.log(`other processes still keep ${others.toFixed(2)} cores busy; running anyway`);
      return;
    }
  }
}

async function phase(title: string, servers: number, postgresUrl: string): Promise<Phase> {
  await waitForQuiet(waitQuietS);
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 90 - title.length))}`);
  const started = now();
  const machineBefore = machineBusySeconds();
  const oursBefore = cpuSeconds(process.pid);
  const first = ServerProcess.start(
    { role: 'test-server', agents: o.agents, ringTimeoutS: o.ringTimeoutS, cluster: true },
    { VITRINA_TEST_POSTGRES_URL: postgresUrl },
  );
  const children = [first];
  running.add(first);
  try {
    const ready = await first.ready();
    if (!ready.databaseUrl || !ready.peerEnv) throw new Error('the first server is not on PostgreSQL and Redis');
    const name = (i: number) => (servers === 1 ? 'server process' : `server ${i} process`);
    const load: LoadServer[] = [{ process: first, url: ready.url, label: `${name(1)} (app; it started livekit-server and Redis)` }];
    // One at a time: each migrates (a no-op under the advisory lock) and announces its consoles.
    for (let i = 2; i <= servers; i++) {
      const peer = ServerProcess.start({ role: 'peer', name: `server ${i}`, env: ready.peerEnv });
      children.push(peer);
      running.add(peer);
      load.push({ process: peer, url: (await peer.ready()).url, label: `${name(i)} (app)` });
    }
    const result = await runLoad(o, {
      servers: load,
      agents: ready.agents,
      store: postgresReader(ready.databaseUrl),
      t0: started,
      serverUpS: (now() - started) / 1000,
    });
    // Before the children exit: their CPU counts only while they are in the process tree.
    const others = machineBusySeconds() - machineBefore - (cpuSeconds(process.pid) - oursBefore);
    return { result, othersCores: Math.max(0, others) / ((now() - started) / 1000) };
  } finally {
    // Peers first: the first server drops the database and stops Redis and livekit-server.
    for (const child of children.reverse()) {
      await child.close();
      running.delete(child);
    }
  }
}

const fmt = (v: number) => (Number.isFinite(v) ? (v >= 100 ? Math.round(v).toString() : v.toFixed(1)) : '–');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 ? (b / a).toFixed(2) : '–');

function compare(onePhase: Phase, twoPhase: Phase, opts: Options): void {
  const one = onePhase.result;
  const two = twoPhase.result;
  const rows: [string, keyof Samples][] = [
    ['assignment: both free → ring arrives', 'assignAll'],
    ['  a consultant was free: call joins → ring', 'assignToIdle'],
    ['  the call waited: consultant frees → ring', 'assignFreed'],
    ['shopper clicks → first ring (queue wait)', 'clickToRing'],
    ['POST /api/calls (creates the LiveKit room)', 'post'],
    ['POST accept', 'accept'],
    ['place-in-line feed: request → first place', 'feedFirst'],
  ];
  const cores = (r: LoadResult) => r.serverStats.reduce((sum, s) => sum + s.cpuS, 0) / r.loadS;
  const busy = (r: LoadResult) => r.serverStats.map((s) => `${Math.round(s.elu * 100)} %`).join(' + ');
  console.log(`\n=== one server against two, same run ${'='.repeat(56)}`);
  console.log(
    `PostgreSQL + Redis, ${opts.shoppers} shoppers over ${opts.arriveS} s, ${opts.agents} consultants, seed ${opts.seed}; ` +
      `latency in ms, n = samples; ratio = two / one`,
  );
  console.log(`${''.padEnd(44)}${'one server'.padStart(24)}   ${'two servers'.padStart(24)}   ${'ratio'.padStart(18)}`);
  console.log(
    `${''.padEnd(44)}${['n', 'p50', 'p99', 'max'].map((h) => h.padStart(6)).join('')}   ${['n', 'p50', 'p99', 'max'].map((h) => h.padStart(6)).join('')}   ${['p50', 'p99', 'max'].map((h) => h.padStart(6)).join('')}`,
  );
  for (const [label, key] of rows) {
    const a = distribution(one.samples[key]);
    const b = distribution(two.samples[key]);
    const cells = (d: typeof a) => [String(d.n), fmt(d.p50), fmt(d.p99), fmt(d.max)].map((c) => c.padStart(6)).join('');
    console.log(
      `  ${label.padEnd(42)}${cells(a)}   ${cells(b)}   ${[ratio(a.p50, b.p50), ratio(a.p99, b.p99), ratio(a.max, b.max)].map((c) => c.padStart(6)).join('')}`,
    );
  }
  const count = (r: LoadResult) =>
    `${r.opened} calls, ${r.answered} answered, ${r.cancelled} cancelled; doubled ${r.doubled.store.length + r.doubled.clients.length} ` +
    `(store ${r.doubled.store.length}, clients ${r.doubled.clients.length}), lost ${r.lost.store.length + r.lost.clients.length} ` +
    `(store ${r.lost.store.length}, clients ${r.lost.clients.length})${r.refused.length ? `, ${r.refused.length} clicks refused` : ''}; rings while busy ${r.ringsWhileBusy}${r.ringsAheadOfEnd ? ` (${r.ringsAheadOfEnd} ahead of a hung-up call's end)` : ''}; re-rung within the cool-down ${r.reRung}; ${r.ok ? 'reconciled' : 'NOT reconciled'}`;
  console.log(`  one server:  ${count(one)}`);
  console.log(`  two servers: ${count(two)}`);
  console.log(
    `  server CPU: one ${cores(one).toFixed(2)} cores (event loop busy ${busy(one)}), two ${cores(two).toFixed(2)} cores in all (busy ${busy(two)}); ` +
      `the load took ${one.loadS.toFixed(1)} s and ${two.loadS.toFixed(1)} s`,
  );
  console.log(
    `  other processes on this ${os.cpus().length}-core machine kept ${onePhase.othersCores.toFixed(2)} and ${twoPhase.othersCores.toFixed(2)} cores busy during the two runs` +
      (Math.max(onePhase.othersCores, twoPhase.othersCores) > 0.2 ? ': the figures are disturbed, compare with care' : ''),
  );
}

let ok = false;
let postgres: ThrowawayPostgres | undefined;
// PostgreSQL runs in a process group of its own, out of Ctrl-C's reach: stop it here.
const interrupted = () => {
  void Promise.all([...running].map((child) => child.close()))
    .then(() => postgres?.stop())
    .finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
postgres = await startThrowawayPostgres({ port: await freePort() });
try {
  console.log(
    `throwaway PostgreSQL at ${postgres.url} (${((now() - t0) / 1000).toFixed(1)} s); each run gets a database, a Redis and a livekit-server of its own`,
  );
  const one = await phase('one server on PostgreSQL and Redis (baseline)', 1, postgres.url);
  const two = await phase('two servers, one database, one Redis, one livekit-server', 2, postgres.url);
  compare(one, two, o);
  ok = one.result.ok && two.result.ok;
  console.log(
    `\n${ok ? 'OK' : 'FAILED'}: both runs ${ok ? 'reconciled with nothing doubled or lost' : 'did not both reconcile'} (total ${((now() - t0) / 1000).toFixed(1)} s)`,
  );
} finally {
  await postgres.stop();
  process.off('SIGINT', interrupted);
}
process.exit(ok ? 0 : 1);
