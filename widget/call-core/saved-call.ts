import type { MediaChoice } from './call-session.js';

/**
 * The shopper's call in progress, kept in this tab's session storage so that the next page
 * of the shop picks it up and rejoins: same call, same place in line, same consultant.
 * Session storage, not local: another tab, or tomorrow, is not the same visit.
 */
export interface SavedCall {
  callId: string;
  callKey: string;
  media: MediaChoice;
  /** The shopper had shrunk the panel to a small floating view. */
  minimised: boolean;
}

const keyFor = (server: string) => `vitrina:call:${new URL(server).origin}`;

export function readSavedCall(server: string): SavedCall | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(keyFor(server)) ?? 'null') as Partial<SavedCall> | null;
    if (!v || typeof v.callId !== 'string' || typeof v.callKey !== 'string' || typeof v.media !== 'object' || v.media === null) return undefined;
    const d: Record<string, unknown> = typeof v.media.devices === 'object' && v.media.devices !== null ? { ...v.media.devices } : {};
    const devices = Object.fromEntries(['cameraId', 'microphoneId', 'speakerId'].filter((k) => typeof d[k] === 'string').map((k) => [k, d[k] as string]));
    const media = {
      camera: v.media.camera === true,
      microphone: v.media.microphone !== false,
      devices,
      ...(v.media.audioOnly === true ? { audioOnly: true } : {}),
      ...(v.media.chatOnly === true ? { chatOnly: true } : {}),
    };
    return { callId: v.callId, callKey: v.callKey, media, minimised: v.minimised === true };
  } catch {
    return undefined; // storage blocked or mangled: the call simply does not follow to the next page
  }
}

export function saveCall(server: string, call: SavedCall): void {
  try {
    sessionStorage.setItem(keyFor(server), JSON.stringify(call));
  } catch {
    // storage blocked: the call lasts as long as this page
  }
}

export function forgetCall(server: string): void {
  try {
    sessionStorage.removeItem(keyFor(server));
  } catch {
    // nothing was kept
  }
}
