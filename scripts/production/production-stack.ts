import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { devSecrets } from '../dev-secrets.js';
import { startLivekit, type RunningLivekit } from '../livekit/livekit-process.js';
import { startCaddy, type RunningCaddy } from '../proxy/caddy-process.js';
import { internalRootCa } from '../proxy/caddyfile.js';
import { spawnNode, stackLivekitOptions, waitForHttp } from '../stack.js';
import { stopProcess } from '../system/stop-process.js';

export interface ProductionPorts {
  /** Caddy's plain HTTP: ACME's HTTP challenge and the redirect to HTTPS. */
  http: number;
  /** Vitrina and livekit-server signalling, both on loopback behind Caddy. */
  server: number;
  livekit: number;
  /** Media: ICE over UDP on one port, ICE over TCP, LiveKit's TURN over UDP. */
  livekitUdp: number;
  livekitTcp: number;
  turnUdp: number;
  /** LiveKit's TURN behind Caddy, which takes TURN over TLS on the HTTPS port (not to be opened). */
  turnTls: number;
}

export interface ProductionOptions {
  livekitBin: string;
  caddyBin: string;
  dataDir: string;
  /** https://host[:port]: the one address shops, consoles and LiveKit's signalling share. */
  publicUrl: string;
  /** The address media is offered on; LiveKit asks a STUN server when it is not given. */
  publicIp?: string;
  tls: 'acme' | 'internal';
  acmeEmail?: string;
  ports: ProductionPorts;
  /** Caddy listens on this address only (tests); every address when absent. */
  bind?: string;
  /** More HTTPS sites on the same Caddy (the tests' demo shop). */
  moreSites?: { host: string; upstream: string }[];
  /** Extra settings for the Vitrina server. */
  serverEnv?: Record<string, string>;
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

export function firewallLines(httpsPort: number, p: ProductionPorts): string[] {
  return [
    `${p.http}/tcp     HTTP: certificate checks and the redirect to HTTPS`,
    `${httpsPort}/tcp    HTTPS: widget, API, consoles, LiveKit's signalling (WSS) and TURN over TLS`,
    `${p.livekitUdp}/udp    media (ICE over UDP)`,
    `${p.livekitTcp}/tcp    media where UDP is blocked (ICE over TCP)`,
    `${p.turnUdp}/udp    TURN relay over UDP`,
  ];
}

/**
 * `npm start` in production: Caddy terminates TLS for the public host and proxies the API,
 * the consoles, the widget and LiveKit's signalling to loopback; livekit-server offers media on
 * the public address over UDP, TCP and its TURN (over UDP, and over TLS on the HTTPS port,
 * which Caddy shares by the protocol a connection offers); the
 * Vitrina server trusts exactly one proxy hop, seeds no accounts and prints the owner's
 * one-time set-up link.
 */
export async function startProduction(o: ProductionOptions): Promise<RunningProduction> {
  const url = new URL(o.publicUrl);
  const host = url.hostname;
  const httpsPort = Number(url.port || 443);
  mkdirSync(o.dataDir, { recursive: true });
  // Keys, the database and the recordings: nobody else on the machine reads them.
  chmodSync(o.dataDir, 0o700);
  const secrets = devSecrets(o.dataDir);
  const storageDir = path.join(o.dataDir, 'caddy');
  const caddy = await startCaddy({
    bin: o.caddyBin,
    dir: o.dataDir,
    config: {
      storageDir,
      httpPort: o.ports.http,
      httpsPort,
      tls: o.tls,
      ...(o.acmeEmail ? { acmeEmail: o.acmeEmail } : {}),
      site: { host, servers: [`127.0.0.1:${o.ports.server}`], livekit: [`127.0.0.1:${o.ports.livekit}`] },
      turnTls: { upstream: `127.0.0.1:${o.ports.turnTls}` },
      ...(o.moreSites ? { moreSites: o.moreSites } : {}),
      ...(o.bind ? { bind: o.bind } : {}),
    },
    onLine: (line) => o.onLine('caddy', line),
  });
  let livekit: RunningLivekit;
  try {
    livekit = await startLivekit({
      ...stackLivekitOptions({ bin: o.livekitBin, dataDir: o.dataDir, secrets, ports: o.ports, onLine: (line) => o.onLine('livekit', line) }),
      internet: { ...(o.publicIp ? { publicIp: o.publicIp } : {}), turn: { domain: host, udpPort: o.ports.turnUdp, tlsPort: o.ports.turnTls } },
    });
  } catch (err) {
    await caddy.stop();
    throw err;
  }
  const server = spawnNode(
    'server/index.ts',
    {
      NODE_ENV: 'production',
      VITRINA_HOST: '127.0.0.1',
      VITRINA_PORT: String(o.ports.server),
      VITRINA_PUBLIC_URL: url.origin,
      VITRINA_DATA_DIR: o.dataDir,
      // Caddy is the one proxy: the client is the address it saw, whatever the client claims.
      VITRINA_TRUST_PROXY: '1',
      VITRINA_SESSION_SECRET: secrets.sessionSecret,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_PUBLIC_URL: `wss://${url.host}`,
      LIVEKIT_API_KEY: secrets.livekitApiKey,
      LIVEKIT_API_SECRET: secrets.livekitApiSecret,
      ...o.serverEnv,
    },
    (line) => o.onLine('server', line),
  );
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
  return {
    publicUrl: url.origin,
    rootCa: o.tls === 'internal' ? internalRootCa(storageDir) : undefined,
    firewall: firewallLines(httpsPort, o.ports),
    server,
    livekit,
    caddy,
    died,
    stop,
  };
}
