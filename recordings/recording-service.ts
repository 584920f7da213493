import { rm } from 'node:fs/promises';
import { recorderIdentity } from '../server/contract/calls.js';
import { newId } from '../server/ids.js';
import { mintRecorderToken } from '../server/livekit/tokens.js';
import type { Logger } from '../server/log.js';
import type { Store } from '../server/store/store.js';
import { NoDurationError, probeDurationMs, remuxSeekable, type FfmpegTools } from './ffmpeg.js';
import type { BatchHeader, EncodedFrameRecord } from './recorder/frame-batch.js';
import type { RecorderPage } from './recorder/recorder-browser.js';
import type { RecorderHost } from './recorder/recorder-host.js';
import type { RecordingStorage } from './storage.js';
import { TrackWriter, UnsupportedCodecError } from './track-writer.js';

/** What the call service needs from a recorder; `NO_RECORDER` when the server records nothing. */
export interface CallRecorder {
  /** The identity both parties must let receive their tracks, if this call is to be recorded. */
  identityFor(callId: string): Promise<string | undefined>;
  /** A consultant is being rung: the recorder joins now, so it is ready the moment they answer. */
  callRinging(callId: string): void;
  /** Called the moment the answer is decided, before anyone lets the recorder in: `at` is the recording's zero. */
  callAnswered(callId: string, at: number): void;
  callEnded(callId: string): Promise<void>;
}

export const NO_RECORDER: CallRecorder = {
  identityFor: async () => undefined,
  callRinging: () => undefined,
  callAnswered: () => undefined,
  callEnded: async () => undefined,
};

export interface RecorderBrowserLike {
  openPage(config: { livekitUrl: string; token: string; ingestUrl: string; key: string }): Promise<RecorderPage>;
  close(): Promise<void>;
}

interface OpenTrack {
  id: string;
  writer: TrackWriter;
}

interface Session {
  callId: string;
  segment: number;
  page: RecorderPage | undefined;
  tracks: Map<number, OpenTrack | null>;
  lost: boolean;
  /** The recording's zero on the call's timeline: the answer, or the first frame if that came first. */
  zero: number | undefined;
  /** The call's row says it is being recorded (a recorder that joined at the ring waits for the answer). */
  answered: boolean;
  /** Closes a recorder that joined for a ring nobody answered. */
  unanswered?: NodeJS.Timeout;
  /** After a file could not be started (a full disk), none is tried again before this time. */
  noNewFilesUntil: number;
}

const RETRY_MS = 2000;
const MAX_RETRY_MS = 30_000;
/** About a minute and a half of tries to start a recorder again for one call. */
const MAX_RETRIES = 6;

export interface RecordingServiceOptions {
  store: Store;
  storage: RecordingStorage;
  host: RecorderHost;
  browser: RecorderBrowserLike;
  tools: FfmpegTools;
  livekit: { url: string; apiKey: string; apiSecret: string };
  log: Logger;
  now: () => number;
  /** The shop's switch; read at each answer, so turning it off takes effect at once. */
  enabled: () => Promise<boolean>;
  /** How long a recorder that joined at a ring waits for the answer before it leaves (default 30 s). */
  ringWaitMs?: number;
  /** Whether the call is still being talked in (a lost recorder then comes back for it). */
  inCall: (callId: string) => Promise<boolean>;
  restartDelayMs?: number;
}

/**
 * Records every answered call: a recorder page per call in one server-side browser, each
 * received track written unchanged to its own file as frames arrive, and finished seekable
 * (a stream copy) when the call ends. A recorder that dies never ends the call: its files are
 * finished as they are, marked partial, and a new recorder joins if the call goes on.
 */
export class RecordingService implements CallRecorder {
  private readonly sessions = new Map<string, Session>();
  /** One operation at a time per call: start, stop and recover never interleave. */
  private readonly work = new Map<string, Promise<void>>();
  /** Calls whose recorder failed to start or to write, and how many times. */
  private readonly failures = new Map<string, number>();
  /** Files filed as written (not seekable) because ffmpeg could not rewrite them; retried at the call's end. */
  private readonly unseekable = new Set<string>();
  private stopping = false;

  constructor(private readonly o: RecordingServiceOptions) {}

