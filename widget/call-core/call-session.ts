import {
  ConnectionQuality,
  ConnectionState,
  createLocalAudioTrack,
  createLocalTracks,
  createLocalVideoTrack,
  DisconnectReason,
  RemoteAudioTrack,
  RemoteVideoTrack,
  Room,
  RoomEvent,
  Track,
  type LocalAudioTrack,
  type LocalTrack,
  type LocalVideoTrack,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from 'livekit-client';
import { GiveUpOnNodePolicy } from './reconnect-policy.js';
import { parseRoomMetadata } from '../../server/contract/room-metadata.js';
import type { RoomMetadata } from '../../server/contract/calls.js';
import type { ChatMessage } from '../../server/contract/chat.js';
import { CHAT_TOPIC } from '../../server/contract/topics.js';
import { FlowGauge } from './flow-gauge.js';
import { videoNeedsRevival } from './video-revival.js';
import { CallError, mediaError } from './call-error.js';
import { joinError } from './join-error.js';
import { mergeLines, parseChatLine } from './chat-lines.js';
import { isFinal, type CallStatus } from './call-status.js';
import { canMove, TRANSITIONS } from './call-transitions.js';
import { markStep } from './call-marks.js';
import { Emitter } from './emitter.js';
import { HeldSenders } from './held-senders.js';

export interface CallSessionEvents {
  status: (status: CallStatus, previous: CallStatus) => void;
  /** Any track, mute state or peer changed; read the getters again. */
  media: () => void;
  /** The server changed the room's metadata (the call was answered). */
  metadata: (meta: RoomMetadata) => void;
  /** A chat line arrived (or the history was loaded); read `messages` again. */
  chat: (latest: ChatMessage | undefined) => void;
}

/** How well this side's connection carries the call, as LiveKit scores it. */
export type Quality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** Devices the shopper picked in the device check; absent ones are the browser's default. */
export interface Devices {
  cameraId?: string;
  microphoneId?: string;
  speakerId?: string;
}

export interface MediaChoice {
  camera: boolean;
  microphone: boolean;
  devices?: Devices;
  /** Sound only, both ways: no camera, and the other side's camera is not received (a shared screen still is). */
  audioOnly?: boolean;
  /** Text chat only: no camera and no microphone are asked for at all, until both sides agree to video. */
  chatOnly?: boolean;
}

/** A chat call joined with nothing to publish. */
export const CHAT_ONLY: MediaChoice = { camera: false, microphone: false, chatOnly: true };

/** Which side of the call this is: what an ask for video in the room's metadata means here. */
export type Side = 'shopper' | 'agent';

/**
 * One side of a call: a LiveKit room whose tracks nobody may receive until `admit()` names
 * the other party. Until then our tracks send black frames and silence (`HeldSenders`), and
 * only the party about to be admitted (`previewTo`) may subscribe to them; everyone else the
 * SFU refuses. So a queued shopper's camera reaches no one, a ringing consultant sees and hears
 * nothing, and yet on accept the subscription, the decoder and the key frame are all in place:
 * the face is the next frame encoded. Knows nothing of any UI.
 */
export class CallSession extends Emitter<CallSessionEvents> {
  private _status: CallStatus = 'idle';
  private beforeReconnect: CallStatus = 'idle';
  private room: Room | undefined;
  private localTracks: LocalTrack[] = [];
  private admitted: string | undefined;
  /** Our published tracks send black frames and silence while nobody is admitted. */
  private readonly heldSenders = new HeldSenders();
  /** A hold is asked for (our tracks are published and nobody is admitted); cleared by admit and by leaving. */
  private holdWanted = false;
  /** The server's hidden recorder, named by the room's metadata while the call is recorded. */
  private recorder: string | undefined;
  private _error: CallError | undefined;
  private _wasInCall = false;
  private _inCallSince: number | undefined;
  private choice: MediaChoice = { camera: true, microphone: true };
  private readonly videoFlow = new FlowGauge();
  private readonly audioFlow = new FlowGauge();
  private lastVideoRevivalAt: number | undefined;
  /** When the link last came back (joined, resumed, or sound arriving again): a video gets time from then to come back by itself. */
  private linkBackAt = 0;
  private stallTimer: ReturnType<typeof setInterval> | undefined;
  private _messages: ChatMessage[] = [];
  private _quality: Quality = 'unknown';
  private recovering = false;
  /** This side is hanging up: out of the room, the server being told; nothing may start or fail the call meanwhile. */
  private hangingUp = false;
  /** Who asked for video, as the room last said; to notice our own ask turned down. */
  private lastAsk: Side | undefined;
  private _videoDeclined = false;

  remoteVideo: RemoteTrack | undefined;
  remoteAudio: RemoteTrack | undefined;
  /** The other side's shared screen, while they share one. */
  remoteScreen: RemoteTrack | undefined;

  /**
   * The camera of the party previewing us while it rings (held: black frames until the answer).
   * The stage keeps it playing out of sight, so that after the answer the face is the next frame
   * decoded, not a video element started then (~90 ms later in a check outside LiveKit;
   * docs/benchmarks.md).
   */
  get standbyVideo(): RemoteTrack | undefined {
    if (this.admitted || this.choice.audioOnly || !this.room) return undefined;
    for (const peer of this.room.remoteParticipants.values()) {
      const track = peer.getTrackPublication(Track.Source.Camera)?.track;
      if (track) return track;
    }
    return undefined;
  }

  constructor(private readonly log: Pick<Console, 'debug' | 'warn'> = { debug: () => {}, warn: console.warn }) {
    super();
    this.on('metadata', (meta) => this.followChat(meta));
  }

  /** Which side this is; the consultant's call says `agent`. */
  protected get side(): Side {
    return 'shopper';
  }

  get status(): CallStatus {
    return this._status;
  }
  get error(): CallError | undefined {
    return this._error;
  }
  get localVideo(): LocalVideoTrack | undefined {
    return this.localTracks.find((t): t is LocalVideoTrack => t.kind === Track.Kind.Video);
  }
  get localAudio(): LocalAudioTrack | undefined {
    return this.localTracks.find((t): t is LocalAudioTrack => t.kind === Track.Kind.Audio);
  }
  get cameraOn(): boolean {
    return !!this.localVideo && !this.localVideo.isMuted;
  }
  get microphoneOn(): boolean {
    return !!this.localAudio && !this.localAudio.isMuted;
  }
  get sharingScreen(): boolean {
    return this.room?.localParticipant.isScreenShareEnabled ?? false;
  }
  get remoteCameraOn(): boolean {
    return !!this.remoteVideo && !this.remoteVideo.isMuted;
  }
  /** The other side has a microphone and muted it (no microphone at all is not "muted"). */
  get remoteMicrophoneMuted(): boolean {
    return !!this.remoteAudio && this.remoteAudio.isMuted;
  }
  /**
   * The other side's camera is on, yet no picture arrives: the SFU paused it because our link
   * cannot carry it, or the network is stalling. Sound goes on; the picture returns by itself.
   */
  get remoteVideoPaused(): boolean {
    return this.remoteVideo?.streamState === Track.StreamState.Paused || (this.videoFlow.stalled && !this.mediaInterrupted);
  }
  /**
   * Nothing at all arrives from the other side, sound included, though nobody muted anything:
   * the link to the SFU is down, long before the SDK itself notices (measured: a 15 s outage
   * passed without the SDK reporting a reconnect). Clears when anything arrives again.
   */
  get mediaInterrupted(): boolean {
    return this.audioFlow.stalled && (this.videoFlow.stalled || !this.remoteCameraOn);
  }
  /**
   * The browser refused to play the other side's sound without a tap (Safari's rule for a page
   * that is not capturing camera or microphone, or that wants a tap for every play): the UI
   * offers a "tap to hear" that calls `startAudio`.
   */
  get audioBlocked(): boolean {
    return !!this.remoteAudio && !!this.room && !this.room.canPlaybackAudio;
  }
  /** Plays the other side's sound; call from a tap or click, which is what the browser waits for. */
  async startAudio(): Promise<void> {
    try {
      await this.room?.startAudio();
    } catch (err) {
      // Still refused (the tap did not count as one): the button stays, the next tap tries again.
      this.log.warn('[vitrina] sound still blocked after a tap', err);
    }
    this.emit('media');
  }
  /** Whether the person we talk to is in the room now (not between two pages, not reconnecting). */
  get peerPresent(): boolean {
    return !!this.admitted && !!this.room?.remoteParticipants.has(this.admitted);
  }
  get quality(): Quality {
    return this._quality;
  }
  /** The devices and mode this side joined with. */
  protected get mediaChoice(): MediaChoice {
    return this.choice;
  }
  /** Joined for sound only (until the camera is turned on). */
  get audioOnly(): boolean {
    return this.choice.audioOnly === true;
  }
  /**
   * Text chat only, no camera and no microphone on either side: as the room says (it stops saying
   * so once both sides agreed to video), or before the room is joined, as this side chose.
   */
  get chatOnly(): boolean {
    const meta = this.metadata;
    return meta ? meta.chat !== undefined : this.choice.chatOnly === true;
  }
  /** In a chat call, a pending ask for video: ours (waiting for them) or theirs (for us to answer). */
  get videoRequest(): 'mine' | 'theirs' | undefined {
    const ask = this.metadata?.chat?.ask;
    return ask === undefined ? undefined : ask === this.side ? 'mine' : 'theirs';
  }
  /** Our last ask for video was turned down ("not now"); until we ask again. */
  get videoDeclined(): boolean {
    return this._videoDeclined;
  }
  /** The speaker the shopper picked, for the element that plays the other side. */
  get speakerId(): string | undefined {
    return this.choice.devices?.speakerId;
  }
  /** The conversation so far, oldest first. */
  get messages(): readonly ChatMessage[] {
    return this._messages;
  }
  /** Whether the two sides ever talked (a ring that was never answered is not a call). */
  get wasInCall(): boolean {
    return this._wasInCall;
  }

  /** When the two sides first talked (the call's timer counts from here, through reconnects). */
  get inCallSince(): number | undefined {
    return this._inCallSince;
  }

  /** Whether this side ended the call (hung up, or left the line). */
  get endedHere(): boolean {
    return this.hangingUp;
  }
  get metadata(): RoomMetadata | undefined {
    return parseRoomMetadata(this.room?.metadata);
  }

  /**
   * The one place the status changes: ignores no-op and post-final moves, refuses (and logs)
   * one the transition table does not allow, logs once, emits. A refused move is a bug in
   * this class or a subclass, but throwing would land in a UI event handler: the call stays
   * where it was, which the UI can still show.
   */
  private setStatus(next: CallStatus): void {
    const previous = this._status;
    if (next === previous || isFinal(previous)) return;
    if (!canMove(previous, next)) {
      this.refuse(previous, next);
      return;
    }
    this._status = next;
    if (next === 'in-call' && !this._wasInCall) this._inCallSince = Date.now();
    if (next === 'in-call') this._wasInCall = true;
    this.log.debug(`[vitrina] call ${previous} → ${next}`);
    this.emit('status', next, previous);
  }

  private refuse(from: CallStatus, to: CallStatus): void {
    this.log.warn(`[vitrina] call ${from} → ${to} refused: not in the transition table (from ${from} only to ${TRANSITIONS[from].join(', ') || 'nowhere'})`);
  }

  /** How subclasses change the status: at once, if the transition table allows the move. */
  protected moveTo(next: CallStatus): void {
    this.setStatus(next);
  }

  /** The status the call is in, or, while the connection is being restored, the one it returns to. */
  protected get settledStatus(): CallStatus {
    return this._status === 'reconnecting' ? this.beforeReconnect : this._status;
  }

  /**
   * Moves the call forward (queued → in-call, …). While the connection is being restored the
   * move is remembered and shown once it is back, so a reconnect never undoes an accept.
   */
  protected advance(next: CallStatus): void {
    if (this._status !== 'reconnecting') {
      this.setStatus(next);
      return;
    }
    // Checked now, against where the call will come back to: the way back must be a move the table allows.
    if (next === this.beforeReconnect) return;
    if (canMove(this.beforeReconnect, next)) this.beforeReconnect = next;
    else this.refuse(this.beforeReconnect, next);
  }

  fail(error: CallError): void {
    if (this.over) return;
    this._error = error;
    this.log.warn(`[vitrina] call failed: ${error.reason}`, error.cause ?? '');
    this.release();
    this.setStatus('failed');
  }

  /** Ends a start that went wrong: a cancel (hung up meanwhile) just stops, anything else fails the call. */
  protected stopped(err: unknown): void {
    if (err instanceof CallError && err.reason === 'cancelled') return;
    this.fail(err instanceof CallError ? err : new CallError('unknown', err instanceof Error ? err.message : String(err), { cause: err }));
  }

  /** Thrown from an await that finished after the call was hung up or failed; callers just stop. */
  protected assertLive(): void {
    if (this.over) throw new CallError('cancelled', 'The call ended while it was starting');
  }

  /** Ended, failed, or being hung up from this side. */
  private get over(): boolean {
    return isFinal(this._status) || this.hangingUp;
  }

  /** Asks for camera and microphone; the first thing a call does, so permission problems show before anything else. */
  async prepareMedia(choice: MediaChoice = { camera: true, microphone: true }): Promise<void> {
    this.choice = choice;
    let tracks: LocalTrack[];
    try {
      tracks = await this.createTracks(choice);
    } catch (err) {
      throw mediaError(err);
    }
    // Hung up (or hanging up) while the browser's permission prompt was open: the camera goes off at once.
    if (this.over) {
      for (const track of tracks) track.stop();
      this.assertLive();
    }
    this.localTracks = tracks;
    this.emit('media');
  }

  /** The devices a choice asks for, in one prompt; none at all (no getUserMedia) for a chat or with both off. */
  private createTracks(choice: MediaChoice): Promise<LocalTrack[]> {
    const audio = choice.microphone && !choice.chatOnly;
    const video = choice.camera && !choice.audioOnly && !choice.chatOnly;
    if (!audio && !video) return Promise.resolve([]);
    const { cameraId, microphoneId } = choice.devices ?? {};
    return createLocalTracks({
      audio: audio ? { ...MICROPHONE, ...(microphoneId ? { deviceId: microphoneId } : {}) } : false,
      video: video ? { ...CAMERA, ...(cameraId ? { deviceId: cameraId } : {}) } : false,
    });
  }

  /**
   * A chat call's news from the room: an ask for video, our ask turned down, or both sides agreed,
   * when this side starts camera and microphone (the other side does the same on the same news).
   */
  private followChat(meta: RoomMetadata): void {
    const ask = meta.chat?.ask;
    if (ask === this.side) this._videoDeclined = false;
    // Our ask is gone and the call is still a chat: the other side said "not now".
    else if (this.lastAsk === this.side && meta.chat && ask === undefined) this._videoDeclined = true;
    this.lastAsk = ask;
    if (this.choice.chatOnly && !meta.chat && meta.state === 'answered') void this.startVideo();
    this.emit('media');
  }

  /** From a chat to a video call: camera and microphone in one prompt, published at once (the permissions already admit the other side). */
  private async startVideo(): Promise<void> {
    this.choice = { ...this.choice, chatOnly: false, camera: true, microphone: true, audioOnly: false };
    let tracks: LocalTrack[];
    try {
      tracks = await this.createTracks(this.choice);
    } catch (err) {
      // Refused or missing: the call goes on as it was; the camera and microphone buttons try again.
      this.log.warn('[vitrina] could not start camera and microphone for video', mediaError(err));
      this.emit('media');
      return;
    }
    if (this.over) {
      for (const track of tracks) track.stop();
      return;
    }
    this.localTracks.push(...tracks);
    const room = this.room;
    if (room?.state === ConnectionState.Connected) await Promise.all(tracks.map((track) => room.localParticipant.publishTrack(track)));
    this.emit('media');
  }

  /** Adds chat lines from our API or the data channel; each shows once, whichever way it came first. */
  protected addLines(lines: readonly unknown[]): void {
    const valid = lines.map(parseChatLine).filter((m): m is ChatMessage => m !== undefined);
    if (valid.length === 0) return;
    this._messages = mergeLines(this._messages, valid);
    this.emit('chat', valid.at(-1));
  }

  /**
   * A fresh token for this same call, for when the SDK has given up on its connection; the
   * subclass asks our server. Undefined means the call is over.
   */
  protected freshToken(): Promise<{ url: string; token: string } | undefined> {
    return Promise.resolve(undefined);
  }

  /**
   * The connection is gone for good (the SDK's own reconnect gave up, or the server dropped
   * us): join the same call again with a fresh token and fresh devices, keeping mute states.
   * Tries for about half a minute, then the call has failed.
   */
  private async recover(): Promise<void> {
    if (this.recovering) return;
    this.recovering = true;
    const muted = { camera: !this.cameraOn, microphone: !this.microphoneOn };
    if (this._status !== 'reconnecting') this.beforeReconnect = this._status;
    this.setStatus('reconnecting');
    try {
      for (const waitMs of [0, 1000, 2000, 4000, 8000, 15_000]) {
        await new Promise((r) => setTimeout(r, waitMs));
        if (this.over) return;
        // Whatever the last connection left (tracks the SDK did not stop) goes before the next.
        this.release();
        try {
          const fresh = await this.freshToken();
          if (!fresh) {
            this.release();
            this.setStatus('ended');
            return;
          }
          await this.prepareMedia(this.choice);
          if (muted.camera) await this.localVideo?.mute();
          if (muted.microphone) await this.localAudio?.mute();
          await this.join(fresh.url, fresh.token);
          if (this._status === 'reconnecting') this.setStatus(this.beforeReconnect);
          return;
        } catch (err) {
          this.log.warn('[vitrina] rejoin failed; trying again', err);
        }
      }
      this.fail(new CallError('connection-lost', 'Could not rejoin the call'));
    } finally {
      this.recovering = false;
    }
  }

  /**
   * Joins the call's room with every track published but granted to nobody (or only to whoever
   * was admitted meanwhile). `media`, when given, is `prepareMedia` still under way: connecting
   * does not wait for the camera, which starts in the same time, and the tracks are published
   * once both are done.
   */
  async join(url: string, token: string, media?: Promise<void>): Promise<void> {
    // Refused or failed devices are thrown below, after the connect; until then nobody awaits them.
    media?.catch(() => undefined);
    this.assertLive();
    // One layer, always sent: a paused or low simulcast layer must be switched on and keyframed
    // at accept, which measured ~150 ms slower at the median (bench/accept-to-face.ts).
    const room = new Room({
      adaptiveStream: false,
      dynacast: false,
      disconnectOnPageLeave: true,
      publishDefaults: { simulcast: false },
      reconnectPolicy: new GiveUpOnNodePolicy(),
    });
    this.room = room;
    this.wire(room);
    // A link too slow for the other side's video gets it paused by the SFU, sound going on,
    // rather than frozen; it resumes when the link recovers (ADR 0007).
    markStep('room-connect');
    const connected = room.connect(url, token, { autoSubscribe: true, subscriberAllowPause: true });
    // Whatever happens first below, a failed connect is thrown from `await connected`.
    connected.catch(() => undefined);
    try {
      // The publish starts once the SFU has answered the join, beside the peer connection's set-up rather than after it.
      await Promise.race([new Promise<void>((resolve) => room.once(RoomEvent.SignalConnected, resolve)), connected]);
    } catch (err) {
      this.assertLive();
      throw joinError(err);
    }
    if (this.over) {
      await room.disconnect(true);
      this.assertLive();
    }
    this.recorder = this.metadata?.recorder;
    // Before anything is published: the SFU must know whom to refuse before the first frame.
    this.applyPermissions();
    const published = (async () => {
      await media;
      markStep('media-ready');
      // A connect that failed meanwhile is thrown below without waiting for this.
      if (this.over || room.state === ConnectionState.Disconnected) return;
      await Promise.all(this.localTracks.map((track) => room.localParticipant.publishTrack(track)));
      markStep('media-published');
    })();
    try {
      await connected;
      markStep('room-connected');
    } catch (err) {
      published.catch(() => undefined);
      this.assertLive();
      throw joinError(err);
    }
    // livekit-client emits room events only once connected, and drops (not delays) a metadata
    // change that lands before: an answer naming the recorder in the meantime is read here.
    this.followRecorder();
    this.linkBackAt = Date.now();
    this.watchMediaFlow();
    try {
      await published;
    } catch (err) {
      await room.disconnect(true);
      throw err;
    }
    if (this.over) {
      await room.disconnect(true);
      this.assertLive();
    }
    // A call already answered (a rejoin, a colleague taking over) admits its party here, and is not held.
    const meta = this.metadata;
    if (meta) this.emit('metadata', meta);
    if (!this.admitted) await this.holdForPreview();
  }

  /**
   * Lets exactly this participant receive our tracks, and subscribes to theirs (a transfer admits
   * the next one). Anyone else previewing loses our tracks first; then the held tracks send what
   * they capture again.
   */
  admit(identity: string): void {
    if (isFinal(this._status) || this.admitted === identity) return;
    this.admitted = identity;
    this.applyPermissions();
    if (this.holdWanted) {
      this.holdWanted = false;
      this.heldSenders.release().catch((err: unknown) => this.log.warn('[vitrina] could not send the camera after the answer', err));
    }
  }

  /** Back to waiting (the consultant dropped out): nobody receives our tracks, and theirs are let go. */
  protected unadmit(): void {
    if (this.admitted === undefined) return;
    this.admitted = undefined;
    this.remoteVideo = undefined;
    this.remoteAudio = undefined;
    this.remoteScreen = undefined;
    this.applyPermissions();
    this.emit('media');
    void this.holdForPreview();
  }

  /**
   * Who may subscribe to our held tracks before being admitted: the party about to be (the
   * shopper, for a ringing console; the ringing consultant, for a waiting shopper). They receive
   * black frames and silence until `admit`; the subscription is what is made ahead.
   */
  protected previewTo(_present: readonly string[]): string[] {
    return [];
  }

  /** Whom `previewTo` names has changed: while held, the grant follows at once. */
  protected previewChanged(): void {
    if (!this.admitted && this.heldSenders.held) this.applyPermissions();
  }

  /** Our published tracks go dark, then whoever `previewTo` names may subscribe to them. */
  private async holdForPreview(): Promise<void> {
    const room = this.room;
    if (!room || room.state !== ConnectionState.Connected || this.admitted || isFinal(this._status)) return;
    this.holdWanted = true;
    try {
      await this.heldSenders.hold(this.publishedTracks());
    } catch (err) {
      this.log.warn('[vitrina] could not hold the camera before the answer; the other side subscribes at the answer', err);
      return;
    }
    this.applyPermissions();
  }

  private publishedTracks(): LocalTrack[] {
    return [...(this.room?.localParticipant.trackPublications.values() ?? [])].flatMap((pub) => (pub.track ? [pub.track] : []));
  }

  /**
   * Runs an SDK operation that may put a real track on a sender (a camera started again or
   * switched, a track published) while our tracks are held: previews are withdrawn before it,
   * and the tracks held again after it, so nobody not admitted ever receives what it captures.
   */
  private async unheldWhile<T>(op: () => Promise<T>): Promise<T> {
    if (!this.holdWanted) return op();
    this.holdWanted = false;
    const released = this.heldSenders.release();
    // Before the release's first real frame: the SFU refuses previews from here on.
    this.applyPermissions();
    try {
      await released;
      return await op();
    } finally {
      await this.holdForPreview();
    }
  }

  /** Resolves true once `identity` is in the room (at once if already there), false after `timeoutMs`. */
  protected waitForParticipant(identity: string, timeoutMs: number): Promise<boolean> {
    const room = this.room;
    if (!room) return Promise.resolve(false);
    if (room.remoteParticipants.has(identity)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (found: boolean) => {
        clearTimeout(timer);
        room.off(RoomEvent.ParticipantConnected, onJoin);
        resolve(found);
      };
      const onJoin = (p: RemoteParticipant) => p.identity === identity && done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      room.on(RoomEvent.ParticipantConnected, onJoin);
    });
  }

  /** The display name of the participant we admitted, once they are in the room. */
  get peerName(): string | undefined {
    return this.admitted ? this.room?.remoteParticipants.get(this.admitted)?.name || undefined : undefined;
  }

  /** The recorder is let in as soon as the room's metadata names it (the call answered and recorded). */
  private followRecorder(meta = this.metadata): void {
    if (meta?.recorder === this.recorder) return;
    this.recorder = meta?.recorder;
    this.applyPermissions();
  }

  private applyPermissions(): void {
    const room = this.room;
    if (!room || room.state === ConnectionState.Disconnected) return;
    const previews = !this.admitted && this.heldSenders.held ? this.previewTo([...room.remoteParticipants.keys()]) : [];
    const allowed = [...new Set([this.admitted, this.recorder, ...previews])].filter((id): id is string => id !== undefined);
    room.localParticipant.setTrackSubscriptionPermissions(
      false,
      allowed.map((participantIdentity) => ({ participantIdentity, allowAll: true })),
    );
    const peer = this.admitted ? room.remoteParticipants.get(this.admitted) : undefined;
    if (peer) this.adoptTracks(peer);
  }

  /** Turning the camera on after joining without one starts it now (the browser may ask for permission then). */
  async setCamera(on: boolean): Promise<void> {
    const track = this.localVideo;
    if (!track) {
      if (on) await this.unheldWhile(() => this.startCamera());
      return;
    }
    await this.unheldWhile(() => (on ? track.unmute() : track.mute()));
    this.emit('media');
  }

  /** The camera this side sends now, when it sends one. */
  get cameraId(): string | undefined {
    return this.localVideo?.mediaStreamTrack.getSettings().deviceId ?? this.choice.devices?.cameraId;
  }

  /**
   * Sends another camera without leaving the call: a consultant turns from their face to the
   * goods on the shelf (a phone's rear camera). The new track replaces the old one in place, so
   * the other side and the recorder keep the same track.
   */
  async useCamera(deviceId: string): Promise<void> {
    this.choice = { ...this.choice, devices: { ...this.choice.devices, cameraId: deviceId } };
    const track = this.localVideo;
    if (!track) return this.unheldWhile(() => this.startCamera());
    try {
      await this.unheldWhile(() => track.setDeviceId({ exact: deviceId }));
    } catch (err) {
      this.log.warn('[vitrina] could not switch the camera', mediaError(err));
    }
    this.emit('media');
  }

  private async startCamera(): Promise<void> {
    let track: LocalVideoTrack;
    try {
      const cameraId = this.choice.devices?.cameraId;
      track = await createLocalVideoTrack({ ...CAMERA, ...(cameraId ? { deviceId: cameraId } : {}) });
    } catch (err) {
      this.log.warn('[vitrina] could not start the camera', mediaError(err));
      return;
    }
    if (isFinal(this._status)) {
      track.stop();
      return;
    }
    this.localTracks.push(track);
    const wasAudioOnly = this.choice.audioOnly;
    this.choice = { ...this.choice, camera: true, audioOnly: false };
    // Out of sound-only: the other side's camera is wanted again.
    if (wasAudioOnly) {
      for (const peer of this.room?.remoteParticipants.values() ?? []) {
        for (const pub of peer.trackPublications.values()) if (pub.source === Track.Source.Camera && !pub.isSubscribed) pub.setSubscribed(true);
      }
    }
    if (this.room?.state === ConnectionState.Connected) await this.room.localParticipant.publishTrack(track);
    this.emit('media');
  }

  async setMicrophone(on: boolean): Promise<void> {
    const track = this.localAudio;
    if (!track) {
      // A chat call turned video whose microphone was refused then: the button asks again.
      if (on && !this.chatOnly) await this.unheldWhile(() => this.startMicrophone());
      return;
    }
    await this.unheldWhile(() => (on ? track.unmute() : track.mute()));
    this.emit('media');
  }

  private async startMicrophone(): Promise<void> {
    let track: LocalAudioTrack;
    try {
      const microphoneId = this.choice.devices?.microphoneId;
      track = await createLocalAudioTrack({ ...MICROPHONE, ...(microphoneId ? { deviceId: microphoneId } : {}) });
    } catch (err) {
      this.log.warn('[vitrina] could not start the microphone', mediaError(err));
      return;
    }
    if (isFinal(this._status)) {
      track.stop();
      return;
    }
    this.localTracks.push(track);
    this.choice = { ...this.choice, microphone: true };
    if (this.room?.state === ConnectionState.Connected) await this.room.localParticipant.publishTrack(track);
    this.emit('media');
  }

  /**
   * Shares a screen, window or tab, tuned for a product demo: text must stay sharp, so the
   * browser is told the content is detail and the encoder keeps resolution over frame rate.
   */
  async setScreenShare(on: boolean): Promise<void> {
    const local = this.room?.localParticipant;
    if (!local) return;
    try {
      await this.unheldWhile(() =>
        local.setScreenShareEnabled(
          on,
          { audio: false, contentHint: 'detail', resolution: { width: 1920, height: 1080, frameRate: 15 } },
          { screenShareEncoding: { maxBitrate: 2_500_000, maxFramerate: 15 }, degradationPreference: 'maintain-resolution' },
        ),
      );
    } catch (err) {
      // Mostly the browser's picker closed without a choice: nothing is shared, the button says so, the call goes on.
      this.log.warn('[vitrina] screen sharing did not start', err);
    }
    this.emit('media');
  }

  /** Leaves the room and stops the camera; the status becomes `ended` unless it already is final. */
  async leave(): Promise<void> {
    await this.room?.disconnect(true);
    this.release();
    this.setStatus('ended');
  }

  /**
   * The server says the call is over (the other side hung up): out of the room now; the server
   * deletes it once we have left, or under us after 2 s (see endFromHere). Nothing to do when
   * this side is ending it already.
   */
  protected endedElsewhere(): void {
    if (!this.over) void this.leave();
  }

  /**
   * Ends the call from this side: out of the room first, then `tellServer` (which deletes the room
   * for everyone), then `ended`. A room deleted under a client still in it tears its data channels
   * down before the SDK has heard why, and livekit-client logs each as "closed unexpectedly"
   * (Firefox, whenever the server was quicker than our own leave); a client that has left has
   * nothing open. The server still records who hung up: the participant's leaving only starts a
   * grace period, which the hang-up ends at once.
   */
  protected async endFromHere(tellServer: () => Promise<void>): Promise<void> {
    this.hangingUp = true;
    await this.room?.disconnect(true);
    this.release();
    try {
      await tellServer();
    } finally {
      await this.leave();
    }
  }

  /**
   * Watches what arrives: camera frames, and sound. The SFU's own "paused" signal does
   * not always reach us (measured: a throttled subscriber's video froze with the stream still
   * marked active), so what is received is the truth. Not for a shared screen: a still screen
   * legitimately sends almost nothing.
   */
  private watchMediaFlow(): void {
    clearInterval(this.stallTimer);
    this.stallTimer = setInterval(() => void this.sampleMediaFlow(), 500);
  }

  private async sampleMediaFlow(): Promise<void> {
    const video = this.remoteVideo;
    const audio = this.remoteAudio;
    const [frames, audioBytes] = await Promise.all([
      video instanceof RemoteVideoTrack && !video.isMuted ? video.getReceiverStats().then((s) => s?.framesReceived) : undefined,
      audio instanceof RemoteAudioTrack && !audio.isMuted ? audio.getReceiverStats().then((s) => s?.bytesReceived) : undefined,
    ]);
    const now = Date.now();
    const videoChanged = this.videoFlow.update(frames, now);
    const audioChanged = this.audioFlow.update(audioBytes, now);
    if (videoChanged || audioChanged) this.emit('media');
    if (audioChanged && !this.audioFlow.stalled) this.linkBackAt = now;
    const stuck = videoNeedsRevival({
      videoStalledMs: Math.min(this.videoFlow.stalledFor(now), now - this.linkBackAt),
      audioFlowing: audioBytes !== undefined && !this.audioFlow.stalled,
      pausedBySfu: video?.streamState === Track.StreamState.Paused,
      connected: this.room?.state === ConnectionState.Connected,
      linkPoor: this._quality === 'poor' || this._quality === 'lost',
      lastRevivalAt: this.lastVideoRevivalAt,
      now,
    });
    if (stuck) await this.reviveVideo(now);
  }

  /** Asks the SFU for the other side's camera afresh (see video-revival.ts): unsubscribes, then subscribes again. */
  private async reviveVideo(now: number): Promise<void> {
    const room = this.room;
    const publication = this.admitted ? room?.remoteParticipants.get(this.admitted)?.getTrackPublication(Track.Source.Camera) : undefined;
    if (!room || !publication) return;
    this.lastVideoRevivalAt = now;
    this.log.warn("[vitrina] the other side's video stopped arriving while its sound goes on; subscribing to it afresh", '');
    publication.setSubscribed(false);
    await new Promise((r) => setTimeout(r, 250));
    if (room === this.room && room.state === ConnectionState.Connected && !this.choice.audioOnly) publication.setSubscribed(true);
  }

  /**
   * Lets go of the room and the devices without ending the call (also the first step of every end):
   * a page going away (to the shop's next page, or into the back-forward cache) leaves at once, so
   * the other side sees it, and the camera is free for the page that picks the call up.
   */
  protected release(): void {
    clearInterval(this.stallTimer);
    this.holdWanted = false;
    this.heldSenders.drop();
    this.videoFlow.update(undefined, 0);
    this.audioFlow.update(undefined, 0);
    for (const track of this.localTracks) track.stop();
    this.localTracks = [];
    this.remoteVideo = undefined;
    this.remoteAudio = undefined;
    this.remoteScreen = undefined;
    if (this.room && this.room.state !== ConnectionState.Disconnected) void this.room.disconnect(true);
    this.emit('media');
  }

  private adoptTracks(peer: RemoteParticipant): void {
    for (const pub of peer.trackPublications.values()) {
      if (pub.track && pub.isSubscribed) this.adopt(pub.track, pub);
    }
  }

  private adopt(track: RemoteTrack, publication: RemoteTrackPublication): void {
    if (track.source === Track.Source.Camera && this.choice.audioOnly) {
      // Audio only: the other side's camera is let go as soon as it arrives.
      publication.setSubscribed(false);
      return;
    }
    if (track.source === Track.Source.Camera) this.remoteVideo = track;
    else if (track.source === Track.Source.Microphone) this.remoteAudio = track;
    else if (track.source === Track.Source.ScreenShare) this.remoteScreen = track;
    this.emit('media');
  }

  private wire(room: Room): void {
    let connected = false;
    room
      .on(RoomEvent.Connected, () => (connected = true))
      .on(RoomEvent.AudioPlaybackStatusChanged, () => this.emit('media'))
      .on(RoomEvent.TrackSubscribed, (track, pub, participant) => {
        if (participant.identity === this.admitted) this.adopt(track, pub);
        // A preview's camera: the stage starts playing it out of sight (standbyVideo).
        else if (track.source === Track.Source.Camera) this.emit('media');
      })
      .on(RoomEvent.TrackUnsubscribed, (track) => {
        if (track === this.remoteVideo) this.remoteVideo = undefined;
        if (track === this.remoteAudio) this.remoteAudio = undefined;
        if (track === this.remoteScreen) this.remoteScreen = undefined;
        this.emit('media');
      })
      .on(RoomEvent.TrackMuted, () => this.emit('media'))
      // The browser's own "Stop sharing" ends the share without us: show it.
      .on(RoomEvent.LocalTrackUnpublished, () => this.emit('media'))
      .on(RoomEvent.TrackUnmuted, () => this.emit('media'))
      .on(RoomEvent.TrackStreamStateChanged, () => this.emit('media'))
      .on(RoomEvent.ParticipantConnected, () => {
        // Whom we preview to may have just come (the ringing consultant's console).
        this.previewChanged();
        this.emit('media');
      })
      .on(RoomEvent.ParticipantDisconnected, () => this.emit('media'))
      .on(RoomEvent.ConnectionQualityChanged, (quality, participant) => {
        if (participant !== room.localParticipant) return;
        this._quality = QUALITY[quality];
        this.emit('media');
      })
      .on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
        // Only the server sends chat (browsers' tokens cannot publish data); ignore anything else.
        if (participant || topic !== CHAT_TOPIC) return;
        try {
          this.addLines([JSON.parse(new TextDecoder().decode(payload)) as unknown]);
        } catch {
          this.log.warn('[vitrina] dropped a malformed chat line', '');
        }
      })
      .on(RoomEvent.RoomMetadataChanged, (raw) => {
        const meta = parseRoomMetadata(raw);
        if (!meta) return;
        this.followRecorder(meta);
        this.emit('metadata', meta);
      })
      .on(RoomEvent.Reconnecting, () => {
        // Already reconnecting (our own rejoin's room lost its link too): where to go back to stays.
        if (this._status !== 'reconnecting') this.beforeReconnect = this._status;
        this.setStatus('reconnecting');
      })
      .on(RoomEvent.Reconnected, () => {
        this.linkBackAt = Date.now();
        if (this._status === 'reconnecting') this.setStatus(this.beforeReconnect);
      })
      .on(RoomEvent.Disconnected, (reason) => {
        if (isFinal(this._status) || room !== this.room) return;
        // A first connect that failed emits this too, but join() throws and its caller decides: recovering
        // as well would show a join that never happened as "reconnecting" and ask our server for a rejoin.
        if (!connected || reason === DisconnectReason.CLIENT_INITIATED) return;
        const byServer =
          reason === DisconnectReason.ROOM_DELETED ||
          reason === DisconnectReason.PARTICIPANT_REMOVED ||
          reason === DisconnectReason.ROOM_CLOSED ||
          // The same call opened in another tab (a duplicated tab): it goes on there.
          reason === DisconnectReason.DUPLICATE_IDENTITY;
        if (byServer) {
          this.release();
          this.setStatus('ended');
        } else {
          void this.recover();
        }
      });
  }
}

const CAMERA = { resolution: { width: 640, height: 480, frameRate: 24 } };
const MICROPHONE = { echoCancellation: true, noiseSuppression: true };

const QUALITY: Record<ConnectionQuality, Quality> = {
  [ConnectionQuality.Excellent]: 'excellent',
  [ConnectionQuality.Good]: 'good',
  [ConnectionQuality.Poor]: 'poor',
  [ConnectionQuality.Lost]: 'lost',
  [ConnectionQuality.Unknown]: 'unknown',
};
