// Cost hint for an interpreter request (an estimate, never a bill): the JVEG hourly rate in force
// (data/interpreter-rates.json, so a rate change is a data change), billed per started half hour
// (§ 8 Abs. 2 S. 2 JVEG: a last started hour of at most 30 minutes counts half), plus the surcharge for
// the share of the appointment between 23:00 and 06:00, on Sundays and on NRW public holidays
// (§ 9 Abs. 6 JVEG; strictly it needs the commissioning body to find that time necessary).
// Travel and waiting time, travel costs, VAT and framework agreements (§ 14 JVEG) are not included.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StartupRefusal } from '../startup/refusal.js';
import { isNrwHoliday } from '../time/holidays.js';
import { dateIn, isValidIsoDate, iso, wallClock, weekdayOf } from '../time/zoned.js';

export const RATES_FILE = fileURLToPath(new URL('../../data/interpreter-rates.json', import.meta.url));

const rateSchema = z.strictObject({
  validFrom: z.string().refine(isValidIsoDate, 'must be a date YYYY-MM-DD'),
  hourlyEur: z.number().positive().max(1000),
  surchargePercent: z.number().min(0).max(100),
  source: z.strictObject({ de: z.string().min(1).max(300), en: z.string().min(1).max(300) }),
});
export type InterpreterRate = z.infer<typeof rateSchema>;

const fileSchema = z.strictObject({
  $comment: z.string().optional(),
  rates: z
    .array(rateSchema)
    .min(1)
    .refine((list) => list.every((r, i) => i === 0 || list[i - 1]!.validFrom < r.validFrom), 'must be sorted by validFrom, without duplicates'),
});

export class RateTable {
  constructor(readonly rates: readonly InterpreterRate[]) {}

  /** The rate in force on `date` (YYYY-MM-DD), or undefined before the first entry. */
  inForce(date: string): InterpreterRate | undefined {
    let found: InterpreterRate | undefined;
    for (const r of this.rates) if (r.validFrom <= date) found = r;
    return found;
  }
}

/** A rates file the bot cannot start with: names the file, each field and the reason (never its content). */
export class InterpreterRatesError extends StartupRefusal {
  override name = 'InterpreterRatesError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Interpreter rates file ${file} is not usable: ${problems.join('; ')}`);
  }
}

export function loadRates(file: string = RATES_FILE): RateTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = err instanceof SyntaxError ? 'not valid JSON' : `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new InterpreterRatesError(file, [`file: ${reason}`]);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new InterpreterRatesError(file, parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`));
  return new RateTable(parsed.data.rates);
}

export interface CostEstimate {
  /** Euros, rounded to cents. */
  amountEur: number;
  hourlyEur: number;
  /** Billed hours: started half hours / 2. */
  billedHours: number;
  /** Minutes of the appointment that fall into a surcharged time. */
  surchargedMinutes: number;
  surchargePercent: number;
  validFrom: string;
  source: { de: string; en: string };
}

/** Whether the wall-clock minute (in `timeZone`) is surcharged: 23–6 h, Sunday or an NRW public holiday. */
export function isSurchargedTime(instant: Date, timeZone: string): boolean {
  const w = wallClock(instant, timeZone);
  if (w.hour >= 23 || w.hour < 6) return true;
  const day = iso(w.year, w.month, w.day);
  return weekdayOf(day) === 0 || isNrwHoliday(day);
}

/**
 * Estimate for an appointment of `durationMin` minutes starting at `start`, at the rate in force on the
 * day of `at` (the day of the commission, § 24 JVEG). Undefined when no rate applies.
 */
export function estimateCost(rates: RateTable, input: { start: Date; durationMin: number; at: Date; timeZone: string }): CostEstimate | undefined {
  const rate = rates.inForce(dateIn(input.at, input.timeZone));
  const minutes = Math.round(input.durationMin);
  if (!rate || !Number.isFinite(minutes) || minutes <= 0) return undefined;
  let surcharged = 0;
  const startMs = input.start.getTime();
  for (let m = 0; m < minutes; m++) if (isSurchargedTime(new Date(startMs + m * 60_000), input.timeZone)) surcharged++;
  const billedHours = Math.ceil(minutes / 30) / 2;
  const factor = 1 + (rate.surchargePercent / 100) * (surcharged / minutes);
  const amountEur = Math.round(rate.hourlyEur * billedHours * factor * 100) / 100;
  return {
    amountEur,
    hourlyEur: rate.hourlyEur,
    billedHours,
    surchargedMinutes: surcharged,
    surchargePercent: rate.surchargePercent,
    validFrom: rate.validFrom,
    source: rate.source,
  };
}
