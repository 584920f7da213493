import type { LocalTrack } from 'livekit-client';

/**
 * Our published tracks sending black frames and silence in place of what they capture: each
 * track's RTP sender carries a disabled clone of it, which the browser turns into black frames
 * and silence before anything is encoded. The party about to be admitted can then be subscribed
 * before the answer (the SFU's forwarding, the subscriber's decoder and its first key frame are
 * all set up while it rings), and `release` puts the real track back on the same sender: the
 * next frame encoded is the face, with no renegotiation and no key-frame request in between.
 *
 * LiveKit knows nothing of it (its mute would make the SFU wait for a key frame on unmute):
 * what the sender carries is swapped under it. An SDK operation that swaps the sender itself
 * (a camera restarted or switched) puts the real track back, so such operations run unheld
 * (see CallSession.unheldWhile).
 */
export class HeldSenders {
  private readonly clones = new Map<LocalTrack, MediaStreamTrack>();
  private chain: Promise<void> = Promise.resolve();
  /** Bumped by every release and drop: a hold that finishes after one does not count as held. */
  private generation = 0;
  private settled = false;

  /** Every given track with a sender now sends black frames or silence; resolves once the senders carry the clones. */
  hold(tracks: readonly LocalTrack[]): Promise<void> {
    const generation = this.generation;
    return this.serially(async () => {
      for (const track of tracks) {
        const sender = track.sender;
        // Dropped meanwhile (the room was left): no clone may outlive the tracks.
        if (generation !== this.generation) return;
        if (!sender || this.clones.has(track)) continue;
        const dark = track.mediaStreamTrack.clone();
        dark.enabled = false;
        this.clones.set(track, dark);
        await sender.replaceTrack(dark);
      }
      if (generation === this.generation && this.clones.size > 0) this.settled = true;
    });
  }

  /** Every held track sends what it captures again, on the same sender; resolves once they do. */
  release(): Promise<void> {
    this.generation++;
    this.settled = false;
    return this.serially(async () => {
      const held = [...this.clones];
      this.clones.clear();
      await Promise.all(held.map(async ([track]) => track.sender?.replaceTrack(track.mediaStreamTrack)));
      for (const [, dark] of held) dark.stop();
    });
  }

  /**
   * Whether the senders carry only black frames and silence now: from the end of a hold until
   * the next release is asked for. Only then may anyone not admitted receive our tracks.
   */
  get held(): boolean {
    return this.settled;
  }

  /** The tracks are gone (left the room): the clones stop with them, so no camera stays open for them. */
  drop(): void {
    this.generation++;
    this.settled = false;
    for (const dark of this.clones.values()) dark.stop();
    this.clones.clear();
  }

  /** Holds and releases run one after another: a release asked while a hold is under way follows it. */
  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
