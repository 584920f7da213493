import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkingHoursSchema, type WorkingHours } from '../../../server/contract/queue.js';
import { isWithinHours, localTime, nextOpening, zonedInstant } from '../../../server/hours/working-hours.js';

const nineToSix = [{ from: '09:00', to: '18:00' }];
const berlin: WorkingHours = {
  timeZone: 'Europe/Berlin',
  week: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix, sat: [{ from: '10:00', to: '14:00' }], sun: [] },
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
};
const at = (iso: string) => Date.parse(iso);

describe('working hours', () => {
  it("reads the clock in the shop's time zone, not the server's", () => {
    // 08:30 UTC on Monday 23 November 2026 is 09:30 in Berlin (CET, UTC+1).
    assert.deepEqual(localTime(at('2026-11-23T08:30:00Z'), 'Europe/Berlin'), { date: '2026-11-23', weekday: 'mon', minutes: 570 });
    assert.equal(isWithinHours(berlin, at('2026-11-23T08:30:00Z')), true);
    assert.equal(isWithinHours(berlin, at('2026-11-23T07:30:00Z')), false, '08:30 in Berlin');
    assert.equal(isWithinHours(berlin, at('2026-11-23T16:59:00Z')), true, '17:59 in Berlin');
    assert.equal(isWithinHours(berlin, at('2026-11-23T17:00:00Z')), false, '18:00 closes');
  });

  it('says when calls open next: later today, tomorrow, or after a weekend and a holiday', () => {
    assert.equal(nextOpening(berlin, at('2026-11-23T06:00:00Z')), at('2026-11-23T08:00:00Z'));
    assert.equal(nextOpening(berlin, at('2026-11-23T18:00:00Z')), at('2026-11-24T08:00:00Z'));
    // Saturday 15:00 → Monday 09:00 (Sunday is closed).
    assert.equal(nextOpening(berlin, at('2026-11-28T14:00:00Z')), at('2026-11-30T08:00:00Z'));
    // Christmas Day, a Friday, is a holiday → Saturday 10:00.
    assert.equal(isWithinHours(berlin, at('2026-12-25T10:00:00Z')), false);
    assert.equal(nextOpening(berlin, at('2026-12-24T18:00:00Z')), at('2026-12-26T09:00:00Z'));
  });

  it('keeps wall-clock hours across daylight-saving changes', () => {
    // Summer time: 09:00 in Berlin is 07:00 UTC.
    assert.equal(zonedInstant('2026-07-01', 9 * 60, 'Europe/Berlin'), at('2026-07-01T07:00:00Z'));
    // Closing Saturday 28 March 2026, opening Monday 30 March, after the clocks went forward on Sunday.
    assert.equal(nextOpening(berlin, at('2026-03-28T15:00:00Z')), at('2026-03-30T07:00:00Z'));
    assert.equal(zonedInstant('2026-11-23', 9 * 60, 'America/New_York'), at('2026-11-23T14:00:00Z'));
  });

  it('is always open without weekly hours, except on holidays', () => {
    const always: WorkingHours = { timeZone: 'UTC', week: null, holidays: [{ date: '2026-01-01', name: '' }] };
    assert.equal(isWithinHours(always, at('2026-11-23T03:00:00Z')), true);
    assert.equal(isWithinHours(always, at('2026-01-01T12:00:00Z')), false);
    assert.equal(nextOpening(always, at('2026-01-01T12:00:00Z')), at('2026-01-02T00:00:00Z'));
  });

  it('never opens when no day has hours', () => {
    const never: WorkingHours = { timeZone: 'UTC', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] };
    assert.equal(isWithinHours(never, Date.now()), false);
    assert.equal(nextOpening(never, Date.now()), undefined);
  });

  it('refuses hours a person got wrong, naming the field', () => {
    const bad = (value: unknown) => {
      const r = WorkingHoursSchema.safeParse(value);
      return r.success ? 'ok' : `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`;
    };
    assert.equal(bad({ ...berlin, timeZone: 'Mars/Olympus' }), 'timeZone: must be an IANA time zone such as "Europe/Berlin"');
    assert.equal(bad({ ...berlin, week: { ...berlin.week, mon: [{ from: '18:00', to: '09:00' }] } }), 'week.mon.0.to: must end after it starts');
    assert.equal(bad({ ...berlin, week: { ...berlin.week, tue: [{ from: '9:00', to: '17:00' }] } }), 'week.tue.0.from: must be a time such as "09:30"');
    assert.equal(bad({ ...berlin, holidays: [{ date: '2026-02-30' }] }), 'holidays.0.date: must be a date such as "2026-12-25"');
  });
});
