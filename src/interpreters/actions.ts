// The values interpreter card buttons submit. Card data is client data: parsed with these schemas,
// and the service re-checks identity, role and the record version on every action.
import { z } from 'zod';
import { REQUEST_ID } from './store.js';
import { ALL_VERBS, FIELDS, type Verb } from './types.js';

const requestId = z.string().regex(REQUEST_ID);
const version = z.int().min(1).max(1_000_000);

/** Action.Submit buttons of the dialog and of the requester's cards: `{cmd: "dolmetscher", dol: {...}}`. */
export const dialogActionSchema = z.discriminatedUnion('a', [
  z.strictObject({ a: z.literal('send') }),
  z.strictObject({ a: z.literal('change') }),
  z.strictObject({ a: z.literal('field'), f: z.enum(FIELDS) }),
  z.strictObject({ a: z.literal('detect') }),
  z.strictObject({ a: z.literal('list') }),
  z.strictObject({ a: z.enum(['cancel', 'done']), r: requestId, v: version.optional() }),
]);
export type DialogAction = z.infer<typeof dialogActionSchema>;

export function dialogActionFromValue(value: unknown): DialogAction | undefined {
  if (!value || typeof value !== 'object' || 'verb' in value) return undefined;
  const parsed = dialogActionSchema.safeParse((value as { dol?: unknown }).dol);
  return parsed.success ? parsed.data : undefined;
}

/** The data of an Action.Execute (the card's data merged with its inputs). */
export const executeDataSchema = z
  .object({
    dol: z.strictObject({ r: requestId, v: version.optional() }),
    dolEntry: z.string().max(40).optional(),
    dolInterpreter: z.string().max(2000).optional(),
    dolNote: z.string().max(4000).optional(),
  })
  .loose();
export type ExecuteData = z.infer<typeof executeDataSchema>;

/** An Action.Execute pressed in a client without invokes (console chat): `{cmd, dol: {r, v}, verb}` as a message value. */
export function executeFromValue(value: unknown): { verb: Verb; data: ExecuteData } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const verb = (value as { verb?: unknown }).verb;
  if (typeof verb !== 'string' || !ALL_VERBS.includes(verb)) return undefined;
  const parsed = executeDataSchema.safeParse(value);
  return parsed.success ? { verb: verb as Verb, data: parsed.data } : undefined;
}
