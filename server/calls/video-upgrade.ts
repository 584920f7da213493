import type { RoomMetadata } from '../contract/calls.js';
import { HttpError } from '../http/errors.js';
import type { CallRooms } from '../livekit/rooms.js';
import type { Logger } from '../log.js';
import type { Agent, CallRecord, Store, VideoSide } from '../store/store.js';

export interface VideoUpgradeOptions {
  store: Store;
  rooms: Pick<CallRooms, 'setMetadata'>;
  log: Logger;
  now: () => number;
  /** What the call's room says in its present state (CallService.roomMetadata). */
  metadataFor: (call: CallRecord) => Promise<RoomMetadata>;
}

/**
 * A chat call becoming a video call "when both want": one side asks, the other accepts or says
 * not now. The store decides each step with a conditional update; the room's metadata carries
 * the outcome to both browsers over the connection they already hold, and a browser that joins
 * later (another page, a reload) reads it there too. Once the metadata stops saying `chat`,
 * both start camera and microphone.
 */
export class VideoUpgrade {
  constructor(private readonly o: VideoUpgradeOptions) {}

  /** `step` from the shopper holding the call's key (the route has checked the key). */
  async fromShopper(callId: string, step: 'ask' | 'accept' | 'decline'): Promise<void> {
    const call = await this.o.store.calls.get(callId);
    if (!call) throw new HttpError(404, 'call-not-found', 'There is no such call.');
    await this.take(call, 'shopper', step, null);
  }

  /** `step` from a consultant: only the one who has the call; for anyone else it is no such call. */
  async fromAgent(callId: string, agent: Agent, step: 'ask' | 'accept' | 'decline'): Promise<void> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.agentId !== agent.id || call.state === 'ringing' || call.state === 'queued') {
      throw new HttpError(404, 'call-not-found', 'You have no such call.');
    }
    await this.take(call, 'agent', step, agent.id);
  }

  private async take(call: CallRecord, by: VideoSide, step: 'ask' | 'accept' | 'decline', agentId: string | null): Promise<void> {
    if (call.state === 'ended') throw new HttpError(410, 'call-ended', 'This call has ended.');
    if (call.state !== 'in-call') throw new HttpError(409, 'not-in-call', 'Video can be asked for once a consultant has answered.');
    // Already a video call (or one from the start): what either side wants is what it is.
    if (call.kind !== 'chat' || call.videoSince !== null) return;
    const { store, now } = this.o;
    const other: VideoSide = by === 'shopper' ? 'agent' : 'shopper';
    let changed: boolean;
    if (step === 'ask') {
      // Asking while the other side asks is agreeing: both want it.
      changed =
        call.videoAskedBy === other
          ? await store.calls.answerVideo(call.id, by, true, agentId, now())
          : await store.calls.askVideo(call.id, by, agentId, now());
      // Asked twice (a second click, a second tab): the ask stands.
      if (!changed && call.videoAskedBy === by) return;
    } else {
      changed = await store.calls.answerVideo(call.id, by, step === 'accept', agentId, now());
    }
    if (!changed) {
      const fresh = await store.calls.get(call.id);
      // Another request got there first and video is on (both asked at once): nothing is left to do.
      if (fresh && fresh.state === 'in-call' && fresh.videoSince !== null) return;
      throw new HttpError(409, 'no-video-request', 'Nobody is asking for video in this call right now.');
    }
    await this.tellRoom(call.id);
  }

  private async tellRoom(callId: string): Promise<void> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.state === 'ended') return;
    try {
      await this.o.rooms.setMetadata(callId, await this.o.metadataFor(call));
      this.o.log.info('video upgrade step', { callId, videoSince: call.videoSince, asking: call.videoAskedBy });
    } catch (err) {
      // Stored already: the room keeper writes the room's metadata again from the store when it recreates a lost room.
      this.o.log.error("could not tell the call's room about video", { callId, err });
      throw new HttpError(503, 'media-unavailable', 'The video service did not answer; please try again.');
    }
  }
}
