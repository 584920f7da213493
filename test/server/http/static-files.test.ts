import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressFolder } from '../../../scripts/precompress.js';
import { IMMUTABLE, isHashedName } from '../../../server/http/static-files.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Raw HTTP: fetch would decode the body and tidy `..` out of the path before sending it. */
function request(base: string, urlPath: string, o: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: urlPath, method: o.method ?? 'GET', headers: o.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (a: Answer): Buffer => {
  const coding = a.headers['content-encoding'];
  return coding === 'br' ? brotliDecompressSync(a.body) : coding === 'gzip' ? gunzipSync(a.body) : a.body;
};

describe('the built widget and consoles, precompressed, as the server sends them', () => {
  let t: TestServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-static-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const script = (name: string) => `export const ${name} = () => ${JSON.stringify('a line the compressor can fold. '.repeat(80))};\n`;
  const original = (rel: string) => readFileSync(path.join(dir, rel));

  before(async () => {
    write('widget/vitrina.js', script('loader'));
    write('widget/chunks/chunk-WJKCBVT6.js', script('chunk'));
    write('widget/chunks/chunk-WJKCBVT6.js.map', '{"version":3}');
    write('widget/tiny.js', 'export {};\n');
    write('console/agent/index.html', `<!doctype html><title>console</title>${'<p>words</p>'.repeat(100)}`);
    write('console/agent/main.js', script('main'));
    write('secret.txt', 'not for the public');
    await precompressFolder(dir);
    t = await startTestServer({}, { staticDir: dir });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the build wrote both forms beside the text files big enough to gain, and none beside a tiny one or a source map', () => {
    assert.ok(original('widget/vitrina.js.br').byteLength < original('widget/vitrina.js').byteLength / 4);
    assert.ok(original('widget/vitrina.js.gz').byteLength < original('widget/vitrina.js').byteLength / 4);
    assert.throws(() => original('widget/tiny.js.br'));
    assert.throws(() => original('widget/chunks/chunk-WJKCBVT6.js.map.br'));
  });

  it('sends brotli when accepted, gzip when only gzip is, the plain file when neither (or both refused); each decodes to the file', async () => {
    for (const [accept, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['', undefined],
      ['br;q=0, gzip;q=0', undefined],
      ['zstd', undefined],
    ] as const) {
      const res = await request(t.url, '/widget/vitrina.js', { headers: accept ? { 'Accept-Encoding': accept } : {} });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers['content-encoding'], coding, accept);
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8', accept);
      assert.equal(res.headers.vary, 'Accept-Encoding', accept);
      assert.equal(Number(res.headers['content-length']), res.body.byteLength, accept);
      assert.ok(decode(res).equals(original('widget/vitrina.js')), accept);
    }
    const html = await request(t.url, '/console/agent/', { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
    assert.ok(decode(html).equals(original('console/agent/index.html')));
  });

  it('keeps hashed names for ever, and has the loader and the console entries asked about again', async () => {
    assert.equal((await request(t.url, '/widget/chunks/chunk-WJKCBVT6.js')).headers['cache-control'], IMMUTABLE);
    assert.equal((await request(t.url, '/widget/vitrina.js')).headers['cache-control'], 'public, max-age=300');
    for (const entry of ['/console/agent/', '/console/agent/main.js'])
      assert.equal((await request(t.url, entry)).headers['cache-control'], 'public, no-cache', entry);
    assert.ok(isHashedName('call-panel-entry-IFGNOVP5.js') && isHashedName('chunk-WJKCBVT6.js.map'));
    assert.ok(!isHashedName('vitrina.js') && !isHashedName('main.js') && !isHashedName('index.html'));
  });

  it('answers a revalidation with 304, each encoding by its own ETag', async () => {
    const br = await request(t.url, '/widget/vitrina.js', { headers: { 'Accept-Encoding': 'br' } });
    const gzip = await request(t.url, '/widget/vitrina.js', { headers: { 'Accept-Encoding': 'gzip' } });
    const etag = String(br.headers.etag);
    assert.notEqual(etag, gzip.headers.etag);
    const again = await request(t.url, '/widget/vitrina.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.byteLength, 0);
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers.vary, 'Accept-Encoding');
    // The gzip answer's ETag does not stand for the brotli body.
    const other = await request(t.url, '/widget/vitrina.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': String(gzip.headers.etag) } });
    assert.equal(other.status, 200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await request(t.url, '/widget/vitrina.js', { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'br');
    assert.equal(Number(head.headers['content-length']), original('widget/vitrina.js.br').byteLength);
    assert.equal(head.body.byteLength, 0);
  });

  it('never lets a path out of the folder, nor hands out a compressed form or a dot-file by its own name', async () => {
    for (const p of [
      '/widget/../secret.txt',
      '/widget/%2e%2e/secret.txt',
      '/widget/..%2fsecret.txt',
      '/widget/chunks/%2E%2E%2F..%2Fsecret.txt',
      '/widget/%E0%A4%A',
      '/widget/vitrina.js.br',
      '/widget/.hidden',
      '/widget/nothing-here.js',
    ]) {
      const res = await request(t.url, p);
      assert.equal(res.status, 404, p);
      assert.ok(!res.body.toString().includes('not for the public'), p);
    }
  });

  it('keeps the CORS header on the widget (a shop loads it as a module script) and the security headers on the consoles', async () => {
    const widget = await request(t.url, '/widget/vitrina.js', { headers: { Origin: SHOP_ORIGIN, 'Accept-Encoding': 'br' } });
    assert.equal(widget.headers['access-control-allow-origin'], '*');
    assert.equal(widget.headers['x-content-type-options'], 'nosniff');
    const console = await request(t.url, '/console/agent/main.js', { headers: { 'Accept-Encoding': 'br' } });
    assert.match(String(console.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(console.headers['x-frame-options'], 'DENY');
    const redirect = await request(t.url, '/console/agent?x=1');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/console/agent/?x=1');
  });
});
