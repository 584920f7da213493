/**
 * Every code our API answers an error with. A client switches on these, so a new one is added
 * here first; `HttpError` accepts nothing else.
 */
export const ERROR_CODES = [
  // The request itself, on any route.
  'bad-request',
  'body-too-large',
  'invalid-json',
  'invalid-input',
  'unsupported-encoding',
  'undecodable-path',
  'not-found',
  'range-not-satisfiable',
  'rate-limited',
  'too-many-streams',
  'internal',
  // Who is asking.
  'origin-required',
  'origin-not-allowed',
  'cross-origin',
  'call-key-missing',
  'call-key-invalid',
  'not-signed-in',
  'session-invalid',
  'session-ended',
  'forbidden',
  'wrong-credentials',
  'bad-setup-link',
  'setup-done',
  'webhook-unverified',
  'webhook-stale',
  'webhook-replayed',
  'api-key-invalid',
  'signature-invalid',
  'signature-stale',
  // Calls and the queue.
  'closed',
  'no-consultants',
  'consultant-away',
  'consultant-not-found',
  'consultant-unavailable',
  'media-unavailable',
  'call-not-found',
  'call-ended',
  'call-not-rateable',
  'call-not-answered',
  'mail-unavailable',
  'offer-gone',
  'not-in-call',
  'conversation-full',
  'no-video-request',
  'callback-not-found',
  'callback-done',
  // The owner's pages.
  'email-taken',
  'cannot-disable-self',
  'cannot-remove-self',
  'recording-in-progress',
  'recording-not-found',
  'composite-not-ready',
  'api-key-not-found',
  'webhook-endpoint-not-found',
  'webhook-delivery-not-found',
  'catalogue-no-feed',
  'feed-invalid',
  'feed-unreachable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every error our API answers with: a code a program can switch on, a sentence for people, and the field at fault when one is. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}
