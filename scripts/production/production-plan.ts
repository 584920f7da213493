import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { devSecrets } from '../dev-secrets.js';
import type { LivekitOptions } from '../livekit/livekit-process.js';
import { internalRootCa, type CaddyConfig } from '../proxy/caddyfile.js';
import { stackLivekitOptions } from '../stack.js';

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

export interface ProductionSettings {
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
}

/**
 * What the production stack is made of, before anything runs: each process's configuration.
 * `npm start` runs it under one supervisor; `npm run service:install` hands the same three to
 * systemd as three units.
 */
export interface ProductionPlan {
  publicUrl: string;
  caddy: CaddyConfig;
  livekit: LivekitOptions;
  /** The Vitrina server's settings (secrets included). */
  serverEnv: Record<string, string>;
  /** One line per port to open in the firewall. */
  firewall: string[];
  /** Caddy's own CA when `tls` is `internal` (tests make their browsers trust it). */
  rootCa: string | undefined;
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
 * Caddy terminates TLS for the public host and proxies the API, the consoles, the widget and
 * LiveKit's signalling to loopback; livekit-server offers media on the public address over UDP,
 * TCP and its TURN (over UDP, and over TLS on the HTTPS port, which Caddy shares by the protocol
 * a connection offers); the Vitrina server trusts exactly one proxy hop and seeds no accounts.
 * Makes the data folder private and its keys (once, unless `env` gives them); writes no
 * configuration file.
 */
export function planProduction(o: ProductionSettings, env: NodeJS.ProcessEnv = process.env): ProductionPlan {
  const url = new URL(o.publicUrl);
  const host = url.hostname;
  const httpsPort = Number(url.port || 443);
  mkdirSync(o.dataDir, { recursive: true });
  // Keys, the database and the recordings: nobody else on the machine reads them.
  chmodSync(o.dataDir, 0o700);
  const secrets = devSecrets(o.dataDir, env);
  const storageDir = path.join(o.dataDir, 'caddy');
  const livekit: LivekitOptions = {
    ...stackLivekitOptions({ bin: o.livekitBin, dataDir: o.dataDir, secrets, ports: o.ports }),
    internet: { ...(o.publicIp ? { publicIp: o.publicIp } : {}), turn: { domain: host, udpPort: o.ports.turnUdp, tlsPort: o.ports.turnTls } },
  };
  return {
    publicUrl: url.origin,
    caddy: {
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
    livekit,
    serverEnv: {
      NODE_ENV: 'production',
      VITRINA_HOST: '127.0.0.1',
      VITRINA_PORT: String(o.ports.server),
      VITRINA_PUBLIC_URL: url.origin,
      VITRINA_DATA_DIR: o.dataDir,
      // Caddy is the one proxy: the client is the address it saw, whatever the client claims.
      VITRINA_TRUST_PROXY: '1',
      VITRINA_SESSION_SECRET: secrets.sessionSecret,
      LIVEKIT_URL: `ws://127.0.0.1:${o.ports.livekit}`,
      LIVEKIT_PUBLIC_URL: `wss://${url.host}`,
      LIVEKIT_API_KEY: secrets.livekitApiKey,
      LIVEKIT_API_SECRET: secrets.livekitApiSecret,
      ...o.serverEnv,
    },
    firewall: firewallLines(httpsPort, o.ports),
    rootCa: o.tls === 'internal' ? internalRootCa(storageDir) : undefined,
  };
}
