import { expect, fixture, html } from '@open-wc/testing';
import type { RecordingFile } from '../../../server/contract/admin.js';
import { VitrinaSyncedPlayer } from '../../../console/admin/synced-player.js';
import { webmOf } from './webm-fixture.js';

if (!customElements.get('vitrina-synced-player')) customElements.define('vitrina-synced-player', VitrinaSyncedPlayer);

const LENGTH_MS = 1200;

const file = (id: string, name: string, url: string, offsetMs: number): RecordingFile => ({
  id: `trk_${id.padEnd(16, 'x')}`,
  from: { role: name === 'Shopper' ? 'shopper' : 'agent', name },
  source: 'camera',
  kind: 'video',
  segment: 1,
  offsetMs,
  durationMs: LENGTH_MS,
  status: 'complete',
  url,
});

async function until(ok: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The picture's colour near its top-left corner, as the element paints it now. */
function pixelOf(video: HTMLVideoElement): number[] {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 18;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.drawImage(video, 0, 0, canvas.width, canvas.height);
  return [...g.getImageData(4, 4, 1, 1).data].slice(0, 3);
}

describe('vitrina-synced-player', () => {
  let red: string;
  let green: string;
  before(async () => {
    [red, green] = await Promise.all([webmOf('#e00000', LENGTH_MS), webmOf('#00c000', LENGTH_MS)]);
  });

  it('shows a still of every video before Play, a track that starts later too', async () => {
    const el = await fixture<VitrinaSyncedPlayer>(
      html`<vitrina-synced-player .files=${[file('shopper', 'Shopper', red, 0), file('anna', 'Anna', green, 700)]}></vitrina-synced-player>`,
    );
    const videos = [...(el.shadowRoot as ShadowRoot).querySelectorAll('video')];
    expect(videos.map((v) => v.preload)).to.deep.equal(['metadata', 'metadata']);
    await until(() => videos.every((v) => v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && !v.seeking), 'every video has a decoded frame');
    expect(videos.every((v) => v.paused && v.videoWidth > 0)).to.equal(true, 'decoded without playing');
    const [shopper, anna] = videos.map(pixelOf);
    expect(shopper?.[0]).to.be.above(150, `the shopper's red, not black: ${String(shopper)}`);
    expect(anna?.[1]).to.be.above(120, `Anna's green, not black: ${String(anna)}`);
    expect(videos.map((v) => getComputedStyle(v).visibility)).to.deep.equal(['visible', 'visible']);
    expect(el.currentTime).to.equal(0, 'the clock stays at the start');

    // Once played, the clock decides again: Anna's camera is hidden until her track begins.
    el.play();
    el.pause();
    await el.updateComplete;
    expect(videos.map((v) => getComputedStyle(v).visibility)).to.deep.equal(['visible', 'hidden']);
    expect(videos[0]?.currentTime).to.be.below(0.2, 'put back on the clock');
  });
});
