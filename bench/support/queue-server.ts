/**
 * The server side of the queue benches (bench/queue-load.ts, bench/queue-cluster.ts). Every
 * Vitrina server runs in a child process of its own, as it would in production: the simulated
 * clients' work does not queue on its event loop, and two servers do not share one loop.
 *
 * Two roles:
 * - `test-server`: startTestServer (our app, livekit-server, a database: an SQLite file, or a
 *   PostgreSQL database of its own when VITRINA_TEST_POSTGRES_URL is set; Redis when clustered),
 *   plus the bench's consultant accounts;
 * - `peer`: one more server on the first one's database, Redis and LiveKit, started as
 *   server/index.ts starts one (server/start-server.ts), from the environment the first one hands over.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../../server/accounts/passwords.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { startServer } from '../../server/start-server.js';
import { freePort } from '../../scripts/system/free-port.js';
import { startTestServer } from '../../test/support/test-server.js';
import { writePastCalls } from './queue-sim/past-calls.js';

/** The simulated consultants' password (one scrypt hash for all of them). */
export const PASSWORD = 'correct horse battery';
const SERVE_FLAG = '--serve-child';

export type ServeOptions =
  | { role: 'test-server'; agents: number; ringTimeoutS: number; cluster: boolean; history?: number }
  | { role: 'peer'; name: string; env: Record<string, string> };

export interface ServerStats {
  cpuS: number;
  /** Share of the time the event loop was busy (1 = saturated). */
  elu: number;
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  rssMaxMb: number;
  /** Only the server that started livekit-server measures it. */
  livekitCpuS: number | undefined;
  /** Rooms LiveKit still has when the load is over (every ended call's room is deleted). */
  roomsLeft: number;
}

export interface Ready {
  url: string;
  dataDir: string;
  agents: { id: string; email: string }[];
  /** The PostgreSQL database's URL, when the server is on one. */
  databaseUrl?: string;
  /** What a peer needs to join this server's cluster (its database, Redis, LiveKit, session secret). */
  peerEnv?: Record<string, string>;
}

type ToChild = { type: 'mark' } | { type: 'stats' } | { type: 'close' };
type FromChild =
  | ({ type: 'ready' } & Ready)
  /** Every second once the load starts: how busy the server's event loop was in that second. */
  | { type: 'tick'; elu: number }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'failed'; message: string };

/** CPU seconds a process has used, from /proc (Linux); undefined elsewhere. */
function procCpuS(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return undefined;
  }
}

interface Served {
  ready: Ready;
  livekitPid: number | undefined;
  countRooms: () => Promise<number>;
  close: () => Promise<void>;
}

const send = (m: FromChild) => process.send?.(m);

async function serveTestServer(o: Extract<ServeOptions, { role: 'test-server' }>): Promise<Served> {
  const env = {
    VITRINA_CALLS_PER_MINUTE: '1000000',
    VITRINA_RING_TIMEOUT_S: String(o.ringTimeoutS),
    VITRINA_LOG_LEVEL: 'error',
  };
  const t = await startTestServer(env, { cluster: o.cluster });

  // As t.addAgent does, with one scrypt hash for all instead of one each (seconds on 2 cores).
  const passwordHash = await hashPassword(PASSWORD);
  const agents: { id: string; email: string }[] = [];
  for (let i = 0; i < o.agents; i++) {
    const name = `Bench ${String(i + 1).padStart(3, '0')}`;
    const agent = await t.store.agents.create({ email: `bench-${i + 1}@shop.test`, name, role: 'agent', passwordHash, languages: ['en'] }, Date.now());
    agents.push({ id: agent.id, email: agent.email });
  }

  const { config } = t;
  if (o.history) {
    if (config.database.engine !== 'sqlite') throw new Error('--history fills an SQLite file; this server is on PostgreSQL');
    writePastCalls(
      config.database.file,
      agents.map((a) => a.id),
      o.history,
    );
  }
  const databaseUrl = config.database.engine === 'postgres' ? config.database.url : undefined;
  const ready: Ready = { url: t.url, dataDir: t.dataDir, agents, ...(databaseUrl ? { databaseUrl } : {}) };
  if (config.redisUrl && databaseUrl) {
    // Every server of one shop must sign and check sessions and LiveKit tokens with the same keys.
    ready.peerEnv = {
      ...env,
      VITRINA_DATABASE_URL: databaseUrl,
      VITRINA_REDIS_URL: config.redisUrl,
      VITRINA_SESSION_SECRET: config.sessionSecret,
      VITRINA_ALLOWED_ORIGINS: config.allowedOrigins.join(','),
      VITRINA_RECORDER: config.recorder,
      LIVEKIT_URL: config.livekit.url,
      LIVEKIT_API_KEY: config.livekit.apiKey,
      LIVEKIT_API_SECRET: config.livekit.apiSecret,
    };
  }
  return {
    ready,
    livekitPid: t.livekit.process.pid,
    countRooms: () => t.rooms.list().then((rooms) => rooms.length),
    close: () => t.close(),
  };
}

