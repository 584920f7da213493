import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CallDetail, CallPage } from '../../../server/contract/admin.js';
import type { CallOutcomeView } from '../../../server/contract/sales-outcome.js';
import { answeredCall, asShopper, callCast, TestConsole } from '../../support/http-clients.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

interface ErrorBody {
  error: { code: string; field?: string };
}

describe("the consultant's word on what came of a call, over HTTP with a real LiveKit server", () => {
  let t: TestServer;
  let anna: TestConsole;
  let boris: TestConsole;
  let owner: TestConsole;

  const outcomeOf = (desk: TestConsole, callId: string, body: unknown) => desk.send('PUT', `/api/agent/calls/${callId}/outcome`, body);

  before(async () => {
    t = await startTestServer();
    ({ anna, boris, owner } = await callCast(t));
  });
  after(async () => t.close());

  it('is set and changed by the consultant who answered, during the call and after it, and read by the owner', async () => {
    const call = await answeredCall(t.url, anna);
    const during = await outcomeOf(anna, call.callId, { outcome: 'follow-up', note: '  Wants the grey one; call back Friday.  ' });
    assert.equal(during.status, 200);
    assert.deepEqual((await during.json()) as CallOutcomeView, { outcome: 'follow-up', note: 'Wants the grey one; call back Friday.' });

    assert.equal((await asShopper(t.url, call, 'POST', '/hangup')).status, 204);
    const changed = await outcomeOf(anna, call.callId, { outcome: 'sold', note: '' });
    assert.equal(changed.status, 200, 'after the shopper hung up');
    assert.deepEqual((await changed.json()) as CallOutcomeView, { outcome: 'sold', note: null });
    const withNote = await outcomeOf(anna, call.callId, { outcome: 'sold', note: 'Took the grey one after all.' });
    assert.equal(withNote.status, 200);

    const list = (await (await owner.get(`/api/admin/calls?pageSize=100`)).json()) as CallPage;
    const row = list.calls.find((c) => c.id === call.callId);
    assert.deepEqual([row?.agentName, row?.agentOutcome, row?.agentNote], ['Anna', 'sold', 'Took the grey one after all.']);
    const detail = (await (await owner.get(`/api/admin/calls/${call.callId}`)).json()) as CallDetail;
    assert.deepEqual([detail.call.agentOutcome, detail.call.agentNote], ['sold', 'Took the grey one after all.']);
  });

  it("is refused for anyone else's call (a colleague, the owner) as no such call, before it ends and after", async () => {
    const call = await answeredCall(t.url, anna);
    for (const someoneElse of [boris, owner]) {
      const res = await outcomeOf(someoneElse, call.callId, { outcome: 'no-sale' });
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as ErrorBody).error.code, 'call-not-found');
    }
    assert.equal((await outcomeOf(anna, 'call_aaaaaaaaaaaaaaaaaaaaaa', { outcome: 'no-sale' })).status, 404);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/end`)).status, 204);
    assert.equal((await outcomeOf(boris, call.callId, { outcome: 'no-sale' })).status, 404, 'nor once it ended');
    const untouched = (await (await owner.get(`/api/admin/calls/${call.callId}`)).json()) as CallDetail;
    assert.deepEqual([untouched.call.agentOutcome, untouched.call.agentNote], [null, null]);
  });

  it('names the field at fault: an outcome not among the three, a note too long', async () => {
    const call = await answeredCall(t.url, anna);
    for (const [body, field] of [
      [{ outcome: 'maybe' }, 'outcome'],
      [{ note: 'No outcome given' }, 'outcome'],
      [{ outcome: 'sold', note: 'x'.repeat(2001) }, 'note'],
      [{ outcome: 'sold', note: 42 }, 'note'],
      [{ outcome: 'sold', agentId: 'agent_someone_else_entirely' }, 'body'],
    ] as const) {
      const res = await outcomeOf(anna, call.callId, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
      const { error } = (await res.json()) as ErrorBody;
      assert.deepEqual([error.code, error.field], ['invalid-input', field]);
    }
    assert.equal((await anna.send('PUT', `/api/agent/calls/${call.callId}/outcome`)).status, 400, 'no body at all');
    // The longest note, even in a script every character of which JSON may escape into six bytes.
    const longest = '\u0436'.repeat(2000);
    const escaped = await fetch(`${t.url}/api/agent/calls/${call.callId}/outcome`, {
      method: 'PUT',
      headers: { Cookie: anna.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'no-sale', note: longest }).replace(/\u0436/g, '\\u0436'),
    });
    assert.equal(escaped.status, 200);
    assert.equal(((await escaped.json()) as CallOutcomeView).note, longest);
  });
});
