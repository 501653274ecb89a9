// SLA due dates (issue 5): "dringend" counts clock hours, "normal" working days in Europe/Berlin —
// Monday to Friday except the public holidays of North Rhine-Westphalia, computed per year.
import type { SlaRule } from './routing.js';

export type IsoDay = string; // YYYY-MM-DD

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): Wall {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, second: +p.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDay = (y: number, m: number, d: number): IsoDay => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** The instant at which the wall clock in `timeZone` shows the given local time (DST-safe; a time in a spring-forward gap moves on). */
export function instantOf(wall: Wall, timeZone: string): Date {
  const target = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const diff = target - Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

/** Easter Sunday (Gregorian, anonymous algorithm) as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const holidayCache = new Map<number, Set<IsoDay>>();

/**
 * Public holidays in NRW: Neujahr, Karfreitag, Ostermontag, Tag der Arbeit, Christi Himmelfahrt,
 * Pfingstmontag, Fronleichnam, Tag der Deutschen Einheit, Allerheiligen, 1. und 2. Weihnachtstag.
 */
export function nrwHolidays(year: number): Set<IsoDay> {
  let set = holidayCache.get(year);
  if (set) return set;
  const [em, ed] = easterSunday(year);
  const easter = Date.UTC(year, em - 1, ed);
  const fromEaster = (days: number) => {
    const d = new Date(easter + days * 86_400_000);
    return isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  };
  set = new Set([
    isoDay(year, 1, 1), fromEaster(-2), fromEaster(1), isoDay(year, 5, 1), fromEaster(39), fromEaster(50), fromEaster(60),
    isoDay(year, 10, 3), isoDay(year, 11, 1), isoDay(year, 12, 25), isoDay(year, 12, 26),
  ]);
  holidayCache.set(year, set);
  return set;
}

export function isWorkingDay(year: number, month: number, day: number): boolean {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !nrwHolidays(year).has(isoDay(year, month, day));
}

/**
 * `days` working days after `start`, at the same wall-clock time: each step moves to the next
 * calendar day that is a working day (Friday 15:00 + 2 → Tuesday 15:00; Saturday 11:00 + 2 → Tuesday 11:00).
 */
export function addWorkingDays(start: Date, days: number, timeZone: string): Date {
  const w = wallClock(start, timeZone);
  let cursor = Date.UTC(w.year, w.month - 1, w.day);
  for (let n = 0; n < days; ) {
    cursor += 86_400_000;
    const d = new Date(cursor);
    if (isWorkingDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())) n++;
  }
  const d = new Date(cursor);
  return instantOf({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: w.hour, minute: w.minute, second: w.second }, timeZone);
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

/** The year of an instant in `timeZone` (for ESK-<year>-…). */
export function yearIn(instant: Date, timeZone: string): number {
  return wallClock(instant, timeZone).year;
}
