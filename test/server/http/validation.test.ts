import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

describe('input validation at the edge', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t.close());

  const createCall = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN, ...headers },
      body,
    });

  const cases: [string, unknown, string][] = [
    ['no page', {}, 'page'],
    ['a page that is not an object', { page: 'https://shop.test' }, 'page'],
    ['a missing URL', { page: { title: 'Lamp' } }, 'page.url'],
    ['a URL that is not http(s)', { page: { url: 'javascript:alert(1)', title: 'x' } }, 'page.url'],
    ['a relative URL', { page: { url: '/p/1', title: 'x' } }, 'page.url'],
    ['an overlong title', { page: { url: 'https://shop.test/', title: 'x'.repeat(301) } }, 'page.title'],
    ['a title of the wrong type', { page: { url: 'https://shop.test/', title: 42 } }, 'page.title'],
    ['an empty product id', { page: { url: 'https://shop.test/', productId: '' } }, 'page.productId'],
    ['an unknown field', { page: { url: 'https://shop.test/' }, room: 'someone-elses-room' }, 'body'],
    ['an unknown page field', { page: { url: 'https://shop.test/', identity: 'agent-1' } }, 'page'],
  ];
  for (const [what, body, field] of cases) {
    it(`answers 400 naming the field for ${what}`, async () => {
      const res = await createCall(JSON.stringify(body));
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const json = (await res.json()) as ErrorBody;
      assert.equal(json.error.code, 'invalid-input');
      assert.equal(json.error.field, field);
      assert.ok(json.error.message.startsWith(`${field}:`), json.error.message);
    });
  }

  it('answers broken JSON with 400 and an oversized body with 413, both as JSON', async () => {
    const broken = await createCall('{"page": ');
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as ErrorBody).error.code, 'invalid-json');
    const huge = await createCall(JSON.stringify({ page: { url: 'https://shop.test/', title: 'x'.repeat(20_000) } }));
    assert.equal(huge.status, 413);
    assert.equal(((await huge.json()) as ErrorBody).error.field, 'body');
  });

  it('checks path parameters too', async () => {
    const res = await fetch(`${t.url}/api/calls/..%2F..%2Fetc/hangup`, { method: 'POST', headers: { Origin: SHOP_ORIGIN } });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as ErrorBody).error.field, 'callId');
  });

  it('answers mangled cookies and undecodable paths with 4xx, never 500', async () => {
    const cookie = await fetch(`${t.url}/api/auth/me`, { headers: { Cookie: 'vitrina_session=%E0%A4%A' } });
    assert.equal(cookie.status, 401);
    const path = await fetch(`${t.url}/api/calls/%E0/hangup`, { method: 'POST', headers: { Origin: SHOP_ORIGIN } });
    assert.equal(path.status, 400);
    assert.match(path.headers.get('content-type') ?? '', /application\/json/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${t.url}/api/nothing-here`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as ErrorBody).error.code, 'not-found');
  });

  it('limits how fast one address can open calls, saying when to retry', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await createCall(JSON.stringify({}));
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, 'the 21st request in a minute is refused');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(((await limited.json()) as ErrorBody).error.code, 'rate-limited');
  });
});
