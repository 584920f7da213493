import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../system/paths.js';
import { runGo } from '../system/run-go.js';

/**
 * Mailpit, a real SMTP server with an HTTP API, for the tests of the e-mail Vitrina sends. Pinned,
 * built once with Go from the module proxy into the project's tools folder.
 */
export const MAILPIT_VERSION = '1.33.1';
const MAILPIT_MODULE = 'github.com/axllent/mailpit';
const toolsDir = path.join(projectRoot, '.tools', 'mailpit', MAILPIT_VERSION);
const localBin = path.join(toolsDir, 'mailpit');

/** MAILPIT_BIN, or the pinned build in the tools folder (built now if missing: about 40 s). */
export async function ensureMailpit(say: (line: string) => void = console.log): Promise<string> {
  if (process.env.MAILPIT_BIN) return process.env.MAILPIT_BIN;
  if (existsSync(localBin)) return localBin;
  // A folder per build and an atomic rename: two test runs may build at once.
  const buildDir = path.join(toolsDir, `build-${process.pid}`);
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  say(`Building Mailpit ${MAILPIT_VERSION} with Go for the e-mail tests (once)…`);
  await runGo(['install', `${MAILPIT_MODULE}@v${MAILPIT_VERSION}`], { what: 'Mailpit', say, env: { GOBIN: buildDir } });
  renameSync(path.join(buildDir, 'mailpit'), localBin);
  rmSync(buildDir, { recursive: true, force: true });
  return localBin;
}
