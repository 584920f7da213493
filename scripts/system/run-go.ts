import { spawn } from 'node:child_process';
import { onPath } from './ensure-system-tools.js';

/**
 * Runs the Go toolchain to build a pinned tool from the Go module proxy, saying that it is busy
 * every 10 s (a first build downloads hundreds of modules); fails with the end of Go's output.
 */
export async function runGo(args: string[], o: { what: string; say: (line: string) => void; cwd?: string; env?: Record<string, string> }): Promise<void> {
  if (!onPath('go')) {
    throw new Error(`${o.what} is built with Go, which was not found. Install Go 1.26 or newer and run this again.`);
  }
  const started = Date.now();
  const heartbeat = setInterval(() => o.say(`  still building ${o.what}… ${Math.round((Date.now() - started) / 1000)} s`), 10_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', args, { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let downloads = 0;
      let tail = '';
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          if (!line.trim()) continue;
          tail = `${tail}\n${line}`.slice(-4000);
          if (line.startsWith('go: downloading') && ++downloads % 25 === 1) o.say(`  downloading Go modules (${downloads})…`);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go ${args[0]} for ${o.what} failed (exit ${code}):${tail}`))));
    });
  } finally {
    clearInterval(heartbeat);
  }
}
