import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestConsole } from '../../support/http-clients.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';

/**
 * A console cookie copied by someone else (a shared computer, a stolen laptop) and replayed
 * after its session should have ended. Found by an outside test: after sign-out the old cookie
 * still got 200, a password reset left it working, and re-enabling an account brought it back.
 */
describe('abuse: a session cookie replayed after it ended', () => {
  let t: TestServer;
  let owner: TestConsole;
  const tally = new Tally();
  let n = 0;

  before(async () => {
    t = await startTestServer();
    owner = await TestConsole.signIn(t.url, (await t.addAgent('Owner', { role: 'owner' })).email);
  });
  after(async () => {
    tally.flush();
    await t.close();
  });

  /** Signs a fresh consultant in; returns the account and the cookie a thief copied. */
  async function stolenCookie() {
    const agent = await t.addAgent(`Victim${++n}`);
    const desk = await TestConsole.signIn(t.url, agent.email);
    assert.equal((await desk.get('/api/auth/me')).status, 200);
    return { agent, desk };
  }

  /** Every route a console uses refuses the cookie. */
  async function refused(desk: TestConsole): Promise<boolean> {
    const answers = await Promise.all([
      desk.get('/api/auth/me'),
      desk.get('/api/agent/events'),
      desk.post('/api/agent/status', { status: 'available' }),
      desk.get('/api/agent/callbacks'),
    ]);
    return answers.every((r) => r.status === 401);
  }

  const cases: [string, (agentId: string, desk: TestConsole) => Promise<void>][] = [
    ['after sign-out', async (_id, desk) => void (await desk.post('/api/auth/logout'))],
    ['after the owner reset the password', async (id) => void (await owner.post(`/api/admin/agents/${id}/password`, { password: 'a new long password' }))],
    [
      'after the account was disabled and enabled again',
      async (id) => {
        await owner.send('PATCH', `/api/admin/agents/${id}`, { disabled: true });
        await owner.send('PATCH', `/api/admin/agents/${id}`, { disabled: false });
      },
    ],
    ['after the account was removed', async (id) => void (await owner.send('DELETE', `/api/admin/agents/${id}`))],
    ['after the owner signed the consultant out everywhere', async (id) => void (await owner.send('DELETE', `/api/admin/agents/${id}/sessions`))],
  ];
  for (const [when, end] of cases) {
    it(`is refused on every console route ${when}`, async () => {
      const { agent, desk } = await stolenCookie();
      await end(agent.id, desk);
      const ok = await refused(desk);
      tally.count(`session cookie replayed ${when}`, { handled: ok, lost: ok ? 0 : 1 });
      assert.ok(ok);
    });
  }
});
