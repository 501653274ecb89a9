// Due dates are calendar days in the configured zone (Europe/Berlin by default), stored as
// "YYYY-MM-DD". Natural-language input ("nächsten Freitag", "in 2 Wochen", "next friday") goes
// through chrono-node. chrono computes in the machine's zone, so it gets a reference date whose
// local fields equal the wall clock in `timeZone` and only the calendar fields of its answer are used.
import * as chrono from 'chrono-node';
import type { Locale } from '../i18n/i18n.js';

export type IsoDate = string; // YYYY-MM-DD

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** How far ahead a due date may lie. */
export const MAX_DUE_DAYS = 730;
/** Reminders go out at this local hour on the due day. */
export const REMINDER_HOUR = 8;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): WallClock {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute! };
}

function iso(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseIso(date: IsoDate): { year: number; month: number; day: number } {
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

/** The instant at which the wall clock in `timeZone` shows `date` `hour`:00 (DST-safe). */
export function instantAt(date: IsoDate, hour: number, timeZone: string): Date {
  const { year, month, day } = parseIso(date);
  const target = Date.UTC(year, month - 1, day, hour, 0, 0);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, 0);
    const diff = target - shown;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

export type DueParse = { ok: true; date: IsoDate } | { ok: false; reason: 'unrecognised' | 'past' | 'tooFar' };

const parsers: Record<Locale, chrono.Chrono> = { de: chrono.de.casual, en: chrono.en.casual };

/**
 * Parses a due date typed in German or English ("nächsten Freitag", "in 2 Wochen", "20.03.2026",
 * "next friday", "in 3 days"). The user's language is tried first, then the other one.
 */
export function parseDueDate(text: string, opts: { locale: Locale; now: Date; timeZone: string }): DueParse {
  const input = text.trim();
  if (!input) return { ok: false, reason: 'unrecognised' };
  const today = dateIn(opts.now, opts.timeZone);
  const t = parseIso(today);
  // Noon avoids the machine zone's DST gap; only calendar fields are read back.
  const ref = new Date(t.year, t.month - 1, t.day, 12, 0, 0);
  let date = dayMonthWithoutYear(input, today);
  if (!date) {
    const order: Locale[] = opts.locale === 'en' ? ['en', 'de'] : ['de', 'en'];
    for (const loc of order) {
      const [hit] = parsers[loc].parse(input, ref, { forwardDate: true });
      if (!hit) continue;
      const y = hit.start.get('year');
      const m = hit.start.get('month');
      const d = hit.start.get('day');
      if (y && m && d) {
        date = iso(y, m, d);
        break;
      }
    }
  }
  if (!date || !isValidIsoDate(date)) return { ok: false, reason: 'unrecognised' };
  const ahead = daysBetween(today, date);
  if (ahead < 0) return { ok: false, reason: 'past' };
  if (ahead > MAX_DUE_DAYS) return { ok: false, reason: 'tooFar' };
  return { ok: true, date };
}

/** "13.3." / "am 1.4." (German day.month. without a year): the next such day from today. */
function dayMonthWithoutYear(input: string, today: IsoDate): IsoDate | undefined {
  const m = /^(?:(?:am|bis|zum|bis zum)\s+)?(\d{1,2})\.(\d{1,2})\.?$/i.exec(input);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const { year } = parseIso(today);
  for (const y of [year, year + 1]) {
    const candidate = iso(y, month, day);
    if (isValidIsoDate(candidate) && daysBetween(today, candidate) >= 0) return candidate;
  }
  return undefined;
}
