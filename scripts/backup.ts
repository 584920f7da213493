/**
 * `npm run backup [-- <folder>]`: a consistent copy of everything a server keeps, taken while
 * it runs — the database (SQLite's online backup; `pg_dump` for PostgreSQL), the recordings,
 * the keys and Caddy's certificates — into a new folder (mode 700, it holds secrets) with a
 * manifest. Restore: stop Vitrina, put the files back into the data folder, start it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { aptInstall, onPath } from './system/ensure-system-tools.js';
import { projectRoot } from './system/paths.js';

export interface BackupManifest {
  takenAt: string;
  database: { engine: 'sqlite' | 'postgres'; file: string; bytes: number };
  recordings: { files: number; bytes: number };
  /** Keys, secrets and certificates copied (relative to the data folder). */
  secrets: string[];
}

function sizeOf(dir: string): { files: number; bytes: number } {
  if (!existsSync(dir)) return { files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const stat = statSync(path.join(dir, String(entry)));
    if (stat.isFile()) {
      files += 1;
      bytes += stat.size;
    }
  }
  return { files, bytes };
}

export async function backup(o: { dataDir: string; dest: string; databaseUrl?: string; now?: Date }): Promise<BackupManifest> {
  if (existsSync(o.dest) && readdirSync(o.dest).length > 0) throw new Error(`${o.dest} is not empty; give a new folder`);
  mkdirSync(o.dest, { recursive: true, mode: 0o700 });
  chmodSync(o.dest, 0o700);

  let database: BackupManifest['database'];
  if (o.databaseUrl) {
    if (!onPath('pg_dump')) aptInstall(['postgresql-client'], console.log);
    const file = path.join(o.dest, 'vitrina.pgdump');
    const run = spawnSync('pg_dump', ['--format=custom', '--file', file, o.databaseUrl], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pg_dump failed: ${run.stderr.trim()}`);
    database = { engine: 'postgres', file: 'vitrina.pgdump', bytes: statSync(file).size };
  } else {
    const source = path.join(o.dataDir, 'vitrina.sqlite');
    if (!existsSync(source)) throw new Error(`no database at ${source}: is VITRINA_DATA_DIR right?`);
    const file = path.join(o.dest, 'vitrina.sqlite');
    // SQLite's online backup: a consistent snapshot while the server goes on writing.
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(file);
    } finally {
      db.close();
    }
    database = { engine: 'sqlite', file: 'vitrina.sqlite', bytes: statSync(file).size };
  }

  // Recordings are written once and never changed after their call; one still recording is copied as far as it got (WebM plays so).
  const recordingsDir = path.join(o.dataDir, 'recordings');
  if (existsSync(recordingsDir)) cpSync(recordingsDir, path.join(o.dest, 'recordings'), { recursive: true, preserveTimestamps: true });
  const secrets = ['dev-secrets.json', 'caddy'].filter((name) => existsSync(path.join(o.dataDir, name)));
  for (const name of secrets) cpSync(path.join(o.dataDir, name), path.join(o.dest, name), { recursive: true, preserveTimestamps: true });

  const manifest: BackupManifest = {
    takenAt: (o.now ?? new Date()).toISOString(),
    database,
    recordings: sizeOf(path.join(o.dest, 'recordings')),
    secrets,
  };
  writeFileSync(path.join(o.dest, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

const Env = z.object({
  VITRINA_DATA_DIR: z.string().min(1).default(path.join(projectRoot, 'data')),
  VITRINA_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
    .optional(),
});

async function main(): Promise<void> {
  const env = Env.parse(process.env);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dest = path.resolve(process.argv[2] ?? path.join(projectRoot, 'backups', `vitrina-${stamp}`));
  const m = await backup({ dataDir: path.resolve(env.VITRINA_DATA_DIR), dest, ...(env.VITRINA_DATABASE_URL ? { databaseUrl: env.VITRINA_DATABASE_URL } : {}) });
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(
    `Backed up to ${dest}: database (${m.database.engine}) ${mb(m.database.bytes)}, ${m.recordings.files} recording files ${mb(m.recordings.bytes)}, ${m.secrets.join(' and ') || 'no keys'}.`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'scripts', 'backup.ts')) {
  main().catch((err: unknown) => {
    console.error(`backup: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
