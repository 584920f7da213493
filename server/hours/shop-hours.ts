import { ALWAYS_OPEN, WorkingHoursSchema, type WorkingHours } from '../contract/queue.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { isWithinHours, nextOpening } from './working-hours.js';

const KEY = 'working-hours';

/** The shop's working hours, kept in the store and checked on the way out as on the way in. */
export class ShopHours {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  async get(): Promise<WorkingHours> {
    const raw = await this.store.settings.get(KEY);
    if (raw === undefined) return ALWAYS_OPEN;
    const parsed = WorkingHoursSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    // A hand-edited database must not close the shop: log it and stay open.
    this.log.error('stored working hours are invalid; treating the shop as always open', { issues: parsed.error.issues });
    return ALWAYS_OPEN;
  }

  async set(hours: WorkingHours, at: number): Promise<void> {
    await this.store.settings.put(KEY, hours, at);
    this.log.info('working hours changed', { timeZone: hours.timeZone, holidays: hours.holidays.length });
  }

  async at(now: number): Promise<{ hours: WorkingHours; open: boolean; opensAt?: number }> {
    const hours = await this.get();
    if (isWithinHours(hours, now)) return { hours, open: true };
    const opensAt = nextOpening(hours, now);
    return opensAt === undefined ? { hours, open: false } : { hours, open: false, opensAt };
  }
}
