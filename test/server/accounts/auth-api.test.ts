import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../support/test-server.js';

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

  it('refuses a state change sent from another site with the agent\'s cookie', async () => {
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
