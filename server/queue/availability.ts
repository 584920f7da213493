import { initialsOf } from '../contract/people.js';
import type { QueueStatus } from '../contract/queue.js';
import type { ShopHours } from '../hours/shop-hours.js';
import type { QueueRouter } from './router.js';

/**
 * Whether a shopper can call now and whom they could pick: consultants list first those who
 * are free, then those in a call, then those away, and, with a language given, those who speak it.
 */
export async function queueStatus(router: QueueRouter, hours: ShopHours, now: number, lang?: string): Promise<QueueStatus> {
  const [{ team, newcomerWaitMs }, shop] = await Promise.all([router.outlook(), hours.at(now)]);
  const rank = { available: 0, busy: 1, away: 2 } as const;
  const consultants = team.agents
    .filter((a) => a.role === 'agent' || team.serving.includes(a))
    .map((a) => ({ id: a.id, name: a.name, initials: initialsOf(a.name), languages: a.languages, status: team.statusOf(a) }))
    .sort(
      (a, b) =>
        rank[a.status] - rank[b.status] ||
        Number(lang !== undefined && b.languages.includes(lang)) - Number(lang !== undefined && a.languages.includes(lang)) ||
        a.name.localeCompare(b.name),
    );
  const online = team.serving.length;
  const available = consultants.filter((c) => c.status === 'available').length;
  const base = { timeZone: shop.hours.timeZone, online, available, consultants, ...(newcomerWaitMs === undefined ? {} : { waitMs: newcomerWaitMs }) };
  if (!shop.open) {
    return { ...base, open: false, closedReason: 'hours', ...(shop.opensAt === undefined ? {} : { opensAt: new Date(shop.opensAt).toISOString() }) };
  }
  if (online === 0) return { ...base, open: false, closedReason: 'no-consultants' };
  return { ...base, open: true };
}
