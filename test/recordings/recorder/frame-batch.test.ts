import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BatchFormatError, decodeBatch, encodeBatch, FRAME_KEY, type EncodedFrameRecord } from '../../../recordings/recorder/frame-batch.js';
import { primaryOpusOfRed } from '../../../recordings/recorder/red.js';

const frame = fc.record({
  track: fc.integer({ min: 0, max: 0xffff }),
  flags: fc.integer({ min: 0, max: 3 }),
  rtpTimestamp: fc.integer({ min: 0, max: 0xffffffff }),
  receivedAtMs: fc.double({ min: 0, max: 4e12, noNaN: true }),
  width: fc.integer({ min: 0, max: 4096 }),
  height: fc.integer({ min: 0, max: 4096 }),
  data: fc.uint8Array({ maxLength: 300 }),
});

describe("the recorder's frame batches", () => {
  it('carry tracks and frames through unchanged', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 20 }), (frames: EncodedFrameRecord[]) => {
        const tracks = [{ no: 1, participant: 'shopper-call_x', source: 'camera' as const, kind: 'video' as const, mime: 'video/VP8' }];
        const decoded = decodeBatch(encodeBatch({ tracks }, frames));
        assert.deepEqual(decoded.header.tracks, tracks);
        assert.deepEqual(
          decoded.frames.map((f) => ({ ...f, data: [...f.data] })),
          frames.map((f) => ({ ...f, data: [...f.data] })),
        );
      }),
    );
  });

  it('refuse a batch cut short or garbled, never reading past its end', () => {
    const whole = encodeBatch({ tracks: [] }, [
      { track: 1, flags: FRAME_KEY, rtpTimestamp: 1, receivedAtMs: 1, width: 2, height: 2, data: new Uint8Array(50) },
    ]);
    for (const cut of [0, 3, 10, whole.byteLength - 1]) assert.throws(() => decodeBatch(whole.subarray(0, cut)), BatchFormatError, `cut at ${cut}`);
    const garbled = whole.slice();
    garbled[5] = 0xff;
    assert.throws(() => decodeBatch(garbled), BatchFormatError);
  });
});

describe('RED (RFC 2198) audio', () => {
  it('gives the primary Opus block, after any redundant ones', () => {
    const older = [1, 2, 3];
    const primary = [9, 8, 7, 6];
    // One redundant block: F=1, PT=111, offset 960, length 3; then the primary's header F=0, PT=111.
    const header = [0x80 | 111, (960 >> 6) & 0xff, ((960 & 0x3f) << 2) | (3 >> 8), 3, 111];
    assert.deepEqual([...(primaryOpusOfRed(new Uint8Array([...header, ...older, ...primary])) ?? [])], primary);
    assert.deepEqual([...(primaryOpusOfRed(new Uint8Array([111, ...primary])) ?? [])], primary, 'no redundancy at all');
  });

  it('gives nothing for a payload that lies about its lengths', () => {
    assert.equal(primaryOpusOfRed(new Uint8Array([0x80 | 111, 0, 0, 200, 111, 1, 2])), undefined);
    assert.equal(primaryOpusOfRed(new Uint8Array([0x80 | 111, 0])), undefined);
    assert.equal(primaryOpusOfRed(new Uint8Array([])), undefined);
  });
});
