import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { startCaddy, type RunningCaddy } from '../../../scripts/proxy/caddy-process.js';
import { ensureCaddy } from '../../../scripts/proxy/ensure-caddy.js';
import { freePort } from '../../../scripts/system/free-port.js';

const SCRIPT = `export const loader = ${JSON.stringify('words a compressor folds. '.repeat(200))};\n`;
const PRECOMPRESSED = brotliCompressSync(SCRIPT);

/** Caddy, from the same generator as production, in front of several servers: the one-machine cluster's balancer. */
describe('Caddy as the balancer in front of several servers', () => {
  let live: http.Server;
  let caddy: RunningCaddy;
  let url: string;
  const seen: { path: string; forwardedFor: string | undefined; body: string }[] = [];

  before(async () => {
    live = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.once('end', () => {
        if (req.url === '/healthz') return void res.writeHead(200).end('{"ok":true}');
        if (req.url === '/widget/vitrina.js') {
          // As server/http/static-files.ts sends a built file: already compressed.
          return void res
            .writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Encoding': 'br', Vary: 'Accept-Encoding' })
            .end(PRECOMPRESSED);
        }
        seen.push({ path: req.url ?? '', forwardedFor: req.headers['x-forwarded-for'] as string | undefined, body });
        if (req.url === '/api/agent/events') {
          // An event stream: the first event must reach the client while the response is still open.
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write('data: first\n\n');
          return;
        }
        res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ echoed: body }));
      });
    });
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-caddy-lb-'));
    caddy = await startCaddy({
      bin: await ensureCaddy(),
      dir,
      config: {
        storageDir: path.join(dir, 'caddy'),
        httpPort: port,
        httpsPort: 443,
        tls: 'off',
        // The first server is down: nothing listens on its port.
        site: { host: 'localhost', servers: [`127.0.0.1:${await freePort()}`, `127.0.0.1:${(live.address() as AddressInfo).port}`], livekit: [] },
      },
    });
    url = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await caddy?.stop();
    live.closeAllConnections();
    await new Promise((resolve) => live.close(resolve));
  });

  it('passes every request, body included, to a server that answers, skipping one that is down', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/api/calls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"n":${i}}` });
      assert.equal(res.status, 201);
      assert.deepEqual(await res.json(), { echoed: `{"n":${i}}` });
    }
    assert.equal(seen.length, 4, 'each request reached the live server once');
    assert.equal(seen[0]?.forwardedFor, '127.0.0.1', "the client's address is passed on");
  });

  it('passes a response the server compressed already through as it is, never compressing it twice', async () => {
    const body = await new Promise<{ headers: http.IncomingHttpHeaders; raw: Buffer }>((resolve, reject) => {
      http
        .get(`${url}/widget/vitrina.js`, { headers: { 'Accept-Encoding': 'zstd, br, gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, raw: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    assert.equal(body.headers['content-encoding'], 'br');
    assert.ok(body.raw.equals(PRECOMPRESSED), 'the bytes the server sent');
    assert.equal(brotliDecompressSync(body.raw).toString(), SCRIPT);
  });

  it('streams an event stream as it comes instead of waiting for its end', async () => {
    const controller = new AbortController();
    const res = await fetch(`${url}/api/agent/events`, { signal: controller.signal, headers: { 'Accept-Encoding': 'gzip, zstd' } });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    assert.equal(res.headers.get('content-encoding'), null, 'never compressed: an encoder would hold events back');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event within 2 s')), 2000))]);
    assert.equal(new TextDecoder().decode(first.value), 'data: first\n\n');
    controller.abort();
  });
});
