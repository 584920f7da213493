import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holdsPlayback } from '../../recordings/track-writer.js';

describe('holdsPlayback', () => {
  it('keeps a track only with more than one frame: a single frame has no length a player can show or seek in', () => {
    // Seen in the cluster suite: a camera track that began on the new media server just before the hang-up.
    assert.deepEqual(
      [0, 1, 2, 500].map((frames) => holdsPlayback({ frames })),
      [false, false, true, true],
    );
  });
});
