import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';

/** How the doctor reaches the deployment: host names it was told where to find (`--resolve`), a CA it was told to trust (`--ca`). */
export interface Reach {
  resolve: Map<string, string>;
  ca?: Buffer;
}

export async function addressOf(host: string, reach: Reach): Promise<string> {
  return reach.resolve.get(host) ?? (await dnsLookup(host)).address;
}

const lookupVia =
  (reach: Reach): LookupFunction =>
  (host, options, callback) => {
    const mapped = reach.resolve.get(host);
    if (!mapped)
      return void dnsLookup(host).then(
        (a) => callback(null, a.address, a.family),
        (err: NodeJS.ErrnoException) => callback(err, '', 4),
      );
    const family = mapped.includes(':') ? 6 : 4;
    if ((options as { all?: boolean }).all)
      return void (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: mapped, family }]);
    callback(null, mapped, family);
  };

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  certificate: PeerCertificate | undefined;
  ms: number;
  /** Set when the server answered a WebSocket upgrade. */
  upgraded: boolean;
}

/** One HTTPS request as a browser would make it (ALPN offered: the HTTPS port hands connections without it to TURN). */
export function httpsGet(url: string, reach: Reach, o: { headers?: Record<string, string>; method?: string; timeoutMs?: number } = {}): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method: o.method ?? 'GET',
      headers: o.headers,
      lookup: lookupVia(reach),
      agent: new https.Agent({ ...(reach.ca ? { ca: reach.ca } : {}), ALPNProtocols: ['http/1.1'] }),
      timeout: o.timeoutMs ?? 10_000,
    });
    let certificate: PeerCertificate | undefined;
    req.on('socket', (socket) => socket.on('secureConnect', () => (certificate = (socket as import('node:tls').TLSSocket).getPeerCertificate())));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          certificate,
          ms: Date.now() - started,
          upgraded: false,
        }),
      );
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, body: '', certificate, ms: Date.now() - started, upgraded: true });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${(o.timeoutMs ?? 10_000) / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}
