import type { ChildProcess } from 'node:child_process';
import { startLivekit, type RunningLivekit } from '../livekit/livekit-process.js';
import { startCaddy, type RunningCaddy } from '../proxy/caddy-process.js';
import { spawnNode, waitForHttp } from '../stack.js';
import { stopProcess } from '../system/stop-process.js';
import { planProduction, type ProductionSettings } from './production-plan.js';

export interface ProductionOptions extends ProductionSettings {
  onLine: (source: 'caddy' | 'livekit' | 'server', line: string) => void;
}

export interface RunningProduction {
  publicUrl: string;
  /** Caddy's own CA when `tls` is `internal` (tests make their browsers trust it). */
  rootCa: string | undefined;
  /** One line per port to open in the firewall. */
  firewall: string[];
  readonly server: ChildProcess;
  livekit: RunningLivekit;
  caddy: RunningCaddy;
  died: Promise<string>;
  stop(): Promise<void>;
}

/**
 * `npm start` in production: the plan's three processes (production-plan.ts) under one
 * supervisor. The server prints the owner's one-time set-up link while there is no owner.
 */
export async function startProduction(o: ProductionOptions): Promise<RunningProduction> {
  const plan = planProduction(o);
  const caddy = await startCaddy({ bin: o.caddyBin, dir: o.dataDir, config: plan.caddy, onLine: (line) => o.onLine('caddy', line) });
  let livekit: RunningLivekit;
  try {
    livekit = await startLivekit({ ...plan.livekit, onLine: (line) => o.onLine('livekit', line) });
  } catch (err) {
    await caddy.stop();
    throw err;
  }
  const server = spawnNode('server/index.ts', plan.serverEnv, (line) => o.onLine('server', line));
  const stop = async () => {
    await stopProcess(server);
    await Promise.all([livekit.stop(), caddy.stop()]);
  };
  process.once('exit', () => {
    for (const child of [server, livekit.process, caddy.process]) if (child.exitCode === null) child.kill('SIGKILL');
  });
  try {
    await waitForHttp(`http://127.0.0.1:${o.ports.server}/healthz`, server, 'the Vitrina server');
  } catch (err) {
    await stop();
    throw err;
  }
  const died = new Promise<string>((resolve) => {
    server.once('exit', () => resolve('server'));
    livekit.process.once('exit', () => resolve('livekit'));
    caddy.process.once('exit', () => resolve('caddy'));
  });
  return { publicUrl: plan.publicUrl, rootCa: plan.rootCa, firewall: plan.firewall, server, livekit, caddy, died, stop };
}
