// SLA due dates: "dringend" counts clock hours, "normal" working days in Europe/Berlin —
// Monday to Friday except the public holidays of North Rhine-Westphalia. Calendar, zone and holiday
// arithmetic lives in src/time (shared with checklists and interpreter requests).
import { easterSunday as easterSundayDate, isNrwWorkingDay } from '../time/holidays.js';
import { addDays, instantAt, iso, parseIso, wallClock, type IsoDate } from '../time/zoned.js';
import type { SlaRule } from './routing.js';

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

/** When a case opened (or reopened) at `start` is due under `rule`. */
export function slaDueAt(start: Date, rule: SlaRule, timeZone: string): Date {
  if (rule.hours !== undefined) return new Date(start.getTime() + Math.round(rule.hours * 3_600_000));
  return addWorkingDays(start, rule.workingDays ?? 0, timeZone);
}

/** When the reminder before the due time goes out. */
export function reminderAt(due: Date, rule: SlaRule): Date {
  return new Date(due.getTime() - rule.reminderBeforeMinutes * 60_000);
}
