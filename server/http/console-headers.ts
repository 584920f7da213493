import { livekitSources } from './csp.js';
import type { RequestHandler } from 'express';

/**
 * Headers for the consoles' pages. The consoles hold staff sessions and customers' recordings:
 * no script but our own files (an injected line cannot run), no framing by another site (no
 * clickjacking of "Remove" or "Reset password"), connections only to us and to LiveKit.
 * Styles may be inline: Lit sets style attributes, and a style cannot run code.
 * Product images come from the shops' own hosts, which we do not know in advance: any https one,
 * and the shop origins named at start-up even over http (a shop on a LAN, the demo).
 */
export function consoleSecurityHeaders(livekitUrls: readonly string[], shopOrigins: readonly string[] = []): RequestHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${livekitSources(livekitUrls).join(' ')}`,
    ["img-src 'self' data: blob: https:", ...shopOrigins].join(' '),
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return (_req, res, next) => {
    res.set({ 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY', 'Cross-Origin-Opener-Policy': 'same-origin' });
    next();
  };
}
