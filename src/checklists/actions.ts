// The values checklist card buttons submit. Card submits are client data: the dialog parses them with
// this schema and the service re-checks ownership of the run on every action.
import { z } from 'zod';
import { RUN_ID } from './store.js';

const runId = z.string().regex(RUN_ID);
const stepId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60);
const templateId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60);

export const checklistActionSchema = z.discriminatedUnion('a', [
  z.strictObject({ a: z.literal('start'), t: templateId }),
  z.strictObject({ a: z.literal('new') }),
  z.strictObject({ a: z.literal('list') }),
  z.strictObject({ a: z.literal('resume'), r: runId }),
  z.strictObject({ a: z.literal('delete'), r: runId }),
  z.strictObject({ a: z.enum(['done', 'skip', 'note', 'later', 'due', 'back']), r: runId, s: stepId }),
]);

export type ChecklistAction = z.infer<typeof checklistActionSchema>;

/** The checklist action a card submit carried, if the activity value is one of ours. */
export function checklistActionFromValue(value: unknown): ChecklistAction | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const parsed = checklistActionSchema.safeParse((value as { checklist?: unknown }).checklist);
  return parsed.success ? parsed.data : undefined;
}
