import type { Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { Role, SessionEndReason } from '../contract/auth.js';
import { HttpError } from '../http/errors.js';
import { hmacKey } from './hmac-key.js';
import type { Agent, Store } from '../store/store.js';

export const SESSION_COOKIE = 'vitrina_session';
const AUDIENCE = 'vitrina-console';

interface SessionClaims {
  sub: string;
  role: Role;
  /** The account's session version when it was issued: a session from before a raise is over. */
  sv: number;
}

export interface Sessions {
  issue(res: Response, agent: Agent): void;
  clear(res: Response): void;
  /** Requires a current session of an enabled account with one of the roles. */
  require(...roles: Role[]): RequestHandler;
  /** The account a well-signed session cookie names, current or not (sign-out ends them all). */
  accountOf(req: Request): string | undefined;
  /** Ends every session of the account, on every server, and tells its open consoles why. */
  end(agentId: string, reason: SessionEndReason): Promise<boolean>;
  /** The store already ended them (a new password, disabling, removal): tells the open consoles. */
  ended(agentId: string, reason: SessionEndReason): void;
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
  // Express's own typings are a global namespace: augmenting them takes one.
  // eslint-disable-next-line @typescript-eslint/no-namespace
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

export function createSessions(opts: {
  secret: string;
  ttlS: number;
  secureCookies: boolean;
  store: Store;
  /** Tells the account's open consoles, wherever they are connected. */
  onEnded: (agentId: string, reason: SessionEndReason) => void;
}): Sessions {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secureCookies,
    path: '/',
  } as const;

  const key = hmacKey(opts.secret);
  const verify = (token: string): SessionClaims | undefined => {
    try {
      const claims = jwt.verify(token, key, { algorithms: ['HS256'], audience: AUDIENCE }) as Partial<SessionClaims>;
      return typeof claims.sub === 'string' && typeof claims.sv === 'number' && (claims.role === 'agent' || claims.role === 'owner')
        ? (claims as SessionClaims)
        : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    issue(res, agent) {
      const claims: SessionClaims = { sub: agent.id, role: agent.role, sv: agent.sessionVersion };
      const token = jwt.sign(claims, key, { algorithm: 'HS256', audience: AUDIENCE, expiresIn: opts.ttlS });
      res.cookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: opts.ttlS * 1000 });
    },
    clear(res) {
      res.clearCookie(SESSION_COOKIE, cookieOptions);
    },
    require(...roles) {
      return async (req, _res, next) => {
        const token = readCookie(req, SESSION_COOKIE);
        if (!token) throw new HttpError(401, 'not-signed-in', 'Sign in first.');
        const claims = verify(token);
        if (!claims) throw new HttpError(401, 'session-invalid', 'Your session has expired; sign in again.');
        // Read on every request, from the store every server shares: an ended session ends everywhere at once.
        const agent = await opts.store.agents.get(claims.sub);
        if (!agent || agent.disabledAt !== null) throw new HttpError(401, 'session-invalid', 'This account is no longer active.');
        if (agent.sessionVersion !== claims.sv) throw new HttpError(401, 'session-ended', 'This session was ended; sign in again.');
        if (roles.length > 0 && !roles.includes(agent.role)) {
          throw new HttpError(403, 'forbidden', 'Your account may not do this.');
        }
        req.agent = agent;
        next();
      };
    },
    accountOf(req) {
      const token = readCookie(req, SESSION_COOKIE);
      return token ? verify(token)?.sub : undefined;
    },
    async end(agentId, reason) {
      const ended = await opts.store.agents.endSessions(agentId);
      if (ended) opts.onEnded(agentId, reason);
      return ended;
    },
    ended(agentId, reason) {
      opts.onEnded(agentId, reason);
    },
  };
}
