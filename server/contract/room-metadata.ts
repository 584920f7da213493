import type { RoomMetadata } from './calls.js';

/**
 * The room's metadata as LiveKit hands it to a browser, or undefined when it is not ours
 * (unset, mangled, another version). Read by the shopper's widget, the consultant's console and
 * the recorder page alike, so that all three agree on when a call is answered.
 */
export function parseRoomMetadata(raw: string | undefined): RoomMetadata | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<RoomMetadata>;
    if (!(value.v === 1 && typeof value.shopper === 'string' && (value.state === 'waiting' || value.state === 'answered'))) return undefined;
    const { chat, ...rest } = value as RoomMetadata;
    if (typeof chat !== 'object' || chat === null) return rest;
    // An ask from anyone but the two sides is no ask: the call stays text only.
    return { ...rest, chat: chat.ask === 'shopper' || chat.ask === 'agent' ? { ask: chat.ask } : {} };
  } catch {
    return undefined;
  }
}
