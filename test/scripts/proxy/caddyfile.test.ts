import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caddyfile, type CaddyConfig } from '../../../scripts/proxy/caddyfile.js';

const base: CaddyConfig = {
  storageDir: '/srv/vitrina/data/caddy',
  httpPort: 80,
  httpsPort: 443,
  tls: 'acme',
  acmeEmail: 'ops@shop.example',
  site: { host: 'video.shop.example', servers: ['127.0.0.1:8080'], livekit: ['127.0.0.1:7880'] },
};

describe('caddyfile', () => {
  it('serves one host: LiveKit paths to livekit-server, the rest to Vitrina, streamed', () => {
    const text = caddyfile(base);
    assert.match(text, /^video\.shop\.example \{$/m, 'port 443 is left implicit');
    assert.match(text, /@livekit path \/rtc \/rtc\/\*\n\treverse_proxy @livekit 127\.0\.0\.1:7880/);
    assert.match(text, /reverse_proxy 127\.0\.0\.1:8080 \{\n\t\tflush_interval -1/);
    assert.match(text, /email ops@shop\.example/);
    assert.doesNotMatch(text, /tls internal/);
  });

  it('sends HSTS, caches hashed files for good and never compresses event streams', () => {
    const text = caddyfile(base);
    assert.match(text, /Strict-Transport-Security "max-age=31536000; includeSubDomains"/);
    assert.match(text, /@sourcemaps path \*\.map\n\trespond @sourcemaps "Not found" 404/);
    assert.match(text, /@hashed path \/widget\/chunks\/\* \/console\/\*\/chunks\/\*\n\theader @hashed Cache-Control "public, max-age=31536000, immutable"/);
    assert.match(text, /@compressible not path \/api\/agent\/events \/api\/calls\/\*\/events\n\tencode @compressible zstd br gzip/);
  });

  it('shares the HTTPS port with TURN over TLS: what offers no HTTP protocol is decrypted and passed to TURN', () => {
    const text = caddyfile({ ...base, turnTls: { upstream: '127.0.0.1:5349' } });
    assert.match(
      text,
      /servers :443 \{\n\t\tlistener_wrappers \{\n\t\t\tlayer4 \{\n\t\t\t\t@turn not tls alpn h2 http\/1\.1 acme-tls\/1\n\t\t\t\troute @turn \{\n\t\t\t\t\ttls\n\t\t\t\t\tproxy tcp\/127\.0\.0\.1:5349/,
    );
    assert.match(text, /\t\t\}\n\t\t\ttls\n\t\t\}/, "then the HTTP server's own TLS");
    assert.doesNotMatch(caddyfile(base), /layer4/);
  });

  it('serves plain HTTP for any host name when TLS is off (the one-machine cluster), with no HSTS or LiveKit paths', () => {
    const text = caddyfile({ ...base, tls: 'off', httpPort: 8080, site: { ...base.site, livekit: [] } });
    assert.match(text, /^http:\/\/:8080 \{$/m);
    assert.match(text, /auto_https off/);
    assert.doesNotMatch(text, /https_port|Strict-Transport-Security|@livekit/);
  });

  it('spreads several servers round robin with health checks', () => {
    const text = caddyfile({ ...base, site: { ...base.site, servers: ['127.0.0.1:8091', '127.0.0.1:8092'], livekit: ['127.0.0.1:7880', '127.0.0.1:7890'] } });
    assert.match(text, /reverse_proxy 127\.0\.0\.1:8091 127\.0\.0\.1:8092 \{[^}]*lb_policy round_robin[^}]*health_uri \/healthz/);
    assert.match(text, /reverse_proxy @livekit 127\.0\.0\.1:7880 127\.0\.0\.1:7890 \{[^}]*health_uri \//);
  });

  it('uses its own CA and a port for tests, with more sites on the same proxy', () => {
    const text = caddyfile({ ...base, tls: 'internal', httpsPort: 21443, moreSites: [{ host: 'shop.vitrina.test', upstream: '127.0.0.1:21082' }] });
    assert.match(text, /^video\.shop\.example:21443 \{\n\ttls internal$/m);
    assert.match(text, /^shop\.vitrina\.test:21443 \{\n\ttls internal\n\tencode zstd br gzip\n\treverse_proxy 127\.0\.0\.1:21082\n\}$/m);
    assert.match(text, /https_port 21443/);
  });
});
