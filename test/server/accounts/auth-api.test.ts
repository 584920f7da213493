import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../../server/ids.js';
import { TestConsole } from '../../support/http-clients.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { until } from '../../support/until.js';

describe('agent accounts and sessions', () => {
  let t: TestServer;
  let email: string;
  before(async () => {
    t = await startTestServer();
    email = (await t.addAgent('Vera', { password: 'a long passphrase' })).email;
  });
  after(async () => t.close());

  const login = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('signs in with the right password and sets an httpOnly, SameSite=Strict session cookie', async () => {
    const res = await login({ email: email.toUpperCase(), password: 'a long passphrase' });
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^vitrina_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    const me = await fetch(`${t.url}/api/auth/me`, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(((await me.json()) as { name: string }).name, 'Vera');
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const wrong = await login({ email, password: 'nope' });
    const unknown = await login({ email: 'nobody@shop.test', password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(await wrong.json(), await unknown.json());
  });

  it('names the bad field of a malformed sign-in', async () => {
    const res = await login({ email: 'not-an-email', password: 'x' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { field: string } }).error.field, 'email');
  });

  it('keeps the console API behind a valid session', async () => {
    for (const cookie of [undefined, 'vitrina_session=forged.jwt.value']) {
      const res = await fetch(`${t.url}/api/agent/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
        body: JSON.stringify({ status: 'available' }),
      });
      assert.equal(res.status, 401);
    }
  });

  it("refuses a state change sent from another site with the agent's cookie", async () => {
    const cookie = ((await login({ email, password: 'a long passphrase' })).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await fetch(`${t.url}/api/agent/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: 'https://evil.test' },
      body: JSON.stringify({ status: 'available' }),
    });
    assert.equal(res.status, 403);
    const ok = await fetch(`${t.url}/api/agent/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: t.url },
      body: JSON.stringify({ status: 'available' }),
    });
    assert.equal(ok.status, 200);
  });
});

/** A session ends when its owner or the shop's owner says so, on every server, and stays ended. */
describe('sessions that end', () => {
  let t: TestServer;
  let owner: TestConsole;
  let ownerId: string;
  let ownerEmail: string;
  const consoles: TestConsole[] = [];
  let n = 0;

  const consultant = async () => {
    const agent = await t.addAgent(`Ended${++n}`);
    const desk = await TestConsole.signIn(t.url, agent.email);
    consoles.push(desk);
    return { agent, desk };
  };
  const me = async (desk: TestConsole) => {
    const res = await desk.get('/api/auth/me');
    return { status: res.status, code: res.ok ? undefined : ((await res.json()) as { error: { code: string } }).error.code };
  };

  before(async () => {
    t = await startTestServer();
    const o = await t.addAgent('Olga', { role: 'owner' });
    ({ id: ownerId, email: ownerEmail } = o);
    owner = await TestConsole.signIn(t.url, o.email);
  });
  after(async () => {
    for (const desk of consoles) desk.disconnect();
    await t.close();
  });

  it('signing out ends the session for good, and every other session of the account', async () => {
    const { agent, desk } = await consultant();
    const otherDevice = await TestConsole.signIn(t.url, agent.email);
    await otherDevice.connect();
    consoles.push(otherDevice);
    assert.equal((await me(desk)).status, 200);
    const out = await desk.post('/api/auth/logout');
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /vitrina_session=;/);
    // The old cookie, replayed as a thief would, no longer works.
    assert.deepEqual(await me(desk), { status: 401, code: 'session-ended' });
    assert.deepEqual(await me(otherDevice), { status: 401, code: 'session-ended' });
    assert.deepEqual(await otherDevice.next((e) => e.type === 'signed-out'), { type: 'signed-out', reason: 'signed-out' });
    await until(async () => otherDevice.streamEnded || undefined, "the other device's event stream closed");
    // Signing in again gives a new session that works.
    assert.equal((await me(await TestConsole.signIn(t.url, agent.email))).status, 200);
  });

  it("a password reset by the owner ends the consultant's sessions; the owner's own reset keeps this page signed in", async () => {
    const { agent, desk } = await consultant();
    await desk.connect();
    const reset = await owner.post(`/api/admin/agents/${agent.id}/password`, { password: 'a brand new passphrase' });
    assert.equal(reset.status, 204);
    assert.deepEqual(await me(desk), { status: 401, code: 'session-ended' });
    assert.deepEqual(await desk.next((e) => e.type === 'signed-out'), { type: 'signed-out', reason: 'password-changed' });

    const self = await owner.post(`/api/admin/agents/${ownerId}/password`, { password: 'another long passphrase' });
    assert.equal(self.status, 204);
    const renewed = (self.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.match(renewed, /^vitrina_session=./, 'the owner gets a fresh session along with the new password');
    assert.equal((await me(owner)).status, 401, "the owner's old cookie is over too");
    assert.equal((await fetch(`${t.url}/api/auth/me`, { headers: { Cookie: renewed } })).status, 200);
    owner = await TestConsole.signIn(t.url, ownerEmail, 'another long passphrase');
  });

  it('disabling ends the sessions, and enabling again does not bring the old cookie back', async () => {
    const { agent, desk } = await consultant();
    await desk.connect();
    assert.equal((await owner.send('PATCH', `/api/admin/agents/${agent.id}`, { disabled: true })).status, 200);
    assert.equal((await me(desk)).status, 401);
    assert.deepEqual(await desk.next((e) => e.type === 'signed-out'), { type: 'signed-out', reason: 'disabled' });
    assert.equal((await owner.send('PATCH', `/api/admin/agents/${agent.id}`, { disabled: false })).status, 200);
    assert.deepEqual(await me(desk), { status: 401, code: 'session-ended' });
  });

  it('removal ends the sessions', async () => {
    const { agent, desk } = await consultant();
    await desk.connect();
    assert.equal((await owner.send('DELETE', `/api/admin/agents/${agent.id}`)).status, 204);
    assert.equal((await me(desk)).status, 401);
    assert.deepEqual(await desk.next((e) => e.type === 'signed-out'), { type: 'signed-out', reason: 'removed' });
  });

  it("the owner ends a consultant's sessions: the open console is told and let go", async () => {
    const { agent, desk } = await consultant();
    await desk.connect();
    await desk.available();
    assert.equal((await owner.send('DELETE', `/api/admin/agents/${agent.id}/sessions`)).status, 204);
    assert.deepEqual(await desk.next((e) => e.type === 'signed-out'), { type: 'signed-out', reason: 'ended-by-owner' });
    await until(async () => desk.streamEnded || undefined, "the console's event stream closed");
    assert.deepEqual(await me(desk), { status: 401, code: 'session-ended' });
    assert.equal((await desk.get('/api/agent/events')).status, 401, 'the console cannot reconnect with the old cookie');
    const gone = await owner.send('DELETE', `/api/admin/agents/${newId('agent')}/sessions`);
    assert.equal(gone.status, 404);
    // Only the owner may.
    const { desk: colleague } = await consultant();
    assert.equal((await colleague.send('DELETE', `/api/admin/agents/${agent.id}/sessions`)).status, 403);
  });
});
