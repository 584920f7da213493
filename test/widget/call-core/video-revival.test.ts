import { expect } from '@open-wc/testing';
import { REVIVE_AFTER_MS, REVIVE_EVERY_MS, videoNeedsRevival, type VideoFlowState } from '../../../widget/call-core/video-revival.js';

const stuck: VideoFlowState = {
  videoStalledMs: REVIVE_AFTER_MS,
  audioFlowing: true,
  pausedBySfu: false,
  connected: true,
  linkPoor: false,
  lastRevivalAt: undefined,
  now: 100_000,
};

describe('videoNeedsRevival', () => {
  it('asks afresh for a video that has stopped arriving while its sound goes on, once it has been stuck long enough', () => {
    expect(videoNeedsRevival(stuck)).to.equal(true);
    expect(videoNeedsRevival({ ...stuck, videoStalledMs: REVIVE_AFTER_MS - 1 })).to.equal(false);
    expect(videoNeedsRevival({ ...stuck, videoStalledMs: 0 })).to.equal(false);
  });

  it('leaves alone what is not stuck video: a pause the SFU chose, a slow or down link, a room still reconnecting', () => {
    expect(videoNeedsRevival({ ...stuck, linkPoor: true })).to.equal(false);
    expect(videoNeedsRevival({ ...stuck, pausedBySfu: true })).to.equal(false);
    expect(videoNeedsRevival({ ...stuck, audioFlowing: false })).to.equal(false);
    expect(videoNeedsRevival({ ...stuck, connected: false })).to.equal(false);
  });

  it('asks at most once per interval, so a link that cannot carry video is not churned', () => {
    expect(videoNeedsRevival({ ...stuck, lastRevivalAt: stuck.now - REVIVE_EVERY_MS + 1 })).to.equal(false);
    expect(videoNeedsRevival({ ...stuck, lastRevivalAt: stuck.now - REVIVE_EVERY_MS })).to.equal(true);
  });
});
