/**
 * What opening a call costs the server, against the floor: `POST /api/calls` over real HTTP
 * (origin check, zod, working hours, a LiveKit room, the SQLite row, a token, the dispatch)
 * versus a bare livekit-server-sdk `AccessToken.toJwt()` loop.
 *
 * The server runs in a child process of its own (bench/support/queue-server.ts), so its CPU is
 * counted apart from the clients': "calls per server CPU second" is what one core running only
 * the server would carry, the figure the goal is set in.
 *
 *   npm run bench:tokens [-- --calls 400 --concurrency 8 --rounds 3]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken } from 'livekit-server-sdk';
import type { CreateCallResponse } from '../server/contract/calls.js';
import { asShopper, postCall, TestConsole } from '../test/support/http-clients.js';
import { ServerProcess } from './support/queue-server.js';
import { distribution } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('calls', 400);
const concurrency = arg('concurrency', 8);

// The harness's server reads VITRINA_TEST_POSTGRES_URL: this bench is the SQLite one, whatever the shell says.
const server = ServerProcess.start({ role: 'test-server', agents: 1, ringTimeoutS: 30, cluster: false }, { VITRINA_TEST_POSTGRES_URL: '' });
const ready = await server.ready();
const desk = await TestConsole.signIn(ready.url, ready.agents[0]?.email ?? '');
await desk.connect();
await desk.available();

/** The floor: minting the same kind of token, nothing else, for `ms`. */
async function bareTokens(ms: number): Promise<number> {
  const until = performance.now() + ms;
  let n = 0;
  while (performance.now() < until) {
    const token = new AccessToken('APIbench', 'a-bench-secret-as-long-as-a-real-one-0123456789', { identity: `shopper-${n}`, ttl: 600 });
    token.addGrant({ room: `call_${n}`, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false });
    await token.toJwt();
    n++;
  }
  return n / (ms / 1000);
}

/** The server's CPU seconds from now until `work` is done and the passes it asked for have run. */
async function serverCpuS(work: () => Promise<void>): Promise<number> {
  server.send({ type: 'mark' });
  await work();
  // The last calls' dispatch and the consoles' paced line run just after the last answer.
  await new Promise((resolve) => setTimeout(resolve, 500));
  server.send({ type: 'stats' });
  return (await server.next('stats', 30_000)).stats.cpuS;
}

const rounds = arg('rounds', 3);
const latencies: number[] = [];
const callRates: number[] = [];
const perCpuSecond: number[] = [];
const bareRates: number[] = [];
let failed = 0;
try {
  for (let round = 0; round < rounds; round++) {
    const opened: CreateCallResponse[] = [];
    let next = 0;
    let httpSeconds = 0;
    const cpuS = await serverCpuS(async () => {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) {
            next++;
            const t0 = performance.now();
            const res = await postCall(ready.url);
            latencies.push(performance.now() - t0);
            if (res.status === 201) opened.push((await res.json()) as CreateCallResponse);
            else failed++;
          }
        }),
      );
      httpSeconds = (performance.now() - started) / 1000;
    });
    callRates.push(total / httpSeconds);
    perCpuSecond.push(total / cpuS);
    bareRates.push(await bareTokens(Math.max(2000, httpSeconds * 1000)));
    // Each round starts with an empty line.
    for (const call of opened) await asShopper(ready.url, call, 'POST', '/hangup');
  }
} finally {
  desk.disconnect();
  await server.close();
}

const perCore = distribution(perCpuSecond).p50;
const bare = distribution(bareRates).p50;
const spread = (xs: number[]) => {
  const d = distribution(xs);
  return `${d.min.toFixed(0)} / ${d.p50.toFixed(0)} / ${d.max.toFixed(0)}`;
};
const l = distribution(latencies);
const result = {
  rounds,
  callsPerRound: total,
  concurrency,
  failed,
  callsPerSecond: callRates,
  callsPerServerCpuSecond: perCpuSecond,
  bareTokensPerSecond: bareRates,
  ratioOfMedians: perCore / bare,
  latencyMs: l,
};
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'token-cost.json'), JSON.stringify(result, null, 2));
console.log(`POST /api/calls: ${rounds} rounds of ${total} calls, ${concurrency} at a time, ${failed} refused`);
console.log(`  per second of the server's CPU (what one core would carry), min / median / max: ${spread(perCpuSecond)}`);
console.log(`  per second of wall time (server, clients and livekit-server on this machine): ${spread(callRates)}`);
console.log(`  latency ms (min / median / p90 / p99 / max): ${[l.min, l.p50, l.p90, l.p99, l.max].map((x) => x.toFixed(1)).join(' / ')}`);
console.log(`bare AccessToken.toJwt() a second, one core, after each round: min / median / max ${spread(bareRates)}`);
console.log(
  `ratio of medians (ours per CPU second ÷ bare): ${(perCore / bare).toFixed(4)} — each call also creates a LiveKit room, writes SQLite and re-plans the queue`,
);
process.exitCode = failed > 0 ? 1 : 0;
