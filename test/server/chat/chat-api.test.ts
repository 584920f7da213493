import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage } from '../../../server/contract/chat.js';
import { answeredCall as answered, asShopper, busyColleague, openCall, TestConsole } from '../../support/http-clients.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

interface ErrorBody {
  error: { code: string; field?: string };
}

const SOFA = {
  title: 'Linen three-seat sofa',
  price: '€1 290',
  url: 'https://shop.test/p/sofa',
  imageUrl: 'https://shop.test/img/sofa.jpg',
  productId: 'sofa-3',
};

describe("a call's conversation, and the shopper's word after it, over HTTP with a real LiveKit server", () => {
  let t: TestServer;
  let desk: TestConsole;
  let agentId: string;

  /** A call the test's consultant has answered. */
  const answeredCall = () => answered(t.url, desk);

  before(async () => {
    t = await startTestServer();
    await busyColleague(t);
    const agent = await t.addAgent('Anna');
    agentId = agent.id;
    desk = await TestConsole.signIn(t.url, agent.email);
    await desk.connect();
    await desk.available();
  });
  after(async () => t.close());

  it("keeps text and product cards with the call, in order, for both sides and the owner's review", async () => {
    const call = await answeredCall();
    assert.equal((await asShopper(t.url, call, 'POST', '/messages', { text: '  Does it come in grey?  ' })).status, 201);
    const card = await desk.post(`/api/agent/calls/${call.callId}/messages`, { kind: 'product', product: SOFA });
    assert.equal(card.status, 201);
    const sent = (await card.json()) as ChatMessage;
    assert.deepEqual([sent.from, sent.kind, sent.name], ['agent', 'product', 'Anna']);
    assert.equal((await desk.post(`/api/agent/calls/${call.callId}/messages`, { kind: 'text', text: 'This one does.' })).status, 201);

    const shopperSees = (await (await asShopper(t.url, call, 'GET', '/messages')).json()) as ChatMessage[];
    assert.deepEqual(
      shopperSees.map((m) => [m.from, m.kind === 'text' ? m.text : m.kind === 'product' ? m.product.title : m.kind]),
      [
        ['shopper', 'Does it come in grey?'],
        ['agent', SOFA.title],
        ['agent', 'This one does.'],
      ],
    );
    const agentSees = (await (await desk.get(`/api/agent/calls/${call.callId}/messages`)).json()) as ChatMessage[];
    assert.deepEqual(
      agentSees.map((m) => m.id),
      shopperSees.map((m) => m.id),
    );
    const stored = await t.store.chat.list(call.callId);
    assert.deepEqual(
      stored.find((m) => m.kind === 'product'),
      { ...sent },
    );
    await t.vitrina.calls.end(call.callId, 'shopper-hung-up');
    await desk.post('/api/agent/status', { status: 'available' });
  });

  it("passes the shopper's new page to the consultant only, and not a reload of the same page", async () => {
    const call = await answeredCall();
    const page = { url: 'https://shop.test/p/chair', title: 'Ash chair' };
    const lamp = { url: 'https://shop.test/p/lamp', title: 'Brass lamp' };
    for (const p of [lamp, page, page]) {
      assert.equal((await asShopper(t.url, call, 'POST', '/rejoin', { page: p })).status, 200);
    }
    // A single-page shop reports the change without a rejoin.
    assert.equal((await asShopper(t.url, call, 'POST', '/page', { page: lamp })).status, 204);
    const agentSees = (await (await desk.get(`/api/agent/calls/${call.callId}/messages`)).json()) as ChatMessage[];
    assert.deepEqual(
      agentSees.map((m) => (m.kind === 'page' ? m.page.url : m.kind)),
      ['https://shop.test/p/chair', 'https://shop.test/p/lamp'],
      'the chair page once (it was loaded twice), then back to the lamp the call came from',
    );
    const shopperSees = (await (await asShopper(t.url, call, 'GET', '/messages')).json()) as ChatMessage[];
    assert.deepEqual(shopperSees, []);
    await t.vitrina.calls.end(call.callId, 'shopper-hung-up');
    await desk.post('/api/agent/status', { status: 'available' });
  });

  it('refuses lines before the answer, from strangers, and cards that are not safe to show', async () => {
    const waiting = await openCall(t.url);
    const early = await asShopper(t.url, waiting, 'POST', '/messages', { text: 'hello?' });
    assert.equal(early.status, 409);
    assert.equal(((await early.json()) as ErrorBody).error.code, 'not-in-call');
    await desk.next((e) => e.type === 'assignment' && e.assignment.callId === waiting.callId);
    assert.equal((await desk.post(`/api/agent/calls/${waiting.callId}/accept`)).status, 200);

    const other = await t.addAgent('Stranger');
    const stranger = await TestConsole.signIn(t.url, other.email);
    assert.equal((await stranger.post(`/api/agent/calls/${waiting.callId}/messages`, { kind: 'text', text: 'hi' })).status, 404);
    assert.equal((await stranger.get(`/api/agent/calls/${waiting.callId}/messages`)).status, 404);

    const cases: [unknown, string][] = [
      [{ kind: 'product', product: { ...SOFA, url: 'javascript:alert(1)' } }, 'product.url'],
      [{ kind: 'product', product: { ...SOFA, imageUrl: 'data:image/png;base64,AAAA' } }, 'product.imageUrl'],
      [{ kind: 'product', product: { ...SOFA, title: '   ' } }, 'product.title'],
      [{ kind: 'text', text: 'x'.repeat(2001) }, 'text'],
      [{ kind: 'shout', text: 'hi' }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const res = await desk.post(`/api/agent/calls/${waiting.callId}/messages`, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(((await res.json()) as ErrorBody).error.field, field);
    }
    const blank = await asShopper(t.url, waiting, 'POST', '/messages', { text: ' ' });
    assert.equal(((await blank.json()) as ErrorBody).error.field, 'text');
    assert.deepEqual(await t.store.chat.list(waiting.callId), [], 'nothing refused was stored');
    await t.vitrina.calls.end(waiting.callId, 'shopper-hung-up');
    assert.ok(agentId);
  });

  it("takes the shopper's stars once the answered call ended, then a comment, and names a bad field", async () => {
    const call = await answeredCall();
    const early = await asShopper(t.url, call, 'POST', '/rating', { rating: 5 });
    assert.equal(early.status, 409, 'not while the call goes on');
    await t.vitrina.calls.end(call.callId, 'shopper-hung-up');
    await desk.post('/api/agent/status', { status: 'available' });
    assert.equal((await asShopper(t.url, call, 'POST', '/rating', { rating: 4 })).status, 204);
    assert.equal((await asShopper(t.url, call, 'POST', '/rating', { rating: 4, comment: '  Anna knew the fabrics.  ' })).status, 204);
    const summary = await t.store.history.summary(call.callId);
    assert.deepEqual([summary?.shopperRating, summary?.shopperComment], [4, 'Anna knew the fabrics.']);
    for (const [body, field] of [
      [{ rating: 6 }, 'rating'],
      [{ rating: 3, comment: 'x'.repeat(1001) }, 'comment'],
    ] as const) {
      const res = await asShopper(t.url, call, 'POST', '/rating', body);
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as ErrorBody).error.field, field);
    }
  });
});
