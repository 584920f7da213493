import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { devSecrets } from '../dev-secrets.js';
import { startLivekit, type LivekitOptions, type RunningLivekit } from '../livekit/livekit-process.js';
import { spawnNode, waitForHttp } from '../stack.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../system/postgres.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../system/redis.js';
import { stopProcess } from '../system/stop-process.js';
import { startBalancer, type Balancer } from './balancer.js';

export interface ClusterStackOptions {
  livekitBin: string;
  dataDir: string;
  servers: number;
  livekitNodes: number;
  /**
   * `balancer` is the one address browsers use; servers listen on `firstServer`, `firstServer + 1`…;
   * LiveKit node n on `livekit + 10n` (and its RTC ports likewise); PostgreSQL and Redis on their own.
   */
  ports: { balancer: number; firstServer: number; shop: number; livekit: number; livekitTcp: number; livekitUdp: number; postgres: number; redis: number };
  onLine: (source: string, line: string) => void;
  /** An existing PostgreSQL or Redis instead of the ones started here (in the data folder, and throwaway). */
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  /** Extra settings for every Vitrina server. */
  serverEnv?: Record<string, string>;
}

export interface RunningCluster {
  url: string;
  shopUrl: string;
  servers: { name: string; url: string; livekitUrl: string }[];
  livekitUrls: string[];
  databaseUrl: string;
  redisUrl: string;
  died: Promise<string>;
  /** SIGKILLs one LiveKit node (`livekit-2`): every room it held is gone. */
  killLivekit(name: string): Promise<void>;
  /** Each LiveKit node's own id (`ND_…`, new at every start), as the cluster's Redis names the node a room is on. */
  livekitNodeIds(): Record<string, string | undefined>;
  /** Starts a killed LiveKit node again on its ports (with no rooms). */
  startLivekit(name: string): Promise<void>;
  /** SIGKILLs one Vitrina server (`server-2`), as a crash would; the others and the balancer stay. */
  killServer(name: string): Promise<void>;
  /** Starts a killed server again on its port. */
  startServer(name: string): Promise<void>;
  /** The process id of a running server (its recorder's lease names it). */
  serverPid(name: string): number | undefined;
  stop(): Promise<void>;
}

/**
 * The scaled-out demo on one machine: PostgreSQL (its data in the data folder), Redis, several
 * livekit-server nodes sharing it, several Vitrina servers sharing both, and one balancer in front
 * of the servers, as docs/scaling.md draws it. Each server is given one of the LiveKit nodes;
 * any node reaches every room (it relays signalling to the room's node through Redis).
 */
