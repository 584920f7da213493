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

  describe('the camera and the call', () => {
    /** getUserMedia that waits for `release`, and every request the page makes; the permission state is the test's. */
    function slowCamera(permission: PermissionState) {
      const original = {
        gum: navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices),
        query: navigator.permissions.query.bind(navigator.permissions),
        fetch: window.fetch.bind(window),
      };
      const requests: string[] = [];
      let release = () => {};
      const released = new Promise<void>((r) => (release = r));
      let asked = 0;
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        asked += 1;
        await released;
        return original.gum(constraints);
      };
      navigator.permissions.query = () => Promise.resolve({ state: permission } as PermissionStatus);
      window.fetch = (input, init) => {
        requests.push(input instanceof Request ? input.url : input.toString());
        return original.fetch(input, init);
      };
      return {
        requests,
        asked: () => asked,
        release,
        restore() {
          navigator.mediaDevices.getUserMedia = original.gum;
          navigator.permissions.query = original.query;
          window.fetch = original.fetch;
        },
      };
    }

    it('with camera and microphone granted before, asks the server while the camera starts', async () => {
      const camera = slowCamera('granted');
      try {
        const call = new ShopperCall('http://127.0.0.1:9', page, { debug: () => {}, warn: () => {} });
        const started = call.start();
        await waitUntil(() => camera.requests.some((url) => url.endsWith('/api/calls')), 'the call was asked for with the camera still starting');
        expect(camera.asked()).to.equal(1);
        camera.release();
        await started;
        expect(call.error?.reason).to.equal('server-unreachable');
      } finally {
        camera.restore();
      }
    });

    it('with a prompt still to answer, asks the server only once the shopper has answered it', async () => {
      const camera = slowCamera('prompt');
      try {
        const call = new ShopperCall('http://127.0.0.1:9', page, { debug: () => {}, warn: () => {} });
        const started = call.start();
        await waitUntil(() => camera.asked() === 1, 'the camera was asked for');
        await new Promise((r) => setTimeout(r, 300));
        expect(camera.requests, 'nothing asked of the server behind an open prompt').to.deep.equal([]);
        camera.release();
        await started;
        expect(camera.requests.some((url) => url.endsWith('/api/calls'))).to.equal(true);
      } finally {
        camera.restore();
      }
    });
  });
});
