import { randomBytes } from 'node:crypto';

/** Unguessable ids: a call id is also a LiveKit room name, so it must not be enumerable. */
export function newId(kind: 'call' | 'agent' | 'cb' | 'trk' | 'msg' | 'key' | 'whe' | 'dlv' | 'evt'): string {
  return `${kind}_${randomBytes(16).toString('base64url')}`;
}
