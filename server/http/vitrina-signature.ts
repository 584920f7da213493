import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How Vitrina and a shop's server sign what they send each other (orders in, and later
 * webhooks out): `Vitrina-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The time is inside the signature, so an old request cannot be sent again with a new one; the
 * body is signed as the bytes sent. docs/sales.md has a verifier to copy.
 */
export const SIGNATURE_HEADER = 'vitrina-signature';

/** How far the sender's clock may be from ours, and how long a captured request stays usable. */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * A secret for one key or endpoint, derived from the server's own (`prefix` marks what it is
 * where it turns up): never stored, so a copy of the database holds none, and the same on every
 * server that shares the server's secret.
 */
export function derivedSecret(serverSecret: string, prefix: string, label: string): string {
  return prefix + createHmac('sha256', serverSecret).update(`vitrina ${label}`).digest('base64url');
}

export function signBody(secret: string, body: string, atS: number): string {
  return `t=${atS},v1=${createHmac('sha256', secret).update(`${atS}.${body}`).digest('hex')}`;
}

export type SignatureCheck = 'valid' | 'missing' | 'invalid' | 'stale';

/** Checks a signature header against the body as received. Any `v1` that matches counts (a sender may sign with two secrets while it rotates). */
export function checkSignature(header: string | undefined, secret: string, body: string, nowMs: number): SignatureCheck {
  if (!header) return 'missing';
  let at: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value && /^\d{1,12}$/.test(value)) at = Number(value);
    else if (name === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (at === undefined || signatures.length === 0) return 'invalid';
  const expected = Buffer.from(createHmac('sha256', secret).update(`${at}.${body}`).digest('hex'));
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s), expected))) return 'invalid';
  // Only a signature that verifies says anything true about its time.
  return Math.abs(nowMs / 1000 - at) > SIGNATURE_TOLERANCE_S ? 'stale' : 'valid';
}
