import { z } from 'zod';
import { Interval } from './queue.js';

const Day = z.array(Interval).max(4, 'at most 4 intervals a day');

/**
 * One consultant's hours for booked calls, in the shop's time zone and inside its working hours:
 * their intervals on each weekday (none: a day off), breaks every working day, and time off.
 */
export const ScheduleSchema = z.strictObject({
  /** Each booked call's length. */
  slotMinutes: z.number({ error: 'must be a number of minutes' }).int('must be whole minutes').min(10, 'must be at least 10').max(120, 'must be at most 120'),
  week: z.strictObject({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day }),
  breaks: z.array(Interval).max(4, 'at most 4 breaks a day'),
  timeOff: z
    .array(
      z
        .strictObject({
          from: z.iso.date({ error: 'must be a date such as "2026-12-24"' }),
          to: z.iso.date({ error: 'must be a date such as "2027-01-02"' }),
        })
        .refine((t) => t.from <= t.to, { message: 'must not be before from', path: ['to'] }),
    )
    .max(100, 'at most 100 periods'),
});
export type Schedule = z.output<typeof ScheduleSchema>;
