import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CreateCallResponse } from '../../../server/contract/calls.js';
import type { WebhookDeliveryView, WebhookEndpointView, WebhookPayload, WebhookSecret } from '../../../server/contract/webhooks.js';
import { checkSignature } from '../../../server/http/vitrina-signature.js';
import { afterRestart, asShopper, callCast, openCall, type TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';
import { WebhookReceiver, type ReceivedHook } from '../../support/webhook-receiver.js';

const payloadOf = (hook: ReceivedHook) => JSON.parse(hook.body) as WebhookPayload;
const forCall = (callId: string) => (hook: ReceivedHook) => (payloadOf(hook).data.callId as string | undefined) === callId;

describe("webhooks to the shop's systems", () => {
  let t: TestServer;
  let anna: TestConsole;
  let owner: TestConsole;
  let crm: WebhookReceiver;
  let endpoint: WebhookEndpointView & WebhookSecret;

  const deliveries = async () => (await (await owner.get('/api/admin/webhook-deliveries?limit=200')).json()) as WebhookDeliveryView[];
  const answeredAndEnded = async (visitor?: string): Promise<CreateCallResponse> => {
    const call = await openCall(t.url, undefined, visitor ? { visitor } : {});
    await anna.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    assert.equal((await asShopper(t.url, call, 'POST', '/hangup')).status, 204);
    return call;
  };

  before(async () => {
    // The first retry after a second, not ten: each retry test waits for it.
    t = await startTestServer({ VITRINA_WEBHOOK_FIRST_RETRY_S: '1' });
    ({ anna, owner } = await callCast(t));
    crm = await WebhookReceiver.start();
    const res = await owner.post('/api/admin/webhooks', {
      url: crm.url,
      events: ['call.queued', 'call.answered', 'call.ended', 'callback.requested', 'rating.received', 'order.attributed'],
      description: 'amoCRM',
    });
    assert.equal(res.status, 201);
    endpoint = (await res.json()) as WebhookEndpointView & WebhookSecret;
  });
  after(async () => {
    await t?.close();
    await crm?.close();
  });

  it("tells a call's life, each delivery signed with the endpoint's secret", async () => {
    const call = await answeredAndEnded();
    const queued = await crm.next((h) => h.headers['vitrina-event'] === 'call.queued' && forCall(call.callId)(h));
    const answered = await crm.next((h) => h.headers['vitrina-event'] === 'call.answered' && forCall(call.callId)(h));
    const ended = await crm.next((h) => h.headers['vitrina-event'] === 'call.ended' && forCall(call.callId)(h));
    for (const hook of [queued, answered, ended]) {
      assert.equal(checkSignature(hook.headers['vitrina-signature'] as string, endpoint.secret, hook.body, Date.now()), 'valid');
      assert.equal(hook.headers['vitrina-event-id'], payloadOf(hook).id);
      assert.match(hook.headers['vitrina-delivery'] as string, /^dlv_/);
    }
    assert.deepEqual(payloadOf(queued).data.page, { url: 'https://shop.test/p/lamp', title: 'Brass lamp' });
    assert.deepEqual((payloadOf(answered).data.agent as { name: string }).name, 'Anna');
    const end = payloadOf(ended).data;
    assert.equal(end.endReason, 'shopper-hung-up');
    assert.equal(typeof end.talkMs, 'number');
    // The secret the owner can read again is the one that signs.
    const again = (await (await owner.get(`/api/admin/webhooks/${endpoint.id}/secret`)).json()) as WebhookSecret;
    assert.equal(again.secret, endpoint.secret);
  });

  it('tells of call-backs, ratings and orders', async () => {
    const res = await fetch(`${t.url}/api/callbacks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN },
      body: JSON.stringify({ name: 'Vera', phone: '+7 900 123-45-67', page: { url: 'https://shop.test/p/lamp', title: 'Brass lamp' } }),
    });
    assert.equal(res.status, 201);
    const callback = payloadOf(await crm.next((h) => h.headers['vitrina-event'] === 'callback.requested'));
    assert.deepEqual(
      [callback.data.name, callback.data.phone, callback.data.callbackId],
      ['Vera', '+7 900 123-45-67', ((await res.json()) as { id: string }).id],
    );

    const visitor = randomBytes(16).toString('base64url');
    const call = await answeredAndEnded(visitor);
    assert.equal((await asShopper(t.url, call, 'POST', '/rating', { rating: 5, comment: 'Lovely' })).status, 204);
    const rating = payloadOf(await crm.next((h) => h.headers['vitrina-event'] === 'rating.received' && forCall(call.callId)(h)));
    assert.deepEqual([rating.data.rating, rating.data.comment, (rating.data.agent as { name: string }).name], [5, 'Lovely', 'Anna']);

    await fetch(`${t.url}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN },
      body: JSON.stringify({ orderId: 'W-1', value: '19.90', currency: 'EUR', visitor }),
    });
    const order = payloadOf(await crm.next((h) => h.headers['vitrina-event'] === 'order.attributed'));
    assert.deepEqual([order.data.orderId, order.data.value, order.data.currency, order.data.callId], ['W-1', '19.90', 'EUR', call.callId]);
  });

  it('retries what the endpoint did not take, with the same event id, until it does', async () => {
    let refusals = 2;
    crm.answer = (hook) => (hook.headers['vitrina-event'] === 'call.queued' && refusals-- > 0 ? 503 : 200);
    try {
      const call = await openCall(t.url);
      const tries = () => crm.of('call.queued').filter(forCall(call.callId));
      await crm.next((h) => tries().length === 3 && h === tries()[2], 15_000);
      assert.equal(new Set(tries().map((h) => h.headers['vitrina-event-id'])).size, 1, 'one event, sent three times');
      const [first, second, third] = tries().map((h) => h.at) as [number, number, number];
      assert.ok(third - second > second - first, 'each wait longer than the one before');
      const delivery = (await deliveries()).find((d) => d.eventId === tries()[0]?.headers['vitrina-event-id']);
      await assertEventually(async () => (await deliveries()).find((d) => d.id === delivery?.id)?.status === 'delivered');
      const settled = (await deliveries()).find((d) => d.id === delivery?.id);
      assert.deepEqual([settled?.attempts, settled?.lastStatus], [3, 200]);
      await asShopper(t.url, call, 'POST', '/hangup');
    } finally {
      crm.answer = () => 200;
    }
  });

  it('keeps a call quick while the endpoint never answers, and sends it again on the owner’s word', async () => {
    crm.answer = (hook) => (hook.headers['vitrina-event'] === 'call.queued' ? 'hang' : 200);
    let call: CreateCallResponse;
    try {
      call = await openCall(t.url);
      // The call was opened and rings while its webhook hangs at the endpoint.
      await anna.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
      await crm.next(forCall(call.callId));
      assert.equal(crm.of('call.queued').filter(forCall(call.callId)).length, 1);
    } finally {
      crm.answer = () => 200;
    }
    await asShopper(t.url, call, 'POST', '/hangup');
    // The owner sends a delivered one again: the receiver sees the same event id twice.
    const ended = await crm.next((h) => h.headers['vitrina-event'] === 'call.ended' && forCall(call.callId)(h));
    const delivery = (await deliveries()).find((d) => d.eventId === ended.headers['vitrina-event-id']);
    await assertEventually(async () => (await deliveries()).find((d) => d.id === delivery?.id)?.status === 'delivered');
    assert.equal((await owner.post(`/api/admin/webhook-deliveries/${delivery?.id}/retry`)).status, 204);
    await crm.next((h) => h !== ended && h.headers['vitrina-event-id'] === ended.headers['vitrina-event-id']);
    assert.equal((await owner.post('/api/admin/webhook-deliveries/dlv_AAAAAAAAAAAAAAAAAAAAAA/retry')).status, 404);
  });

  it('refuses a bad endpoint naming the field, and a removed endpoint hears nothing more', async () => {
    const field = async (body: object) => {
      const res = await owner.post('/api/admin/webhooks', body);
      assert.equal(res.status, 400);
      return ((await res.json()) as { error: { field?: string } }).error.field;
    };
    assert.equal(await field({ url: 'ftp://crm.test/hooks', events: ['call.ended'] }), 'url');
    assert.equal(await field({ url: 'https://user:pw@crm.test/hooks', events: ['call.ended'] }), 'url');
    assert.equal(await field({ url: 'https://crm.test/hooks', events: [] }), 'events');
    assert.equal(await field({ url: 'https://crm.test/hooks', events: ['call.exploded'] }), 'events.0');
    assert.equal((await anna.get('/api/admin/webhooks')).status, 403);

    const helpdesk = await WebhookReceiver.start();
    try {
      const added = (await (await owner.post('/api/admin/webhooks', { url: helpdesk.url, events: ['call.queued'] })).json()) as WebhookEndpointView;
      assert.equal((await owner.send('DELETE', `/api/admin/webhooks/${added.id}`)).status, 204);
      const call = await openCall(t.url);
      // The endpoint still there hears of the call; the removed one does not.
      await crm.next((h) => h.headers['vitrina-event'] === 'call.queued' && forCall(call.callId)(h));
      await asShopper(t.url, call, 'POST', '/hangup');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(helpdesk.received, []);
      assert.deepEqual(
        ((await (await owner.get('/api/admin/webhooks')).json()) as WebhookEndpointView[]).map((e) => e.id),
        [endpoint.id],
      );
      assert.equal((await owner.send('DELETE', `/api/admin/webhooks/${added.id}`)).status, 404);
    } finally {
      await helpdesk.close();
    }
  });
  // Last: the restart ends the consoles' streams.
  it('loses nothing to a restart: a delivery the endpoint refused before it is sent after', async () => {
    crm.answer = () => 500;
    const call = await openCall(t.url);
    await crm.next((h) => h.headers['vitrina-event'] === 'call.queued' && forCall(call.callId)(h));
    await t.restart();
    crm.answer = () => 200;
    await assertEventually(async () => {
      const ok = crm.of('call.queued').filter(forCall(call.callId));
      return ok.length >= 2;
    }, 15_000);
    const ids = new Set(
      crm
        .of('call.queued')
        .filter(forCall(call.callId))
        .map((h) => h.headers['vitrina-event-id']),
    );
    assert.equal(ids.size, 1);
    await afterRestart(() => asShopper(t.url, call, 'POST', '/hangup'));
  });
});

async function assertEventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('not within the time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
