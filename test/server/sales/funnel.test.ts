import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Analytics } from '../../../server/contract/admin.js';
import { afterRestart, TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';

describe("the widget's funnel", () => {
  let t: TestServer;
  let owner: TestConsole;

  /** As `navigator.sendBeacon` sends it: text/plain, from the shop's page, no cookie. */
  const beacon = (body: object, origin = SHOP_ORIGIN) =>
    fetch(`${t.url}/api/funnel`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: origin }, body: JSON.stringify(body) });

  before(async () => {
    t = await startTestServer();
    await t.addAgent('Olga', { role: 'owner' });
    owner = await TestConsole.signIn(t.url, 'olga@shop.test');
  });
  after(async () => {
    await t?.close();
  });

  it('adds up each page view by page, beside the calls begun there, and keeps the counts through a restart', async () => {
    const kettle = `${SHOP_ORIGIN}/p/kettle`;
    for (const body of [
      { page: `${kettle}?utm_source=mail`, shown: 1 },
      { page: `${kettle}/`, shown: 1, opened: 1 },
      { page: kettle, shown: 1 },
      { page: `${SHOP_ORIGIN}/p/teapot`, shown: 1 },
    ]) {
      assert.equal((await beacon(body)).status, 204);
    }
    // A busy moment's counts sit in memory for a few seconds; a deploy writes them before it stops.
    await t.restart();
    owner = await afterRestart(() => TestConsole.signIn(t.url, 'olga@shop.test'));
    const a = (await (await owner.get('/api/admin/analytics')).json()) as Analytics;
    const page = a.funnel.pages.find((p) => p.url === kettle);
    assert.deepEqual([page?.shown, page?.opened], [3, 1]);
    assert.deepEqual([a.funnel.total.shown, a.funnel.total.opened], [4, 1]);
    assert.equal(a.funnel.pages[0]?.url, kettle, 'the page the button showed most on first');
  });

  it("refuses another site's page, an empty count and a flood", async () => {
    const field = async (res: Response) => {
      assert.equal(res.status, 400);
      return ((await res.json()) as { error: { field?: string } }).error.field;
    };
    assert.equal(await field(await beacon({ page: 'https://elsewhere.test/p/1', shown: 1 })), 'page');
    assert.equal(await field(await beacon({ page: `${SHOP_ORIGIN}/p/1` })), 'shown');
    assert.equal(await field(await beacon({ page: `${SHOP_ORIGIN}/p/1`, shown: 5 })), 'shown');
    assert.equal((await beacon({ page: 'https://elsewhere.test/p/1', shown: 1 }, 'https://elsewhere.test')).status, 403);
    let last = 0;
    for (let i = 0; i < 70; i++) last = (await beacon({ page: `${SHOP_ORIGIN}/p/${i}`, shown: 1 })).status;
    assert.equal(last, 429);
  });
});
