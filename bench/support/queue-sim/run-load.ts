/**
 * The queue benches' scenario, shared by bench/queue-load.ts (one server on SQLite) and
 * bench/queue-cluster.ts (one and then two servers on PostgreSQL and Redis): simulated shoppers
 * and consultants (plain HTTP clients: no browsers, no media) against real servers, then the
 * check that every call ended answered or cancelled and that the store agrees with what the
 * clients saw.
 */
import type { ServerStats } from '../queue-server.js';
import { now, sleep } from './clock.js';
import { SimAgent } from './consultant.js';
import { LineSampler } from './line-sampler.js';
import type { LoadResult, LoadServer, LoadSetup } from './load-types.js';
import { meterClient, type LoadRun } from './measurements.js';
import type { Options } from './options.js';
import { rng } from './random.js';
import { reconcile } from './reconcile.js';
import { printReport, printScenario, printSetup } from './report.js';
import { openCall } from './shopper.js';
import { planShoppers } from './sim-call.js';
import { Sim } from './simulation.js';
import { readSnapshot, type StoreReader } from './store.js';

/** Runs `fn` over the items, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function bringConsultantsOnline(sim: Sim, setup: LoadSetup): Promise<SimAgent[]> {
  const agents = setup.agents.map((a, n) => new SimAgent(sim, a.id, a.email, n));
  const started = now();
  await pool(agents, 8, (a) => a.comeOnline());
  printSetup(setup.servers.length, sim.o.agents, setup.serverUpS, (now() - started) / 1000);
  return agents;
}

async function collectServerStats(servers: readonly LoadServer[]): Promise<ServerStats[]> {
  for (const s of servers) s.process.send({ type: 'stats' });
  return Promise.all(servers.map(async (s) => (await s.process.next('stats', 10_000)).stats));
}

/** Lets the shoppers arrive and waits until every call is over, or the deadline. */
async function driveLoad(sim: Sim, servers: readonly LoadServer[], store: StoreReader): Promise<LoadRun> {
  const stopMeter = meterClient();
  for (const s of servers) s.process.send({ type: 'mark' });
  const start = now();
  const elapsedS = () => (now() - start) / 1000;
  for (const call of sim.calls) setTimeout(() => void openCall(sim, call), call.arriveAtMs);
  const sampler = new LineSampler(store, servers, elapsedS, (message) => sim.anomaly(message));
  sampler.start();
  const deadlineS = sim.o.arriveS + sim.o.drainS;
  const finishedInTime = await Promise.race([sim.finished.then(() => true), sleep(deadlineS * 1000).then(() => false)]);
  const loadS = elapsedS();
  await sampler.stop();
  const client = stopMeter();
  const serverStats = await collectServerStats(servers);
  // Let LiveKit's room_finished webhooks for the last rooms arrive; they must change nothing.
  await sleep(1000);
  return { finishedInTime, loadS, peak: sampler.peak, client, serverStats };
}

/**
 * Signs the consultants in, lets the shoppers arrive, waits until every call is over (or the
 * deadline), then checks the store against the simulation and prints the report.
 */
export async function runLoad(o: Options, setup: LoadSetup): Promise<LoadResult> {
  const { servers, store } = setup;
  const random = rng(o.seed);
  const urls = servers.map((s) => s.url);
  const sim = new Sim(urls, o, random);
  printScenario(o);
  const agents = await bringConsultantsOnline(sim, setup);
  // After the sign-ins, which draw nothing: the seed's draws are the shoppers' first.
  for (const call of planShoppers(o, random)) sim.calls.push(call);
  const run = await driveLoad(sim, servers, store);
  const snapshot = await readSnapshot(store);
  await store.close();
  sim.closing = true;
  for (const a of agents) a.disconnect();
  for (const call of sim.calls) call.feed?.abort.abort();
  const rec = reconcile(sim, snapshot, setup.agents, run.serverStats, run.finishedInTime);
  printReport({ sim, servers, agents, storeName: store.name, run, rec, t0: setup.t0 });
  return {
    ok: rec.ok,
    loadS: run.loadS,
    samples: sim.samples,
    doubled: rec.doubled,
    lost: rec.lost,
    refused: rec.refused,
    ringsWhileBusy: sim.counts.doubleOffers,
    ringsAheadOfEnd: sim.counts.ringsAheadOfEnd,
    reRung: sim.counts.reRung,
    serverStats: run.serverStats,
    opened: rec.opened.length,
    answered: rec.answered.length,
    cancelled: rec.reasons.get('cancelled') ?? 0,
  };
}
