import { rm } from 'node:fs/promises';
import { recorderIdentity } from '../server/contract/identities.js';
import { newId } from '../server/ids.js';
import { mintRecorderToken } from '../server/livekit/tokens.js';
import type { Logger } from '../server/log.js';
import type { Store } from '../server/store/store.js';
import { NoDurationError, probeDurationMs, remuxSeekable, type FfmpegTools } from './ffmpeg.js';
import type { BatchHeader, EncodedFrameRecord } from './recorder/frame-batch.js';
import type { RecorderPage } from './recorder/recorder-browser.js';
import type { RecorderHost } from './recorder/recorder-host.js';
import type { RecordingStorage } from './storage.js';
import { holdsPlayback, TrackWriter, UnsupportedCodecError } from './track-writer.js';

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

/** What another server's call service told every recorder (several servers: over the bus). */
export type RecorderNews = { callId: string; event: 'answered'; at: number } | { callId: string; event: 'ended' };

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
  /** This recorder's name in the call's lease, unique among the servers sharing the store. */
  holder: string;
  /** How long a lease lasts unrenewed: a server gone this long has its recordings taken over. */
  leaseMs: number;
  /** No other server shares the store: at start-up every unfinished recording is this one's to finish. */
  soleServer: boolean;
}

/**
 * Records every answered call: a recorder page per call in one server-side browser, each
 * received track written unchanged to its own file as frames arrive, and finished seekable
 * (a stream copy) when the call ends. A recorder that dies never ends the call: its files are
 * finished as they are, marked partial, and a new recorder joins if the call goes on.
 *
 * Several servers share the calls, and a call must get exactly one recorder: a server records a
 * call only while it holds the call's lease in the store, renewed every third of its length.
 * A server that dies stops renewing; when its lease runs out, another takes the recording over
 * (its files so far are kept as partial, a new segment starts), and settles it if the call ended.
 */
export class RecordingService implements CallRecorder {
  private readonly sessions = new Map<string, Session>();
  /** One operation at a time per call: start, stop and recover never interleave. */
  private readonly work = new Map<string, Promise<void>>();
  /** Calls whose recorder failed to start or to write, and how many times. */
  private readonly failures = new Map<string, number>();
  /** Files filed as written (not seekable) because ffmpeg could not rewrite them; retried at the call's end. */
  private readonly unseekable = new Set<string>();
  /** Calls whose lease this server holds: from its first recorder for the call until the recording is settled. */
  private readonly held = new Set<string>();
  private ticker: NodeJS.Timeout | undefined;
  private stopping = false;

  private readonly finished = new Set<(callId: string, status: 'complete' | 'partial' | 'failed') => void>();

  constructor(private readonly o: RecordingServiceOptions) {}

  /** Hears of each call's recording settled on this server, once its call has ended. */
  onFinished(listener: (callId: string, status: 'complete' | 'partial' | 'failed') => void): void {
    this.finished.add(listener);
  }

