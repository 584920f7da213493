import { open, type FileHandle } from 'node:fs/promises';
import { EncodedAudioPacketSource, EncodedPacket, EncodedVideoPacketSource, Output, StreamTarget, WebMOutputFormat, type StreamTargetChunk } from 'mediabunny';
import { FRAME_KEY, FRAME_RED, type EncodedFrameRecord, type TrackInfo } from './recorder/frame-batch.js';
import { primaryOpusOfRed } from './recorder/red.js';

/** WebM holds these as sent; anything else (H.264) would need another container. */
const VIDEO_CODECS = { 'video/vp8': 'vp8', 'video/vp9': 'vp9', 'video/av1': 'av1' } as const;
const DECODER_CODEC = { vp8: 'vp8', vp9: 'vp09.00.10.08', av1: 'av01.0.04M.08' } as const;
const RTP_CLOCK = { video: 90_000, audio: 48_000 } as const;
const FIRST_VIDEO_FRAME_S = 1 / 24;
const OPUS_FRAME_S = 0.02;

export class UnsupportedCodecError extends Error {}

export interface TrackSummary {
  /** Where the track starts on the recording's timeline (ms after the recorder joined). */
  offsetMs: number;
  durationMs: number;
  frames: number;
  bytes: number;
  /** A write failed (a full disk): the file holds what came before it, and is partial. */
  cutShort: boolean;
}

/**
 * Whether a finished track is worth a file. One frame is a still picture (or 20 ms of sound)
 * with no length a player can show or seek in (ffprobe: "duration N/A"): a track that started
 * just as the call ended or its media server died. Nothing is lost by dropping it.
 */
export const holdsPlayback = (summary: Pick<TrackSummary, 'frames'>): boolean => summary.frames > 1;

/**
 * Writes one received track, frame by frame and unchanged, into an append-only WebM file, so
 * what is on disk is playable up to the last second even if nobody ever finishes it.
 *
 * Timing: the RTP timestamps give each frame its place within the track (the sender's clock,
 * smooth and with gaps kept); the first frame's arrival puts the track on the recording's
 * timeline, which is what lines up tracks from different senders.
 */
export class TrackWriter {
  private readonly output: Output;
  private readonly source: EncodedVideoPacketSource | EncodedAudioPacketSource;
  readonly codec: 'vp8' | 'vp9' | 'av1' | 'opus';
  private file: FileHandle | undefined;
  private started = false;
  private lastRtp = 0;
  private extendedRtp = 0;
  private offsetS = 0;
  /**
   * The earliest the first frame could have arrived, judged from every frame since: a frame's
   * arrival minus its RTP time since the first. The least-delayed frame wins, so a first key
   * frame that was slow to arrive (it is the largest) does not shift the whole track.
   */
  private bestStartMs = Infinity;
  private pending: { data: Uint8Array; key: boolean; t: number } | undefined;
  private lastT = -1;
  private lastDuration: number;
  private frames = 0;
  private bytes = 0;
  /** The decoder config goes with the first packet only. */
  private firstMeta: { decoderConfig: VideoDecoderConfig | AudioDecoderConfig } | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** The first write that failed; after it the writer takes no more frames. */
  private failure: unknown;

  private constructor(
    readonly info: TrackInfo,
    private readonly path: string,
    private readonly timelineStartMs: number,
    private readonly onStarted: (offsetMs: number) => void,
  ) {
    const mime = info.mime.toLowerCase();
    if (info.kind === 'video') {
      const codec = VIDEO_CODECS[mime as keyof typeof VIDEO_CODECS];
      if (!codec) throw new UnsupportedCodecError(`cannot keep ${info.mime} in WebM`);
      this.codec = codec;
      this.source = new EncodedVideoPacketSource(codec);
      this.lastDuration = FIRST_VIDEO_FRAME_S;
    } else {
      if (mime !== 'audio/opus' && mime !== 'audio/red') throw new UnsupportedCodecError(`cannot keep ${info.mime} in WebM`);
      this.codec = 'opus';
      this.source = new EncodedAudioPacketSource('opus');
      this.lastDuration = OPUS_FRAME_S;
    }
    const writable = new WritableStream<StreamTargetChunk>({
      write: async (chunk) => {
        this.file ??= await open(this.path, 'w');
        await this.file.write(chunk.data, 0, chunk.data.byteLength, chunk.position);
        this.bytes = Math.max(this.bytes, chunk.position + chunk.data.byteLength);
      },
    });
    this.output = new Output({ format: new WebMOutputFormat({ appendOnly: true, minimumClusterDuration: 1 }), target: new StreamTarget(writable) });
    if (this.source instanceof EncodedVideoPacketSource) this.output.addVideoTrack(this.source);
    else this.output.addAudioTrack(this.source);
  }