/** One more server, started as server/index.ts starts one (the bench runs with no recorder). */
async function servePeer(o: Extract<ServeOptions, { role: 'peer' }>): Promise<Served> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-peer-'));
  const config = loadConfig({ ...o.env, VITRINA_PORT: String(await freePort()), VITRINA_DATA_DIR: dataDir });
  // The harness's server logs nothing; this one says what went wrong, marked with its name.
  const log = createLogger(config.logLevel, (line) => process.stderr.write(`[${o.name}] ${line}\n`));
  const server = await startServer(config, log);
  return {
    ready: { url: server.url, dataDir, agents: [] },
    livekitPid: undefined,
    countRooms: () => server.rooms.list().then((list) => list.length),
    async close() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function serve(o: ServeOptions): Promise<void> {
  const served = o.role === 'test-server' ? await serveTestServer(o) : await servePeer(o);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= served.close().catch((err: unknown) => console.error('closing the server failed', err)));
  process.on('disconnect', () => void close().then(() => process.exit(0)));
  // Ctrl-C reaches the whole process group; the parent asks for an orderly close (LiveKit included).
  process.on('SIGINT', () => {});

  const loop = monitorEventLoopDelay({ resolution: 5 });
  let cpuBase = process.cpuUsage();
  let lkBase = procCpuS(served.livekitPid);
  let eluBase = performance.eventLoopUtilization();
  let rssMax = 0;
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 250);
  rssTimer.unref();
  let tickTimer: NodeJS.Timeout | undefined;

  // Each message runs to its end before the parent sends the next; a failure ends the child with it.
  const onMessage = async (m: ToChild): Promise<void> => {
    if (m.type === 'mark') {
      loop.reset();
      loop.enable();
      eluBase = performance.eventLoopUtilization();
      let last = eluBase;
      tickTimer = setInterval(() => {
        const nowElu = performance.eventLoopUtilization();
        send({ type: 'tick', elu: performance.eventLoopUtilization(nowElu, last).utilization });
        last = nowElu;
      }, 1000);
      cpuBase = process.cpuUsage();
      lkBase = procCpuS(served.livekitPid);
      rssMax = process.memoryUsage().rss;
    } else if (m.type === 'stats') {
      clearInterval(tickTimer);
      const cpu = process.cpuUsage(cpuBase);
      const lk = procCpuS(served.livekitPid);
      const roomsLeft = await served.countRooms().catch(() => -1);
      send({
        type: 'stats',
        stats: {
          cpuS: (cpu.user + cpu.system) / 1e6,
          elu: performance.eventLoopUtilization(eluBase).utilization,
          loopP50Ms: loop.percentile(50) / 1e6,
          loopP99Ms: loop.percentile(99) / 1e6,
          loopMaxMs: loop.max / 1e6,
          rssMaxMb: rssMax / 2 ** 20,
          livekitCpuS: lk === undefined || lkBase === undefined ? undefined : lk - lkBase,
          roomsLeft,
        },
      });
    } else if (m.type === 'close') {
      clearInterval(rssTimer);
      void close().then(() => process.exit(0));
    }
  };
  process.on(
    'message',
    (m: ToChild) =>
      void onMessage(m).catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      }),
  );
  send({ type: 'ready', ...served.ready });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The parent's handle on one server's child process. */
export class ServerProcess {
  private readonly listeners = new Set<(m: FromChild) => void>();
  private readonly exited: Promise<void>;

  /** How busy the server's event loop was in the last second reported. */
  lastElu: number | undefined;

  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromChild) => {
      if (m.type === 'tick') this.lastElu = m.elu;
      for (const l of this.listeners) l(m);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /**
   * `env` is added to this process's environment (VITRINA_TEST_POSTGRES_URL is read at import).
   * With VITRINA_BENCH_CPU_PROF=<dir> the server process writes a V8 CPU profile there
   * (bench/support/cpuprofile-top.ts summarises it).
   */
  static start(o: ServeOptions, env: Record<string, string> = {}): ServerProcess {
    const file = fileURLToPath(import.meta.url);
    // Only the server is profiled, not the simulated clients; the profile is written when it exits.
    const profileDir = process.env.VITRINA_BENCH_CPU_PROF;
    const execArgv = profileDir ? [...process.execArgv, '--cpu-prof', '--cpu-prof-dir', profileDir] : process.execArgv;
    return new ServerProcess(
      fork(file, [SERVE_FLAG, JSON.stringify(o)], {
        cwd: path.resolve(path.dirname(file), '..', '..'),
        stdio: 'inherit',
        env: { ...process.env, ...env },
        execArgv,
      }),
    );
  }

  next<T extends FromChild['type']>(type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listen);
        reject(new Error(`the server process sent no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const listen = (m: FromChild) => {
        if (m.type === 'failed') {
          clearTimeout(timer);
          this.listeners.delete(listen);
          reject(new Error(`the server process failed: ${m.message}`));
        } else if (m.type === type) {
          clearTimeout(timer);
          this.listeners.delete(listen);
          resolve(m as Extract<FromChild, { type: T }>);
        }
      };
      this.listeners.add(listen);
      void this.exited.then(() => listen({ type: 'failed', message: 'it exited' }));
    });
  }

  async ready(timeoutMs = 120_000): Promise<Ready> {
    const { type: _, ...ready } = await this.next('ready', timeoutMs);
    return ready;
  }

  send(m: ToChild): void {
    if (this.child.connected) this.child.send(m);
  }

  /** Asks the child to close its server (LiveKit included); kills it if it does not exit in time. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.send({ type: 'close' });
    const timedOut = await Promise.race([this.exited.then(() => false), sleep(20_000).then(() => true)]);
    if (timedOut) this.child.kill('SIGKILL');
  }
}

// This file is also the child's entry point.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === SERVE_FLAG) {
  serve(JSON.parse(process.argv[3] ?? '{}') as ServeOptions).catch((err: unknown) => {
    send({ type: 'failed', message: String((err as Error)?.stack ?? err) });
    process.exit(1);
  });
}
