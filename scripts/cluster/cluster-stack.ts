import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { devSecrets } from '../dev-secrets.js';
import { startLivekit, type LivekitOptions, type RunningLivekit } from '../livekit/livekit-process.js';
import { demoServerEnv, spawnDemoShop, spawnNode, waitForHttp } from '../stack.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../system/postgres.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../system/redis.js';
import { stopProcess } from '../system/stop-process.js';
import { startCaddy } from '../proxy/caddy-process.js';
import { ensureCaddy } from '../proxy/ensure-caddy.js';

export interface ClusterStackOptions {
  livekitBin: string;
  dataDir: string;
  servers: number;
  livekitNodes: number;
  /**
   * `balancer` (Caddy) is the one address browsers use; servers listen on `firstServer`, `firstServer + 1`…;
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
  databaseUrl: string;
  redisUrl: string;
  died: Promise<string>;
  /** SIGKILLs one LiveKit node (`livekit-2`): every room it held is gone. */
  killLivekit(name: string): Promise<void>;
  /** Each LiveKit node's own id (`ND_…`, new at every start), as the cluster's Redis names the node a room is on. */
  livekitNodeIds(): Record<string, string | undefined>;
  /** Starts a killed LiveKit node again on its ports (with no rooms). */
  startLivekit(name: string): Promise<void>;
  /** SIGKILLs one Vitrina server (`server-2`), as a crash would; the others and Caddy stay. */
  killServer(name: string): Promise<void>;
  /** Starts a killed server again on its port. */
  startServer(name: string): Promise<void>;
  /** The process id of a running server (its recorder's lease names it). */
  serverPid(name: string): number | undefined;
  stop(): Promise<void>;
}

/**
 * The scaled-out demo on one machine: PostgreSQL (its data in the data folder), Redis, several
 * livekit-server nodes sharing it, several Vitrina servers sharing both, and Caddy in front of
 * the servers as their balancer (the production config's generator, plain HTTP here), as
 * docs/scaling.md draws it. Each server is given one of the LiveKit nodes;
 * any node reaches every room (it relays signalling to the room's node through Redis).
 */
