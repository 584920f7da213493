import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { HttpError } from '../http/errors.js';
import type { RouteMounter } from '../http/mount-route.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import type { Logger } from '../log.js';
import { EmailTakenError, type Store } from '../store/store.js';
import { hashPassword } from './passwords.js';
import { agentView } from './auth-router.js';
import type { Sessions } from './sessions.js';

/** How long a printed set-up link works. */
const LINK_TTL_MS = 24 * 3600 * 1000;

/**
 * A production server has no default password: while the store has no owner account, it prints
 * a link that creates one, once. The link's token is signed with the session secret, so any
 * server sharing that secret accepts it, and it dies with the first owner (or after a day).
 */
export class FirstOwner {
  constructor(private readonly o: { secret: string; publicUrl: string; store: Store; now: () => number }) {}

  async needed(): Promise<boolean> {
    return !(await this.o.store.agents.listAll()).some((a) => a.role === 'owner');
  }

  /** A new one-time link to the admin page's set-up form. */
  link(): string {
    const issued = this.o.now().toString(36);
    const nonce = randomBytes(12).toString('base64url');
    return `${this.o.publicUrl}/console/admin/#/setup/${nonce}.${issued}.${this.mac(`${nonce}.${issued}`)}`;
  }

  isValid(token: string): boolean {
    const [nonce, issued, mac] = token.split('.');
    if (!nonce || !issued || !mac) return false;
    const expected = Buffer.from(this.mac(`${nonce}.${issued}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const age = this.o.now() - parseInt(issued, 36);
    return age >= 0 && age < LINK_TTL_MS;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.o.secret).update(`vitrina-first-owner:${payload}`).digest('base64url');
  }
}

/** `POST /api/setup/owner`: the set-up link's form creates the first owner and signs them in. */
export function firstOwnerRouter(o: {
  api: RouteMounter;
  firstOwner: FirstOwner;
  store: Store;
  sessions: Sessions;
  limits: HitCounter;
  log: Logger;
  now: () => number;
}): Router {
  const router = Router();
  // One at a time in this server, so a double click cannot make two owners.
  let busy: Promise<unknown> = Promise.resolve();
  const attempts = rateLimit({ counter: o.limits, windowMs: 60_000, max: 10, what: 'set-up attempts' });
  o.api.mount(
    router,
    'setUpOwner',
    async ({ body }, _req, res) => {
      if (!o.firstOwner.isValid(body.token)) {
        throw new HttpError(403, 'bad-setup-link', 'This set-up link is not valid or has expired; restart the server for a new one.', 'token');
      }
      const run = busy.then(async () => {
        if (!(await o.firstOwner.needed())) throw new HttpError(410, 'setup-done', 'The owner account already exists; sign in instead.', 'token');
        try {
          return await o.store.agents.create(
            { email: body.email, name: body.name, role: 'owner', languages: ['en'], passwordHash: await hashPassword(body.password) },
            o.now(),
          );
        } catch (err) {
          if (err instanceof EmailTakenError) throw new HttpError(409, 'email-taken', 'That e-mail already has an account.', 'email');
          throw err;
        }
      });
      // The caller gets the failure through `run`; the next set-up only waits for this one to be done.
      busy = run.catch(() => undefined);
      const owner = await run;
      o.log.info('first owner account created', { agentId: owner.id });
      o.sessions.issue(res, owner);
      return agentView(owner);
    },
    { before: [attempts], bodyLimit: '4kb' },
  );
  return router;
}
