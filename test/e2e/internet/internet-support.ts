import { readFileSync } from 'node:fs';
import https from 'node:https';
import { chromium, type Browser, type Page } from '@playwright/test';
import { SELECTED_PAIRS_SCRIPT, type SelectedPair } from '../../../scripts/doctor/selected-pair.js';
import { chromiumLaunchOptions } from '../../support/chromium.js';

/**
 * The production stack's test host names and ports: apart from every other suite's, below the
 * kernel's ephemeral range (a browser's ICE socket could hold one) and LiveKit's TURN relay range (30000–40000).
 */
export const INTERNET = (() => {
  // livekit-server announces TURN over TLS on 443 only, so the test host serves HTTPS there
  // (on the veth address alone, so nothing else on this machine is in the way).
  const httpsPort = 443;
  const publicHost = 'video.vitrina.test';
  const shopHost = 'shop.vitrina.test';
  return {
    namespace: 'vitrina-shopper',
    publicHost,
    shopHost,
    httpsPort,
    publicUrl: `https://${publicHost}`,
    shopUrl: `https://${shopHost}`,
    shopPort: 21082,
    ports: { http: 21080, server: 21090, livekit: 21880, livekitTcp: 21881, livekitUdp: 21882, turnUdp: 21478, turnTls: 21349 },
  } as const;
})();

/** What the global setup hands the tests. */
export interface InternetEnv {
  dataDir: string;
  /** The one-time owner set-up link the server printed. */
  setupLink: string;
  /** A HOME whose NSS database trusts the test CA. */
  nssHome: string;
  rootCa: string;
  /** This machine's end of the veth pair: where the test host names resolve. */
  hostAddress: string;
}

export const internetEnv = (): InternetEnv => JSON.parse(process.env.INTERNET_ENV ?? '{}') as InternetEnv;

/**
 * A Chromium that trusts the test CA and resolves the test hosts to the veth address, on this
 * machine or (with `executablePath` from the network's wrapper) inside the namespace.
 */
export function launchBrowser(o: { executablePath?: string } = {}): Promise<Browser> {
  const env = internetEnv();
  return chromium.launch({
    ...chromiumLaunchOptions,
    ...(o.executablePath ? { executablePath: o.executablePath } : {}),
    headless: true,
    args: [...chromiumLaunchOptions.args, `--host-resolver-rules=MAP ${INTERNET.publicHost} ${env.hostAddress}, MAP ${INTERNET.shopHost} ${env.hostAddress}`],
    env: { ...process.env, HOME: env.nssHome },
  });
}

/** An HTTPS request to the test host from node, trusting only the test CA. */
export function request(
  pathname: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; port?: number; plain?: boolean } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; raw: Buffer }> {
  const env = internetEnv();
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: env.hostAddress,
        port: o.port ?? INTERNET.httpsPort,
        servername: INTERNET.publicHost,
        path: pathname,
        method: o.method ?? 'GET',
        headers: { Host: INTERNET.publicHost, ...o.headers },
        // As browsers do, offer HTTP by ALPN: the HTTPS port gives connections that offer none to TURN.
        agent: new https.Agent({ ca: readFileSync(env.rootCa), ALPNProtocols: ['http/1.1'] }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('latin1'), raw });
        });
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

export interface PathTaken extends SelectedPair {
  /** From the peer connection's creation to `connected`, in the page's clock. */
  connectMs: number;
}

/**
 * Keeps every RTCPeerConnection the page makes with the time it connected; with `relayOnly`,
 * every one is made with `iceTransportPolicy: 'relay'`, as a browser policy forcing relay would.
 */
export async function watchConnections(page: Page, o: { relayOnly?: boolean } = {}): Promise<void> {
  await page.addInitScript({ content: SELECTED_PAIRS_SCRIPT });
  await page.addInitScript((relayOnly: boolean) => {
    const Native = window.RTCPeerConnection;
    const all: { pc: RTCPeerConnection; created: number; connected?: number }[] = [];
    (window as unknown as { __vitrinaPcs: typeof all }).__vitrinaPcs = all;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(relayOnly ? { ...config, iceTransportPolicy: 'relay' } : config);
        // livekit-client sets the configuration again once it has LiveKit's TURN servers.
        const set = this.setConfiguration.bind(this);
        this.setConfiguration = (c?: RTCConfiguration) => set(relayOnly ? { ...c, iceTransportPolicy: 'relay' } : c);
        const entry: (typeof all)[number] = { pc: this, created: performance.now() };
        all.push(entry);
        this.addEventListener('connectionstatechange', () => {
          if (this.connectionState === 'connected' && entry.connected === undefined) entry.connected = performance.now();
        });
      }
    };
  }, o.relayOnly ?? false);
}

/** The candidate pair that carries the media this page receives, read from WebRTC's own statistics. */
export async function pathTaken(page: Page): Promise<PathTaken | undefined> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __vitrinaPcs?: { pc: RTCPeerConnection; created: number; connected?: number }[] }).__vitrinaPcs ?? [];
    const selectedPairs = (window as unknown as { __vitrinaSelectedPairs: (pc: RTCPeerConnection) => Promise<SelectedPair[]> }).__vitrinaSelectedPairs;
    let best: PathTaken | undefined;
    for (const { pc, created, connected } of all) {
      if (pc.connectionState !== 'connected' || connected === undefined) continue;
      for (const pair of await selectedPairs(pc)) {
        if (!best || pair.bytesReceived > best.bytesReceived) best = { ...pair, connectMs: Math.round(connected - created) };
      }
    }
    return best;
  });
}

/**
 * Whether a connectivity check succeeded on a direct (not relayed) pair to `port` over TCP, in
 * any of the page's peer connections: ICE over TCP works, whichever pair then carried the media.
 */
export function directTcpAnswered(page: Page, port: number): Promise<boolean> {
  return page.evaluate(async (port) => {
    const all = (window as unknown as { __vitrinaPcs?: { pc: RTCPeerConnection }[] }).__vitrinaPcs ?? [];
    for (const { pc } of all) {
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s: Record<string, unknown> & { id: string }) => stats.set(s.id, s));
      for (const s of stats.values()) {
        if (s.type !== 'candidate-pair' || s.state !== 'succeeded') continue;
        const local = stats.get(String(s.localCandidateId));
        const remote = stats.get(String(s.remoteCandidateId));
        if (local?.candidateType !== 'relay' && remote?.protocol === 'tcp' && remote.port === port) return true;
      }
    }
    return false;
  }, port);
}
