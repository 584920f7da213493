import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stopProcess } from '../system/stop-process.js';
import { caddyfile, type CaddyConfig } from './caddyfile.js';

export interface RunningCaddy {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** How to run Caddy on the configuration written to `dir`: by `startCaddy` here, or by a systemd unit. */
export function caddyCommand(bin: string, dir: string, config: CaddyConfig): { args: string[]; env: Record<string, string> } {
  return {
    args: [bin, 'run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
    // Caddy looks for its data under HOME/XDG when storage is not set; it is, but keep it out of root's home all the same.
    env: { XDG_DATA_HOME: config.storageDir, XDG_CONFIG_HOME: config.storageDir },
  };
}

/** Writes the generated Caddyfile into `dir` (private: it names the loopback upstreams) and makes Caddy's storage. */
export function writeCaddyfile(dir: string, config: CaddyConfig): void {
  mkdirSync(config.storageDir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, 'Caddyfile'), caddyfile(config), { mode: 0o600 });
}

/** Starts Caddy on the generated configuration and resolves once it serves: a certificate obtained for the site, or plain HTTP listening. */
export async function startCaddy(o: { bin: string; dir: string; config: CaddyConfig; onLine?: (line: string) => void }): Promise<RunningCaddy> {
  writeCaddyfile(o.dir, o.config);
  const configFile = path.join(o.dir, 'Caddyfile');
  const command = caddyCommand(o.bin, o.dir, o.config);
  const child = spawn(command.args[0] ?? o.bin, command.args.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...command.env },
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) o.onLine?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const host = o.config.site.host;
  // ACME may take a minute (DNS, the CA's checks); the internal CA signs at once; plain HTTP needs only to listen.
  const deadline = Date.now() + (o.config.tls === 'acme' ? 180_000 : 20_000);
  const ready = async () =>
    o.config.tls === 'off'
      ? fetch(`http://127.0.0.1:${o.config.httpPort}/healthz`).then(
          () => true,
          () => false,
        )
      : hasCertificate(o.config.storageDir, host);
  for (;;) {
    const early = await Promise.race([exited, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 200))]);
    if (early !== 'pending') throw new Error(`caddy exited with code ${early} during start-up (config: ${configFile})`);
    if (await ready()) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        o.config.tls === 'off'
          ? `caddy did not listen on ${o.config.httpPort} in time`
          : `caddy got no certificate for ${host} in time: is the DNS record there, and are ports ${o.config.httpPort} and ${o.config.httpsPort} open to the internet?`,
      );
    }
  }
  return { process: child, stop: () => stopProcess(child, 'SIGTERM', 5_000) };
}

/** Whether Caddy holds a certificate for `host`, whichever issuer gave it (its internal CA, Let's Encrypt or ZeroSSL). */
function hasCertificate(storageDir: string, host: string): boolean {
  const root = path.join(storageDir, 'certificates');
  return existsSync(root) && readdirSync(root).some((issuer) => existsSync(path.join(root, issuer, host, `${host}.crt`)));
}
