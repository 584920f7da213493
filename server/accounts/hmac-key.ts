import { createSecretKey, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

/**
 * The server's secret as an HMAC key for jsonwebtoken. Given a string, jsonwebtoken first tries
 * to read it as a PEM key (createPrivateKey / createPublicKey, which throw) on every sign and
 * verify: a few percent of the server's CPU under load. A KeyObject skips that.
 */
export function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}
