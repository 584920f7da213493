import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startBalancer, type Balancer } from '../../../scripts/cluster/balancer.js';
import { freePort } from '../../../scripts/system/free-port.js';

describe('the scaled-out demo\'s balancer', () => {
  let live: http.Server;
  let balancer: Balancer;
  const seen: { path: string; forwardedFor: string | undefined; body: string }[] = [];

  before(async () => {
    live = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.once('end', () => {
        seen.push({ path: req.url ?? '', forwardedFor: req.headers['x-forwarded-for'] as string | undefined, body });
        if (req.url === '/events') {
          // An event stream: the first event must reach the client while the response is still open.
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write('data: first\n\n');
          return;
        }
        res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ echoed: body }));
      });
    });
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    // A server that is down: nothing listens on its port.
    const down = `http://127.0.0.1:${await freePort()}`;
    balancer = await startBalancer({ port: 0, backends: [down, `http://127.0.0.1:${(live.address() as AddressInfo).port}`] });
  });
  after(async () => {
    await balancer.close();
    live.closeAllConnections();
    await new Promise((resolve) => live.close(resolve));
  });

  it('passes every request, body included, to a server that answers, skipping one that is down', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${balancer.url}/api/calls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"n":${i}}` });
      assert.equal(res.status, 201);
      assert.deepEqual(await res.json(), { echoed: `{"n":${i}}` });
    }
    assert.equal(seen.length, 4, 'each request reached the live server once');
    assert.match(seen[0]?.forwardedFor ?? '', /127\.0\.0\.1/, 'the client\'s address is passed on');
  });

  it('streams an event stream as it comes instead of waiting for its end', async () => {
    const controller = new AbortController();
    const res = await fetch(`${balancer.url}/events`, { signal: controller.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event within 2 s')), 2000))]);
    assert.equal(new TextDecoder().decode(first.value), 'data: first\n\n');
    controller.abort();
  });
});
