import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { aptInstall } from './ensure-system-tools.js';
import { stopProcess } from './stop-process.js';

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, installed from Debian's packages when there is none. */
export function ensurePostgres(say: (line: string) => void = console.log): string {
  const installed = () =>
    existsSync(PG_ROOT)
      ? readdirSync(PG_ROOT)
          .filter((v) => existsSync(path.join(PG_ROOT, v, 'bin', 'postgres')))
          .sort((a, b) => Number(b) - Number(a))
      : [];
  if (installed().length === 0) aptInstall(['postgresql'], say);
  const version = installed()[0];
  if (!version) throw new Error(`apt-get installed postgresql but no server was found under ${PG_ROOT}`);
  return path.join(PG_ROOT, version, 'bin');
}

export interface ThrowawayPostgres {
  /** `postgres://vitrina@127.0.0.1:<port>/vitrina`: trust on loopback, nothing else listens. */
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL cluster on loopback. For one test run (no `keepIn`): a fresh data folder in the
 * temp dir, durability off (a test database is thrown away), removed when stopped. With
 * `keepIn` (the scaled-out demo): its data stays in that folder, durable, for the next start.
 * PostgreSQL refuses to run as root, so as root it runs as Debian's `postgres` user.
 */
export async function startThrowawayPostgres(o: { port: number; bin?: string; keepIn?: string }): Promise<ThrowawayPostgres> {
  const bin = o.bin ?? ensurePostgres();
  const dir = o.keepIn ?? mkdtempSync(path.join(tmpdir(), 'vitrina-pg-'));
  mkdirSync(dir, { recursive: true });
  const fresh = !existsSync(path.join(dir, 'data', 'PG_VERSION'));
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? pgUser() : undefined;
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  // Run as that user directly (not through runuser), so that our signals reach PostgreSQL itself.
  const as = { cwd: dir, ...(owner ?? {}) };

  if (fresh) {
    const init = spawnSync(
      path.join(bin, 'initdb'),
      ['-D', path.join(dir, 'data'), '-U', 'vitrina', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'],
      { ...as, encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  const throwaway = o.keepIn === undefined ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];

  const child = spawn(
    path.join(bin, 'postgres'),
    ['-D', path.join(dir, 'data'), '-p', String(o.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, ...throwaway],
    { ...as, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));

  const deadline = Date.now() + 20_000;
  while (spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(o.port)]).status !== 0) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      if (!o.keepIn) rmSync(dir, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start on port ${o.port}: ${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (fresh) {
    const created = spawnSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(o.port), '-U', 'vitrina', 'vitrina'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr}`);
  }

  return {
    url: `postgres://vitrina@127.0.0.1:${o.port}/vitrina`,
    process: child,
    async stop() {
      // SIGINT is PostgreSQL's "fast shutdown": end sessions, stop at once.
      await stopProcess(child, 'SIGINT', 10_000);
      if (!o.keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function pgUser(): { uid: number; gid: number } {
  const out = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error('running as root, but there is no "postgres" user to run PostgreSQL as (install the postgresql package)');
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
