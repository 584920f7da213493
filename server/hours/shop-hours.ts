import { ALWAYS_OPEN, WorkingHoursSchema, type WorkingHours } from '../contract/queue.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { StoredSetting } from '../settings/stored-setting.js';
import { isWithinHours, nextOpening } from './working-hours.js';

/** The shop's working hours, kept in the store and checked on the way out as on the way in. */
export class ShopHours {
  // A hand-edited database must not close the shop: broken hours read as always open.
  private readonly setting: StoredSetting<typeof WorkingHoursSchema>;

  constructor(
    store: Store,
    private readonly log: Logger,
  ) {
    this.setting = new StoredSetting({ store, log, key: 'working-hours', schema: WorkingHoursSchema, fallback: ALWAYS_OPEN });
  }

  get(): Promise<WorkingHours> {
    return this.setting.get();
  }

  async set(hours: WorkingHours, at: number): Promise<void> {
    await this.setting.set(hours, at);
    this.log.info('working hours changed', { timeZone: hours.timeZone, holidays: hours.holidays.length });
  }

  async at(now: number): Promise<{ hours: WorkingHours; open: boolean; opensAt?: number }> {
    const hours = await this.get();
    if (isWithinHours(hours, now)) return { hours, open: true };
    const opensAt = nextOpening(hours, now);
    return opensAt === undefined ? { hours, open: false } : { hours, open: false, opensAt };
  }
}
