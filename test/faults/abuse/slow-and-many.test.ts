import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CLIENT_TIMEOUTS } from '../../../server/http/listen.js';
import { MemoryHitCounter } from '../../../server/http/rate-limit.js';
import { STREAM_LIMITS } from '../../../server/push/stream-quota.js';
import { busyColleague, openCall, TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';

/** Resolves with what the server wrote before it closed the socket, and how long that took. */
function rawExchange(url: string, write: (socket: net.Socket) => void): Promise<{ text: string; ms: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => write(socket));
    let text = '';
    socket.on('data', (c) => (text += c.toString()));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', reject);
    socket.setTimeout(60_000, () => socket.destroy());
  });
}

/**
 * Clients that hold the server's resources rather than ask for much: slow ones, ones with many
 * open event streams, ones that make up a new key for each request, floods paid for before the
 * body is read.
 */
describe('abuse: slow clients, many streams, limits before the body', () => {
  let t: TestServer;
  const tally = new Tally();
  const aborts: AbortController[] = [];

  before(async () => {
    t = await startTestServer({ VITRINA_CALLS_PER_MINUTE: '3', VITRINA_TRUST_PROXY: 'loopback' });
    await busyColleague(t);
  });
  after(async () => {
    for (const a of aborts) a.abort();
    tally.flush();
    await t.close();
  });

  const openStream = async (url: string, headers: Record<string, string>) => {
    const abort = new AbortController();
    aborts.push(abort);
    const res = await fetch(url, { headers, signal: abort.signal });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: res.status === 200 ? undefined : ((await res.json()) as { error: { message: string } }),
      close: () => abort.abort(),
    };
  };

  it("a client that sends its headers slowly is cut off after seconds, not Node's 5 minutes", async () => {
    const { text, ms } = await rawExchange(t.url, (s) => {
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      const drip = setInterval(() => s.writable && s.write('X-Slow: 1\r\n'), 1_000);
      s.on('close', () => clearInterval(drip));
    });
    tally.count('headers sent one line a second', { handled: ms < CLIENT_TIMEOUTS.headersMs + 3_000 });
    assert.ok(ms < CLIENT_TIMEOUTS.headersMs + 3_000, `cut off after ${ms} ms`);
    assert.match(text, /^HTTP\/1\.1 408/);
  });

  it('a client that never finishes its body is cut off too', async () => {
    const { ms } = await rawExchange(t.url, (s) => {
      s.write(`POST /api/auth/login HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":`);
    });
    tally.count('a body that never ends', { handled: ms < CLIENT_TIMEOUTS.requestMs + 3_000 });
    assert.ok(ms < CLIENT_TIMEOUTS.requestMs + 3_000, `cut off after ${ms} ms`);
  });

  it('a client over its call limit is refused before its body is read', async () => {
    const ip = '203.0.113.44';
    for (let i = 0; i < 3; i++) await openCall(t.url, undefined, {}, { 'X-Forwarded-For': ip }).catch(() => undefined);
    // A body announced but never sent: only a limiter that does not wait for it can answer.
    const { text } = await rawExchange(t.url, (s) => {
      s.write(
        `POST /api/calls HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nOrigin: ${SHOP_ORIGIN}\r\nX-Forwarded-For: ${ip}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n`,
      );
      setTimeout(() => s.end(), 3_000);
    });
    tally.count('call flood with bodies withheld', { handled: /^HTTP\/1\.1 429/.test(text) });
    assert.match(text, /^HTTP\/1\.1 429/);
  });

  it(`opens at most ${STREAM_LIMITS.perCall} event streams per call key, and more once one closes`, async () => {
    const call = await openCall(t.url);
    const headers = { Authorization: `Bearer ${call.callKey}`, Origin: SHOP_ORIGIN };
    const streams = await Promise.all(Array.from({ length: 30 }, () => openStream(`${t.url}/api/calls/${call.callId}/events`, headers)));
    for (const s of streams) tally.count('30 event streams on one call key', { handled: s.status === 200 || s.status === 429 });
    assert.equal(streams.filter((s) => s.status === 200).length, STREAM_LIMITS.perCall);
    const refused = streams.find((s) => s.status === 429);
    assert.match(refused?.body?.error.message ?? '', /this call/);
    assert.ok(refused?.retryAfter);
    streams.find((s) => s.status === 200)?.close();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await openStream(`${t.url}/api/calls/${call.callId}/events`, headers)).status, 200, 'a closed stream gives its place back');
  });

  it(`opens at most ${STREAM_LIMITS.perSession} console streams per account`, async () => {
    const agent = await t.addAgent('Tabs');
    const desk = await TestConsole.signIn(t.url, agent.email);
    const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(`${t.url}/api/agent/events`, { Cookie: desk.cookie })));
    for (const s of streams) tally.count('20 console streams on one session', { handled: s.status === 200 || s.status === 429 });
    assert.equal(streams.filter((s) => s.status === 200).length, STREAM_LIMITS.perSession);
    for (const s of streams) s.close();
  });

  it(`opens at most ${STREAM_LIMITS.perAddress} event streams per client address`, async () => {
    const ip = '198.51.100.77';
    const calls = await Promise.all(Array.from({ length: 30 }, (_, i) => openCall(t.url, undefined, {}, { 'X-Forwarded-For': `192.0.2.${i + 1}` })));
    const streams = await Promise.all(
      calls.flatMap((call) =>
        Array.from({ length: 4 }, () =>
          openStream(`${t.url}/api/calls/${call.callId}/events`, { Authorization: `Bearer ${call.callKey}`, Origin: SHOP_ORIGIN, 'X-Forwarded-For': ip }),
        ),
      ),
    );
    for (const s of streams) tally.count('120 event streams from one address', { handled: s.status === 200 || s.status === 429 });
    assert.equal(streams.filter((s) => s.status === 200).length, STREAM_LIMITS.perAddress);
    assert.match(streams.find((s) => s.status === 429)?.body?.error.message ?? '', /this address/);
    for (const s of streams) s.close();
  });

  it("a limiter's table stays bounded when every request makes up a new key", async () => {
    const counter = new MemoryHitCounter(Date.now, 1_000);
    for (let i = 0; i < 20_000; i++) await counter.hit(`made-up-${i}`, 60_000);
    tally.count('20 000 made-up limiter keys', { handled: counter.size <= 1_000 });
    assert.equal(counter.size, 1_000);
    // A client still counted keeps its count while the made-up keys come and go.
    for (let i = 0; i < 5; i++) await counter.hit('steady', 60_000);
    for (let i = 0; i < 500; i++) await counter.hit(`more-${i}`, 60_000);
    assert.equal((await counter.hit('steady', 60_000)).count, 6);
  });
});