  async identityFor(callId: string): Promise<string | undefined> {
    return (await this.o.enabled()) ? recorderIdentity(callId) : undefined;
  }

  callRinging(callId: string): void {
    void this.serial(callId, async () => {
      if (this.stopping || this.sessions.has(callId) || !(await this.o.enabled())) return;
      const session = await this.openSession(callId, undefined);
      if (!session) return;
      session.unanswered = setTimeout(() => {
        void this.serial(callId, async () => {
          if (!session.answered) await this.finishSession(session);
        });
      }, this.o.ringWaitMs ?? 30_000);
      session.unanswered.unref();
    });
  }

  callAnswered(callId: string, at: number): void {
    // The zero is set now, not in turn: the first frames follow the answer within milliseconds.
    const waiting = this.sessions.get(callId);
    if (waiting && waiting.zero === undefined) waiting.zero = at;
    void this.serial(callId, async () => {
      const ready = this.sessions.get(callId);
      if (ready) {
        if (ready.answered) return;
        clearTimeout(ready.unanswered);
        ready.answered = true;
        ready.zero = await this.o.store.recordings.start(callId, ready.zero ?? at);
        this.o.log.info('recording started', { callId, segment: ready.segment, joinedAtRing: true });
      } else if (await this.o.enabled()) {
        await this.startSession(callId);
      }
    });
  }

  callEnded(callId: string): Promise<void> {
    this.failures.delete(callId);
    return this.serial(callId, async () => {
      const session = this.sessions.get(callId);
      if (session) await this.finishSession(session);
      // Files first: the recording's status says it is final only once they are.
      await this.rewriteUnseekable(callId);
      await this.settle(callId);
    });
  }

  /**
   * After a start: files left mid-write by a server that stopped are finished as partial;
   * calls still going on get a recorder again, the rest are settled.
   */
  async recover(): Promise<void> {
    for (const callId of await this.o.store.recordings.unfinished()) {
      await this.serial(callId, async () => {
        for (const track of await this.o.store.recordings.tracksOf(callId)) {
          if (track.status === 'writing') await this.commitFile(track.id, 'partial', undefined);
        }
        if (await this.o.inCall(callId)) await this.startSession(callId);
        else await this.settle(callId);
      });
    }
  }

  /** The recorder browser died: every open session's files are finished as they are, then recorders come back. */
  browserLost(): void {
    this.lost([...this.sessions.values()], 'the recorder browser died');
  }

  /**
   * A session that cannot go on (its page died, a file could not be written): its files are
   * finished as they are, marked partial, and a new session (segment) joins if the call goes on.
   */
  private lost(sessions: Session[], why: string, err?: unknown): void {
    for (const session of sessions) {
      const { callId } = session;
      if (session.lost || this.sessions.get(callId) !== session) continue;
      this.o.log.error('a recording was interrupted mid-call; its files are kept as partial', { callId, segment: session.segment, why, err });
      session.lost = true;
      // A disk that refused a write is given longer each time, so a full disk is not hammered.
      const delayMs = err === undefined ? (this.o.restartDelayMs ?? 1000) : this.nextRetryMs(callId);
      void this.serial(callId, () => this.finishSession(session)).then(() => this.restartLater(callId, delayMs));
    }
  }

  /** A new recorder (segment) for a call still being talked, in a while. */
  private restartLater(callId: string, delayMs: number): void {
    setTimeout(() => {
      void this.serial(callId, async () => {
        if (!this.stopping && !this.sessions.has(callId) && (await this.o.inCall(callId))) await this.startSession(callId);
      });
    }, delayMs).unref();
  }

  /** Growing waits between tries that failed for one call: 2 s, 4 s, 8 s … up to 30 s. */
  private nextRetryMs(callId: string): number {
    const failures = (this.failures.get(callId) ?? 0) + 1;
    this.failures.set(callId, failures);
    return Math.min(MAX_RETRY_MS, RETRY_MS * 2 ** (failures - 1));
  }

