import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeSlots } from '../../../server/bookings/slots.js';
import type { WorkingHours } from '../../../server/contract/queue.js';
import type { Schedule } from '../../../server/contract/schedules.js';
import { zonedInstant } from '../../../server/hours/working-hours.js';

const nine = [{ from: '09:00', to: '18:00' }];
const SHOP: WorkingHours = { timeZone: 'Europe/Berlin', week: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: [], sun: [] }, holidays: [] };
const day = (from: string, to: string) => [{ from, to }];
const SCHEDULE: Schedule = {
  slotMinutes: 30,
  week: {
    mon: day('10:00', '12:00'),
    tue: day('08:00', '11:00'),
    wed: [],
    thu: day('10:00', '12:00'),
    fri: day('10:00', '12:00'),
    sat: day('10:00', '12:00'),
    sun: [],
  },
  breaks: [{ from: '11:00', to: '11:30' }],
  timeOff: [],
};

/** Slots as the shop's wall clock shows them. */
const wall = (slots: number[], timeZone = 'Europe/Berlin') =>
  slots.map((t) => new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(t));

const week = (o: Partial<Parameters<typeof freeSlots>[0]> = {}) =>
  freeSlots({
    hours: SHOP,
    schedule: SCHEDULE,
    booked: [],
    from: zonedInstant('2026-12-07', 0, 'Europe/Berlin'),
    to: zonedInstant('2026-12-10', 0, 'Europe/Berlin'),
    now: 0,
    leadMs: 0,
    ...o,
  });

describe('free slots for booked calls', () => {
  it("cuts the consultant's hours inside the shop's into slots, less breaks and days off", () => {
    assert.deepEqual(wall(week()), [
      // Monday: 10:00–12:00 less the 11:00 break.
      '2026-12-07 10:00',
      '2026-12-07 10:30',
      '2026-12-07 11:30',
      // Tuesday: from 08:00 for them, but the shop opens at 09:00.
      '2026-12-08 09:00',
      '2026-12-08 09:30',
      '2026-12-08 10:00',
      '2026-12-08 10:30',
      // Wednesday: their day off.
    ]);
  });

  it('leaves out booked slots, time off, holidays, and what is too soon', () => {
    const tenThirty = zonedInstant('2026-12-07', 10 * 60 + 30, 'Europe/Berlin');
    assert.deepEqual(wall(week({ booked: [{ start: tenThirty, end: tenThirty + 30 * 60_000 }] })).slice(0, 2), ['2026-12-07 10:00', '2026-12-07 11:30']);
    assert.deepEqual(wall(week({ schedule: { ...SCHEDULE, timeOff: [{ from: '2026-12-07', to: '2026-12-07' }] } }))[0], '2026-12-08 09:00');
    assert.deepEqual(wall(week({ hours: { ...SHOP, holidays: [{ date: '2026-12-08', name: '' }] } })).length, 3);
    const now = zonedInstant('2026-12-07', 10 * 60 + 5, 'Europe/Berlin');
    assert.deepEqual(wall(week({ now, leadMs: 60 * 60_000 }))[0], '2026-12-07 11:30', 'an hour of notice');
  });

  it('keeps wall-clock times across daylight saving: no slot in the hour skipped, the repeated hour once', () => {
    const nightShift: Schedule = { ...SCHEDULE, slotMinutes: 60, breaks: [], week: { ...SCHEDULE.week, sun: day('01:00', '04:00') } };
    const open = { ...SHOP, week: null };
    const sunday = (date: string) =>
      freeSlots({
        hours: open,
        schedule: nightShift,
        booked: [],
        from: zonedInstant(date, 0, 'Europe/Berlin'),
        to: zonedInstant(date, 23 * 60, 'Europe/Berlin'),
        now: 0,
        leadMs: 0,
      });
    // 29 March 2026: 02:00 becomes 03:00.
    const spring = sunday('2026-03-29');
    assert.deepEqual(wall(spring), ['2026-03-29 01:00', '2026-03-29 03:00']);
    assert.equal(spring[1] - spring[0], 60 * 60_000, 'an hour apart on the clock that counts');
    // 25 October 2026: 03:00 becomes 02:00 again.
    const autumn = sunday('2026-10-25');
    assert.deepEqual(wall(autumn), ['2026-10-25 01:00', '2026-10-25 02:00', '2026-10-25 03:00']);
    assert.equal(new Set(autumn).size, 3);
  });

  it("follows the shop's time zone, not the server's", () => {
    const ny = { ...SHOP, timeZone: 'America/New_York' };
    const slots = freeSlots({
      hours: ny,
      schedule: SCHEDULE,
      booked: [],
      from: zonedInstant('2026-12-07', 0, 'America/New_York'),
      to: zonedInstant('2026-12-08', 0, 'America/New_York'),
      now: 0,
      leadMs: 0,
    });
    assert.deepEqual(wall(slots, 'America/New_York'), ['2026-12-07 10:00', '2026-12-07 10:30', '2026-12-07 11:30']);
    assert.equal(new Date(slots[0]).toISOString(), '2026-12-07T15:00:00.000Z');
  });
});