export async function startClusterStack(o: ClusterStackOptions): Promise<RunningCluster> {
  const secrets = devSecrets(o.dataDir);
  // Stopped last-started first: the shop and Caddy, the servers (they finish recordings), LiveKit, Redis, PostgreSQL.
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    // Stopping the rest matters more than why one part would not stop.
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
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
    const balancerUrl = `http://localhost:${o.ports.balancer}`;

    /** Each LiveKit node: how to start it again, the process now running, and its own id (`ND_…`, printed once at start). */
    const nodes: { name: string; options: LivekitOptions; running: RunningLivekit; id?: string }[] = [];
    for (let n = 0; n < o.livekitNodes; n++) {
      const name = `livekit-${n + 1}`;
      const options: LivekitOptions = {
        bin: o.livekitBin,
        dir: o.dataDir,
        configFile: `${name}.yaml`,
        apiKey: secrets.livekitApiKey,
        apiSecret: secrets.livekitApiSecret,
        port: o.ports.livekit + 10 * n,
        rtcTcpPort: o.ports.livekitTcp + 10 * n,
        rtcUdpPort: o.ports.livekitUdp + 10 * n,
        redis: { address: new URL(redisUrl).host },
        // Webhooks through the balancer: whichever server answers, the store decides.
        webhookUrl: `http://127.0.0.1:${o.ports.balancer}/api/livekit/webhook`,
        onLine: (line) => {
          const node = nodes[n];
          if (node) node.id = /"nodeID": "(ND_\w+)"/.exec(line)?.[1] ?? node.id;
          o.onLine(name, line);
        },
      };
      const node = { name, options, running: await startLivekit(options) };
      nodes.push(node);
      stops.push(() => node.running.stop());
      watch(name, node.running.process);
    }
    const nodeNamed = (name: string) => {
      const node = nodes.find((n) => n.name === name);
      if (!node) throw new Error(`no LiveKit node called ${name}`);
      return node;
    };

    const servers: RunningCluster['servers'] = [];
    const running = new Map<string, { child: ChildProcess; start: () => ChildProcess; port: number }>();
    const serverNamed = (name: string) => {
      const server = running.get(name);
      if (!server) throw new Error(`no server called ${name}`);
      return server;
    };
    const answers = (name: string) => {
      const server = serverNamed(name);
      return waitForHttp(`http://127.0.0.1:${server.port}/healthz`, server.child, `Vitrina ${name}`, 60_000);
    };
    for (let i = 0; i < o.servers; i++) {
      const name = `server-${i + 1}`;
      const port = o.ports.firstServer + i;
      const own = nodes[i % nodes.length].running.url;
      // Its own node first, the others to fall back on should it die.
      const livekitUrl = [own, ...nodes.map((n) => n.running.url).filter((url) => url !== own)].join(',');
      const env = {
        ...demoServerEnv({ port, publicUrl: balancerUrl, dataDir: o.dataDir, shopPort: o.ports.shop, secrets, livekitUrl }),
        // Caddy is the one proxy: the client is the address it saw.
        VITRINA_TRUST_PROXY: '1',
        VITRINA_DATABASE_URL: databaseUrl,
        VITRINA_REDIS_URL: redisUrl,
        ...o.serverEnv,
      };
      const start = () => spawnNode('server/index.ts', env, (line) => o.onLine(name, line));
      const server = { child: start(), start, port };
      running.set(name, server);
      stops.push(() => stopProcess(server.child));
      watch(name, server.child);
      servers.push({ name, url: `http://localhost:${port}`, livekitUrl: own });
    }
    await Promise.all(servers.map((s) => answers(s.name)));
    const caddy = await startCaddy({
      bin: await ensureCaddy((line) => o.onLine('caddy', line)),
      dir: o.dataDir,
      config: {
        storageDir: path.join(o.dataDir, 'caddy'),
        httpPort: o.ports.balancer,
        // Unused: plain HTTP only.
        httpsPort: 443,
        tls: 'off',
        // Browsers reach the LiveKit nodes directly (each server hands out a live one).
        site: { host: 'localhost', servers: [...running.values()].map((s) => `127.0.0.1:${s.port}`), livekit: [] },
      },
      onLine: (line) => o.onLine('caddy', line),
    });
    stops.push(() => caddy.stop());
    watch('caddy', caddy.process);

    const shopUrl = `http://localhost:${o.ports.shop}`;
    const shop = spawnDemoShop(
      o.ports.shop,
      balancerUrl,
      nodes.map((n) => n.running.url),
      (line) => o.onLine('shop', line),
    );
    stops.push(() => stopProcess(shop));
    watch('shop', shop);
    await waitForHttp(`${shopUrl}/`, shop, 'the demo shop');

    return {
      url: balancerUrl,
      shopUrl,
      servers,
      databaseUrl,
      redisUrl,
      died,
      async killServer(name) {
        const server = serverNamed(name);
        killed.add(server.child);
        await stopProcess(server.child, 'SIGKILL');
      },
      async startServer(name) {
        const server = serverNamed(name);
        server.child = server.start();
        watch(name, server.child);
        await answers(name);
      },
      serverPid: (name) => running.get(name)?.child.pid,
      async killLivekit(name) {
        const node = nodeNamed(name);
        killed.add(node.running.process);
        await stopProcess(node.running.process, 'SIGKILL');
      },
      async startLivekit(name) {
        const node = nodeNamed(name);
        node.running = await startLivekit(node.options);
        watch(name, node.running.process);
      },
      livekitNodeIds: () => Object.fromEntries(nodes.map((n) => [n.name, n.id])),
      async stop() {
        for (const child of children) child.removeAllListeners('exit');
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
