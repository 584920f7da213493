/**
 * What opening a call costs the server, against the floor: `POST /api/calls` over real HTTP
 * (origin check, zod, working hours, a LiveKit room, the SQLite row, a token, the dispatch)
 * versus a bare livekit-server-sdk `AccessToken.toJwt()` loop, in the same process and run.
 *
 *   npm run bench:tokens [-- --calls 400 --concurrency 8 --rounds 3]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken } from 'livekit-server-sdk';
import { postCall, TestConsole } from '../test/support/http-clients.js';
import { startTestServer } from '../test/support/test-server.js';
import { distribution } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('calls', 400);
const concurrency = arg('concurrency', 8);

const t = await startTestServer({ VITRINA_CALLS_PER_MINUTE: '1000000' });
const agent = await t.addAgent('Bench');
const desk = await TestConsole.signIn(t.url, agent.email);
await desk.connect();
await desk.available();

// The floor: minting the same kind of token, nothing else, for as long as the HTTP run will take.
async function bareTokens(ms: number): Promise<number> {
  const until = performance.now() + ms;
  let n = 0;
  while (performance.now() < until) {
    const token = new AccessToken(t.config.livekit.apiKey, t.config.livekit.apiSecret, { identity: `shopper-${n}`, ttl: 600 });
    token.addGrant({ room: `call_${n}`, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false });
    await token.toJwt();
    n++;
  }
  return n / (ms / 1000);
}

const rounds = arg('rounds', 3);
const latencies: number[] = [];
const callRates: number[] = [];
const bareRates: number[] = [];
let failed = 0;
for (let round = 0; round < rounds; round++) {
  const callIds: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t0 = performance.now();
        const res = await postCall(t.url);
        latencies.push(performance.now() - t0);
        if (res.status === 201) callIds.push(((await res.json()) as { callId: string }).callId);
        else failed++;
      }
    }),
  );
  const httpSeconds = (performance.now() - started) / 1000;
  callRates.push(total / httpSeconds);
  bareRates.push(await bareTokens(Math.max(2000, httpSeconds * 1000)));
  // Each round starts with an empty line.
  for (const id of callIds) await t.vitrina.calls.end(id, 'cancelled');
}
desk.disconnect();
await t.close();

const perSecond = distribution(callRates).p50;
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
  bareTokensPerSecond: bareRates,
  ratioOfMedians: perSecond / bare,
  latencyMs: l,
};
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'token-cost.json'), JSON.stringify(result, null, 2));
console.log(
  `POST /api/calls: ${rounds} rounds of ${total} calls, ${concurrency} at a time, ${failed} refused: calls/s min / median / max ${spread(callRates)}`,
);
console.log(`  latency ms (min / median / p90 / p99 / max): ${[l.min, l.p50, l.p90, l.p99, l.max].map((x) => x.toFixed(1)).join(' / ')}`);
console.log(`bare AccessToken.toJwt() in the same process, after each round: tokens/s min / median / max ${spread(bareRates)}`);
console.log(`ratio of medians (ours ÷ bare): ${(perSecond / bare).toFixed(4)} — each call also creates a LiveKit room, writes SQLite and re-plans the queue`);
process.exitCode = failed > 0 ? 1 : 0;