  /** Graceful shutdown: every file is finished; calls still going on are picked up by the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.sessions.values()].map((s) => this.serial(s.callId, () => this.finishSession(s))));
    await Promise.all(this.work.values());
    await this.o.browser.close();
    await this.o.host.stop();
  }

  private serial(callId: string, job: () => Promise<void>): Promise<void> {
    const next = (this.work.get(callId) ?? Promise.resolve())
      .then(job)
      .catch((err: unknown) => this.o.log.error('recording step failed', { callId, err }));
    this.work.set(callId, next);
    void next.then(() => {
      if (this.work.get(callId) === next) this.work.delete(callId);
    });
    return next;
  }

  /** A recorder for a call already answered (after the answer, a restart or a lost recorder). */
  private async startSession(callId: string): Promise<void> {
    const session = await this.openSession(callId, await this.o.store.recordings.start(callId, this.o.now()));
    if (session) {
      this.o.log.info('recording started', { callId, segment: session.segment });
    } else if ((this.failures.get(callId) ?? 0) < MAX_RETRIES && (await this.o.inCall(callId))) {
      // The room may be coming back (livekit-server restarting): try again while the call goes on.
      this.restartLater(callId, this.nextRetryMs(callId));
    } else {
      // Failed, unless earlier segments kept part of the call.
      await this.settle(callId);
    }
  }

  /** Joins the call's room with a recorder page; `zero` is unknown while the call only rings. */
  private async openSession(callId: string, zero: number | undefined): Promise<Session | undefined> {
    const segment = Math.max(0, ...(await this.o.store.recordings.tracksOf(callId)).map((t) => t.segment)) + 1;
    const session: Session = { callId, segment, page: undefined, tracks: new Map(), lost: false, zero, answered: zero !== undefined, noNewFilesUntil: 0 };
    const sessionKey = `${callId}.${segment}`;
    const ingest = this.o.host.open(sessionKey, (header, frames) => this.take(session, header, frames));
    this.sessions.set(callId, session);
    try {
      const token = await mintRecorderToken(this.o.livekit, { room: callId, identity: recorderIdentity(callId) });
      session.page = await this.o.browser.openPage({ livekitUrl: this.o.livekit.url, token, ...ingest });
      session.page.onLost((why) => this.lost([session], why));
      return session;
    } catch (err) {
      if (zero === undefined || !(await this.o.inCall(callId))) this.o.log.warn('the recorder could not join (the call may have ended)', { callId, segment, err });
      else this.o.log.error('could not start the recorder', { callId, segment, err });
      this.o.host.close(sessionKey);
      this.sessions.delete(callId);
      return undefined;
    }
  }

  private async take(session: Session, header: BatchHeader, frames: EncodedFrameRecord[]): Promise<void> {
    // Frames come only once the answer has let the recorder in, so the zero is set; should it not
    // be, the earliest frame fixes it (and the answer keeps it) rather than any frame coming before it.
    const zero = (session.zero ??= Math.min(...frames.map((f) => f.receivedAtMs)));
    if (session.lost) return;
    for (const info of header.tracks) {
      if (session.tracks.has(info.no) || this.o.now() < session.noNewFilesUntil) continue;
      try {
        const id = newId('trk');
        const writer = await TrackWriter.create(info, this.o.storage.workingPath(id), zero, (offsetMs) => {
          void this.o.store.recordings.trackStarted(id, offsetMs);
        });
        await this.o.store.recordings.addTrack(
          { id, callId: session.callId, segment: session.segment, participant: info.participant, source: info.source, kind: info.kind, codec: writer.codec },
          this.o.now(),
        );
        session.tracks.set(info.no, { id, writer });
      } catch (err) {
        if (err instanceof UnsupportedCodecError) {
          this.o.log.warn('a track cannot be recorded as sent', { callId: session.callId, mime: info.mime, source: info.source });
          session.tracks.set(info.no, null);
          continue;
        }
        // No file could be started (a full disk): the frames are let go, and a new file is tried in a while.
        this.o.log.error('could not start a recording file; trying again shortly', { callId: session.callId, segment: session.segment, err });
        session.noNewFilesUntil = this.o.now() + RETRY_MS;
      }
    }
    for (const frame of frames) await session.tracks.get(frame.track)?.writer.add(frame);
    const failed = [...session.tracks.values()].find((t) => t?.writer.failed !== undefined);
    if (failed) this.lost([session], 'a recording file could not be written', failed.writer.failed);
  }

