import { expect } from '@open-wc/testing';
import type { LocalTrack } from 'livekit-client';
import { HeldSenders } from '../../../widget/call-core/held-senders.js';

/** A real camera and microphone (the fake devices), each sent on a real RTP sender of a loopback connection. */
async function sentTracks(): Promise<{ tracks: LocalTrack[]; close: () => void }> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const pc = new RTCPeerConnection();
  // HeldSenders reads only what LiveKit's LocalTrack exposes of a published track: its sender and what it captures.
  const tracks = stream.getTracks().map((t) => ({ mediaStreamTrack: t, sender: pc.addTrack(t, stream) }) as unknown as LocalTrack);
  return {
    tracks,
    close: () => {
      pc.close();
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}

describe('HeldSenders', () => {
  it('puts a disabled copy of each track on its sender, and the track itself back on release', async () => {
    const { tracks, close } = await sentTracks();
    const held = new HeldSenders();
    await held.hold(tracks);
    expect(held.held).to.equal(true);
    for (const t of tracks) {
      const sent = t.sender?.track;
      expect(sent, t.mediaStreamTrack.kind).to.not.equal(t.mediaStreamTrack);
      expect(sent?.kind).to.equal(t.mediaStreamTrack.kind);
      expect(sent?.enabled, 'sends black frames or silence').to.equal(false);
      expect(t.mediaStreamTrack.enabled, 'the local preview goes on').to.equal(true);
    }
    const copies = tracks.map((t) => t.sender?.track);
    await held.release();
    expect(held.held).to.equal(false);
    for (const t of tracks) expect(t.sender?.track).to.equal(t.mediaStreamTrack);
    for (const copy of copies) expect(copy?.readyState, 'a copy keeps no device open').to.equal('ended');
    close();
  });

  it('is not held from the moment a release is asked for, and a release asked during a hold follows it', async () => {
    const { tracks, close } = await sentTracks();
    const held = new HeldSenders();
    const holding = held.hold(tracks);
    const releasing = held.release();
    expect(held.held).to.equal(false);
    await holding;
    expect(held.held, 'the release came after the hold was asked').to.equal(false);
    await releasing;
    for (const t of tracks) expect(t.sender?.track).to.equal(t.mediaStreamTrack);
    close();
  });

  it('stops its copies when the tracks are dropped, even a hold still under way', async () => {
    const { tracks, close } = await sentTracks();
    const held = new HeldSenders();
    await held.hold(tracks);
    const copies = tracks.map((t) => t.sender?.track);
    held.drop();
    expect(held.held).to.equal(false);
    for (const copy of copies) expect(copy?.readyState).to.equal('ended');
    const late = new HeldSenders();
    const holding = late.hold(tracks);
    late.drop();
    await holding;
    expect(late.held).to.equal(false);
    close();
  });

  it('skips a track not yet published (no sender)', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const unpublished = { mediaStreamTrack: stream.getVideoTracks()[0], sender: undefined } as unknown as LocalTrack;
    const held = new HeldSenders();
    await held.hold([unpublished]);
    expect(held.held, 'nothing sent, nothing held').to.equal(false);
    stream.getTracks().forEach((t) => t.stop());
  });
});
