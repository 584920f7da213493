import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../system/paths.js';
import { runGo } from '../system/run-go.js';

/** The pinned build (ADR 0009): Caddy, its layer4 app and our Brotli encoder, with every module's version in caddy-build/go.sum. */
export const CADDY_VERSION = 'v2.11.9';
export const CADDY_L4_VERSION = 'v0.1.2';
/** What the build must have beyond standard Caddy: port 443 shared with TURN/TLS, and `encode br`. */
const REQUIRED_MODULES = ['caddy.listeners.layer4', 'http.encoders.br'];
const sourceDir = path.join(projectRoot, 'scripts', 'proxy', 'caddy-build');
const toolsDir = path.join(projectRoot, '.tools', 'caddy', `${CADDY_VERSION}-l4-${CADDY_L4_VERSION}-br`);
const localBin = path.join(toolsDir, 'caddy');

/** True when `bin` runs and has every module the generated configuration uses. */
function hasRequiredModules(bin: string): boolean {
  const out = spawnSync(bin, ['list-modules'], { encoding: 'utf8' });
  const modules = out.stdout?.split('\n') ?? [];
  return out.status === 0 && REQUIRED_MODULES.every((m) => modules.includes(m));
}

/**
 * Finds or builds our Caddy: CADDY_PATH if set (it must have the required modules), then the
 * project's tools folder, then `go build` of caddy-build/ from the Go module proxy (once).
 */
export async function ensureCaddy(say: (line: string) => void = console.log): Promise<string> {
  const fromEnv = process.env.CADDY_PATH;
  if (fromEnv) {
    if (!hasRequiredModules(fromEnv))
      throw new Error(
        `CADDY_PATH=${fromEnv} lacks ${REQUIRED_MODULES.join(' or ')} (the layer4 app, github.com/mholt/caddy-l4, and the Brotli encoder of scripts/proxy/caddy-build/brotli.go); unset it to have one built.`,
      );
    return fromEnv;
  }
  if (existsSync(localBin) && hasRequiredModules(localBin)) return localBin;
  // A copy of the module files: the build writes nothing into the source tree.
  const buildDir = path.join(toolsDir, 'build');
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  for (const file of ['go.mod', 'go.sum', 'main.go', 'brotli.go']) copyFileSync(path.join(sourceDir, file), path.join(buildDir, file));
  say(`Building Caddy ${CADDY_VERSION} with caddy-l4 ${CADDY_L4_VERSION} (once; a few minutes on 2 cores)…`);
  const started = Date.now();
  await runGo(['build', '-trimpath', '-o', 'caddy', '.'], { what: 'Caddy', say, cwd: buildDir });
  renameSync(path.join(buildDir, 'caddy'), localBin);
  rmSync(buildDir, { recursive: true, force: true });
  say(`Built Caddy in ${Math.round((Date.now() - started) / 1000)} s → ${localBin}`);
  return localBin;
}
