/**
 * The wire format between the recorder page's worker and the server: one POST body carries
 * the tracks first seen since the last batch and every encoded frame taken meanwhile, as they
 * were received. Binary, because a call sends ~100 frames a second and JSON would triple them.
 * Shared by the browser (encode) and Node (decode), so it uses only DataView and TextEncoder.
 *
 *   batch  := u32 headerLength · header (UTF-8 JSON) · frame*
 *   frame  := u16 track · u8 flags · u32 rtpTimestamp · f64 receivedAtMs · u16 width · u16 height · u32 length · bytes
 */

export type TrackSourceName = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio' | 'unknown';

export interface TrackInfo {
  /** Small number naming the track inside one recorder session. */
  no: number;
  participant: string;
  source: TrackSourceName;
  kind: 'video' | 'audio';
  /** The encoded frames' MIME type as the browser reports it, e.g. `video/VP8`, `audio/opus`, `audio/red`. */
  mime: string;
}

export interface BatchHeader {
  tracks: TrackInfo[];
}

export const FRAME_KEY = 1;
/** The frame is `audio/red` (RFC 2198): the Opus frame must be taken out of it. */
export const FRAME_RED = 2;

export interface EncodedFrameRecord {
  track: number;
  flags: number;
  rtpTimestamp: number;
  /** When the frame's last packet arrived, in epoch milliseconds. */
  receivedAtMs: number;
  width: number;
  height: number;
  data: Uint8Array;
}

const FRAME_HEADER_BYTES = 2 + 1 + 4 + 8 + 2 + 2 + 4;

export function encodeBatch(header: BatchHeader, frames: readonly EncodedFrameRecord[]): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode(JSON.stringify(header));
  let size = 4 + head.byteLength;
  for (const f of frames) size += FRAME_HEADER_BYTES + f.data.byteLength;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, head.byteLength);
  out.set(head, 4);
  let at = 4 + head.byteLength;
  for (const f of frames) {
    view.setUint16(at, f.track);
    view.setUint8(at + 2, f.flags);
    view.setUint32(at + 3, f.rtpTimestamp >>> 0);
    view.setFloat64(at + 7, f.receivedAtMs);
    view.setUint16(at + 15, Math.min(f.width, 0xffff));
    view.setUint16(at + 17, Math.min(f.height, 0xffff));
    view.setUint32(at + 19, f.data.byteLength);
    out.set(f.data, at + FRAME_HEADER_BYTES);
    at += FRAME_HEADER_BYTES + f.data.byteLength;
  }
  return out;
}

export class BatchFormatError extends Error {}

/** Reads a batch; throws BatchFormatError on anything truncated or malformed. Frames share the input's memory. */
export function decodeBatch(bytes: Uint8Array): { header: BatchHeader; frames: EncodedFrameRecord[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new BatchFormatError('batch too short');
  const headLength = view.getUint32(0);
  if (4 + headLength > bytes.byteLength) throw new BatchFormatError('header runs past the end');
  let header: BatchHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headLength))) as BatchHeader;
  } catch {
    throw new BatchFormatError('header is not JSON');
  }
  if (!Array.isArray(header?.tracks)) throw new BatchFormatError('header has no track list');
  const frames: EncodedFrameRecord[] = [];
  let at = 4 + headLength;
  while (at < bytes.byteLength) {
    if (at + FRAME_HEADER_BYTES > bytes.byteLength) throw new BatchFormatError('frame header runs past the end');
    const length = view.getUint32(at + 19);
    const start = at + FRAME_HEADER_BYTES;
    if (start + length > bytes.byteLength) throw new BatchFormatError('frame runs past the end');
    frames.push({
      track: view.getUint16(at),
      flags: view.getUint8(at + 2),
      rtpTimestamp: view.getUint32(at + 3),
      receivedAtMs: view.getFloat64(at + 7),
      width: view.getUint16(at + 15),
      height: view.getUint16(at + 17),
      data: bytes.subarray(start, start + length),
    });
    at = start + length;
  }
  return { header, frames };
}
