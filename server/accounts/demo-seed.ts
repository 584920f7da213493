import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { hashPassword } from './passwords.js';

/** Printed by `npm start`; good only for the local demo, which is why production never seeds. */
export const DEMO_AGENTS = [
  { email: 'anna@demo.shop', name: 'Anna', password: 'vitrina-demo', role: 'agent', languages: ['en', 'ru'] },
  { email: 'boris@demo.shop', name: 'Boris', password: 'vitrina-demo', role: 'agent', languages: ['en'] },
  { email: 'owner@demo.shop', name: 'Olga (owner)', password: 'vitrina-demo', role: 'owner', languages: ['en', 'ru'] },
] as const;

export async function seedDemoAgents(store: Store, log: Logger, now: number): Promise<void> {
  if ((await store.agents.count()) > 0) return;
  for (const a of DEMO_AGENTS) {
    await store.agents.create(
      { email: a.email, name: a.name, role: a.role, languages: [...a.languages], passwordHash: await hashPassword(a.password) },
      now,
    );
  }
  log.info('seeded demo accounts', { emails: DEMO_AGENTS.map((a) => a.email) });
}
