/**
 * The recorder page's worker. Every subscribed track's receiver hands its encoded frames here
 * (RTCRtpScriptTransform); we copy them into batches for the server. Only video key frames are
 * passed on to the browser's decoder (see `pump`); nothing else of the call is decoded. One
 * worker serves all tracks of a call.
 */
import { encodeBatch, FRAME_KEY, FRAME_RED, type EncodedFrameRecord, type TrackInfo } from '../frame-batch.js';

/** What the page passes as the transform's options for each track. */
export type TapOptions = Omit<TrackInfo, 'mime'>;

export type WorkerCommand = { type: 'configure'; ingestUrl: string; key: string } | { type: 'flush' };
export type WorkerReply = { type: 'flushed'; frames: number } | { type: 'ingest-failed'; status: number };

interface Transformer {
  readonly readable: ReadableStream<RTCEncodedVideoFrame | RTCEncodedAudioFrame>;
  readonly writable: WritableStream<RTCEncodedVideoFrame | RTCEncodedAudioFrame>;
  readonly options: TapOptions;
}
interface WorkerScope {
  onrtctransform: ((event: { transformer: Transformer }) => void) | null;
  onmessage: ((event: MessageEvent<WorkerCommand>) => void) | null;
  postMessage(message: WorkerReply): void;
}
const scope = self as unknown as WorkerScope;

const FLUSH_EVERY_MS = 500;
let ingest: { url: string; key: string } | undefined;
let pendingTracks: TrackInfo[] = [];
const announced = new Set<number>();
let frames: EncodedFrameRecord[] = [];
let sent = 0;
let chain: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const command = event.data;
  if (command.type === 'configure') ingest = { url: command.ingestUrl, key: command.key };
  else if (command.type === 'flush') void flush().then(() => scope.postMessage({ type: 'flushed', frames: sent }));
};

scope.onrtctransform = (event) => {
  void pump(event.transformer);
};

/**
 * A Chromium receiver that has decoded nothing asks the sender for a key frame every ~200 ms,
 * and the SFU passes each request on: with every frame kept from the decoder, both parties'
 * encoders made a key frame every ~0.35 s for the whole call (`recording.test.ts` counts them).
 * Once it has decoded a key frame it asks only after seconds without frames, so each key
 * frame is handed on: a few decodes a minute instead of decoding the call.
 */
async function pump(transformer: Transformer): Promise<void> {
  const reader = transformer.readable.getReader();
  const decoder = transformer.writable.getWriter();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const handOn = isVideoKeyFrame(value);
    take(transformer.options, value, handOn);
    // A frame the decoder refuses costs only a later key-frame request: the copy is already taken.
    if (handOn) decoder.write(value).catch(() => undefined);
  }
}

const isVideoKeyFrame = (frame: RTCEncodedVideoFrame | RTCEncodedAudioFrame): boolean => 'type' in frame && frame.type === 'key';

/** `handedOn`: the frame goes on to the decoder, which takes its buffer, so the batch needs a copy of its own. */
function take(track: TapOptions, frame: RTCEncodedVideoFrame | RTCEncodedAudioFrame, handedOn: boolean): void {
  const meta = frame.getMetadata() as RTCEncodedVideoFrameMetadata &
    RTCEncodedAudioFrameMetadata & { mimeType?: string; rtpTimestamp?: number; receiveTime?: number };
  const mime = meta.mimeType ?? '';
  if (!announced.has(track.no)) {
    announced.add(track.no);
    pendingTracks.push({ ...track, mime });
  }
  const isVideo = 'type' in frame;
  const key = !isVideo || frame.type === 'key';
  frames.push({
    track: track.no,
    flags: (key ? FRAME_KEY : 0) | (mime === 'audio/red' ? FRAME_RED : 0),
    rtpTimestamp: meta.rtpTimestamp ?? frame.timestamp,
    // When its last packet came off the network: frames reach this worker in bursts, so our own clock would add that queueing.
    receivedAtMs: performance.timeOrigin + (meta.receiveTime ?? performance.now()),
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    data: new Uint8Array(handedOn ? frame.data.slice(0) : frame.data),
  });
}

/** Sends what has been taken so far; batches go one after another, in order. */
function flush(): Promise<void> {
  if (!ingest || (frames.length === 0 && pendingTracks.length === 0)) return chain;
  const body = encodeBatch({ tracks: pendingTracks }, frames);
  const count = frames.length;
  pendingTracks = [];
  frames = [];
  const { url, key } = ingest;
  chain = chain.then(async () => {
    try {
      const res = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/octet-stream', 'X-Recorder-Key': key } });
      if (res.ok) sent += count;
      else scope.postMessage({ type: 'ingest-failed', status: res.status });
    } catch {
      scope.postMessage({ type: 'ingest-failed', status: 0 });
    }
  });
  return chain;
}

setInterval(() => void flush(), FLUSH_EVERY_MS);
