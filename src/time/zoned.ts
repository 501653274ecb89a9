// Calendar days and wall-clock times in an explicit IANA zone (Europe/Berlin by default), independent of
// the machine's zone. Shared by checklists (due dates) and interpreter requests (appointments).
// Dates are "YYYY-MM-DD" strings; instants are Date objects.

export type IsoDate = string; // YYYY-MM-DD

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock `timeZone` shows at `instant`. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second! };
}

export function iso(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseIso(date: IsoDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function isValidIsoDate(date: string): boolean {
  if (!ISO_DATE.test(date)) return false;
  const { year, month, day } = parseIso(date);
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The calendar day of `instant` in `timeZone`. */
export function dateIn(instant: Date, timeZone: string): IsoDate {
  const w = wallClock(instant, timeZone);
  return iso(w.year, w.month, w.day);
}

export function yearIn(instant: Date, timeZone: string): number {
  return wallClock(instant, timeZone).year;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parseIso(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const pa = parseIso(a);
  const pb = parseIso(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000);
}

/** Day of the week of a calendar day: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  const { year, month, day } = parseIso(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `hour`:`minute`:`second` (DST-safe). A
 * time in the spring-forward gap (02:30 on the last Sunday of March in Berlin) lands one hour later.
 */
export function instantAt(date: IsoDate, hour: number, timeZone: string, minute = 0, second = 0): Date {
  const { year, month, day } = parseIso(date);
  const target = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = target;
  let diff = 0;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(guess), timeZone);
    diff = target - Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    if (diff === 0) break;
    guess += diff;
  }
  // Still off: the time does not exist (the clock jumps over it) and the guesses oscillate around the
  // gap. Take the instant after the jump, the wall-clock time shifted by the gap.
  if (diff !== 0) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    if (shown < target) guess += target - shown;
  }
  return new Date(guess);
}

/**
 * A Date whose machine-local fields equal the wall clock of `instant` in `timeZone`. Libraries that
 * compute in the machine's zone (chrono-node) get this as their reference; read only the calendar and
 * clock fields of what they return and convert back with `instantAt`.
 */
export function localMirror(instant: Date, timeZone: string): Date {
  const w = wallClock(instant, timeZone);
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, 0, 0);
}
