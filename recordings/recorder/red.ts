/**
 * Takes the primary Opus frame out of an RFC 2198 redundant-audio (`audio/red`) payload.
 * Chromium sends RED when both ends offer it; the recording wants only the newest block
 * (the earlier ones repeat frames already received).
 *
 * Layout: a 4-byte header per redundant block while the top bit is set (F=1, 7-bit payload
 * type, 14-bit timestamp offset, 10-bit length), then a 1-byte header for the primary block
 * (F=0, payload type); the blocks follow in the same order, the primary last.
 */
export function primaryOpusOfRed(payload: Uint8Array): Uint8Array | undefined {
  let at = 0;
  let redundantBytes = 0;
  while (at < payload.byteLength && payload[at] & 0x80) {
    if (at + 4 > payload.byteLength) return undefined;
    const length = ((payload[at + 2] & 0x03) << 8) | payload[at + 3];
    redundantBytes += length;
    at += 4;
  }
  if (at >= payload.byteLength) return undefined;
  const start = at + 1 + redundantBytes;
  if (start > payload.byteLength) return undefined;
  return payload.subarray(start);
}
