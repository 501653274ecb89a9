// Periods of figures: inclusive calendar days in the bot's time zone. A period may not start in the
// future or end before it starts; its end is capped at today; at most five years are counted at once.
import { z } from 'zod';
import { addDays, daysBetween, isValidIsoDate, parseIso, iso, type IsoDate } from '../time/zoned.js';
import type { Period } from './types.js';

export const MAX_PERIOD_DAYS = 5 * 366;

export type PeriodProblem = 'badDate' | 'reversed' | 'future' | 'tooLong';
export type PeriodResult = { ok: true; period: Period } | { ok: false; problem: PeriodProblem };

const dayInput = z.string().trim().max(10).refine(isValidIsoDate);

/** Validates a requested period against today (YYYY-MM-DD) and caps its end at today. */
export function checkPeriod(from: unknown, to: unknown, today: IsoDate): PeriodResult {
  const f = dayInput.safeParse(from);
  const t = dayInput.safeParse(to);
  if (!f.success || !t.success) return { ok: false, problem: 'badDate' };
  if (t.data < f.data) return { ok: false, problem: 'reversed' };
  if (f.data > today) return { ok: false, problem: 'future' };
  const end = t.data > today ? today : t.data;
  if (daysBetween(f.data, end) >= MAX_PERIOD_DAYS) return { ok: false, problem: 'tooLong' };
  return { ok: true, period: { from: f.data, to: end } };
}

/** The months (YYYY-MM) the period touches, in order. */
export function monthsOf(period: Period): string[] {
  const out: string[] = [];
  let { year, month } = parseIso(period.from);
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = iso(year, month, 1).slice(0, 7);
    out.push(key);
    if (key >= last) return out;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
}

/** The calendar year to date. */
export function yearToDate(today: IsoDate): Period {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** The month before the one `today` is in. */
export function previousMonth(today: IsoDate): Period {
  const firstOfThis = `${today.slice(0, 7)}-01`;
  const lastOfPrevious = addDays(firstOfThis, -1);
  return { from: `${lastOfPrevious.slice(0, 7)}-01`, to: lastOfPrevious };
}

export function inPeriod(day: string, period: Period): boolean {
  return day >= period.from && day <= period.to;
}
