// The few fields figures need from each capability's records, extracted once per record version.
// Records are read from the owners' files (see source.ts); a record that does not fit is skipped
// and counted, never guessed at.
import { z } from 'zod';
import { dateIn } from '../time/zoned.js';
import type { RateTable } from '../interpreters/cost.js';
import { surchargedCostEur } from './cost.js';

export interface InterpreterFact {
  institutionId: string;
  language: string;
  mode: string;
  /** Appointment day, YYYY-MM-DD. */
  day: string;
  costEur: number;
}

export type SlaOutcome = 'met' | 'breached' | 'open' | 'none';

export interface EscalationFact {
  institutionId: string;
  unitId: string;
  category: string;
  urgency: string;
  /** Day the case was raised. */
  day: string;
  takeOnMinutes?: number;
  closeMinutes?: number;
  sla: SlaOutcome;
}

export interface ChecklistFact {
  placeId?: string;
  templateId: string;
  startDay: string;
  finishedDay?: string;
}

export interface DirectoryFact {
  kind: 'contact' | 'responsibility';
  institutionId?: string;
  lastConfirmed?: string;
}

const instant = z.iso.datetime();

export const interpreterRecord = z.object({
  id: z.string(),
  version: z.int(),
  institutionId: z.string(),
  language: z.string(),
  mode: z.string(),
  start: instant,
  durationMin: z.int().positive(),
  createdAt: instant,
  status: z.string(),
});

export const escalationRecord = z.object({
  id: z.string(),
  version: z.int(),
  institutionId: z.string(),
  unitId: z.string(),
  category: z.string(),
  urgency: z.string(),
  status: z.string(),
  createdAt: instant,
  slaDueAt: instant,
  slaPausedAt: instant.optional(),
  history: z.array(z.object({ at: instant, action: z.string() })),
});

export const checklistRecord = z.object({
  id: z.string(),
  updatedAt: z.string(),
  templateId: z.string(),
  placeId: z.string().optional(),
  startDate: z.string(),
  finishedAt: instant.optional(),
  status: z.string(),
});

/** Cancelled interpreter requests are not counted (nothing took place, nothing is billed). */
export function interpreterFact(raw: unknown, rates: RateTable, timeZone: string): InterpreterFact | undefined {
  const r = interpreterRecord.safeParse(raw);
  if (!r.success || r.data.status === 'storniert') return undefined;
  const start = new Date(r.data.start);
  return {
    institutionId: r.data.institutionId,
    language: r.data.language,
    mode: r.data.mode,
    day: dateIn(start, timeZone),
    costEur: surchargedCostEur(rates, { start, durationMin: r.data.durationMin, at: new Date(r.data.createdAt), timeZone }) ?? 0,
  };
}

/** Withdrawn cases count as cases but not for the SLA. */
export function escalationFact(raw: unknown, now: Date, timeZone: string): EscalationFact | undefined {
  const r = escalationRecord.safeParse(raw);
  if (!r.success) return undefined;
  const c = r.data;
  const created = Date.parse(c.createdAt);
  const takeOn = c.history.find((h) => h.action === 'taken' || h.action === 'assigned');
  const resolved = c.status === 'erledigt' ? c.history.findLast((h) => h.action === 'resolved') : undefined;
  return {
    institutionId: c.institutionId,
    unitId: c.unitId,
    category: c.category,
    urgency: c.urgency,
    day: dateIn(new Date(created), timeZone),
    ...(takeOn ? { takeOnMinutes: minutesBetween(created, Date.parse(takeOn.at)) } : {}),
    ...(resolved ? { closeMinutes: minutesBetween(created, Date.parse(resolved.at)) } : {}),
    sla: slaOutcome(c, resolved?.at, now),
  };
}

function slaOutcome(c: z.infer<typeof escalationRecord>, resolvedAt: string | undefined, now: Date): SlaOutcome {
  if (c.status === 'zurueckgezogen') return 'none';
  if (resolvedAt) return resolvedAt <= c.slaDueAt ? 'met' : 'breached';
  if (c.slaPausedAt) return 'open';
  return now.getTime() > Date.parse(c.slaDueAt) ? 'breached' : 'open';
}

function minutesBetween(a: number, b: number): number {
  return Math.max(0, Math.round((b - a) / 60_000));
}

export function checklistFact(raw: unknown, timeZone: string): ChecklistFact | undefined {
  const r = checklistRecord.safeParse(raw);
  if (!r.success) return undefined;
  return {
    ...(r.data.placeId ? { placeId: r.data.placeId } : {}),
    templateId: r.data.templateId,
    startDay: r.data.startDate,
    ...(r.data.status === 'done' && r.data.finishedAt ? { finishedDay: dateIn(new Date(r.data.finishedAt), timeZone) } : {}),
  };
}
