/**
 * `npm start`: builds what is missing, starts livekit-server, the Vitrina server and the demo
 * shop on this machine, prints where to go, and stops them all on Ctrl-C.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEMO_AGENTS } from '../server/accounts/demo-seed.js';
import { buildFrontends } from './build.js';
import { ensureLivekitServer } from './livekit/ensure-livekit.js';
import { ensureSystemTools } from './system/ensure-system-tools.js';
import { projectRoot } from './system/paths.js';
import { formatLine } from './system/log-format.js';
import { startStack } from './stack.js';
import { startClusterStack } from './cluster/cluster-stack.js';
import { startProduction } from './production/production-stack.js';
import { ensureCaddy } from './proxy/ensure-caddy.js';

const port = (fallback: number) => z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(1).max(65535).default(fallback);

/** The demo's own settings; the server validates its VITRINA_* and LIVEKIT_* settings itself. */
const StartEnv = z.object({
  VITRINA_PORT: port(8080),
  DEMO_SHOP_PORT: port(8081),
  LIVEKIT_PORT: port(7880),
  LIVEKIT_RTC_TCP_PORT: port(7881),
  LIVEKIT_RTC_UDP_PORT: port(7882),
  VITRINA_DATA_DIR: z.string().min(1).default(path.join(projectRoot, 'data')),
  /** More than one: the scaled-out demo (PostgreSQL, Redis, a balancer in front; docs/scaling.md). */
  VITRINA_SERVERS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(8).default(1),
  LIVEKIT_NODES: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(8).default(1),
  /** The scaled-out demo's own PostgreSQL and Redis, unless VITRINA_DATABASE_URL / VITRINA_REDIS_URL name others. */
  POSTGRES_PORT: port(5433),
  REDIS_PORT: port(6380),
  VITRINA_DATABASE_URL: z.string().optional(),
  VITRINA_REDIS_URL: z.string().optional(),
  // Production (docs/deploy.md): an https public address, or NODE_ENV=production.
  NODE_ENV: z.string().optional(),
  VITRINA_PUBLIC_URL: z.url({ error: 'must be an address such as https://video.example.com' }).optional(),
  VITRINA_PUBLIC_IP: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address' }).optional(),
  VITRINA_TLS: z.enum(['acme', 'internal']).default('acme'),
  VITRINA_ACME_EMAIL: z.email({ error: 'must be an e-mail address' }).optional(),
  VITRINA_HTTP_PORT: port(80),
  LIVEKIT_TURN_UDP_PORT: port(3478),
  /** Loopback only: Caddy hands TURN over TLS from the HTTPS port to it. */
  LIVEKIT_TURN_TLS_PORT: port(5349),
});

async function main(): Promise<void> {
  const say = (line: string) => console.log(`[vitrina] ${line}`);
  const parsed = StartEnv.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid setting: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  const env = parsed.data;
  // The recorder drives a headless Chromium and finishes files with ffmpeg.
  ensureSystemTools(say);
  const livekitBin = await ensureLivekitServer(say);
  say('building the widget and the console…');
  await buildFrontends();
  const agents = DEMO_AGENTS.map((a) => `${a.email} / ${a.password}`).join('   ');
  if (env.NODE_ENV === 'production' || env.VITRINA_PUBLIC_URL?.startsWith('https:')) return runProduction(env, livekitBin, say);
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
async function runScaledOut(env: z.infer<typeof StartEnv>, livekitBin: string, agents: string, say: (line: string) => void): Promise<void> {
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
async function runProduction(env: z.infer<typeof StartEnv>, livekitBin: string, say: (line: string) => void): Promise<void> {
  if (!env.VITRINA_PUBLIC_URL?.startsWith('https:')) {
    throw new Error('Production needs VITRINA_PUBLIC_URL=https://<your host> (browsers give the camera only to secure pages). See docs/deploy.md.');
  }
  const stack = await startProduction({
    livekitBin,
    caddyBin: await ensureCaddy(say),
    dataDir: path.resolve(env.VITRINA_DATA_DIR),
    publicUrl: env.VITRINA_PUBLIC_URL,
    ...(env.VITRINA_PUBLIC_IP ? { publicIp: env.VITRINA_PUBLIC_IP } : {}),
    tls: env.VITRINA_TLS,
    ...(env.VITRINA_ACME_EMAIL ? { acmeEmail: env.VITRINA_ACME_EMAIL } : {}),
    ports: {
      http: env.VITRINA_HTTP_PORT,
      server: env.VITRINA_PORT,
      livekit: env.LIVEKIT_PORT,
      livekitTcp: env.LIVEKIT_RTC_TCP_PORT,
      livekitUdp: env.LIVEKIT_RTC_UDP_PORT,
      turnUdp: env.LIVEKIT_TURN_UDP_PORT,
      turnTls: env.LIVEKIT_TURN_TLS_PORT,
    },
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
