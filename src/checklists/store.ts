// DATA_DIR/checklists.json: the checklist runs and their id counters. Owned by this capability;
// validated on open, written durably through JsonStore (group commit).
import { z } from 'zod';
import type { DocumentStore } from '../store/documentStore.js';
import { openCapabilityStore } from '../store/capabilityStore.js';
import type { Logger } from '../log/logger.js';
import { ISO_DATE } from './dueDate.js';

export const CHECKLIST_SCHEMA_VERSION = 1;
export const RUN_ID = /^CL-\d{4}-\d{4,}$/;

const isoInstant = z.iso.datetime();

export const stepStateSchema = z.strictObject({
  state: z.enum(['done', 'skipped']).optional(),
  at: isoInstant.optional(),
  reason: z.string().max(200).optional(),
  note: z.string().max(500).optional(),
});
export type StepState = z.infer<typeof stepStateSchema>;

export const runSchema = z.strictObject({
  id: z.string().regex(RUN_ID),
  templateId: z.string().min(1),
  templateVersion: z.int().min(1),
  owner: z.string().min(1),
  /** The owner's institution or unit when the run started (for figures; never used for access). */
  placeId: z.string().optional(),
  caseRef: z.string().max(40).optional(),
  status: z.enum(['open', 'done']),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  finishedAt: isoInstant.optional(),
  /** The calendar day the run was started on, in the bot's time zone: base of step due offsets. */
  startDate: z.string().regex(ISO_DATE),
  dueDate: z.string().regex(ISO_DATE).optional(),
  /** The step the owner is on; resuming shows it. */
  cursor: z.string().min(1),
  steps: z.record(z.string(), stepStateSchema),
});
export type ChecklistRun = z.infer<typeof runSchema>;

export const checklistDataSchema = z.strictObject({
  runs: z.record(z.string(), runSchema),
  counters: z.record(z.string(), z.int().nonnegative()),
});
export type ChecklistData = z.infer<typeof checklistDataSchema>;

export function emptyChecklistData(): ChecklistData {
  return { runs: {}, counters: {} };
}

/** Pure migrations: key n upgrades schema version n to n + 1. */
export const checklistMigrations: Record<number, (data: any) => any> = {};

export function openChecklistStore(dataDir: string, log?: Logger): Promise<DocumentStore<ChecklistData>> {
  return openCapabilityStore(
    dataDir,
    { fileName: 'checklists.json', schemaVersion: CHECKLIST_SCHEMA_VERSION, schema: checklistDataSchema, initial: emptyChecklistData, migrations: checklistMigrations },
    { log },
  );
}
