// Public holidays in North Rhine-Westphalia (Feiertagsgesetz NW § 2), computed — no table to maintain:
// Neujahr, Karfreitag, Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, Fronleichnam,
// Tag der Deutschen Einheit, Allerheiligen, 1. and 2. Weihnachtstag. (Easter Sunday and Whit Sunday
// are Sundays anyway.)
import { addDays, iso, weekdayOf, type IsoDate } from './zoned.js';

export type HolidayId =
  | 'neujahr'
  | 'karfreitag'
  | 'ostermontag'
  | 'tagDerArbeit'
  | 'himmelfahrt'
  | 'pfingstmontag'
  | 'fronleichnam'
  | 'einheit'
  | 'allerheiligen'
  | 'weihnachten1'
  | 'weihnachten2';

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
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
  return iso(year, month, day);
}

const cache = new Map<number, ReadonlyMap<IsoDate, HolidayId>>();
/** Years kept at most: dates typed by users may name any year, and the cache must not grow with them. */
export const HOLIDAY_YEARS_CACHED = 64;

/** The NRW public holidays of a year, by date. */
export function nrwHolidays(year: number): ReadonlyMap<IsoDate, HolidayId> {
  const known = cache.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const map = new Map<IsoDate, HolidayId>([
    [iso(year, 1, 1), 'neujahr'],
    [addDays(easter, -2), 'karfreitag'],
    [addDays(easter, 1), 'ostermontag'],
    [iso(year, 5, 1), 'tagDerArbeit'],
    [addDays(easter, 39), 'himmelfahrt'],
    [addDays(easter, 50), 'pfingstmontag'],
    [addDays(easter, 60), 'fronleichnam'],
    [iso(year, 10, 3), 'einheit'],
    [iso(year, 11, 1), 'allerheiligen'],
    [iso(year, 12, 25), 'weihnachten1'],
    [iso(year, 12, 26), 'weihnachten2'],
  ]);
  if (cache.size >= HOLIDAY_YEARS_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(year, map);
  return map;
}

/** How many years are cached now (for the bound's test). */
export function holidayYearsCached(): number {
  return cache.size;
}

export function isNrwHoliday(date: IsoDate): boolean {
  return nrwHolidays(Number(date.slice(0, 4))).has(date);
}

/** Monday to Friday and not an NRW public holiday. */
export function isNrwWorkingDay(date: IsoDate): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6 && !isNrwHoliday(date);
}
