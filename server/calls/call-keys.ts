import jwt from 'jsonwebtoken';
import { hmacKey } from '../accounts/hmac-key.js';
import { HttpError } from '../http/errors.js';

const AUDIENCE = 'vitrina-shopper';

/**
 * A call key proves "I am this call's shopper" to our API (hang up). It is not a LiveKit
 * token and opens no media; it is signed with the server's own secret.
 */
export function signCallKey(secret: string, callId: string, ttlS: number): string {
  return jwt.sign({ sub: callId }, hmacKey(secret), { algorithm: 'HS256', audience: AUDIENCE, expiresIn: ttlS });
}

export function verifyCallKey(secret: string, header: string | undefined, callId: string): void {
  const key = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
  if (!key) throw new HttpError(401, 'call-key-missing', 'Send the call key as a Bearer token.', 'authorization');
  try {
    const claims = jwt.verify(key, hmacKey(secret), { algorithms: ['HS256'], audience: AUDIENCE });
    if (typeof claims === 'object' && claims.sub === callId) return;
  } catch {
    // fall through to the same answer for expired, forged and foreign keys
  }
  throw new HttpError(403, 'call-key-invalid', 'This call key does not open this call.', 'authorization');
}
