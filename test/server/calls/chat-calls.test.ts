import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Assignment } from '../../../server/contract/agent.js';
import type { CallDetail, CallPage } from '../../../server/contract/admin.js';
import type { CreateCallResponse } from '../../../server/contract/calls.js';
import { parseRoomMetadata } from '../../../server/contract/room-metadata.js';
import { asShopper, callCast, openCall, postCall, TestConsole } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';

interface ErrorBody {
  error: { code: string; field?: string };
}

describe('a call by text chat, turned into video when both want, over HTTP with a real LiveKit server', () => {
  let t: TestServer;
  let anna: TestConsole;
  let boris: TestConsole;
  let owner: TestConsole;

  const chatOf = async (callId: string) => parseRoomMetadata(await t.roomMetadata(callId))?.chat;
  const shopperStep = (call: CreateCallResponse, step: unknown) => asShopper(t.url, call, 'POST', '/video', { step });
  const agentStep = (desk: TestConsole, callId: string, step: unknown) => desk.post(`/api/agent/calls/${callId}/video`, { step });

  /** A chat call rung at Anna's console and answered by her; the assignment she was rung with. */
  async function answeredChat(): Promise<{ call: CreateCallResponse; ring: Assignment }> {
    const call = await openCall(t.url, undefined, { kind: 'chat' });
    const event = await anna.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    assert.equal(event.type, 'assignment');
    const ring = event.type === 'assignment' ? event.assignment : undefined;
    assert.ok(ring);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    return { call, ring };
  }

  before(async () => {
    t = await startTestServer();
    ({ anna, boris, owner } = await callCast(t));
  });
  after(async () => t.close());

  it('rings as a chat, says so in the room while waiting and answered, and the owner sees the kind', async () => {
    const call = await openCall(t.url, undefined, { kind: 'chat' });
    assert.deepEqual(await chatOf(call.callId), {}, 'waiting: the room says chat from the start');
    const event = await anna.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    assert.equal(event.type === 'assignment' && event.assignment.kind, 'chat');
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    assert.deepEqual(await chatOf(call.callId), {}, 'answered: still text only');
    const said = await asShopper(t.url, call, 'POST', '/messages', { text: 'Is the lamp dimmable?' });
    assert.equal(said.status, 201, 'the chat works as in any call');

    const row = ((await (await owner.get('/api/admin/calls?pageSize=100')).json()) as CallPage).calls.find((c) => c.id === call.callId);
    assert.deepEqual([row?.kind, row?.videoSince], ['chat', null]);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/end`)).status, 204);
  });

  it('a video call is a video call: by default, and in the ring', async () => {
    const call = await openCall(t.url);
    const event = await anna.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    assert.equal(event.type === 'assignment' && event.assignment.kind, 'video');
    assert.equal(await chatOf(call.callId), undefined);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    assert.equal((await shopperStep(call, 'ask')).status, 204, 'asking for what it is already changes nothing');
    assert.equal(await chatOf(call.callId), undefined);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/end`)).status, 204);
  });

  it('the consultant asks, the shopper accepts: the room stops saying chat, the call is stored as upgraded', async () => {
    const { call } = await answeredChat();
    assert.equal((await agentStep(anna, call.callId, 'ask')).status, 204);
    assert.deepEqual(await chatOf(call.callId), { ask: 'agent' });
    assert.equal((await agentStep(anna, call.callId, 'ask')).status, 204, 'asking twice is still one ask');
    assert.equal((await agentStep(anna, call.callId, 'accept')).status, 409, 'nobody may accept their own ask');
    const before = Date.now();
    assert.equal((await shopperStep(call, 'accept')).status, 204);
    assert.equal(await chatOf(call.callId), undefined, 'video from now on');
    assert.equal((await shopperStep(call, 'decline')).status, 204, 'a late "not now" changes nothing');
    assert.equal(await chatOf(call.callId), undefined);

    const detail = (await (await owner.get(`/api/admin/calls/${call.callId}`)).json()) as CallDetail;
    assert.equal(detail.call.kind, 'chat');
    assert.ok(detail.call.videoSince !== null && detail.call.videoSince >= before - 1000, 'the time it became video');
    assert.deepEqual(
      detail.timeline.filter((e) => e.kind.startsWith('video-')).map((e) => [e.kind, e.detail]),
      [
        ['video-asked', 'agent'],
        ['video-started', 'shopper'],
      ],
    );
    // A console that reloads now gets the call as a video call.
    anna.disconnect();
    anna = await TestConsole.signIn(t.url, (await t.store.agents.list()).find((a) => a.name === 'Anna')?.email ?? '');
    await anna.connect();
    const hello = await anna.next((e) => e.type === 'hello');
    const again = hello.type === 'hello' ? hello.assignment : undefined;
    assert.deepEqual([again?.callId, again?.kind, typeof again?.videoSince], [call.callId, 'chat', 'number']);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/end`)).status, 204);
  });

  it('the shopper asks, the consultant says not now, then asks herself and the shopper agrees by asking too', async () => {
    const { call } = await answeredChat();
    assert.equal((await shopperStep(call, 'ask')).status, 204);
    assert.deepEqual(await chatOf(call.callId), { ask: 'shopper' });
    assert.equal((await agentStep(anna, call.callId, 'decline')).status, 204);
    assert.deepEqual(await chatOf(call.callId), {}, 'still chat, nobody asking');
    const nothingToAnswer = await agentStep(anna, call.callId, 'accept');
    assert.equal(nothingToAnswer.status, 409);
    assert.equal(((await nothingToAnswer.json()) as ErrorBody).error.code, 'no-video-request');

    assert.equal((await agentStep(anna, call.callId, 'ask')).status, 204);
    assert.equal((await shopperStep(call, 'ask')).status, 204, 'both want it');
    assert.equal(await chatOf(call.callId), undefined, 'the room says video');
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/end`)).status, 204);
  });

  it("only the call's own shopper and its consultant may ask or answer", async () => {
    const { call } = await answeredChat();
    const stranger = await openCall(t.url, undefined, { kind: 'chat' });
    const forged = await fetch(`${t.url}/api/calls/${call.callId}/video`, {
      method: 'POST',
      headers: { Origin: SHOP_ORIGIN, Authorization: `Bearer ${stranger.callKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ step: 'ask' }),
    });
    assert.ok(forged.status === 403 || forged.status === 404, `another call's key → ${forged.status}`);
    const noKey = await fetch(`${t.url}/api/calls/${call.callId}/video`, {
      method: 'POST',
      headers: { Origin: SHOP_ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ step: 'ask' }),
    });
    assert.equal(noKey.status, 401);
    for (const someoneElse of [boris, owner]) {
      const res = await agentStep(someoneElse, call.callId, 'ask');
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as ErrorBody).error.code, 'call-not-found');
    }
    assert.deepEqual(await chatOf(call.callId), {}, 'nobody asked');

    // Waiting in line there is nobody to ask yet.
    const waiting = await shopperStep(stranger, 'ask');
    assert.equal(waiting.status, 409);
    assert.equal(((await waiting.json()) as ErrorBody).error.code, 'not-in-call');
    assert.equal((await asShopper(t.url, stranger, 'POST', '/hangup')).status, 204);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/end`)).status, 204);
    const ended = await shopperStep(call, 'ask');
    assert.equal(ended.status, 410, 'nor once it has ended');
  });

  it('names the field at fault: a kind that is neither video nor chat, a step that is no step', async () => {
    for (const kind of ['text', 'audio', 42, null]) {
      const res = await postCall(t.url, { kind } as never);
      assert.equal(res.status, 400, JSON.stringify(kind));
      const { error } = (await res.json()) as ErrorBody;
      assert.deepEqual([error.code, error.field], ['invalid-input', 'kind']);
    }
    const { call } = await answeredChat();
    for (const [body, field] of [
      [{ step: 'please' }, 'step'],
      [{}, 'step'],
      [{ step: 'ask', kind: 'video' }, 'body'],
    ] as const) {
      const res = await asShopper(t.url, call, 'POST', '/video', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const { error } = (await res.json()) as ErrorBody;
      assert.deepEqual([error.code, error.field], ['invalid-input', field]);
    }
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/end`)).status, 204);
  });
});
