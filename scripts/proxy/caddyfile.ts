/**
 * Writes Caddy's configuration for Vitrina: one host name serves the widget, the API, the
 * consoles and LiveKit's signalling, so a shop needs one DNS record and one certificate. Caddy
 * obtains and renews the certificate (ACME, or its own CA for tests), redirects HTTP to HTTPS,
 * compresses, and spreads requests over one or several Vitrina servers with health checks.
 * The same generator serves production, the one-machine cluster and the tests.
 */

export interface VitrinaSite {
  /** The public host name, e.g. video.example.com. */
  host: string;
  /** Vitrina servers (host:port); several are taken round robin, a failing one is skipped. */
  servers: string[];
  /** livekit-server's signalling (host:port) for LiveKit's own paths; several nodes of one cluster are taken in turn; none when browsers reach LiveKit directly. */
  livekit: string[];
}

export interface CaddyConfig {
  /** Where Caddy keeps certificates and its CA (a folder of the data folder). */
  storageDir: string;
  httpPort: number;
  httpsPort: number;
  /** Listen on this address only (tests: the veth pair's end); every address when absent. */
  bind?: string;
  /**
   * `acme`: a public certificate (Let's Encrypt or ZeroSSL); `internal`: Caddy's own CA, for
   * tests and private networks; `off`: plain HTTP on `httpPort` for any host name (the
   * one-machine cluster, where the browsers are on this machine too).
   */
  tls: 'acme' | 'internal' | 'off';
  /** Given to the ACME CA for expiry notices. */
  acmeEmail?: string;
  site: VitrinaSite;
  /**
   * livekit-server's TURN (plain TCP, `external_tls`) behind the HTTPS port: TLS connections
   * that do not offer an HTTP protocol (ALPN) are TURN clients; Caddy decrypts them with the
   * site's certificate and passes them on. Everything else reaches the HTTP server as usual.
   */
  turnTls?: { upstream: string };
  /** More sites on the same proxy (the tests' HTTPS demo shop): host → upstream. */
  moreSites?: { host: string; upstream: string }[];
}

/** Paths that stay open for minutes and must reach the browser as they are written. */
export const EVENT_STREAM_PATHS = ['/api/agent/events', '/api/calls/*/events'];
/** livekit-server's signalling (WebSocket) and its validate call, proxied to livekit-server. */
export const LIVEKIT_PATHS = ['/rtc', '/rtc/*'];
/** File names that carry a content hash: cached for a year, never revalidated. */
export const HASHED_PATHS = ['/widget/chunks/*', '/console/*/chunks/*'];

const quote = (s: string) => (/^[\w@.:/*-]+$/.test(s) ? s : JSON.stringify(s));
function address(c: CaddyConfig, host: string): string {
  if (c.tls === 'off') return `http://:${c.httpPort}`;
  return c.httpsPort === 443 ? host : `${host}:${c.httpsPort}`;
}

function tlsLine(c: CaddyConfig): string[] {
  return c.tls === 'internal' ? ['\ttls internal'] : [];
}

/**
 * Browsers offer ALPN (h2, http/1.1) on every HTTPS connection and ACME's TLS check offers
 * acme-tls/1; TURN clients offer none. So one port and one certificate serve both.
 */
export const HTTP_ALPN = ['h2', 'http/1.1', 'acme-tls/1'];

/** Only the HTTPS server's listener: on the plain HTTP one, no connection is TLS and all would go to TURN. */
function turnOnHttpsPort(listener: string, upstream: string): string[] {
  return [
    `\tservers ${listener} {`,
    '\t\tlistener_wrappers {',
    '\t\t\tlayer4 {',
    `\t\t\t\t@turn not tls alpn ${HTTP_ALPN.join(' ')}`,
    '\t\t\t\troute @turn {',
    '\t\t\t\t\ttls',
    `\t\t\t\t\tproxy tcp/${upstream}`,
    '\t\t\t\t}',
    '\t\t\t}',
    '\t\t\ttls',
    '\t\t}',
    '\t}',
  ];
}

export function caddyfile(c: CaddyConfig): string {
  const global = [
    '{',
    // Configured by this file only: no admin endpoint to reach.
    '\tadmin off',
    `\tstorage file_system ${quote(c.storageDir)}`,
    // Never touch the machine's trust store; tests trust the internal CA in their own browsers.
    '\tskip_install_trust',
    `\thttp_port ${c.httpPort}`,
    ...(c.tls === 'off' ? [] : [`\thttps_port ${c.httpsPort}`]),
    ...(c.bind ? [`\tdefault_bind ${c.bind}`] : []),
    ...(c.acmeEmail ? [`\temail ${quote(c.acmeEmail)}`] : []),
    ...(c.tls === 'off' ? ['\tauto_https off'] : []),
    ...(c.turnTls ? turnOnHttpsPort(`${c.bind ?? ''}:${c.httpsPort}`, c.turnTls.upstream) : []),
    '}',
  ];
  const { site } = c;
  const main = [
    `${address(c, site.host)} {`,
    ...tlsLine(c),
    ...(c.tls === 'off' ? [] : ['\theader Strict-Transport-Security "max-age=31536000; includeSubDomains"']),
    // Source maps are for our own debugging, not for the public.
    '\t@sourcemaps path *.map',
    '\trespond @sourcemaps "Not found" 404',
    `\t@hashed path ${HASHED_PATHS.join(' ')}`,
    '\theader @hashed Cache-Control "public, max-age=31536000, immutable"',
    // Event streams are never compressed: an encoder would hold events back until its buffer fills.
    `\t@compressible not path ${EVENT_STREAM_PATHS.join(' ')}`,
    '\tencode @compressible zstd br gzip',
    ...(site.livekit.length === 0
      ? []
      : [
          `\t@livekit path ${LIVEKIT_PATHS.join(' ')}`,
          `\treverse_proxy @livekit ${site.livekit.join(' ')} {`,
          ...(site.livekit.length > 1 ? ['\t\tlb_policy round_robin', '\t\thealth_uri /', '\t\thealth_interval 2s'] : []),
          '\t}',
        ]),
    `\treverse_proxy ${site.servers.join(' ')} {`,
    // Every response goes out as it is written: event streams above all.
    '\t\tflush_interval -1',
    ...(site.servers.length > 1
      ? [
          '\t\tlb_policy round_robin',
          '\t\thealth_uri /healthz',
          '\t\thealth_interval 2s',
          '\t\thealth_timeout 1s',
          '\t\tfail_duration 5s',
          '\t\tlb_try_duration 5s',
        ]
      : []),
    '\t}',
    '}',
  ];
  const more = (c.moreSites ?? []).flatMap((s) => [
    '',
    `${address(c, s.host)} {`,
    ...tlsLine(c),
    '\tencode zstd br gzip',
    `\treverse_proxy ${s.upstream}`,
    '}',
  ]);
  return `${[...global, '', ...main, ...more].join('\n')}\n`;
}

/** Caddy's own root CA (tls internal), for browsers that must trust it. */
export const internalRootCa = (storageDir: string) => `${storageDir}/pki/authorities/local/root.crt`;
