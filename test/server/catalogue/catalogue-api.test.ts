import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { CatalogueProduct, CatalogueStatus, CatalogueView } from '../../../server/contract/catalogue.js';
import { TestConsole } from '../../support/http-clients.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { YML } from './feeds.js';

/** The shop's feed server: what it serves can change between imports. */
function feedServer(): Promise<{ server: Server; url: string; serve: (body: Buffer | string, type: string) => void }> {
  let current: { body: Buffer | string; type: string } = { body: '', type: 'text/plain' };
  const server = createServer((_req, res) => void res.writeHead(200, { 'Content-Type': current.type }).end(current.body));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`, serve: (body, type) => (current = { body, type }) }),
    ),
  );
}

/** The YML in windows-1251, as many Russian shops' platforms still write it. */
function cp1251(text: string): Buffer {
  const table = 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя';
  return Buffer.from([...text].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : c === 'ё' ? 0xb8 : c === 'Ё' ? 0xa8 : 0xc0 + table.indexOf(c))));
}

describe("the shop's catalogue", () => {
  let t: TestServer;
  let owner: TestConsole;
  let anna: TestConsole;
  let feed: Awaited<ReturnType<typeof feedServer>>;

  const search = async (q: string, who = anna) => (await (await who.get(`/api/agent/catalogue?q=${encodeURIComponent(q)}`)).json()) as CatalogueProduct[];
  const upload = (body: string, format = 'auto') =>
    fetch(`${t.url}/api/admin/catalogue/upload?format=${format}&name=products.csv`, {
      method: 'POST',
      headers: { Cookie: owner.cookie, 'Content-Type': 'text/csv' },
      body,
    });

  before(async () => {
    t = await startTestServer();
    await t.addAgent('Olga', { role: 'owner' });
    owner = await TestConsole.signIn(t.url, 'olga@shop.test');
    anna = await TestConsole.signIn(t.url, (await t.addAgent('Anna')).email);
    feed = await feedServer();
  });
  after(async () => {
    await t?.close();
    feed?.server.close();
  });

  it("imports the owner's YML feed (windows-1251) and finds products by name or SKU, with the shop's price and link", async () => {
    feed.serve(
      cp1251(YML.replace('encoding="UTF-8"', 'encoding="windows-1251"').replace('Кресло для чтения, ясень', 'Кресло для чтения, ясень, ёлочкой')),
      'application/xml',
    );
    assert.equal((await owner.send('PUT', '/api/admin/catalogue/settings', { feedUrl: feed.url, format: 'auto', everyHours: 24 })).status, 200);
    const res = await owner.post('/api/admin/catalogue/import');
    assert.equal(res.status, 200);
    const status = (await res.json()) as CatalogueStatus;
    assert.deepEqual([status.products, status.source, status.skipped?.count, status.lastError], [2, feed.url, 1, null]);

    const [chair] = await search('кресло ЕЛОЧКОЙ');
    assert.deepEqual(chair, {
      sku: 'chair-ash-01',
      title: 'Кресло для чтения, ясень, ёлочкой',
      url: 'https://shop.example/products/reading-chair.html',
      price: '64\u00a0000\u00a0₽',
      imageUrl: 'https://shop.example/images/chair-1.jpg',
      available: true,
    });
    assert.deepEqual(
      (await search('sofa-linen')).map((p) => [p.sku, p.available]),
      [['sofa-linen-03', false]],
    );
    assert.deepEqual(await search('100%_'), [], "the query's own wildcards are text");
  });

  it('keeps the catalogue it had when a feed is malformed, and says on which line', async () => {
    const res = await upload('id,title,url\nA-1,Chair,https://shop.example/a\nA-2,"Sofa,https://shop.example/b\n');
    assert.equal(res.status, 422);
    const error = ((await res.json()) as { error: { code: string; field?: string; message: string } }).error;
    assert.deepEqual([error.code, error.field], ['feed-invalid', 'line 3']);
    assert.match(error.message, /line 3: a quoted field is never closed/);
    assert.equal((await search('кресло')).length, 1, 'still the YML catalogue');
    const view = (await (await owner.get('/api/admin/catalogue')).json()) as CatalogueView;
    assert.deepEqual([view.status.products, view.status.lastError?.line, view.settings.everyHours], [2, 3, 24]);

    // The feed's address not answering: nothing changes but the note.
    feed.server.closeAllConnections();
    await owner.send('PUT', '/api/admin/catalogue/settings', { feedUrl: 'http://127.0.0.1:9/feed.xml', format: 'yml', everyHours: 0 });
    const unreachable = await owner.post('/api/admin/catalogue/import');
    assert.equal(unreachable.status, 502);
    assert.equal((await search('кресло')).length, 1);

    // A good upload replaces it all.
    assert.equal((await upload('sku;name;price;currency;link\nK-1;Copper kettle;89;EUR;https://shop.example/k\n')).status, 200);
    assert.deepEqual(
      (await search('kettle')).map((p) => [p.title, p.price]),
      [['Copper kettle', '€89']],
    );
    assert.deepEqual(await search('кресло'), []);
  });

  it('lets consultants search and only the owner change it', async () => {
    assert.equal((await fetch(`${t.url}/api/agent/catalogue?q=kettle`)).status, 401);
    assert.equal((await anna.post('/api/admin/catalogue/import')).status, 403);
    const bad = await owner.send('PUT', '/api/admin/catalogue/settings', { feedUrl: 'ftp://shop.example/feed', format: 'auto', everyHours: 1 });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'feedUrl');
    assert.equal((await anna.get('/api/agent/catalogue?q=')).status, 400);
  });
});
