import { WEEKDAYS, type WorkingHours, type Weekday } from '../contract/queue.js';

/**
 * Working hours in the shop's time zone, as pure functions of an instant. Days are looked up
 * by the shop's local calendar, so daylight-saving changes and holidays fall where the shop
 * expects them.
 */

interface LocalTime {
  date: string;
  weekday: Weekday;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function fields(instant: number, timeZone: string): { y: number; m: number; d: number; hh: number; mm: number } {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out.year ?? 0, m: out.month ?? 0, d: out.day ?? 0, hh: out.hour ?? 0, mm: out.minute ?? 0 };
}

const isoDate = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);
const weekdayOf = (utcMidnight: number): Weekday => WEEKDAYS[(new Date(utcMidnight).getUTCDay() + 6) % 7];
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function localTime(instant: number, timeZone: string): LocalTime {
  const f = fields(instant, timeZone);
  const midnight = Date.UTC(f.y, f.m - 1, f.d);
  return { date: isoDate(midnight), weekday: weekdayOf(midnight), minutes: f.hh * 60 + f.mm };
}

/** The instant at which the shop's wall clock shows `minutes` past midnight on `date`. */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const offsetAt = (t: number) => {
    const f = fields(t, timeZone);
    return Date.UTC(f.y, f.m - 1, f.d, f.hh, f.mm) - Math.floor(t / 60_000) * 60_000;
  };
  const first = wall - offsetAt(wall);
  const second = wall - offsetAt(first);
  return second;
}

function openIntervals(hours: WorkingHours, date: string, weekday: Weekday): { from: number; to: number }[] {
  if (hours.holidays.some((h) => h.date === date)) return [];
  if (hours.week === null) return [{ from: 0, to: 24 * 60 }];
  return hours.week[weekday].map((i) => ({ from: toMinutes(i.from), to: toMinutes(i.to) })).sort((a, b) => a.from - b.from);
}

export function isWithinHours(hours: WorkingHours, now: number): boolean {
  const local = localTime(now, hours.timeZone);
  return openIntervals(hours, local.date, local.weekday).some((i) => local.minutes >= i.from && local.minutes < i.to);
}

/** The next time calls open, looking up to 60 days ahead; undefined if never (no open hours at all). */
export function nextOpening(hours: WorkingHours, now: number): number | undefined {
  const local = localTime(now, hours.timeZone);
  const [y, m, d] = local.date.split('-').map(Number) as [number, number, number];
  for (let k = 0; k < 60; k++) {
    const midnight = Date.UTC(y, m - 1, d + k);
    const date = isoDate(midnight);
    for (const i of openIntervals(hours, date, weekdayOf(midnight))) {
      if (k === 0 && i.from <= local.minutes) continue;
      return zonedInstant(date, i.from, hours.timeZone);
    }
  }
  return undefined;
}
