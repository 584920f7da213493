import { ConnectionError, ConnectionErrorReason } from 'livekit-client';
import { CallError, type CallErrorReason } from './call-error.js';

/*
 * Apart from call-error.ts, which the lobby, the call-back form and the device check use: they
 * must not pull livekit-client in with them (it loads behind the lobby, see call-panel.ts).
 */

/**
 * Why livekit-client's `ConnectionError` says a join failed, in the UI's words. Keyed by the SDK's
 * reason, never its message (unversioned text, partly the server's); a reason a later SDK adds
 * fails the type check here until someone decides what it means.
 */
const JOIN_REASONS: Record<ConnectionErrorReason, CallErrorReason> = {
  // The server's validate answered 401/403 (a token bad, expired or for another room) or 404 (the
  // room is gone, so the call ended meanwhile): this token will never get in.
  [ConnectionErrorReason.NotAllowed]: 'token-rejected',
  // Nothing answered: not the validate request, not the signal socket (a proxy that blocks
  // WebSockets looks the same), not within the signal timeout.
  [ConnectionErrorReason.ServerUnreachable]: 'server-unreachable',
  [ConnectionErrorReason.WebSocket]: 'server-unreachable',
  [ConnectionErrorReason.Timeout]: 'server-unreachable',
  // It answered, but not as a working LiveKit: an error status, no media connection, an
  // incompatible version.
  [ConnectionErrorReason.InternalError]: 'media-unavailable',
  [ConnectionErrorReason.ServiceNotFound]: 'media-unavailable',
  // Our own disconnect aborted the attempt (a hang-up, the page going away).
  [ConnectionErrorReason.Cancelled]: 'cancelled',
  // The server sent us away while we were joining (the room closing, this identity removed).
  [ConnectionErrorReason.LeaveRequest]: 'connection-lost',
};

/** Maps a failed `room.connect()` to a reason the UI can show; the original error stays the cause. */
export function joinError(err: unknown): CallError {
  if (err instanceof CallError) return err;
  // `instanceof` on the SDK's generic class types its fields as any; the annotation puts the enum back.
  const reason: ConnectionErrorReason | undefined = err instanceof ConnectionError ? (err as ConnectionError).reason : undefined;
  return new CallError(reason === undefined ? 'unknown' : JOIN_REASONS[reason], 'Could not join the call', { cause: err });
}
