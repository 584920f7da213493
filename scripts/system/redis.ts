import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aptInstall } from './ensure-system-tools.js';
import { stopProcess } from './stop-process.js';

/** redis-server's path, installed from Debian's packages when missing. */
export function ensureRedis(say: (line: string) => void = console.log): string {
  const find = () => (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : spawnSync('which', ['redis-server'], { encoding: 'utf8' }).stdout.trim());
  if (!find()) aptInstall(['redis-server'], say);
  const bin = find();
  if (!bin) throw new Error('apt-get installed redis-server but it is not on PATH');
  return bin;
}

export interface ThrowawayRedis {
  /** `redis://127.0.0.1:<port>`: loopback only, nothing kept on disk. */
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Answers Redis's PING on the port? */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A Redis for one run (tests, the scaled-out demo): loopback, no persistence, its folder removed on stop. */
export async function startThrowawayRedis(o: { port: number; bin?: string }): Promise<ThrowawayRedis> {
  const bin = o.bin ?? ensureRedis();
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-redis-'));
  const child = spawn(bin, ['--port', String(o.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const keep = (c: Buffer) => (log = (log + c.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const deadline = Date.now() + 20_000;
  while (!(await pings(o.port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Redis did not start on port ${o.port}: ${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${o.port}`,
    port: o.port,
    process: child,
    async stop() {
      await stopProcess(child, 'SIGTERM', 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
