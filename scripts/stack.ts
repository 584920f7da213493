import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { devSecrets, type DevSecrets } from './dev-secrets.js';
import { startLivekit, type LivekitOptions, type RunningLivekit } from './livekit/livekit-process.js';
import { projectRoot } from './system/paths.js';
import { stopProcess } from './system/stop-process.js';

export interface StackOptions {
  livekitBin: string;
  dataDir: string;
  ports: { server: number; shop: number; livekit: number; livekitTcp: number; livekitUdp: number };
  /** Every line any process prints, with the process's name. */
  onLine: (source: 'livekit' | 'server' | 'shop', line: string) => void;
  /** Extra settings for the Vitrina server (VITRINA_* and the like). */
  serverEnv?: Record<string, string>;
  livekitLogLevel?: LivekitOptions['logLevel'];
}

export interface RunningStack {
  serverUrl: string;
  shopUrl: string;
  /** The livekit-server now running (a new one after `restartLivekit()`). */
  readonly livekit: RunningLivekit;
  /** The Vitrina server process now running (a new one after `restartServer()`). */
  readonly server: ChildProcess;
  shop: ChildProcess;
  /**
   * Stops the Vitrina server as a deploy would (SIGTERM), or as a crash does (`kill`: SIGKILL),
   * and starts it again; LiveKit and the shop stay up.
   */
  restartServer(o?: { kill?: boolean }): Promise<void>;
  /** Kills livekit-server (SIGKILL: every room it held is gone) and starts it again on the same ports. */
  restartLivekit(): Promise<void>;
  /** Resolves when any process exits on its own, with its name. */
  died: Promise<string>;
  stop(): Promise<void>;
}

export function spawnNode(script: string, env: Record<string, string>, onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script)], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only us, and we stop the children in order.
    detached: true,
  });
  let partial = '';
  const forward = (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

export async function waitForHttp(url: string, child: ChildProcess, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} during start-up`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** What the demo's Vitrina server is started with, on one server or several; `serverEnv` on top. */
export function demoServerEnv(o: {
  port: number;
  publicUrl: string;
  dataDir: string;
  shopPort: number;
  secrets: ReturnType<typeof devSecrets>;
  livekitUrl: string;
}): Record<string, string> {
  return {
    VITRINA_PORT: String(o.port),
    VITRINA_PUBLIC_URL: o.publicUrl,
    VITRINA_DATA_DIR: o.dataDir,
    VITRINA_ALLOWED_ORIGINS: [`http://localhost:${o.shopPort}`, `http://127.0.0.1:${o.shopPort}`].join(','),
    VITRINA_SESSION_SECRET: o.secrets.sessionSecret,
    VITRINA_SEED_DEMO: 'true',
    LIVEKIT_URL: o.livekitUrl,
    LIVEKIT_API_KEY: o.secrets.livekitApiKey,
    LIVEKIT_API_SECRET: o.secrets.livekitApiSecret,
  };
}

/** The demo shop on `port`, its pages embedding the widget from `vitrinaUrl` (their CSP allowing it and LiveKit at `livekitUrls`). */
export function spawnDemoShop(port: number, vitrinaUrl: string, livekitUrls: readonly string[], onLine: (line: string) => void): ChildProcess {
  return spawnNode('demo/serve.ts', { DEMO_SHOP_PORT: String(port), VITRINA_PUBLIC_URL: vitrinaUrl, DEMO_LIVEKIT_URLS: livekitUrls.join(',') }, onLine);
}

/** livekit-server for a stack: the stack's keys and ports, its webhooks to the stack's server. */
export function stackLivekitOptions(o: {
  bin: string;
  dataDir: string;
  secrets: DevSecrets;
  ports: { server: number; livekit: number; livekitTcp: number; livekitUdp: number };
  onLine?: (line: string) => void;
  logLevel?: LivekitOptions['logLevel'];
}): LivekitOptions {
  return {
    bin: o.bin,
    dir: o.dataDir,
    apiKey: o.secrets.livekitApiKey,
    apiSecret: o.secrets.livekitApiSecret,
    port: o.ports.livekit,
    rtcTcpPort: o.ports.livekitTcp,
    rtcUdpPort: o.ports.livekitUdp,
    webhookUrl: `http://127.0.0.1:${o.ports.server}/api/livekit/webhook`,
    onLine: o.onLine,
    ...(o.logLevel ? { logLevel: o.logLevel } : {}),
  };
}

/** Starts livekit-server, the Vitrina server and the demo shop, each on loopback, and waits until all answer. */
export async function startStack(o: StackOptions): Promise<RunningStack> {
  const secrets = devSecrets(o.dataDir);
  const serverUrl = `http://localhost:${o.ports.server}`;
  const shopUrl = `http://localhost:${o.ports.shop}`;
  const livekitOptions = stackLivekitOptions({
    bin: o.livekitBin,
    dataDir: o.dataDir,
    secrets,
    ports: o.ports,
    onLine: (line) => o.onLine('livekit', line),
    logLevel: o.livekitLogLevel,
  });
  let livekit = await startLivekit(livekitOptions);
  const serverEnv = {
    ...demoServerEnv({ port: o.ports.server, publicUrl: serverUrl, dataDir: o.dataDir, shopPort: o.ports.shop, secrets, livekitUrl: livekit.url }),
    ...o.serverEnv,
  };
  const spawnServer = () => spawnNode('server/index.ts', serverEnv, (line) => o.onLine('server', line));
  let server = spawnServer();
  const shop = spawnDemoShop(o.ports.shop, serverUrl, [livekit.url], (line) => o.onLine('shop', line));
  const stop = async () => {
    await Promise.all([stopProcess(shop), stopProcess(server)]);
    await livekit.stop();
  };
  // If we die without stopping them (an uncaught error, a second Ctrl-C), take them with us.
  process.once('exit', () => {
    for (const child of [shop, server, livekit.process]) if (child.exitCode === null) child.kill('SIGKILL');
  });
  try {
    await Promise.all([waitForHttp(`${serverUrl}/healthz`, server, 'the Vitrina server'), waitForHttp(`${shopUrl}/`, shop, 'the demo shop')]);
  } catch (err) {
    await stop();
    throw err;
  }
  // A process stopped on purpose (a restart) has not died.
  const stoppedOnPurpose = new Set<ChildProcess>();
  let reportDeath: (name: string) => void = () => {};
  const died = new Promise<string>((resolve) => (reportDeath = resolve));
  const watch = (name: string, child: ChildProcess) => child.once('exit', () => stoppedOnPurpose.has(child) || reportDeath(name));
  watch('livekit', livekit.process);
  watch('server', server);
  watch('shop', shop);
  const restartServer = async ({ kill = false } = {}) => {
    stoppedOnPurpose.add(server);
    await stopProcess(server, kill ? 'SIGKILL' : 'SIGTERM');
    server = spawnServer();
    watch('server', server);
    await waitForHttp(`${serverUrl}/healthz`, server, 'the Vitrina server');
  };
  const restartLivekit = async () => {
    stoppedOnPurpose.add(livekit.process);
    await stopProcess(livekit.process, 'SIGKILL');
    livekit = await startLivekit(livekitOptions);
    watch('livekit', livekit.process);
  };
  return {
    serverUrl,
    shopUrl,
    get livekit() {
      return livekit;
    },
    get server() {
      return server;
    },
    shop,
    died,
    stop,
    restartServer,
    restartLivekit,
  };
}
