import type { WorkingHours } from '../contract/queue.js';
import { WEEKDAYS, type Weekday } from '../contract/queue.js';
import type { Schedule } from '../contract/schedules.js';
import { localTime, zonedInstant } from '../hours/working-hours.js';

/** A stretch of one day in minutes past the shop's midnight, end exclusive. */
interface Span {
  from: number;
  to: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const spans = (intervals: readonly { from: string; to: string }[]): Span[] =>
  intervals.map((i) => ({ from: minutesOf(i.from), to: minutesOf(i.to) })).sort((a, b) => a.from - b.from);

/** What of `a` lies inside `b`. */
function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const x of a)
    for (const y of b) if (Math.max(x.from, y.from) < Math.min(x.to, y.to)) out.push({ from: Math.max(x.from, y.from), to: Math.min(x.to, y.to) });
  return out.sort((p, q) => p.from - q.from);
}

/** What of `a` lies outside every span of `cut`. */
function subtract(a: readonly Span[], cut: readonly Span[]): Span[] {
  let out = [...a];
  for (const c of cut) {
    out = out.flatMap((x) => {
      if (c.to <= x.from || c.from >= x.to) return [x];
      return [...(c.from > x.from ? [{ from: x.from, to: c.from }] : []), ...(c.to < x.to ? [{ from: c.to, to: x.to }] : [])];
    });
  }
  return out;
}

/** The shop's open stretches on a day (its week, holidays shut). */
function shopSpans(hours: WorkingHours, date: string, weekday: Weekday): Span[] {
  if (hours.holidays.some((h) => h.date === date)) return [];
  return hours.week === null ? [{ from: 0, to: 24 * 60 }] : spans(hours.week[weekday]);
}

const onTimeOff = (schedule: Schedule, date: string) => schedule.timeOff.some((t) => t.from <= date && date <= t.to);

/**
 * The consultant's free slots that start in [from, to): their day's intervals inside the shop's
 * hours, less breaks, holidays and time off, cut into slots from each interval's start, none
 * sooner than `now + leadMs` and none overlapping a booking. Walked by the shop's calendar, so a
 * daylight-saving change moves the instants and not the wall-clock times: a wall time the clock
 * skips has no slot, and an hour it repeats has its slots once.
 */
export function freeSlots(o: {
  hours: WorkingHours;
  schedule: Schedule;
  /** Calls already booked with this consultant. */
  booked: readonly { start: number; end: number }[];
  from: number;
  to: number;
  now: number;
  /** The least notice a booking needs. */
  leadMs: number;
}): number[] {
  const { hours, schedule } = o;
  const tz = hours.timeZone;
  const slotMs = schedule.slotMinutes * 60_000;
  const earliest = Math.max(o.from, o.now + o.leadMs);
  const out: number[] = [];
  const first = localTime(o.from, tz).date;
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  for (let k = 0; ; k++) {
    const midnight = Date.UTC(y, m - 1, d + k);
    const date = new Date(midnight).toISOString().slice(0, 10);
    if (zonedInstant(date, 0, tz) >= o.to) break;
    if (onTimeOff(schedule, date)) continue;
    const weekday = WEEKDAYS[(new Date(midnight).getUTCDay() + 6) % 7];
    const working = subtract(intersect(spans(schedule.week[weekday]), shopSpans(hours, date, weekday)), spans(schedule.breaks));
    for (const span of working) {
      for (let start = span.from; start + schedule.slotMinutes <= span.to; start += schedule.slotMinutes) {
        const at = zonedInstant(date, start, tz);
        // A wall time the clock skips (spring forward) is no time at all.
        if (localTime(at, tz).minutes !== start || localTime(at, tz).date !== date) continue;
        if (at < earliest || at >= o.to) continue;
        if (o.booked.some((b) => b.start < at + slotMs && at < b.end)) continue;
        // An hour the clock repeats (fall back) gives the same instant twice.
        if (out.at(-1) === at) continue;
        out.push(at);
      }
    }
  }
  return out;
}
