import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage } from '../../../server/contract/chat.js';
import { CONVERSATION_CAP } from '../../../server/chat/chat-service.js';
import { answeredCall as answered, asShopper, busyColleague, openCall, TestConsole } from '../../support/http-clients.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';

/**
 * What one shopper's call key can make the server write and the consultant read: chat lines
 * and page changes are limited per call and per minute, a conversation has a cap, and a reader
 * gets it a page at a time. Found by an outside test: 250 lines of 2 KB from one key all went
 * through, and the consultant's read of them was a megabyte.
 */
describe('abuse: what a shopper may write', () => {
  let t: TestServer;
  let desk: TestConsole;
  const tally = new Tally();

  /** A call the test's consultant has answered. */
  const answeredCall = () => answered(t.url, desk);

  before(async () => {
    t = await startTestServer();
    await busyColleague(t);
    const agent = await t.addAgent('Reader');
    desk = await TestConsole.signIn(t.url, agent.email);
    await desk.connect();
    await desk.available();
  });
  after(async () => {
    tally.flush();
    await t.close();
  });

  it('a flood of 250 chat lines of 2 KB from one call key: 20 a minute get through, the rest wait with Retry-After', async () => {
    const call = await answeredCall();
    const text = 'x'.repeat(2000);
    const answers = await Promise.all(Array.from({ length: 250 }, () => asShopper(t.url, call, 'POST', '/messages', { text })));
    const accepted = answers.filter((r) => r.status === 201).length;
    for (const r of answers) tally.count('chat flood from one call key (250 lines of 2 KB)', { handled: r.status === 201 || r.status === 429 });
    assert.equal(accepted, 20);
    const refused = answers.find((r) => r.status === 429);
    assert.match(refused?.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match(((await refused?.json()) as { error: { message: string } }).error.message, /messages in this call/);
    assert.equal((await t.store.chat.list(call.callId)).length, 20, 'only what was accepted is stored');
    await t.vitrina.calls.end(call.callId, 'shopper-hung-up');
    await desk.available();
  });

  it('a flood of 250 page changes from one call key: 30 a minute are noted, and never before the call is answered', async () => {
    const waiting = await openCall(t.url);
    // Rung for the consultant but not answered: the move is noted on the call, not said in its conversation.
    const moved = await asShopper(t.url, waiting, 'POST', '/page', { page: { url: 'https://shop.test/p/elsewhere', title: 'Elsewhere' } });
    tally.count('page change before the call is answered', { handled: moved.status === 204 && (await t.store.chat.list(waiting.callId)).length === 0 });
    assert.equal(moved.status, 204);
    assert.deepEqual(await t.store.chat.list(waiting.callId), []);
    await desk.next((e) => e.type === 'assignment' && e.assignment.callId === waiting.callId);
    const ringing = (await (await desk.post(`/api/agent/calls/${waiting.callId}/rejoin`)).json()) as { page: { url: string } };
    assert.equal(ringing.page.url, 'https://shop.test/p/elsewhere', 'the consultant sees where the shopper is now');
    assert.equal((await desk.post(`/api/agent/calls/${waiting.callId}/accept`)).status, 200);

    const answers = await Promise.all(
      Array.from({ length: 250 }, (_, i) => asShopper(t.url, waiting, 'POST', '/page', { page: { url: `https://shop.test/p/${i}`, title: `Page ${i}` } })),
    );
    for (const r of answers) tally.count('page-change flood from one call key (250)', { handled: r.status === 204 || r.status === 429 });
    // The first minute's 30 include the move made while waiting.
    assert.equal(answers.filter((r) => r.status === 204).length, 29);
    assert.equal((await t.store.chat.list(waiting.callId)).length, 29);
    await t.vitrina.calls.end(waiting.callId, 'shopper-hung-up');
    await desk.available();
  });

  it("a page address off the shop is kept, and the console is told which origins are the shop's (it links only those)", async () => {
    const call = await answeredCall();
    const phishing = { url: 'https://shop.test.evil.example/login', title: 'Sign in to pay' };
    assert.equal((await asShopper(t.url, call, 'POST', '/page', { page: phishing })).status, 204);
    const stored = (await t.store.chat.list(call.callId)).find((m) => m.kind === 'page');
    const hello = desk.events.find((e) => e.type === 'hello');
    const origins = new Set(hello?.type === 'hello' ? hello.shopOrigins : []);
    const unlinked = stored?.kind === 'page' && stored.page.url === phishing.url && !origins.has(new URL(phishing.url).origin) && origins.size > 0;
    tally.count('page address off the shop reported to the consultant', { handled: unlinked });
    assert.ok(unlinked, `stored, and not among the shop's origins ${[...origins].join(' ')}`);
    await t.vitrina.calls.end(call.callId, 'shopper-hung-up');
    await desk.available();
  });

  it('a long conversation is read a page at a time, and a conversation stops growing at its cap', async () => {
    const call = await answeredCall();
    // Written straight into the store, as an hour of lines would leave it.
    const cap = CONVERSATION_CAP;
    let written = 0;
    while (
      await t.store.chat.add(
        {
          id: `msg_long_${written}`,
          callId: call.callId,
          at: Date.now(),
          from: written % 2 ? 'agent' : 'shopper',
          content: { kind: 'text', text: 'y'.repeat(2000) },
        },
        cap,
      )
    )
      written++;
    assert.equal(written, 800, `${cap.shopperLines} of the shopper's and as many of the consultant's before the shopper's share is full`);
    const full = await asShopper(t.url, call, 'POST', '/messages', { text: 'one more' });
    tally.count('chat line past the conversation cap', { handled: full.status === 409 });
    assert.equal(full.status, 409);
    assert.equal(((await full.json()) as { error: { code: string } }).error.code, 'conversation-full');

    const first = await desk.get(`/api/agent/calls/${call.callId}/messages`);
    const page = (await first.json()) as ChatMessage[];
    tally.count('consultant reads a long conversation', { handled: page.length === 100 && Number(first.headers.get('content-length')) < 250_000 });
    assert.equal(page.length, 100, 'a page, not the whole conversation');
    const next = (await (await desk.get(`/api/agent/calls/${call.callId}/messages?after=${page.at(-1)?.seq}&limit=200`)).json()) as ChatMessage[];
    assert.equal(next[0]?.seq, (page.at(-1)?.seq ?? 0) + 1);
    const tooMany = await desk.get(`/api/agent/calls/${call.callId}/messages?limit=5000`);
    tally.count('a page of 5000 lines asked for', { handled: tooMany.status === 400 });
    assert.equal(tooMany.status, 400);
    assert.equal(((await tooMany.json()) as { error: { field: string } }).error.field, 'limit');
  });
});
