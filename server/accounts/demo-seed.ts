import type { Logger } from '../log.js';
import { EmailTakenError, type Store } from '../store/store.js';
import { hashPassword } from './passwords.js';

/** Printed by `npm start`; good only for the local demo, which is why production never seeds. */
export const DEMO_AGENTS = [
  { email: 'anna@demo.shop', name: 'Anna', password: 'vitrina-demo', role: 'agent', languages: ['en', 'ru'] },
  { email: 'boris@demo.shop', name: 'Boris', password: 'vitrina-demo', role: 'agent', languages: ['en'] },
  { email: 'owner@demo.shop', name: 'Olga (owner)', password: 'vitrina-demo', role: 'owner', languages: ['en', 'ru'] },
] as const;

export async function seedDemoAgents(store: Store, log: Logger, now: number): Promise<void> {
  // Account by account, so a demo database from an older version gains the accounts added since.
  const added: string[] = [];
  for (const a of DEMO_AGENTS) {
    if (await store.agents.findForLogin(a.email)) continue;
    try {
      await store.agents.create({ email: a.email, name: a.name, role: a.role, languages: [...a.languages], passwordHash: await hashPassword(a.password) }, now);
      added.push(a.email);
    } catch (err) {
      // Servers starting together seed at once: the account is there, which is all we wanted.
      if (!(err instanceof EmailTakenError)) throw err;
    }
  }
  if (added.length > 0) log.info('seeded demo accounts', { emails: added });
}

/**
 * The demo shop publishes a product feed: the demo's catalogue follows it (fetched a minute after
 * start, then hourly), unless the owner has set a feed of their own.
 */
export async function seedDemoCatalogue(store: Store, shopOrigin: string | undefined, now: number): Promise<void> {
  if (!shopOrigin || (await store.settings.get('catalogue')) !== undefined) return;
  await store.settings.put('catalogue', { feedUrl: `${shopOrigin}/feed.xml`, format: 'yml', everyHours: 1 }, now);
}