  static async create(info: TrackInfo, path: string, timelineStartMs: number, onStarted: (offsetMs: number) => void = () => {}): Promise<TrackWriter> {
    const writer = new TrackWriter(info, path, timelineStartMs, onStarted);
    try {
      await writer.output.start();
    } catch (err) {
      // The start's error is the one to report; the file is only being let go.
      await writer.file?.close().catch(() => undefined);
      throw err;
    }
    return writer;
  }

  /**
   * Frames are taken in arrival order; writes are serialised so a slow disk never reorders them.
   * A failed write (a full disk) stops the writer rather than throwing at every later frame:
   * `failed` says so, and the file keeps what was written before.
   */
  add(frame: EncodedFrameRecord): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await this.write(frame);
      } catch (err) {
        this.failure = err;
      }
    });
    return this.queue;
  }

  get failed(): unknown {
    return this.failure;
  }

  /** Never throws: a writer that failed, or fails now, closes its file with what it has. */
  async finish(): Promise<TrackSummary> {
    await this.queue;
    if (this.failure === undefined) {
      try {
        if (this.pending) await this.flushPending(this.lastDuration);
        if (this.started) await this.output.finalize();
        else await this.output.cancel();
      } catch (err) {
        this.failure = err;
      }
    }
    // A disk that refused the last write may refuse the close too: what was written stays, and `failure` already says why.
    await this.file?.close().catch(() => undefined);
    const offsetMs = Number.isFinite(this.bestStartMs) ? Math.max(0, this.bestStartMs - this.timelineStartMs) : this.offsetS * 1000;
    return {
      offsetMs: Math.round(offsetMs),
      durationMs: Math.round(Math.max(0, this.lastT + this.lastDuration) * 1000),
      frames: this.frames,
      bytes: this.bytes,
      cutShort: this.failure !== undefined,
    };
  }

  private async write(frame: EncodedFrameRecord): Promise<void> {
    const key = (frame.flags & FRAME_KEY) !== 0;
    let data: Uint8Array | undefined = frame.data;
    if (frame.flags & FRAME_RED) data = primaryOpusOfRed(frame.data);
    if (!data || data.byteLength === 0) return;
    if (!this.started) {
      // A video file must open on a key frame; what came before it cannot be decoded anyway.
      if (this.info.kind === 'video' && !key) return;
      this.started = true;
      this.lastRtp = frame.rtpTimestamp;
      this.offsetS = Math.max(0, (frame.receivedAtMs - this.timelineStartMs) / 1000);
      this.bestStartMs = frame.receivedAtMs;
      this.onStarted(Math.round(this.offsetS * 1000));
      this.addFirst(data, frame);
      return;
    }
    // RTP timestamps are 32-bit and wrap; keep counting past the wrap.
    const step = (frame.rtpTimestamp - this.lastRtp) | 0;
    this.lastRtp = frame.rtpTimestamp;
    this.extendedRtp += step;
    const t = this.extendedRtp / RTP_CLOCK[this.info.kind];
    this.bestStartMs = Math.min(this.bestStartMs, frame.receivedAtMs - t * 1000);
    if (t <= this.lastT) return;
    await this.flushPending(t - (this.pending?.t ?? t));
    this.pending = { data, key, t };
    this.lastT = t;
  }

  private addFirst(data: Uint8Array, frame: EncodedFrameRecord): void {
    this.pending = { data, key: true, t: 0 };
    this.lastT = 0;
    if (this.source instanceof EncodedVideoPacketSource) {
      this.firstMeta = { decoderConfig: { codec: DECODER_CODEC[this.codec as 'vp8'], codedWidth: frame.width || 640, codedHeight: frame.height || 480 } };
    } else {
      // The TOC byte's stereo bit says how many channels the sender encodes.
      const stereo = ((data[0] ?? 0) & 0x04) !== 0;
      this.firstMeta = { decoderConfig: { codec: 'opus', numberOfChannels: stereo ? 2 : 1, sampleRate: 48_000 } };
    }
  }

  private async flushPending(duration: number): Promise<void> {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    if (duration > 0) this.lastDuration = duration;
    const packet = new EncodedPacket(p.data, p.key ? 'key' : 'delta', p.t, this.lastDuration);
    const meta = this.firstMeta;
    this.firstMeta = undefined;
    if (this.source instanceof EncodedVideoPacketSource) await this.source.add(packet, meta);
    else await this.source.add(packet, meta as EncodedAudioChunkMetadata | undefined);
    this.frames++;
  }
}
