import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoomMetadata } from '../../../server/contract/room-metadata.js';

describe('parseRoomMetadata: what the widget, the console and the recorder page read from the room', () => {
  it('reads the metadata the server writes', () => {
    const answered = { v: 1, state: 'answered', shopper: 'shopper-call_1', agent: 'agent-a', recorder: 'recorder-call_1' };
    assert.deepEqual(parseRoomMetadata(JSON.stringify(answered)), answered);
    assert.deepEqual(parseRoomMetadata('{"v":1,"state":"waiting","shopper":"shopper-call_1"}'), { v: 1, state: 'waiting', shopper: 'shopper-call_1' });
  });

  it("reads a chat call's state, and takes an ask from anyone but the two sides for no ask", () => {
    const base = { v: 1, state: 'answered', shopper: 'shopper-call_1', agent: 'agent-a' };
    assert.deepEqual(parseRoomMetadata(JSON.stringify({ ...base, chat: { ask: 'agent' } })), { ...base, chat: { ask: 'agent' } });
    assert.deepEqual(parseRoomMetadata(JSON.stringify({ ...base, chat: {} })), { ...base, chat: {} });
    assert.deepEqual(parseRoomMetadata(JSON.stringify({ ...base, chat: { ask: 'recorder' } })), { ...base, chat: {} });
    assert.deepEqual(parseRoomMetadata(JSON.stringify({ ...base, chat: 'yes' })), base, 'not an object: a video call');
  });

  for (const raw of [
    undefined,
    '',
    '{',
    'null',
    '[]',
    '{"v":2,"state":"answered","shopper":"s"}',
    '{"v":1,"state":"answered"}',
    '{"v":1,"state":"hijacked","shopper":"s"}',
  ]) {
    it(`takes ${JSON.stringify(raw)} for no metadata of ours`, () => {
      assert.equal(parseRoomMetadata(raw), undefined);
    });
  }
});