  /** This server's name in the leases of the calls it records (operators and tests find who records what). */
  get holder(): string {
    return this.o.holder;
  }

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
          if (session.answered || this.sessions.get(callId) !== session) return;
          const call = await this.o.store.calls.get(callId);
          // Answered on a server whose news did not reach us: keep recording.
          if (call?.state === 'in-call' && call.answeredAt !== null) return this.markAnswered(session, call.answeredAt);
          await this.finishSession(session);
          await this.letGo(callId);
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
      if (ready) await this.markAnswered(ready, at);
      else if (!this.stopping && (await this.o.enabled())) await this.startSession(callId);
    });
  }

  private async markAnswered(session: Session, at: number): Promise<void> {
    if (session.answered) return;
    clearTimeout(session.unanswered);
    session.answered = true;
    session.zero = await this.o.store.recordings.start(session.callId, session.zero ?? at);
    this.o.log.info('recording started', { callId: session.callId, segment: session.segment, joinedAtRing: true });
  }

  /** Another server answered or ended a call: only the recorder that holds it (or may take it) acts. */
  heard(news: RecorderNews): void {
    if (news.event === 'answered') this.callAnswered(news.callId, news.at);
    else void this.callEnded(news.callId);
  }

  callEnded(callId: string): Promise<void> {
    this.failures.delete(callId);
    return this.serial(callId, async () => {
      // Another server records it and hears of the end itself; a recording nobody holds is anyone's to settle.
      if (!this.held.has(callId) && !(await this.takeOrphan(callId))) return;
      const session = this.sessions.get(callId);
      if (session) await this.finishSession(session);
      // Files first: the recording's status says it is final only once they are.
      await this.rewriteUnseekable(callId);
      await this.settle(callId);
    });
  }

  /**
   * Starts the lease keeping, and takes over what a stopped server left: files it left mid-write
   * are finished as partial; calls still going on get a recorder again, the rest are settled.
   */
  async start(): Promise<void> {
    // On its own, a server starting finds only its own past: nobody else can be recording.
    await this.takeOver(this.o.soleServer ? Number.MAX_SAFE_INTEGER : this.o.now());
    this.ticker = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.o.leaseMs / 3)));
    this.ticker.unref();
  }

  /** Renews this server's leases, catches up on news it missed, and takes over recordings whose server is gone. */
  private async tick(): Promise<void> {
    if (this.stopping) return;
    const { store, log } = this.o;
    try {
      for (const callId of [...this.held]) {
        const now = this.o.now();
        if (!(await store.recordings.claim(callId, this.o.holder, now, now + this.o.leaseMs))) {
          // We were too slow to renew and another server took it: its recorder is the call's now.
          log.warn('another server took over a recording', { callId });
          this.held.delete(callId);
          const session = this.sessions.get(callId);
          if (session) {
            session.lost = true;
            void this.serial(callId, () => this.finishSession(session));
          }
          continue;
        }
        const call = await store.calls.get(callId);
        if (call?.state === 'ended') void this.callEnded(callId);
        else if (call?.state === 'in-call' && call.answeredAt !== null) {
          const session = this.sessions.get(callId);
          if (session && !session.answered) void this.serial(callId, () => this.markAnswered(session, call.answeredAt as number));
        }
      }
      await this.takeOver(this.o.now());
    } catch (err) {
      log.error('could not keep the recorder leases', { err });
    }
  }

  /** Recordings whose recorder is gone (no lease, or one that ran out at `asOf`): one server takes each. */
  private async takeOver(asOf: number): Promise<void> {
    for (const callId of await this.o.store.recordings.unclaimed(asOf)) {
      await this.serial(callId, async () => {
        if (this.held.has(callId) || !(await this.takeOrphan(callId, asOf))) return;
        this.o.log.info('took over a recording whose recorder is gone', { callId });
        if (await this.o.inCall(callId)) await this.startSession(callId);
        else await this.settle(callId);
      });
    }
  }

  /**
   * Claims a recording nobody holds; its files left mid-write by the recorder that held it are
   * finished as they are (partial). False when another server holds it, or it needs nobody.
   */
  private async takeOrphan(callId: string, asOf = this.o.now()): Promise<boolean> {
    const { store } = this.o;
    if ((await store.history.summary(callId))?.recording !== 'recording') return false;
    if (!(await this.claim(callId, asOf))) return false;
    for (const track of await store.recordings.tracksOf(callId)) {
      if (track.status === 'writing') await this.commitFile(track.id, 'partial', undefined);
    }
    return true;
  }

  private async claim(callId: string, asOf = this.o.now()): Promise<boolean> {
    const won = await this.o.store.recordings.claim(callId, this.o.holder, asOf, this.o.now() + this.o.leaseMs);
    if (won) this.held.add(callId);
    return won;
  }

  /** The call's recording needs this server no more: another may take the lease at once. */
  private async letGo(callId: string): Promise<void> {
    if (!this.held.delete(callId)) return;
    await this.o.store.recordings.release(callId, this.o.holder);
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

  /** Graceful shutdown: every file is finished; calls still going on are taken over by another server or the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.ticker);
    await Promise.all([...this.sessions.values()].map((s) => this.serial(s.callId, () => this.finishSession(s))));
    await Promise.all(this.work.values());
    // Shutting down: a lease not released runs out by itself and another server takes the recording over.
    await Promise.all([...this.held].map((callId) => this.letGo(callId).catch(() => undefined)));
    await this.o.browser.close();
    await this.o.host.stop();
  }

  private serial(callId: string, job: () => Promise<void>): Promise<void> {
    const next = (this.work.get(callId) ?? Promise.resolve()).then(job).catch((err: unknown) => this.o.log.error('recording step failed', { callId, err }));
    this.work.set(callId, next);
    void next.then(() => {
      if (this.work.get(callId) === next) this.work.delete(callId);
    });
    return next;
  }

  /** A recorder for a call already answered (after the answer, a restart or a lost recorder). */
  private async startSession(callId: string): Promise<void> {
    // Another server's recorder has the call: it records it.
    if (!(await this.claim(callId))) return;
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
    if (!(await this.claim(callId))) return undefined;
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
      if (zero === undefined || !(await this.o.inCall(callId)))
        this.o.log.warn('the recorder could not join (the call may have ended)', { callId, segment, err });
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
      if (!holdsPlayback(summary)) {
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
    const summary = await this.o.store.history.summary(callId);
    if (summary?.recording === 'recording') {
      const tracks = await this.o.store.recordings.tracksOf(callId);
      // A chat that never became video had nothing to record (its conversation is stored with the call): not a failure.
      const nothingToRecord = summary.kind === 'chat' && summary.videoSince === null;
      const status =
        tracks.length === 0 ? (nothingToRecord ? 'complete' : 'failed') : tracks.some((t) => t.status === 'partial' || t.segment > 1) ? 'partial' : 'complete';
      await this.o.store.recordings.finish(callId, status);
      this.o.log.info('recording finished', { callId, status, files: tracks.length });
      for (const listener of this.finished) listener(callId, status);
    }
    await this.letGo(callId);
  }
}
