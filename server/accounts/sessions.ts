import type { Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { Role } from '../contract/auth.js';
import { HttpError } from '../http/errors.js';
import type { Agent, Store } from '../store/store.js';

export const SESSION_COOKIE = 'vitrina_session';
const AUDIENCE = 'vitrina-console';

interface SessionClaims {
  sub: string;
  role: Role;
}

export interface Sessions {
  issue(res: Response, agent: Agent): void;
  clear(res: Response): void;
  /** Requires a valid session of an enabled account with one of the roles. */
  require(...roles: Role[]): RequestHandler;
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // a mangled cookie is no cookie
      }
    }
  }
  return undefined;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by `sessions.require()`. */
      agent?: Agent;
    }
  }
}

/** The signed-in agent; only call after `sessions.require()`. */
export function currentAgent(req: Request): Agent {
  if (!req.agent) throw new HttpError(401, 'not-signed-in', 'Sign in first.');
  return req.agent;
}

export function createSessions(opts: { secret: string; ttlS: number; secureCookies: boolean; store: Store }): Sessions {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secureCookies,
    path: '/',
  } as const;

  return {
    issue(res, agent) {
      const claims: SessionClaims = { sub: agent.id, role: agent.role };
      const token = jwt.sign(claims, opts.secret, { algorithm: 'HS256', audience: AUDIENCE, expiresIn: opts.ttlS });
      res.cookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: opts.ttlS * 1000 });
    },
    clear(res) {
      res.clearCookie(SESSION_COOKIE, cookieOptions);
    },
    require(...roles) {
      return async (req, _res, next) => {
        const token = readCookie(req, SESSION_COOKIE);
        if (!token) throw new HttpError(401, 'not-signed-in', 'Sign in first.');
        let claims: SessionClaims;
        try {
          claims = jwt.verify(token, opts.secret, { algorithms: ['HS256'], audience: AUDIENCE }) as SessionClaims;
        } catch {
          throw new HttpError(401, 'session-invalid', 'Your session has expired; sign in again.');
        }
        const agent = await opts.store.agents.get(claims.sub);
        if (!agent || agent.disabledAt !== null) throw new HttpError(401, 'session-invalid', 'This account is no longer active.');
        if (roles.length > 0 && !roles.includes(agent.role)) {
          throw new HttpError(403, 'forbidden', 'Your account may not do this.');
        }
        req.agent = agent;
        next();
      };
    },
  };
}
