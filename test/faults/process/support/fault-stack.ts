import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFrontends } from '../../../../scripts/build.js';
import { ensureLivekitServer } from '../../../../scripts/livekit/ensure-livekit.js';
import { startStack, type RunningStack } from '../../../../scripts/stack.js';
import { canCut, lift } from './network.js';

/** Ports of the fault suite's own stack, apart from the end-to-end suite's. */
export const FAULT_PORTS = { server: 19080, shop: 19081, livekit: 19880, livekitTcp: 19881, livekitUdp: 19882, control: 19090 } as const;

/** Grace periods short enough for each fault to play out in seconds (the cluster suite uses them too). */
export const FAULT_SERVER_ENV = {
  VITRINA_LOG_LEVEL: 'debug',
  VITRINA_RING_TIMEOUT_S: '8',
  VITRINA_SHOPPER_REJOIN_GRACE_S: '8',
  VITRINA_AGENT_REJOIN_GRACE_S: '5',
  VITRINA_AGENT_OFFLINE_GRACE_S: '4',
  VITRINA_CALLS_PER_MINUTE: '200',
  VITRINA_WEBHOOK_FIRST_RETRY_S: '2',
} as const;

/** Room for a few calls' recordings; the disk-full test fills the rest. */
const RECORDINGS_TMPFS_MB = 48;

/**
 * Playwright's global setup for the process faults: the stack `npm start` runs, on its own
 * ports and data folder, with short grace periods so each fault plays out in seconds, and the
 * recordings folder on a small tmpfs of its own. The stack belongs to this process; the tests
 * (in a worker) ask it to kill and restart processes through a small control server.
 */
export default async function faultStackSetup(): Promise<() => Promise<void>> {
  lift();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-faults-'));
  const recordingsDir = path.join(dataDir, 'recordings');
  mkdirSync(recordingsDir);
  if (!canCut()) throw new Error('The fault suite cuts loopback traffic with tc: it needs root (CAP_NET_ADMIN) and iproute2.');
  mountTmpfs(recordingsDir);
  const lines: string[] = [];
  await buildFrontends({ minify: false });
  const stack = await startStack({
    livekitBin: await ensureLivekitServer(),
    dataDir,
    ports: FAULT_PORTS,
    onLine: (source, line) => lines.push(`[${new Date().toISOString()}] [${source}] ${line}`),
    serverEnv: FAULT_SERVER_ENV,
  });
  const control = createServer((req, res) => {
    const action = controlActions(stack)[req.url ?? ''];
    if (req.method !== 'POST' || !action) return void res.writeHead(404).end();
    action().then(
      (body) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body ?? {})),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => control.listen(FAULT_PORTS.control, '127.0.0.1', resolve));
  process.env.FAULTS_CONTROL_URL = `http://127.0.0.1:${FAULT_PORTS.control}`;
  process.env.E2E_SERVER_URL = stack.serverUrl;
  process.env.E2E_SHOP_URL = stack.shopUrl;
  process.env.E2E_DATA_DIR = dataDir;
  process.env.E2E_RECORDINGS_DIR = recordingsDir;
  return async () => {
    control.close();
    lift();
    await stack.stop();
    execFileSync('umount', ['-l', recordingsDir]);
    writeFileSync(path.join(dataDir, 'stack.log'), lines.join('\n'));
    console.log(`fault stack log: ${path.join(dataDir, 'stack.log')}`);
  };
}

/** What a test may ask the stack's owner to do to it. */
function controlActions(stack: RunningStack): Record<string, () => Promise<unknown>> {
  return {
    '/kill-server': () => stack.restartServer({ kill: true }),
    '/kill-livekit': () => stack.restartLivekit(),
    '/server-pid': async () => ({ pid: stack.server.pid }),
  };
}

/** The recordings on a disk of their own, small enough to fill; a tmpfs needs root (CAP_SYS_ADMIN). */
function mountTmpfs(dir: string): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${RECORDINGS_TMPFS_MB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`The fault suite mounts a ${RECORDINGS_TMPFS_MB} MB tmpfs for the recordings: it needs root (CAP_SYS_ADMIN). ${String(err)}`);
  }
}
