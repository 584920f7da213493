/**
 * The page the server's recorder browser opens for one call. It joins the call's room as a
 * hidden, subscribe-only participant with encoded insertable streams on, subscribes once the
 * room says the call is answered and names it, and hands every subscribed track to the frame
 * worker. It renders nothing and decodes only the key frames its receivers need to stay quiet.
 */
import { DisconnectReason, Room, RoomEvent, Track, VideoQuality, type RemoteParticipant, type RemoteTrack, type RemoteTrackPublication } from 'livekit-client';
import { parseRoomMetadata } from '../../../server/contract/room-metadata.js';
import { GiveUpOnNodePolicy } from '../../../widget/call-core/reconnect-policy.js';
import type { TrackSourceName } from '../frame-batch.js';
import type { TapOptions, WorkerCommand, WorkerReply } from './frame-worker.js';

export interface RecorderPageConfig {
  livekitUrl: string;
  token: string;
  ingestUrl: string;
  key: string;
}

export interface RecorderPageApi {
  start(config: RecorderPageConfig): Promise<void>;
  /** Leaves the room and sends every frame taken; resolves with how many frames were sent in all. */
  stop(): Promise<number>;
  state(): { connection: string; tracks: number; ingestFailures: number };
}

const ALONE_FOR_MS = 60_000;
/**
 * At the answer both parties must see each other first: a recorder asking for key frames in the
 * same instant made every face ~380 ms later (bench/accept-to-face.ts), because a browser's
 * encoder ignores a key-frame request that comes within 300 ms of the last one it honoured.
 * Sound is taken at once; video this long after the answer, and after the camera was
 * published (a consultant who accepts while still joining publishes after the answer).
 */
const VIDEO_AFTER_ANSWER_MS = 600;
const SOURCES: readonly string[] = ['camera', 'microphone', 'screen_share', 'screen_share_audio'] satisfies TrackSourceName[];

const worker = new Worker(new URL('./worker.js', location.href), { type: 'module' });
const send = (command: WorkerCommand) => worker.postMessage(command);
let room: Room | undefined;
let stopping = false;
let tracks = 0;
let ingestFailures = 0;
let flushed: ((frames: number) => void) | undefined;

worker.onmessage = (event: MessageEvent<WorkerReply>) => {
  const reply = event.data;
  if (reply.type === 'ingest-failed') ingestFailures++;
  else if (reply.type === 'flushed') flushed?.(reply.frames);
};

/** Whether the room says the call is answered and names this recorder: only then is anything asked for. */
function letIn(r: Room): boolean {
  const meta = parseRoomMetadata(r.metadata);
  return meta?.state === 'answered' && meta.recorder === r.localParticipant.identity;
}

let videoFrom: number | undefined;
/** When each video publication was first seen here. */
const seenAt = new WeakMap<RemoteTrackPublication, number>();

/** When the recorder may ask for this video: not before the answer's delay, nor that long after it appeared. */
function videoDue(publication: RemoteTrackPublication): number {
  const seen = seenAt.get(publication) ?? Date.now();
  seenAt.set(publication, seen);
  return Math.max(videoFrom ?? Infinity, seen + VIDEO_AFTER_ANSWER_MS);
}

/** Subscribes to what the recorder may have, when it may have it; lets go of everything when it may not. */
function syncSubscriptions(r: Room): void {
  const allowed = letIn(r);
  if (!allowed) videoFrom = undefined;
  else videoFrom ??= Date.now() + VIDEO_AFTER_ANSWER_MS;
  for (const participant of r.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) {
      const due = publication.kind === Track.Kind.Audio ? 0 : videoDue(publication);
      const now = allowed && Date.now() >= due;
      if (allowed && !now) setTimeout(() => syncSubscriptions(r), due - Date.now() + 10);
      if (now !== publication.isDesired) publication.setSubscribed(now);
    }
  }
}

function tap(track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void {
  const receiver = track.receiver;
  if (!receiver) return;
  // A subscriber starts on the lowest simulcast layer; the recording wants what was sent at best.
  if (publication.kind === Track.Kind.Video) publication.setVideoQuality(VideoQuality.HIGH);
  const options: TapOptions = {
    no: ++tracks,
    participant: participant.identity,
    source: SOURCES.includes(track.source) ? track.source : 'unknown',
    kind: track.kind === Track.Kind.Video ? 'video' : 'audio',
  };
  receiver.transform = new RTCRtpScriptTransform(worker, options);
}

const api: RecorderPageApi = {
  async start(config) {
    send({ type: 'configure', ingestUrl: config.ingestUrl, key: config.key });
    // Like the widget, it stops retrying a LiveKit node that is gone after ~10 s: the server then
    // starts a new segment through a node that answers.
    room = new Room({ adaptiveStream: false, dynacast: false, reconnectPolicy: new GiveUpOnNodePolicy() });
    room.on(RoomEvent.TrackSubscribed, tap);
    // The server deletes the room when the call ends; should that ever be missed, a recorder
    // alone in a room must not keep it open forever.
    let alone: ReturnType<typeof setTimeout> | undefined;
    room.on(RoomEvent.ParticipantDisconnected, () => {
      if (room?.remoteParticipants.size === 0) alone = setTimeout(() => void room?.disconnect(), ALONE_FOR_MS);
    });
    room.on(RoomEvent.ParticipantConnected, () => clearTimeout(alone));
    // A full reconnect (livekit-server restarted, say) unwinds every subscription before it
    // says so; what came back would be new tracks in old files. The server starts a new
    // segment instead: it is told here, as it is when the room is gone for good.
    const lost = (why: string) => (window as unknown as { vitrinaRecorderLost?: (why: string) => void }).vitrinaRecorderLost?.(why);
    room.on(RoomEvent.Reconnecting, () => {
      if (room?.remoteParticipants.size === 0) lost('reconnecting from scratch');
    });
    room.on(RoomEvent.Disconnected, (reason) => {
      // A deleted room is a call that ended, and a disconnect of our own is ours: neither is a loss.
      if (stopping || reason === DisconnectReason.ROOM_DELETED || reason === DisconnectReason.CLIENT_INITIATED) return;
      lost(`was disconnected (reason ${reason ?? 'unknown'})`);
    });
    const joined = room;
    const sync = () => syncSubscriptions(joined);
    joined.on(RoomEvent.RoomMetadataChanged, sync).on(RoomEvent.TrackPublished, sync).on(RoomEvent.ParticipantConnected, sync);
    // Without encoded insertable streams the transform's worker is told about a track but gets no frames.
    const rtcConfig = { encodedInsertableStreams: true } as RTCConfiguration;
    await room.connect(config.livekitUrl, config.token, { autoSubscribe: false, rtcConfig });
    sync();
  },
  async stop() {
    stopping = true;
    await room?.disconnect(true);
    return new Promise((resolve) => {
      flushed = resolve;
      send({ type: 'flush' });
    });
  },
  state() {
    return { connection: room?.state ?? 'idle', tracks, ingestFailures };
  },
};

(window as unknown as { vitrinaRecorder: RecorderPageApi }).vitrinaRecorder = api;
