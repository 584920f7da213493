import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Analytics, AuditPage } from '../../../server/contract/admin.js';
import type { CreateCallResponse } from '../../../server/contract/calls.js';
import type { ApiKeyView, NewApiKeyResponse, ServerOrderResponse } from '../../../server/contract/sales.js';
import { signBody } from '../../../server/http/vitrina-signature.js';
import { asShopper, callCast, openCall, type TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';

const visitorId = () => randomBytes(16).toString('base64url');
const KETTLE = { title: 'Copper kettle', price: '€89', url: 'https://shop.test/p/kettle', productId: 'SKU-KETTLE' };
const TEAPOT = { title: 'Teapot', url: 'https://shop.test/p/teapot?colour=blue' };

describe('orders credited to calls', () => {
  let t: TestServer;
  let anna: TestConsole;
  let owner: TestConsole;
  let key: NewApiKeyResponse;

  /** A call from `visitor`'s browser, answered by Anna, with the cards she sent, ended by the shopper. */
  async function answeredCallFrom(
    visitor: string,
    cards: object[] = [],
    page = { url: 'https://shop.test/p/kettle', title: 'Kettle' },
  ): Promise<CreateCallResponse> {
    const call = await openCall(t.url, page, { visitor });
    await anna.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    for (const product of cards) assert.equal((await anna.post(`/api/agent/calls/${call.callId}/messages`, { kind: 'product', product })).status, 201);
    assert.equal((await asShopper(t.url, call, 'POST', '/hangup')).status, 204);
    return call;
  }

  const pageOrder = (body: object) =>
    fetch(`${t.url}/api/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN }, body: JSON.stringify(body) });

  const serverOrder = (body: object | string, o: { keyId?: string; secret?: string; atS?: number; signature?: string } = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return fetch(`${t.url}/api/shop/orders`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Vitrina-Key': o.keyId ?? key.id,
        'Vitrina-Signature': o.signature ?? signBody(o.secret ?? key.secret, raw, o.atS ?? Math.floor(Date.now() / 1000)),
      },
      body: raw,
    });
  };

  const analytics = async () => (await (await owner.get('/api/admin/analytics')).json()) as Analytics;

  before(async () => {
    t = await startTestServer();
    ({ anna, owner } = await callCast(t));
    const res = await owner.post('/api/admin/api-keys', { name: 'Shop checkout' });
    assert.equal(res.status, 201);
    key = (await res.json()) as NewApiKeyResponse;
  });
  after(async () => {
    await t?.close();
  });

  it("credits a thank-you page's order to the visitor's last answered call, its consultant and the cards bought", async () => {
    const visitor = visitorId();
    const call = await answeredCallFrom(visitor, [KETTLE, TEAPOT]);
    const res = await pageOrder({ orderId: 'A-1001', value: '129.90', currency: 'eur', visitor, items: [{ productId: 'SKU-KETTLE' }] });
    assert.equal(res.status, 204);
    // Sent twice (a reload of the thank-you page): kept once.
    assert.equal((await pageOrder({ orderId: 'A-1001', value: '129.90', currency: 'EUR', visitor })).status, 204);

    const csv = await (await owner.get('/api/admin/export/orders.csv')).text();
    const rows = csv.trim().split('\r\n');
    assert.equal(rows.filter((r) => r.startsWith('A-1001,')).length, 1, csv);
    const row = rows.find((r) => r.startsWith('A-1001,')) ?? '';
    assert.match(row, new RegExp(`^A-1001,[^,]+,129\\.90,EUR,page,${call.callId},[^,]+,Anna,https://shop\\.test/p/kettle,Copper kettle\\r?$`));

    const a = await analytics();
    const annas = a.consultants.find((c) => c.name === 'Anna');
    assert.deepEqual(annas?.sales.revenue, [{ currency: 'EUR', minor: 12990 }]);
    assert.equal(annas?.sales.orders, 1);
    const kettlePage = a.pages.find((p) => p.url === 'https://shop.test/p/kettle');
    assert.equal(kettlePage?.sales.orders, 1);
  });

  it("takes the shop server's signed report over a page's, and keeps each order id once", async () => {
    const visitor = visitorId();
    const call = await answeredCallFrom(visitor, [TEAPOT]);
    assert.equal((await pageOrder({ orderId: 'B-7', value: 1, currency: 'EUR', visitor })).status, 204);
    const body = { orderId: 'B-7', value: '54.50', currency: 'EUR', visitor, items: [{ url: 'https://shop.test/p/teapot/' }] };
    const confirmed = await serverOrder(body);
    assert.equal(confirmed.status, 200);
    assert.deepEqual(await confirmed.json(), { result: 'confirmed', callId: call.callId } satisfies ServerOrderResponse);
    assert.deepEqual(await (await serverOrder(body)).json(), { result: 'duplicate' });
    // The page cannot take it back.
    assert.equal((await pageOrder({ orderId: 'B-7', value: 999, currency: 'EUR', visitor })).status, 204);
    const csv = await (await owner.get('/api/admin/export/orders.csv')).text();
    assert.match(csv, new RegExp(`\\r\\nB-7,[^,]+,54\\.50,EUR,server,${call.callId},[^,]+,Anna,https://shop\\.test/p/kettle,Teapot\\r\\n`));
    const listed = (await (await owner.get('/api/admin/api-keys')).json()) as ApiKeyView[];
    assert.ok(listed.find((k) => k.id === key.id)?.lastUsedAt, 'the key says when it was last used');
    assert.ok(!JSON.stringify(listed).includes(key.secret), 'the secret is shown once, never listed');
  });

  it('refuses a report whose key, signature or time does not hold, naming the header', async () => {
    const body = { orderId: 'C-1', value: '10', currency: 'EUR', visitor: visitorId() };
    const refused = async (res: Response, code: string, field: string) => {
      assert.equal(res.status, 401);
      const error = ((await res.json()) as { error: { code: string; field?: string } }).error;
      assert.deepEqual([error.code, error.field], [code, field]);
    };
    await refused(await serverOrder(body, { secret: 'vsk_guessed' }), 'signature-invalid', 'vitrina-signature');
    await refused(await serverOrder(body, { signature: 'v1=abc' }), 'signature-invalid', 'vitrina-signature');
    await refused(await serverOrder(body, { atS: Math.floor(Date.now() / 1000) - 3600 }), 'signature-stale', 'vitrina-signature');
    await refused(await serverOrder(body, { keyId: 'key_AAAAAAAAAAAAAAAAAAAAAA' }), 'api-key-invalid', 'vitrina-key');
    // Signed over other bytes than those sent.
    const res = await fetch(`${t.url}/api/shop/orders`, {
      method: 'POST',
      headers: { 'Vitrina-Key': key.id, 'Vitrina-Signature': signBody(key.secret, JSON.stringify(body), Math.floor(Date.now() / 1000)) },
      body: JSON.stringify({ ...body, value: '10000' }),
    });
    await refused(res, 'signature-invalid', 'vitrina-signature');

    const spare = (await (await owner.post('/api/admin/api-keys', { name: 'Old ERP' })).json()) as NewApiKeyResponse;
    assert.equal((await serverOrder(body, { keyId: spare.id, secret: spare.secret })).status, 200);
    const revoked = await owner.send('DELETE', `/api/admin/api-keys/${spare.id}`);
    assert.equal(revoked.status, 200);
    assert.ok(((await revoked.json()) as ApiKeyView).revokedAt);
    await refused(await serverOrder(body, { keyId: spare.id, secret: spare.secret }), 'api-key-invalid', 'vitrina-key');
    const audit = (await (await owner.get('/api/admin/audit')).json()) as AuditPage;
    assert.deepEqual(
      audit.entries.filter((e) => e.target === 'Old ERP').map((e) => e.action),
      ['api-key-revoked', 'api-key-created'],
    );
    assert.ok(!JSON.stringify(audit).includes(spare.secret));
  });

  it('names the field of a bad order, whichever way it came', async () => {
    const visitor = visitorId();
    const field = async (res: Response) => {
      assert.equal(res.status, 400);
      return ((await res.json()) as { error: { field?: string } }).error.field;
    };
    assert.equal(await field(await serverOrder({ orderId: 'D-1', value: '10', currency: 'EUROS', visitor })), 'currency');
    assert.equal(await field(await serverOrder({ orderId: 'D-1', value: '1e5', currency: 'EUR', visitor })), 'value');
    assert.equal(await field(await serverOrder({ orderId: '', value: '1', currency: 'EUR', visitor })), 'orderId');
    assert.equal(await field(await serverOrder('{"orderId":')), 'body');
    assert.equal(await field(await pageOrder({ orderId: 'D-2', value: '-3', currency: 'EUR', visitor })), 'value');
    assert.equal(await field(await pageOrder({ orderId: 'D-2', value: '3', currency: 'EUR', visitor: 'me' })), 'visitor');
    assert.equal(
      await field(await pageOrder({ orderId: 'D-2', value: '3', currency: 'EUR', visitor, items: [{ url: 'javascript:alert(1)' }] })),
      'items.0.url',
    );
  });

  it('credits nothing without an answered call inside the window, and only server reports when the owner says so', async () => {
    // A visitor who never called, and one whose call nobody answered.
    assert.deepEqual(await (await serverOrder({ orderId: 'E-1', value: '5', currency: 'EUR', visitor: visitorId() })).json(), { result: 'not-attributed' });
    const caller = visitorId();
    const unanswered = await openCall(t.url, undefined, { visitor: caller });
    await asShopper(t.url, unanswered, 'POST', '/hangup');
    assert.deepEqual(await (await serverOrder({ orderId: 'E-2', value: '5', currency: 'EUR', visitor: caller })).json(), { result: 'not-attributed' });

    const visitor = visitorId();
    await answeredCallFrom(visitor);
    const inWindow = Date.now() + 0;
    const tooLate = { orderId: 'E-3', value: '5', currency: 'EUR', visitor, orderedAt: inWindow - 31 * 86_400_000 };
    assert.deepEqual(await (await serverOrder(tooLate)).json(), { result: 'not-attributed' }, 'an order before the call is not its result');

    assert.equal((await owner.send('PUT', '/api/admin/settings/attribution', { windowDays: 7, trust: 'server' })).status, 200);
    try {
      const before = (await analytics()).total.sales.orders;
      assert.equal((await pageOrder({ orderId: 'E-4', value: '5', currency: 'EUR', visitor })).status, 204);
      assert.equal((await analytics()).total.sales.orders, before, 'a page report is ignored');
      assert.equal(((await (await serverOrder({ orderId: 'E-4', value: '5', currency: 'EUR', visitor })).json()) as ServerOrderResponse).result, 'recorded');
    } finally {
      await owner.send('PUT', '/api/admin/settings/attribution', { windowDays: 30, trust: 'page-and-server' });
    }
    const bad = await owner.send('PUT', '/api/admin/settings/attribution', { windowDays: 365, trust: 'server' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field?: string } }).error.field, 'windowDays');
  });

  it('exports the calls as CSV a spreadsheet cannot run, with each call’s orders', async () => {
    const visitor = visitorId();
    const call = await answeredCallFrom(visitor, [], { url: 'https://shop.test/p/evil', title: '=HYPERLINK("http://x.test","click")' });
    await pageOrder({ orderId: 'F-1', value: '20', currency: 'USD', visitor });
    await pageOrder({ orderId: 'F-2', value: '1000', currency: 'JPY', visitor });
    const res = await owner.get('/api/admin/export/calls.csv');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="vitrina-calls-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark, so that spreadsheets read UTF-8');
    const text = new TextDecoder().decode(bytes);
    const row = text.split('\r\n').find((r) => r.startsWith(call.callId)) ?? '';
    assert.ok(row.includes(`"'=HYPERLINK(""http://x.test"",""click"")"`), row);
    assert.ok(row.endsWith(',Anna,answered,' + row.split(',Anna,answered,')[1]), row);
    assert.match(row, /,2,(1000 JPY; 20\.00 USD|20\.00 USD; 1000 JPY)$/);
    // Only the owner.
    assert.equal((await anna.get('/api/admin/export/calls.csv')).status, 403);
    assert.equal((await owner.get('/api/admin/export/orders.csv?from=10&to=5')).status, 400);
  });
});
