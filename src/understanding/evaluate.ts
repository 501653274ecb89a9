// Evaluation of the understanding step on a labelled set (test/fixtures/understanding/*.jsonl):
// each question with the asker's role and the expected interpretation. Used by the unit test (dev part)
// and `npm run bench` (dev and held-out), so the figures are the product's own measure.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Interpretation } from './types.js';
import { ROLES } from '../roles/types.js';

const expectSchema = z.strictObject({
  kind: z.enum(['responsibility', 'ask', 'command', 'refused', 'unknownTopic', 'search', 'unclear']),
  topic: z.string().optional(),
  institution: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  command: z.string().optional(),
  slots: z.record(z.string(), z.string()).optional(),
  choices: z.array(z.string()).optional(),
});

export const labelledSchema = z.strictObject({
  id: z.string(),
  lang: z.enum(['de', 'en']),
  role: z.enum(ROLES),
  institutionId: z.string().optional(),
  text: z.string(),
  expect: expectSchema,
});
export type Labelled = z.infer<typeof labelledSchema>;

export function loadLabelled(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = labelledSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}, line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** The interpretation in the fixture's terms, for comparing and for confusion tables. */
export function describe(got: Interpretation): string {
  switch (got.kind) {
    case 'responsibility':
      return `responsibility:${got.topics[0]?.id ?? '-'}@${placeKey(got.institutions.map((i) => i.id))}`;
    case 'ask':
      return `ask:${got.choices.map((c) => (c.kind === 'command' ? c.command : c.kind)).sort().join(',')}`;
    case 'command':
      return `command:${got.command}${got.slots.language ? `(${got.slots.language})` : ''}`;
    case 'refused':
      return `refused:${got.command}`;
    case 'unknownTopic':
      return `unknownTopic@${placeKey(got.institutions.map((i) => i.id))}`;
    case 'search':
      return 'search';
    case 'unclear':
      return 'unclear';
  }
}

export function expected(item: Labelled): string {
  const e = item.expect;
  const place = placeKey(e.institution === null || e.institution === undefined ? [] : typeof e.institution === 'string' ? [e.institution] : e.institution);
  switch (e.kind) {
    case 'responsibility':
      return `responsibility:${e.topic ?? '-'}@${place}`;
    case 'ask':
      return `ask:${[...(e.choices ?? [])].sort().join(',')}`;
    case 'command':
      return `command:${e.command}${e.slots?.language ? `(${e.slots.language})` : ''}`;
    case 'refused':
      return `refused:${e.command}`;
    case 'unknownTopic':
      return `unknownTopic@${place}`;
    default:
      return e.kind;
  }
}

function placeKey(ids: string[]): string {
  return ids.length ? [...new Set(ids)].sort().join('|') : '-';
}

export interface Score {
  total: number;
  correct: number;
  /** Per expected topic (responsibility questions), per language, per expected kind. */
  byTopic: Map<string, { total: number; correct: number }>;
  byLanguage: Map<string, { total: number; correct: number }>;
  byKind: Map<string, { total: number; correct: number }>;
  errors: { item: Labelled; want: string; got: string }[];
}

export function score(items: readonly Labelled[], interpret: (item: Labelled) => Interpretation): Score {
  const s: Score = { total: 0, correct: 0, byTopic: new Map(), byLanguage: new Map(), byKind: new Map(), errors: [] };
  for (const item of items) {
    const want = expected(item);
    const got = describe(interpret(item));
    const ok = want === got;
    s.total++;
    if (ok) s.correct++;
    else s.errors.push({ item, want, got });
    bump(s.byLanguage, item.lang, ok);
    bump(s.byKind, item.expect.kind, ok);
    if (item.expect.kind === 'responsibility') bump(s.byTopic, item.expect.topic ?? '-', ok);
  }
  return s;
}

function bump(map: Map<string, { total: number; correct: number }>, key: string, ok: boolean): void {
  const e = map.get(key) ?? { total: 0, correct: 0 };
  e.total++;
  if (ok) e.correct++;
  map.set(key, e);
}