  private async finishSession(session: Session): Promise<void> {
    if (this.sessions.get(session.callId) !== session) return;
    clearTimeout(session.unanswered);
    const sessionKey = `${session.callId}.${session.segment}`;
    // Leave the room first, then take the last frames the page still had on their way; a lost
    // page has nothing more to say, but a crashed one still needs closing.
    if (session.page && !session.lost) await session.page.stop(5000);
    await session.page?.close();
    this.o.host.close(sessionKey);
    this.sessions.delete(session.callId);
    for (const track of session.tracks.values()) {
      if (!track) continue;
      const summary = await track.writer.finish();
      if (summary.frames === 0) {
        await this.o.store.recordings.dropTrack(track.id);
        await rm(this.o.storage.workingPath(track.id), { force: true });
      } else {
        await this.commitFile(track.id, session.lost || summary.cutShort ? 'partial' : 'complete', summary.bytes, summary.offsetMs, summary.durationMs);
      }
    }
    this.o.log.info('recording segment finished', { callId: session.callId, segment: session.segment, lost: session.lost, tracks: session.tracks.size });
  }

  /**
   * Makes a working file seekable (a stream copy) and files it under its id. Should that fail
   * (the disk still full, say), the working file is filed as it is: append-only WebM plays
   * without being rewritten, only not seekable. Only a file with nothing playable in it is dropped.
   */
  private async commitFile(trackId: string, status: 'complete' | 'partial', bytes: number | undefined, offsetMs?: number, durationMs?: number): Promise<void> {
    const { storage, tools, store, log } = this.o;
    const working = storage.workingPath(trackId);
    const finished = `${working}.seekable.webm`;
    const at = offsetMs === undefined ? {} : { offsetMs };
    try {
      await remuxSeekable(tools, working, finished);
      const probed = await probeDurationMs(tools, finished);
      await storage.commit(trackId, finished);
      const size = (await storage.open(trackId))?.size ?? bytes ?? 0;
      await store.recordings.finishTrack(trackId, { status, durationMs: probed, bytes: size, ...at });
      return;
    } catch (err) {
      await rm(finished, { force: true });
      log.error('could not make a recording file seekable; keeping it as written', { trackId, err });
    }
    try {
      // ffprobe refuses a file with nothing playable; one without a duration header still plays.
      const probed = await probeDurationMs(tools, working).catch((err: unknown) => {
        if (err instanceof NoDurationError && durationMs !== undefined) return durationMs;
        throw err;
      });
      await storage.commit(trackId, working);
      const size = (await storage.open(trackId))?.size ?? bytes ?? 0;
      await store.recordings.finishTrack(trackId, { status: 'partial', durationMs: probed, bytes: size, ...at });
      this.unseekable.add(trackId);
    } catch (err) {
      log.error('a recording file has nothing playable; dropping it', { trackId, err });
      await store.recordings.dropTrack(trackId);
      await storage.delete(trackId);
    }
  }

  /**
   * Files kept as written because the disk was full get the seekable rewrite they missed, now
   * that the call is over and the disk may have room again; if not, they stay as they play.
   */
  private async rewriteUnseekable(callId: string): Promise<void> {
    const { store, storage, tools, log } = this.o;
    for (const track of await store.recordings.tracksOf(callId)) {
      if (!this.unseekable.delete(track.id)) continue;
      const file = await storage.open(track.id);
      if (!file) continue;
      const rewritten = `${storage.workingPath(track.id)}.seekable.webm`;
      try {
        await remuxSeekable(tools, file.path, rewritten);
        await probeDurationMs(tools, rewritten);
        await storage.commit(track.id, rewritten);
        log.info('a recording file kept as written is seekable now', { trackId: track.id });
      } catch (err) {
        await rm(rewritten, { force: true });
        log.warn('a recording file stays as written (not seekable)', { trackId: track.id, err });
      }
    }
  }

  /** The call is over: its recording is complete only if one recorder saw all of it. */
  private async settle(callId: string): Promise<void> {
    if ((await this.o.store.history.summary(callId))?.recording !== 'recording') return;
    const tracks = await this.o.store.recordings.tracksOf(callId);
    const status = tracks.length === 0 ? 'failed' : tracks.some((t) => t.status === 'partial' || t.segment > 1) ? 'partial' : 'complete';
    await this.o.store.recordings.finish(callId, status);
    this.o.log.info('recording finished', { callId, status, files: tracks.length });
  }
}
