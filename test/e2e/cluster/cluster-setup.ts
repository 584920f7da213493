import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFrontends } from '../../../scripts/build.js';
import { startClusterStack } from '../../../scripts/cluster/cluster-stack.js';
import { ensureLivekitServer } from '../../../scripts/livekit/ensure-livekit.js';
import { spawnDemoShop, waitForHttp } from '../../../scripts/stack.js';
import { FAULT_SERVER_ENV } from '../../faults/process/support/fault-stack.js';
import { stopProcess } from '../../../scripts/system/stop-process.js';

/** The scaled-out stack's ports, apart from the other suites'. */
const PORTS = {
  balancer: 28080,
  firstServer: 28091,
  shop: 28081,
  livekit: 27880,
  livekitTcp: 27881,
  livekitUdp: 27882,
  postgres: 25433,
  redis: 26380,
} as const;
/** A second copy of the demo shop whose widget talks to server 1 directly, not through the balancer. */
const PINNED_SHOP_PORT = 28082;
const CONTROL_PORT = 28090;

/**
 * Playwright's global setup for `test/e2e/cluster/`: what `VITRINA_SERVERS=2 LIVEKIT_NODES=2 npm
 * start` runs, on test ports and a fresh data folder, with short grace periods and a short
 * recorder lease so a server's death plays out in seconds. Tests ask it to kill and start
 * servers through a small control server.
 */
export default async function clusterSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-e2e-cluster-'));
  // PostgreSQL keeps its data in here and runs as its own user when we are root: it must get in.
  chmodSync(dataDir, 0o755);
  const lines: string[] = [];
  await buildFrontends({ minify: false });
  const cluster = await startClusterStack({
    livekitBin: await ensureLivekitServer(),
    dataDir,
    servers: 2,
    livekitNodes: 2,
    ports: PORTS,
    onLine: (source, line) => lines.push(`[${new Date().toISOString()}] [${source}] ${line}`),
    serverEnv: {
      ...FAULT_SERVER_ENV,
      // Longer than three console heartbeats: a server just started has heard the others' consoles by then.
      VITRINA_AGENT_OFFLINE_GRACE_S: '8',
      VITRINA_RECORDER_LEASE_S: '3',
      VITRINA_ALLOWED_ORIGINS: [PORTS.shop, PINNED_SHOP_PORT].map((port) => `http://localhost:${port}`).join(','),
    },
  });
  const pinnedShopUrl = `http://localhost:${PINNED_SHOP_PORT}`;
  const pinnedShop = spawnDemoShop(
    PINNED_SHOP_PORT,
    cluster.servers[0]?.url ?? '',
    cluster.servers.map((s) => s.livekitUrl),
    (line) => lines.push(`[pinned-shop] ${line}`),
  );
  await waitForHttp(`${pinnedShopUrl}/`, pinnedShop, 'the pinned demo shop');
  const control = createServer((req, res) => {
    const [, action, name] = (req.url ?? '').split('/');
    if (req.method === 'GET' && (action === 'pids' || action === 'livekit-nodes')) {
      const body = action === 'pids' ? Object.fromEntries(cluster.servers.map((s) => [s.name, cluster.serverPid(s.name)])) : cluster.livekitNodeIds();
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    }
    const actions: Record<string, ((name: string) => Promise<void>) | undefined> = {
      kill: (name) => cluster.killServer(name),
      start: (name) => cluster.startServer(name),
      'kill-livekit': (name) => cluster.killLivekit(name),
      'start-livekit': (name) => cluster.startLivekit(name),
    };
    const run = actions[action ?? ''];
    if (req.method !== 'POST' || !run || !name) return void res.writeHead(404).end();
    run(name).then(
      () => res.writeHead(204).end(),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => control.listen(CONTROL_PORT, '127.0.0.1', resolve));
  process.env.CLUSTER_CONTROL_URL = `http://127.0.0.1:${CONTROL_PORT}`;
  process.env.E2E_SERVER_URL = cluster.url;
  process.env.E2E_SHOP_URL = cluster.shopUrl;
  process.env.CLUSTER_SERVERS = JSON.stringify(cluster.servers);
  // The tests read the store as the other suites do (test/e2e/support.ts), here on PostgreSQL.
  process.env.E2E_DATABASE_URL = cluster.databaseUrl;
  process.env.E2E_RECORDINGS_DIR = path.join(dataDir, 'recordings');
  process.env.CLUSTER_REDIS_URL = cluster.redisUrl;
  process.env.CLUSTER_PINNED_SHOP_URL = pinnedShopUrl;
  return async () => {
    control.close();
    await stopProcess(pinnedShop);
    await cluster.stop();
    writeFileSync(path.join(dataDir, 'stack.log'), lines.join('\n'));
    console.log(`cluster stack log: ${path.join(dataDir, 'stack.log')}`);
  };
}