export async function startClusterStack(o: ClusterStackOptions): Promise<RunningCluster> {
  const secrets = devSecrets(o.dataDir);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  const children: ChildProcess[] = [];
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });
  let reportDeath: (name: string) => void = () => {};
  const died = new Promise<string>((resolve) => (reportDeath = resolve));
  /** Processes stopped on purpose (a fault test's kill) have not died. */
  const killed = new Set<ChildProcess>();
  const watch = (name: string, child: ChildProcess) => {
    children.push(child);
    child.once('exit', () => killed.has(child) || reportDeath(name));
  };
  try {
    let databaseUrl = o.databaseUrl;
    if (!databaseUrl) {
      const pg: ThrowawayPostgres = await startThrowawayPostgres({ port: o.ports.postgres, keepIn: path.join(o.dataDir, 'postgres') });
      stops.push(() => pg.stop());
      watch('postgres', pg.process);
      databaseUrl = pg.url;
    }
    let redisUrl = o.redisUrl;
    if (!redisUrl) {
      const redis: ThrowawayRedis = await startThrowawayRedis({ port: o.ports.redis });
      stops.push(() => redis.stop());
      watch('redis', redis.process);
      redisUrl = redis.url;
    }
    const redisAddress = new URL(redisUrl).host;
    const balancerUrl = `http://localhost:${o.ports.balancer}`;

    const nodes: RunningLivekit[] = [];
    const nodeOptions: LivekitOptions[] = [];
    const nodeIds: (string | undefined)[] = [];
    for (let n = 0; n < o.livekitNodes; n++) {
      const options: LivekitOptions = {
        bin: o.livekitBin,
        dir: o.dataDir,
        configFile: `livekit-${n + 1}.yaml`,
        apiKey: secrets.livekitApiKey,
        apiSecret: secrets.livekitApiSecret,
        port: o.ports.livekit + 10 * n,
        rtcTcpPort: o.ports.livekitTcp + 10 * n,
        rtcUdpPort: o.ports.livekitUdp + 10 * n,
        redis: { address: redisAddress },
        // Webhooks through the balancer: whichever server answers, the store decides.
        webhookUrl: `http://127.0.0.1:${o.ports.balancer}/api/livekit/webhook`,
        onLine: (line) => {
          // livekit-server names itself once, at start.
          nodeIds[n] = /"nodeID": "(ND_\w+)"/.exec(line)?.[1] ?? nodeIds[n];
          o.onLine(`livekit-${n + 1}`, line);
        },
      };
      const node = await startLivekit(options);
      nodeOptions.push(options);
      stops.push(() => (nodes[n] as RunningLivekit).stop());
      watch(`livekit-${n + 1}`, node.process);
      nodes.push(node);
    }

    const shopUrl = `http://localhost:${o.ports.shop}`;
    const servers: RunningCluster['servers'] = [];
    const running = new Map<string, { child: ChildProcess; start: () => ChildProcess; port: number }>();
    const waits: Promise<void>[] = [];
    for (let i = 0; i < o.servers; i++) {
      const name = `server-${i + 1}`;
      const port = o.ports.firstServer + i;
      const livekitUrl = (nodes[i % nodes.length] as RunningLivekit).url;
      // Its own node first, the others to fall back on should it die.
      const livekitUrls = [livekitUrl, ...nodes.map((n) => n.url).filter((url) => url !== livekitUrl)];
      const start = () => spawnNode(
        'server/index.ts',
        {
          VITRINA_PORT: String(port),
          VITRINA_PUBLIC_URL: balancerUrl,
          VITRINA_DATA_DIR: o.dataDir,
          VITRINA_DATABASE_URL: databaseUrl,
          VITRINA_REDIS_URL: redisUrl,
          VITRINA_ALLOWED_ORIGINS: [shopUrl, `http://127.0.0.1:${o.ports.shop}`].join(','),
          VITRINA_SESSION_SECRET: secrets.sessionSecret,
          VITRINA_SEED_DEMO: 'true',
          LIVEKIT_URL: livekitUrls.join(','),
          LIVEKIT_API_KEY: secrets.livekitApiKey,
          LIVEKIT_API_SECRET: secrets.livekitApiSecret,
          ...o.serverEnv,
        },
        (line) => o.onLine(name, line),
      );
      const child = start();
      running.set(name, { child, start, port });
      stops.push(() => stopProcess((running.get(name) as { child: ChildProcess }).child));
      watch(name, child);
      servers.push({ name, url: `http://localhost:${port}`, livekitUrl });
      waits.push(waitForHttp(`http://127.0.0.1:${port}/healthz`, child, `Vitrina ${name}`, 60_000));
    }
    await Promise.all(waits);
    const balancer: Balancer = await startBalancer({ port: o.ports.balancer, backends: servers.map((s) => s.url) });
    stops.push(() => balancer.close());

    const shop = spawnNode('demo/serve.ts', { DEMO_SHOP_PORT: String(o.ports.shop), VITRINA_PUBLIC_URL: balancerUrl }, (line) => o.onLine('shop', line));
    stops.push(() => stopProcess(shop));
    watch('shop', shop);
    await waitForHttp(`${shopUrl}/`, shop, 'the demo shop');

    // Stopping: the shop and the balancer, then the servers (they finish recordings), then LiveKit, Redis, PostgreSQL.
    const ordered = [...stops];
    stops.length = 0;
    return {
      url: balancerUrl,
      shopUrl,
      servers,
      livekitUrls: nodes.map((n) => n.url),
      databaseUrl,
      redisUrl,
      died,
      async killServer(name) {
        const server = running.get(name);
        if (!server) throw new Error(`no server called ${name}`);
        killed.add(server.child);
        await stopProcess(server.child, 'SIGKILL');
      },
      serverPid: (name) => running.get(name)?.child.pid,
      async killLivekit(name) {
        const node = nodes[Number(name.replace('livekit-', '')) - 1];
        if (!node) throw new Error(`no LiveKit node called ${name}`);
        killed.add(node.process);
        await stopProcess(node.process, 'SIGKILL');
      },
      livekitNodeIds: () => Object.fromEntries(nodeIds.map((id, n) => [`livekit-${n + 1}`, id])),
      async startLivekit(name) {
        const n = Number(name.replace('livekit-', '')) - 1;
        const options = nodeOptions[n];
        if (!options) throw new Error(`no LiveKit node called ${name}`);
        const node = await startLivekit(options);
        nodes[n] = node;
        watch(name, node.process);
      },
      async startServer(name) {
        const server = running.get(name);
        if (!server) throw new Error(`no server called ${name}`);
        server.child = server.start();
        watch(name, server.child);
        await waitForHttp(`http://127.0.0.1:${server.port}/healthz`, server.child, `Vitrina ${name}`, 60_000);
      },
      async stop() {
        for (const child of children) child.removeAllListeners('exit');
        for (const s of ordered.reverse()) await s().catch(() => undefined);
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
