/**
 * `npm start`: builds what is missing, starts livekit-server, the Vitrina server and the demo
 * shop on this machine, prints where to go, and stops them all on Ctrl-C.
 */
import path from 'node:path';
import { DEMO_AGENTS } from '../server/accounts/demo-seed.js';
import { buildFrontends } from './build.js';
import { ensureLivekitServer } from './livekit/ensure-livekit.js';
import { ensureSystemTools } from './system/ensure-system-tools.js';
import { formatLine } from './system/log-format.js';
import { startStack } from './stack.js';
import { startClusterStack } from './cluster/cluster-stack.js';
import { startProduction } from './production/production-stack.js';
import { ensureCaddy } from './proxy/ensure-caddy.js';
import { isProduction, productionSettings, readStartSettings, type StartSettings } from './start-settings.js';

async function main(): Promise<void> {
  const say = (line: string) => console.log(`[vitrina] ${line}`);
  const env = readStartSettings();
  // The recorder drives a headless Chromium and finishes files with ffmpeg.
  ensureSystemTools(say);
  const livekitBin = await ensureLivekitServer(say);
  say('building the widget and the console…');
  await buildFrontends();
  const agents = DEMO_AGENTS.map((a) => `${a.email} / ${a.password}`).join('   ');
  if (isProduction(env)) return runProduction(env, livekitBin, say);
  if (env.VITRINA_SERVERS > 1 || env.LIVEKIT_NODES > 1) return runScaledOut(env, livekitBin, agents, say);
  const stack = await startStack({
    livekitBin,
    dataDir: path.resolve(env.VITRINA_DATA_DIR),
    ports: {
      server: env.VITRINA_PORT,
      shop: env.DEMO_SHOP_PORT,
      livekit: env.LIVEKIT_PORT,
      livekitTcp: env.LIVEKIT_RTC_TCP_PORT,
      livekitUdp: env.LIVEKIT_RTC_UDP_PORT,
    },
    onLine: (source, line) => console.log(formatLine(source, line)),
  });

  printWhereToGo('Vitrina is running.', stack.shopUrl, stack.serverUrl, agents, [`LiveKit:               ${stack.livekit.url}`]);

  await runUntilStopped(stack, say);
}

/** Several servers and LiveKit nodes behind one balancer, on PostgreSQL and Redis. */
async function runScaledOut(env: StartSettings, livekitBin: string, agents: string, say: (line: string) => void): Promise<void> {
  say(`starting ${env.VITRINA_SERVERS} Vitrina servers and ${env.LIVEKIT_NODES} LiveKit nodes on PostgreSQL and Redis…`);
  const cluster = await startClusterStack({
    livekitBin,
    dataDir: path.resolve(env.VITRINA_DATA_DIR),
    servers: env.VITRINA_SERVERS,
    livekitNodes: env.LIVEKIT_NODES,
    ports: {
      balancer: env.VITRINA_PORT,
      firstServer: env.VITRINA_PORT + 11,
      shop: env.DEMO_SHOP_PORT,
      livekit: env.LIVEKIT_PORT,
      livekitTcp: env.LIVEKIT_RTC_TCP_PORT,
      livekitUdp: env.LIVEKIT_RTC_UDP_PORT,
      postgres: env.POSTGRES_PORT,
      redis: env.REDIS_PORT,
    },
    databaseUrl: env.VITRINA_DATABASE_URL,
    redisUrl: env.VITRINA_REDIS_URL,
    onLine: (source, line) => console.log(formatLine(source, line)),
  });
  printWhereToGo('Vitrina is running, scaled out.', cluster.shopUrl, cluster.url, agents, [
    `Balancer:              ${cluster.url} → ${cluster.servers.map((s) => `${s.name} ${s.url} (LiveKit ${s.livekitUrl})`).join(', ')}`,
    `PostgreSQL, Redis:     ${cluster.databaseUrl}, ${cluster.redisUrl}`,
  ]);
  await runUntilStopped(cluster, say);
}

/** On the internet: Caddy in front with a real certificate, no demo accounts, no demo shop. */
async function runProduction(env: StartSettings, livekitBin: string, say: (line: string) => void): Promise<void> {
  const stack = await startProduction({
    ...productionSettings(env, { livekitBin, caddyBin: await ensureCaddy(say) }),
    onLine: (source, line) => console.log(formatLine(source, line)),
  });
  const lines = [
    'Vitrina is running in production.',
    `Consoles:              ${stack.publicUrl}/console/agent/ and ${stack.publicUrl}/console/admin/`,
    `Widget:                <script type="module" src="${stack.publicUrl}/widget/vitrina.js"></script>`,
    'Open these ports in the firewall:',
    ...stack.firewall.map((l) => `  ${l}`),
    'While there is no owner account, the server prints a one-time link that creates it.',
    `Check it from outside: npm run doctor -- ${stack.publicUrl} <a page of your shop>`,
    'Press Ctrl-C to stop.',
  ];
  console.log(['', ...lines.map((l) => `  ${l}`), ''].join('\n'));
  await runUntilStopped(stack, say);
}

function printWhereToGo(heading: string, shopUrl: string, serverUrl: string, agents: string, more: string[]): void {
  const lines = [
    heading,
    `Demo shop (shopper):   ${shopUrl}/`,
    `Agent console:         ${serverUrl}/console/agent/`,
    `Owner's admin page:    ${serverUrl}/console/admin/`,
    `Demo accounts:         ${agents}`,
    ...more,
    'Press Ctrl-C to stop.',
  ];
  console.log(['', ...lines.map((l) => `  ${l}`), ''].join('\n'));
}

/** Stops everything on Ctrl-C, or when any one process stops by itself. */
async function runUntilStopped(stack: { died: Promise<string>; stop(): Promise<void> }, say: (line: string) => void): Promise<void> {
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await stack.stop();
    say('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const which = await stack.died;
  if (!stopping) {
    say(`${which} stopped unexpectedly; stopping the rest.`);
    await stop(1);
  }
}

main().catch((err: unknown) => {
  console.error(`[vitrina] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
