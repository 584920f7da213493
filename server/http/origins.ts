import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

/**
 * Call creation is cross-origin from the shop's pages: only origins the shop configured may
 * use it (LiveKit accepts any origin, so this is the gate). Preflights are answered here. The
 * list is asked for each request, so an origin the owner adds works at once.
 */
export function allowShopOrigins(allowed: () => Promise<ReadonlySet<string>>): RequestHandler {
  return async (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) throw new HttpError(403, 'origin-required', 'Calls can be opened only from a shop page.', 'origin');
    if (!(await allowed()).has(origin)) {
      throw new HttpError(403, 'origin-not-allowed', `${origin} is not allowed to open calls on this server.`, 'origin');
    }
    res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
    if (req.method === 'OPTIONS') {
      res
        .set({
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': 'Content-Type, Authorization',
          'Access-Control-Max-Age': '600',
        })
        .status(204)
        .end();
      return;
    }
    next();
  };
}

/**
 * The console's cookie routes answer only their own pages. Browsers send Origin with every
 * cross-site POST, so a foreign Origin is refused (with SameSite=Strict cookies this is the
 * CSRF guard); a client with no Origin is not a browser riding someone's cookie.
 */
export const sameOriginOnly: RequestHandler = (req, _res, next) => {
  const origin = req.headers.origin;
  if (origin === undefined) return next();
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host !== undefined && host === req.headers.host) return next();
  throw new HttpError(403, 'cross-origin', 'This request must come from the Vitrina console itself.', 'origin');
};
