// Due dates are calendar days in the configured zone (Europe/Berlin by default), stored as
// "YYYY-MM-DD". Natural-language input ("nächsten Freitag", "in 2 Wochen", "next friday") goes
// through chrono-node. chrono computes in the machine's zone, so it gets a reference date whose
// local fields equal the wall clock in `timeZone` and only the calendar fields of its answer are used.
import * as chrono from 'chrono-node';
import type { Locale } from '../text/locale.js';

// The zone helpers live in src/time/zoned.ts (shared with interpreter requests); re-exported here so
// existing imports keep working.
import { dateIn, daysBetween, isValidIsoDate, iso, parseIso, type IsoDate } from '../time/zoned.js';
export { ISO_DATE, addDays, dateIn, daysBetween, instantAt, isValidIsoDate, yearIn, type IsoDate } from '../time/zoned.js';

/** How far ahead a due date may lie. */
export const MAX_DUE_DAYS = 730;
/** Reminders go out at this local hour on the due day. */
export const REMINDER_HOUR = 8;

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
