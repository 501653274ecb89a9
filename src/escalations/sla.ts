// SLA due dates: "dringend" counts clock hours, "normal" working days in Europe/Berlin —
// Monday to Friday except the public holidays of North Rhine-Westphalia. Calendar, zone and holiday
// arithmetic lives in src/time (shared with checklists and interpreter requests).
import { easterSunday as easterSundayDate, isNrwWorkingDay } from '../time/holidays.js';
import { addDays, instantAt, iso, parseIso, wallClock, type IsoDate } from '../time/zoned.js';
import type { AppliedSlaRule, ServiceHours, SlaRule } from './routing.js';

export { nrwHolidays } from '../time/holidays.js';
export { yearIn } from '../time/zoned.js';

export type IsoDay = IsoDate;

/** Easter Sunday as [month, day] (src/time/holidays.ts has it as a date). */
export function easterSunday(year: number): [number, number] {
  const { month, day } = parseIso(easterSundayDate(year));
  return [month, day];
}

/**
 * `days` working days after `start`, at the same wall-clock time: each step moves to the next
 * calendar day that is a working day (Friday 15:00 + 2 → Tuesday 15:00; Saturday 11:00 + 2 → Tuesday 11:00).
 */
export function addWorkingDays(start: Date, days: number, timeZone: string): Date {
  const w = wallClock(start, timeZone);
  let date = iso(w.year, w.month, w.day);
  for (let n = 0; n < days; ) {
    date = addDays(date, 1);
    if (isNrwWorkingDay(date)) n++;
  }
  return instantAt(date, w.hour, timeZone, w.minute, w.second);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * `minutes` counted only inside service hours on working days: Friday 19:18 + 4 h with 08:00–17:00
 * → Monday 12:00; Thursday 16:00 + 4 h → Friday 11:00.
 */
export function addServiceMinutes(start: Date, minutes: number, hours: ServiceHours, timeZone: string): Date {
  const w = wallClock(start, timeZone);
  let date = iso(w.year, w.month, w.day);
  let at = w.hour * 60 + w.minute + w.second / 60;
  const [from, to] = [minutesOf(hours.from), minutesOf(hours.to)];
  let left = minutes;
  // A year of days is more than any SLA needs; the bound keeps a bad calendar from looping.
  for (let guard = 0; guard < 400; guard++) {
    if (isNrwWorkingDay(date) && at < to) {
      const begin = Math.max(at, from);
      if (begin + left <= to) {
        const end = begin + left;
        return instantAt(date, Math.floor(end / 60), timeZone, Math.floor(end % 60), Math.round((end % 1) * 60));
      }
      left -= to - begin;
    }
    date = addDays(date, 1);
    at = 0;
  }
  throw new Error('service hours never reached');
}

/** When a case opened (or reopened) at `start` is due under `rule`. */
export function slaDueAt(start: Date, rule: AppliedSlaRule, timeZone: string): Date {
  if (rule.hours !== undefined) {
    if (rule.serviceHours) return addServiceMinutes(start, Math.round(rule.hours * 60), rule.serviceHours, timeZone);
    return new Date(start.getTime() + Math.round(rule.hours * 3_600_000));
  }
  return addWorkingDays(start, rule.workingDays ?? 0, timeZone);
}

/** When the reminder before the due time goes out. */
export function reminderAt(due: Date, rule: SlaRule): Date {
  return new Date(due.getTime() - rule.reminderBeforeMinutes * 60_000);
}
