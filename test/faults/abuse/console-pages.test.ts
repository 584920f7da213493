import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';

/**
 * The consoles' pages as an attacker would use them: framed by another site to trick a click,
 * or carrying a script that got in somehow. Their headers forbid both.
 */
describe("abuse: the consoles' pages", () => {
  let t: TestServer;
  const tally = new Tally();
  // Pages of our own: the headers are the server's, and this suite runs before anything builds the bundles.
  const staticDir = mkdtempSync(path.join(tmpdir(), 'vitrina-pages-'));
  before(async () => {
    for (const page of ['agent', 'admin']) {
      mkdirSync(path.join(staticDir, 'console', page), { recursive: true });
      writeFileSync(path.join(staticDir, 'console', page, 'index.html'), '<!doctype html><title>console</title>');
    }
    t = await startTestServer({}, { staticDir });
  });
  after(async () => {
    tally.flush();
    await t.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  for (const page of ['/console/agent/', '/console/admin/']) {
    it(`${page} may not be framed, runs only our own scripts and talks only to us and LiveKit`, async () => {
      const res = await fetch(`${t.url}${page}`);
      assert.equal(res.status, 200);
      const csp = Object.fromEntries(
        (res.headers.get('content-security-policy') ?? '').split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      const framed = csp['frame-ancestors']?.join(' ') === "'none'" && res.headers.get('x-frame-options') === 'DENY';
      tally.count('console page framed by another site', { handled: framed });
      assert.ok(framed, 'no framing');
      const scripts = csp['script-src']?.join(' ') === "'self'" && !csp['default-src']?.includes("'unsafe-inline'");
      tally.count('script injected into a console page', { handled: scripts });
      assert.deepEqual(csp['script-src'], ["'self'"], 'no inline or foreign script');
      assert.deepEqual(csp['object-src'], ["'none'"]);
      assert.deepEqual(csp['base-uri'], ["'none'"]);
      const livekit = new URL(t.config.livekit.browserUrl).host;
      assert.deepEqual(csp['connect-src'], ["'self'", `ws://${livekit}`, `http://${livekit}`]);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
    });
  }

  it('answers a path that cannot be decoded with a JSON error naming it', async () => {
    const res = await fetch(`${t.url}/api/calls/%E0%A4%A/events`, { headers: { Origin: SHOP_ORIGIN } });
    tally.count('undecodable path', { handled: res.status === 400 });
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as { error: { code: string; field: string } }).error.field, 'path');
  });
});
