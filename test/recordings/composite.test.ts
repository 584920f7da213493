import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compositeArgs, layout, type CompositeInput } from '../../recordings/composite.js';

const input = (participant: string, source: string, kind: 'video' | 'audio', offsetMs = 0, durationMs = 10_000): CompositeInput => ({
  path: `/r/${participant}-${source}.webm`,
  participant,
  source,
  kind,
  offsetMs,
  durationMs,
});

describe("the composite download's layout", () => {
  it('puts a shared screen large and the faces in a column beside it', () => {
    const screen = input('agent-a', 'screen_share', 'video', 2000, 3000);
    const faces = [input('agent-a', 'camera', 'video'), input('shopper-c', 'camera', 'video')];
    const boxes = layout([screen, ...faces]);
    assert.deepEqual(boxes.get(screen), { x: 0, y: 0, w: 960, h: 720 });
    assert.equal(boxes.get(faces[0])?.x, 960);
    assert.notEqual(boxes.get(faces[0])?.y, boxes.get(faces[1])?.y, 'one place per person');
  });

  it("sets faces side by side without a screen, and keeps a person's place across recorder segments", () => {
    const first = input('agent-a', 'camera', 'video', 0, 4000);
    const again = input('agent-a', 'camera', 'video', 5000, 4000);
    const shopper = input('shopper-c', 'camera', 'video');
    const boxes = layout([first, shopper, again]);
    assert.deepEqual(boxes.get(first), boxes.get(again));
    assert.equal(boxes.get(shopper)?.x, 640);
  });

  it('shows each video only while it was recorded and delays each voice to its place', () => {
    const args = compositeArgs([input('agent-a', 'camera', 'video', 1500, 2000), input('agent-a', 'microphone', 'audio', 1400, 2100)], '/out.mp4');
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    assert.match(graph, /enable='between\(t,1\.500,3\.500\)'/);
    assert.match(graph, /adelay=delays=1400:all=1/);
    assert.equal(args.at(-1), '/out.mp4');
    assert.equal(args[args.indexOf('-t') + 1], '3.500');
  });
});
