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
