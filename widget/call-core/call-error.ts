import { ConnectionError, ConnectionErrorReason } from 'livekit-client';

export type CallErrorReason =
  | 'permission-denied'
  | 'no-device'
  | 'device-busy'
  | 'origin-not-allowed'
  | 'closed'
  | 'consultant-away'
  | 'rate-limited'
  | 'server-unreachable'
  | 'media-unavailable'
  | 'token-rejected'
  | 'connection-lost'
  | 'cancelled'
  | 'unsupported-browser'
  | 'unknown';

/** Every failure the UI can show carries a reason it can translate, and the original cause. */
export class CallError extends Error {
  constructor(
    readonly reason: CallErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CallError';
  }
}

/** Maps getUserMedia's DOMExceptions to reasons a person can act on. */
export function mediaError(err: unknown): CallError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new CallError('permission-denied', 'Camera or microphone permission was denied', { cause: err });
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new CallError('no-device', 'No camera or microphone was found', { cause: err });
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return new CallError('device-busy', 'The camera or microphone is in use by another program', { cause: err });
  }
  return err instanceof CallError ? err : new CallError('unknown', String(err), { cause: err });
}

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
