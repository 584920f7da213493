import { expect, waitUntil } from '@open-wc/testing';
import { ShopperCall } from '../../../widget/call-core/shopper-call.js';

/** Keeps every track the page's getUserMedia hands out, to check that the camera really went off. */
function recordMediaTracks(): { tracks: MediaStreamTrack[]; restore(): void } {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  const tracks: MediaStreamTrack[] = [];
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
  return { tracks, restore: () => (navigator.mediaDevices.getUserMedia = original) };
}

const page = () => ({ url: location.href, title: 'test' });

describe('ShopperCall', () => {
  it('hung up while the camera is being opened: ends, turns the camera off and asks no server', async () => {
    const media = recordMediaTracks();
    const requests: string[] = [];
    const originalFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      requests.push(input instanceof Request ? input.url : input.toString());
      return originalFetch(input, init);
    };
    try {
      const call = new ShopperCall('http://127.0.0.1:9', page);
      const started = call.start();
      await call.hangUp();
      await started;
      expect(call.status).to.equal('ended');
      expect(call.error).to.equal(undefined);
      await waitUntil(() => media.tracks.length > 0, 'the browser opened the camera');
      expect(media.tracks.map((t) => t.readyState)).to.deep.equal(media.tracks.map(() => 'ended'));
      expect(requests).to.deep.equal([]);
    } finally {
      media.restore();
      window.fetch = originalFetch;
    }
  });

  it('says the server is unreachable, and releases the camera', async () => {
    const media = recordMediaTracks();
    try {
      const call = new ShopperCall('http://127.0.0.1:9', page, { debug: () => {}, warn: () => {} });
      await call.start();
      expect(call.status).to.equal('failed');
      expect(call.error?.reason).to.equal('server-unreachable');
      // Not vacuous: the camera and microphone were opened before the server was asked.
      expect(media.tracks.map((t) => t.kind).sort()).to.deep.equal(['audio', 'video']);
      expect(media.tracks.every((t) => t.readyState === 'ended')).to.equal(true);
    } finally {
      media.restore();
    }
  });
});
