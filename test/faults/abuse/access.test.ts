import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { AccessToken } from 'livekit-server-sdk';
import { busyColleague, openCall, postCall, TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';
import { postWebhook, sendSignedWebhook, signWebhook, webhookEvent } from '../../support/webhooks.js';

/**
 * Who may get in where: rate limits per client, origins and cookies, LiveKit tokens tampered
 * with, and recordings without an owner. Each attempt is tried against the real server and the
 * real livekit-server, and counted.
 */
describe('abuse: limits, origins, tokens and recordings', () => {
  let t: TestServer;
  const tally = new Tally();

  before(async () => {
    // Clients at different addresses are simulated through a proxy on loopback.
    t = await startTestServer({ VITRINA_CALLS_PER_MINUTE: '5', VITRINA_TRUST_PROXY: 'loopback' });
    // The shop is open: one consultant on a long call, so new calls are taken and wait.
    await busyColleague(t);
  });
  after(async () => {
    tally.flush();
    await t.close();
  });

  /** Asks livekit-server itself whether a token would let its bearer join (the same check a join makes). */
  const livekitAdmits = async (token: string) =>
    (await fetch(`${t.livekit.url.replace(/^ws/, 'http')}/rtc/validate?access_token=${encodeURIComponent(token)}`)).status === 200;

  it('limits call creation per client with Retry-After, and a flood from one client does not starve another', async () => {
    const from =
      (ip: string) =>
      (body = {}) =>
        fetch(`${t.url}/api/calls`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN, 'X-Forwarded-For': ip },
          body: JSON.stringify({ page: { url: 'https://shop.test/p/1', title: 'Lamp' }, ...body }),
        });
    const flood = await Promise.all(Array.from({ length: 40 }, () => from('203.0.113.7')()));
    const limited = flood.filter((r) => r.status === 429);
    for (const r of flood) tally.count('flood of call requests from one client', { handled: r.status === 429 || r.status === 409 || r.status === 201 });
    assert.ok(limited.length >= 35, `most of the flood is refused (${limited.length} of 40)`);
    assert.match(limited[0]?.headers.get('retry-after') ?? '', /^\d+$/);
    // Closed or open, the answer to the other client is not a rate limit.
    const other = await from('198.51.100.9')();
    tally.count('another client during the flood', { handled: other.status !== 429, lost: other.status === 429 ? 1 : 0 });
    assert.notEqual(other.status, 429, 'another shopper still gets through');
  });

  it('limits sign-in attempts per account and client, with Retry-After', async () => {
    const agent = await t.addAgent('Target');
    let last: Response | undefined;
    for (let i = 0; i < 12; i++) {
      last = await fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: agent.email, password: `guess number ${i}` }),
      });
      tally.count('password guessing', { handled: last.status === 401 || last.status === 429 });
    }
    assert.equal(last?.status, 429);
    assert.match(last?.headers.get('retry-after') ?? '', /^\d+$/);
  });

  it('opens calls only from configured shop origins, keeps consoles same-origin, and sets safe cookies', async () => {
    const evil = await fetch(`${t.url}/api/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.test' },
      body: '{}',
    });
    tally.count('call from an unknown origin', { handled: evil.status === 403 });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);

    const owner = await t.addAgent('Boss', { role: 'owner' });
    const desk = await TestConsole.signIn(t.url, owner.email);
    for (const [method, path] of [
      ['POST', '/api/agent/status'],
      ['GET', '/api/admin/calls'],
      ['PUT', '/api/admin/settings/recording'],
      ['DELETE', `/api/admin/agents/${owner.id}`],
    ] as const) {
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers: { Cookie: desk.cookie, Origin: 'https://evil.test', 'Content-Type': 'application/json' },
        body: method === 'GET' ? null : '{}',
      });
      tally.count('console API from another origin (CSRF)', { handled: res.status === 403 });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    }
    const login = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: 'correct horse battery' }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    tally.count('session cookie flags', { handled: /HttpOnly/i.test(cookie) && /SameSite=Strict/i.test(cookie) });
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
  });

  it('LiveKit refuses tokens that were tampered with, expired, signed by others, or outlived their call', async () => {
    const call = await openCall(t.url);
    assert.equal(await livekitAdmits(call.token), true, 'the real token works');
    const [head, payload, sig] = call.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      sub: string;
      video: { room: string };
      exp?: number;
      nbf?: number;
      iss?: string;
    };
    const forge = (change: (c: typeof claims) => void) => {
      const copy = structuredClone(claims);
      change(copy);
      return `${head}.${Buffer.from(JSON.stringify(copy)).toString('base64url')}.${sig}`;
    };
    const attempts: [string, string][] = [
      ['shopper token edited for another room', forge((c) => (c.video.room = 'call_someone-elses-room'))],
      ['shopper token edited to the hidden recorder identity', forge((c) => (c.sub = `recorder-${call.callId}`))],
      ['token signed with a guessed secret', await new AccessToken(t.config.livekit.apiKey, 'x'.repeat(40), { identity: 'agent-agent_x', ttl: 600 }).toJwt()],
    ];
    // Rightly signed but expired two minutes ago (livekit-server allows a minute of clock skew).
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign({ ...claims, nbf: now - 900, exp: now - 120 }, t.config.livekit.apiSecret, { algorithm: 'HS256' });
    attempts.push(['expired token', expired]);
    // Control: the same claims signed the same way but not expired are admitted, so the refusal above is the expiry.
    assert.equal(await livekitAdmits(jwt.sign({ ...claims, nbf: now - 10, exp: now + 300 }, t.config.livekit.apiSecret, { algorithm: 'HS256' })), true);
    for (const [what, token] of attempts) {
      const admitted = await livekitAdmits(token);
      tally.count(what, { handled: !admitted, lost: admitted ? 1 : 0 });
      assert.equal(admitted, false, what);
    }
    await t.vitrina.calls.end(call.callId, 'cancelled');
    // The room is gone and LiveKit may not create it again: the still-valid token opens nothing.
    const stale = await livekitAdmits(call.token);
    tally.count('valid token after its call ended', { handled: !stale, lost: stale ? 1 : 0 });
    assert.equal(stale, false);
  });

  it('gives a consultant no way into a call that is not theirs', async () => {
    const anna = await t.addAgent('Annie');
    const desk = await TestConsole.signIn(t.url, anna.email);
    const call = await openCall(t.url);
    for (const path of ['accept', 'rejoin', 'end', 'transfer', 'requeue', 'messages']) {
      const res = await desk.post(
        `/api/agent/calls/${call.callId}/${path}`,
        path === 'transfer' ? { agentId: anna.id } : path === 'messages' ? { kind: 'text', text: 'hi' } : undefined,
      );
      tally.count('consultant reaching a call not theirs', { handled: res.status === 404 || res.status === 409 });
      assert.ok(res.status === 404 || res.status === 409, `${path} → ${res.status}`);
    }
    await t.vitrina.calls.end(call.callId, 'cancelled');
  });

  it('serves recordings and the admin API to the owner only; file ids with path tricks are 404', async () => {
    const agent = await t.addAgent('Plain');
    const desk = await TestConsole.signIn(t.url, agent.email);
    const owner = await t.addAgent('Owner2', { role: 'owner' });
    const boss = await TestConsole.signIn(t.url, owner.email);
    for (const id of ['trk_aaaaaaaaaaaaaaaaaaaaaa', '..%2Fvitrina.sqlite', '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', 'trk_..', 'vitrina.sqlite', '.%00']) {
      for (const [who, headers] of [
        ['no session', {}],
        ['a consultant', { Cookie: desk.cookie }],
        ['a forged cookie', { Cookie: 'vitrina_session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.x' }],
      ] as const) {
        const res = await fetch(`${t.url}/api/admin/recordings/${id}`, { headers });
        tally.count(`recording file without an owner (${who})`, { handled: res.status === 401 || res.status === 403, lost: res.status === 200 ? 1 : 0 });
        assert.ok(res.status === 401 || res.status === 403, `${who} ${id} → ${res.status}`);
      }
      const res = await fetch(`${t.url}/api/admin/recordings/${id}`, { headers: { Cookie: boss.cookie } });
      // An id of no file: not found; anything else refused by the schema, or matching no route.
      const refused = /^trk_[A-Za-z0-9_-]{16,40}$/.test(decodeURIComponent(id)) ? res.status === 404 : res.status === 400 || res.status === 404;
      tally.count('recording file id with a path trick (owner)', { handled: refused, lost: res.status === 200 ? 1 : 0 });
      assert.ok(refused, `${id} → ${res.status}`);
      assert.match(res.headers.get('content-type') ?? '', /json/);
    }
  });

  it('refuses webhooks unsigned, forged, replayed or old, and they change no call', async () => {
    const call = await openCall(t.url);
    const body = (extra: object = {}) => JSON.stringify(webhookEvent({ event: 'room_finished', room: { name: call.callId }, ...extra }));
    const { apiKey, apiSecret } = t.config.livekit;
    const started = webhookEvent({ event: 'room_started', room: { name: call.callId } });
    assert.equal((await sendSignedWebhook(t, started)).status, 200);
    const attempts: [string, Response][] = [
      ['webhook unsigned', await postWebhook(t.url, body())],
      ['webhook signed with a guessed secret', await postWebhook(t.url, body(), await signWebhook(body(), apiKey, 'g'.repeat(40)))],
      ['webhook body changed after signing', await postWebhook(t.url, body(), await signWebhook(body(), apiKey, apiSecret))],
      ['webhook replayed', await sendSignedWebhook(t, started)],
      [
        'webhook an hour old',
        await sendSignedWebhook(t, webhookEvent({ event: 'room_finished', room: { name: call.callId }, createdAt: Math.floor(Date.now() / 1000) - 3600 })),
      ],
      ['webhook without an id', await sendSignedWebhook(t, { event: 'room_finished', room: { name: call.callId } })],
    ];
    for (const [what, res] of attempts) {
      // A replay is refused as already handled; everything else as not from LiveKit.
      const expected = what === 'webhook replayed' ? 409 : 401;
      tally.count(what, { handled: res.status === expected });
      assert.equal(res.status, expected, what);
      if (expected === 409) assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'webhook-replayed');
    }
    const row = await t.store.calls.get(call.callId);
    tally.count('call left untouched by refused webhooks', { handled: row?.state === 'queued', lost: row?.state === 'queued' ? 0 : 1 });
    assert.equal(row?.state, 'queued', 'no forged room_finished ended the call');

    // Captured, then replayed after the server restarted (a deploy): it remembers.
    const finished = webhookEvent({ event: 'participant_left', room: { name: call.callId }, participant: { identity: 'nobody-here' } });
    assert.equal((await sendSignedWebhook(t, finished)).status, 200);
    await t.restart();
    const afterRestart = await sendSignedWebhook(t, finished);
    tally.count('webhook replayed after a restart', { handled: afterRestart.status === 409 });
    assert.equal(afterRestart.status, 409);
    await t.vitrina.calls.end(call.callId, 'cancelled');
  });

  it('still takes a call from a good client after all that', async () => {
    const res = await postCall(t.url, {});
    assert.ok(res.status === 201 || res.status === 409 || res.status === 429, String(res.status));
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
  });
});
