import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { LIVEKIT_SERVER_MODULE, LIVEKIT_SERVER_VERSION } from './pinned.js';
import { projectRoot } from '../system/paths.js';
import { runGo } from '../system/run-go.js';

type Say = (line: string) => void;

/** Where `go install` leaves the pinned binary; git-ignored and reused across runs. */
export const toolsDir = path.join(projectRoot, '.tools', 'livekit', LIVEKIT_SERVER_VERSION);
const localBin = path.join(toolsDir, 'livekit-server');

function versionOf(bin: string): string | undefined {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  return /version\s+(\S+)/.exec(`${out.stdout}${out.stderr}`)?.[1];
}

function onPath(name: string): string | undefined {
  const out = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const found = out.stdout.trim();
  return out.status === 0 && found ? found : undefined;
}

/**
 * Finds or builds the pinned livekit-server: LIVEKIT_SERVER_BIN, then a matching one on PATH,
 * then the project's tools folder, then `go install` from the Go module proxy.
 */
export async function ensureLivekitServer(say: Say = console.log): Promise<string> {
  const fromEnv = process.env.LIVEKIT_SERVER_BIN;
  if (fromEnv) {
    const version = versionOf(fromEnv);
    if (!version) throw new Error(`LIVEKIT_SERVER_BIN=${fromEnv} does not run ('${fromEnv} --version' failed).`);
    if (version !== LIVEKIT_SERVER_VERSION) {
      say(`warning: LIVEKIT_SERVER_BIN is livekit-server ${version}; this project is tested with ${LIVEKIT_SERVER_VERSION}.`);
    }
    return fromEnv;
  }
  const system = onPath('livekit-server');
  if (system && versionOf(system) === LIVEKIT_SERVER_VERSION) return system;
  if (existsSync(localBin) && versionOf(localBin) === LIVEKIT_SERVER_VERSION) return localBin;
  await goInstall(say);
  return localBin;
}

async function goInstall(say: Say): Promise<void> {
  if (!onPath('go')) {
    throw new Error(
      [
        `livekit-server ${LIVEKIT_SERVER_VERSION} is needed and was not found.`,
        'Either install Go 1.23 or newer (then run this again: it builds livekit-server itself),',
        `or set LIVEKIT_SERVER_BIN to a livekit-server ${LIVEKIT_SERVER_VERSION} binary,`,
        `or put livekit-server ${LIVEKIT_SERVER_VERSION} on your PATH.`,
      ].join('\n'),
    );
  }
  // A folder of its own: `npm start` and `npm test` on a fresh machine may both build at once,
  // and the rename below is atomic, so whichever finishes last simply replaces the same binary.
  const buildDir = path.join(toolsDir, `build-${process.pid}`);
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  say(`Building livekit-server ${LIVEKIT_SERVER_VERSION} with Go (once; about 2 minutes on 2 cores)…`);
  const started = Date.now();
  await runGo(['install', `${LIVEKIT_SERVER_MODULE}@v${LIVEKIT_SERVER_VERSION}`], { what: 'livekit-server', say, env: { GOBIN: buildDir } });
  renameSync(path.join(buildDir, 'server'), localBin);
  rmSync(buildDir, { recursive: true, force: true });
  say(`Built livekit-server ${versionOf(localBin)} in ${Math.round((Date.now() - started) / 1000)} s → ${localBin}`);
}
