import { expect, fixture, html } from '@open-wc/testing';
import type { Track } from 'livekit-client';
import '../../../widget/call-panel/call-panel-entry.js';
import type { VitrinaMediaView } from '../../../widget/media-view/media-view.js';

/** Just enough of a LiveKit track to see what the view attaches and detaches. */
function fakeTrack() {
  const attachedTo = new Set<HTMLMediaElement>();
  const track = {
    attach: (el: HTMLMediaElement) => (attachedTo.add(el), el),
    detach: (el: HTMLMediaElement) => (attachedTo.delete(el), el),
  };
  return { track: track as unknown as Track, attachedTo };
}

describe('<vitrina-media-view>', () => {
  it('attaches its track to a video element and lets go of it when removed', async () => {
    const { track, attachedTo } = fakeTrack();
    const el = await fixture<VitrinaMediaView>(html`<vitrina-media-view .track=${track}></vitrina-media-view>`);
    expect([...attachedTo]).to.deep.equal([el.shadowRoot!.querySelector('video')]);
    el.remove();
    expect(attachedTo.size).to.equal(0);
  });

  it('plays video inline and silent, as iPhone Safari requires for it to start by itself', async () => {
    const { track } = fakeTrack();
    const el = await fixture<VitrinaMediaView>(html`<vitrina-media-view .track=${track}></vitrina-media-view>`);
    const video = el.shadowRoot!.querySelector('video')!;
    expect([video.hasAttribute('playsinline'), video.muted, video.autoplay]).to.deep.equal([true, true, true]);
  });

  it('picks the picture up again when the host page moves it', async () => {
    const { track, attachedTo } = fakeTrack();
    const el = await fixture<VitrinaMediaView>(html`<vitrina-media-view .track=${track}></vitrina-media-view>`);
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el);
    expect(attachedTo.size).to.equal(1);
    elsewhere.remove();
  });
});
