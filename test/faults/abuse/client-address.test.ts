import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';

/**
 * Rate limits key on the address the trusted proxy saw, never on a header the client sets:
 * a client that sends a new X-Forwarded-For with every attempt is still one client.
 */
describe('abuse: a client that names its own address', () => {
  const tally = new Tally();
  const servers: TestServer[] = [];
  after(async () => {
    tally.flush();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function signInFlood(t: TestServer, forwardedFor: (i: number) => string): Promise<number[]> {
    const agent = await t.addAgent(`Target${servers.length}`);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor(i) },
        body: JSON.stringify({ email: agent.email, password: `guess number ${i}` }),
      });
      statuses.push(res.status);
    }
    return statuses;
  }

  describe('with no proxy trusted (the default)', () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer();
      servers.push(t);
    });

    it('limits 25 sign-ins that each claim a new address', async () => {
      const statuses = await signInFlood(t, (i) => `203.0.113.${i + 1}`);
      const limited = statuses.filter((s) => s === 429).length;
      for (const s of statuses) tally.count('sign-ins with a new X-Forwarded-For each, no proxy trusted', { handled: s === 401 || s === 429 });
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401), 'the first ten are wrong passwords');
      assert.equal(limited, 15, 'every attempt after the tenth is limited');
    });
  });

  describe('behind one trusted proxy (VITRINA_TRUST_PROXY=1)', () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ VITRINA_TRUST_PROXY: '1' });
      servers.push(t);
    });

    it('keys on the address the proxy appended, not the ones the client put before it', async () => {
      // What a proxy such as Caddy sends on: the client's forged list, then the address it saw.
      const statuses = await signInFlood(t, (i) => `198.51.100.${i + 1}, 192.0.2.77`);
      for (const s of statuses) tally.count('sign-ins with a forged X-Forwarded-For through a trusted proxy', { handled: s === 401 || s === 429 });
      assert.equal(statuses.filter((s) => s === 429).length, 15);
    });
  });
});
