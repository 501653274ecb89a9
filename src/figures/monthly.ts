// The monthly figures for coordinators: on the first NRW working day of each month at 07:00 (Berlin)
// each coordinator gets the previous month's figures of their unit through the outbox, unless they
// opted out. Opt-outs live in DATA_DIR/figures.json (this capability's own store file).
import path from 'node:path';
import { z } from 'zod';
import { openStore } from '../store/engine.js';
import type { DocumentStore } from '../store/documentStore.js';
import { isNrwWorkingDay } from '../time/holidays.js';
import { addDays, instantAt } from '../time/zoned.js';
import type { Logger } from '../log/logger.js';

export const MONTHLY_JOB_KIND = 'figures.monthly';
export const FIGURES_FILE = 'figures.json';
const SEND_HOUR = 7;

const dataSchema = z.strictObject({ optedOut: z.record(z.string(), z.iso.datetime()) });
export type FiguresData = z.infer<typeof dataSchema>;

export function openFiguresStore(dataDir: string, log?: Logger): Promise<DocumentStore<FiguresData>> {
  return openStore<FiguresData>({
    file: path.join(dataDir, FIGURES_FILE),
    schemaVersion: 1,
    initial: () => ({ optedOut: {} }),
    validate: (d) => dataSchema.parse(d),
    migrations: {},
    log,
  });
}

/** The first working day of the month after `today`'s month (YYYY-MM-DD). */
export function nextFirstWorkingDay(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  let day = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  while (!isNrwWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** When the next monthly figures go out, and the job id (one per month, so rescheduling is idempotent). */
export function nextMonthlyJob(today: string, timeZone: string): { id: string; dueAt: string; month: string } {
  const day = nextFirstWorkingDay(today);
  return { id: `${MONTHLY_JOB_KIND}:${day.slice(0, 7)}`, dueAt: instantAt(day, SEND_HOUR, timeZone).toISOString(), month: day.slice(0, 7) };
}
