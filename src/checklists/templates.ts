// Checklist templates: one JSON file per template in data/checklists/, validated with zod
// at start-up and by `npm run checklists:validate`. Every problem is reported as
// `<file>: field "steps[2].text.en": <reason>` so a broken file can be fixed without reading code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { normalize } from '../text/normalize.js';
import type { Locale } from '../text/locale.js';
import { isKnownSource } from './sources.js';
import { SEED_ITEM_IDS } from './seedItems.js';
import { StartupRefusal } from '../startup/refusal.js';

export const AUDIENCES = ['jva', 'bezirksregierung', 'all'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CHECKLISTS_DIR = fileURLToPath(new URL('../../data/checklists/', import.meta.url));

/** Step id reserved for the run's own due date in reminder job ids (`checklist:<runId>:due`). */
export const RUN_DUE_ITEM = 'due';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = (what: string) => z.string().regex(SLUG, `must be a lower-case ASCII slug such as "${what}"`).max(60, 'must be at most 60 characters');

// Template texts are our own data, shown in TextBlocks (which render Markdown): keep them to plain prose.
const plain = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[<>*_`[\]#]|^\s*[-+]\s/m.test(s), 'must be plain text (no Markdown or HTML characters such as * _ ` [ ] # < >)');

const localized = (max: number) => z.strictObject({ de: plain(max), en: plain(max) });

const offsetDays = z.int('must be a whole number of days').min(0, 'must be 0 or more').max(365, 'must be at most 365');

const stepSchema = z
  .strictObject({
    id: slug('aufenthalt').refine((id) => id !== RUN_DUE_ITEM, `"${RUN_DUE_ITEM}" is reserved`),
    title: localized(90),
    text: localized(700),
    sources: z.array(z.string().refine(isKnownSource, 'is not a known source (see src/checklists/sources.ts; cite only vetted references)')).max(5),
    derived: z.boolean().optional(),
    hint: localized(400).optional(),
    dueOffsetDays: offsetDays.optional(),
    topic: localized(60).optional(),
    covers: z.array(z.string().refine((id) => SEED_ITEM_IDS.has(id), 'is not a seed item id (see src/checklists/seedItems.ts)')).optional(),
  })
  .refine((s) => s.sources.length > 0 || s.derived === true, {
    message: 'needs at least one source, or "derived": true for a practice recommendation',
    path: ['sources'],
  });

export const templateSchema = z.strictObject({
  id: slug('zugangsgespraech'),
  version: z.int('must be a whole number').min(1, 'must be 1 or more'),
  audience: z.enum(AUDIENCES, `must be one of ${AUDIENCES.map((a) => `"${a}"`).join(', ')}`),
  caseBased: z.boolean(),
  title: localized(90),
  description: localized(400),
  dueOffsetDays: offsetDays.optional(),
  steps: z.array(stepSchema).min(1, 'must list at least one step').max(30, 'must list at most 30 steps'),
});

export type ChecklistTemplate = z.output<typeof templateSchema>;
export type ChecklistStep = ChecklistTemplate['steps'][number];
export type LocalizedText = { de: string; en: string };

export function localize(text: LocalizedText, locale: Locale): string {
  return text[locale];
}

export class ChecklistTemplateError extends StartupRefusal {
  override name = 'ChecklistTemplateError';
  constructor(readonly problems: string[]) {
    super(`Invalid checklist templates:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i > 0 ? '.' : ''}${String(seg)}`)).join('');
}

function describe(issue: z.core.$ZodIssue): string {
  const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  if (issue.code === 'unrecognized_keys') {
    const base = formatPath(issue.path);
    return issue.keys.map((k) => `field "${base ? `${base}.` : ''}${k}": is not allowed`).join('; ');
  }
  const where = formatPath(issue.path);
  return `${where ? `field "${where}"` : 'file'}: ${missing ? 'is required' : issue.message}`;
}

/** Problems of one parsed file (empty = valid). `fileName` is the base name, which must be `<id>.json`. */
export function templateProblems(data: unknown, fileName: string): { template?: ChecklistTemplate; problems: string[] } {
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) return { problems: parsed.error.issues.map(describe) };
  const t = parsed.data;
  const problems: string[] = [];
  if (`${t.id}.json` !== fileName) problems.push(`field "id": must match the file name ("${fileName.replace(/\.json$/, '')}")`);
  const seen = new Map<string, number>();
  t.steps.forEach((s, i) => {
    const first = seen.get(s.id);
    if (first !== undefined) problems.push(`field "steps[${i}].id": duplicate of steps[${first}] ("${s.id}")`);
    else seen.set(s.id, i);
    const dup = s.sources.find((src, k) => s.sources.indexOf(src) !== k);
    if (dup) problems.push(`field "steps[${i}].sources": "${dup}" is listed twice`);
  });
  return problems.length ? { problems } : { template: t, problems };
}

export interface ValidationReport {
  templates: ChecklistTemplate[];
  /** `<file>: <problem>` lines. */
  problems: string[];
  files: number;
}

/** Reads and checks every `*.json` in `dir`; never throws for file content. */
export function validateTemplateDir(dir: string = CHECKLISTS_DIR): ValidationReport {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    return { templates: [], problems: [`${dir}: cannot read the directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`], files: 0 };
  }
  const templates: ChecklistTemplate[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${name}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
      continue;
    }
    const result = templateProblems(data, name);
    problems.push(...result.problems.map((p) => `${name}: ${p}`));
    if (result.template) templates.push(result.template);
  }
  if (names.length === 0) problems.push(`${dir}: no template files (*.json)`);
  return { templates, problems, files: names.length };
}

export function loadTemplates(dir: string = CHECKLISTS_DIR): TemplateCatalog {
  const report = validateTemplateDir(dir);
  if (report.problems.length) throw new ChecklistTemplateError(report.problems);
  return new TemplateCatalog(report.templates);
}

export class TemplateCatalog {
  private readonly byIdMap: Map<string, ChecklistTemplate>;

  readonly all: readonly ChecklistTemplate[];

  /** Offered in this order: case work first, then side-specific before shared templates, then by German title. */
  constructor(templates: readonly ChecklistTemplate[]) {
    this.all = [...templates].sort(
      (a, b) =>
        Number(b.caseBased) - Number(a.caseBased) ||
        Number(a.audience === 'all') - Number(b.audience === 'all') ||
        a.title.de.localeCompare(b.title.de, 'de'),
    );
    this.byIdMap = new Map(this.all.map((t) => [t.id, t]));
  }

  byId(id: string): ChecklistTemplate | undefined {
    return this.byIdMap.get(id);
  }

  /** Templates for one side (JVA or Bezirksregierung) plus those for all, in a stable order. */
  forAudience(side: Exclude<Audience, 'all'> | undefined): ChecklistTemplate[] {
    return this.all.filter((t) => t.audience === 'all' || t.audience === side);
  }

  /** A template from a typed choice: its number in `offered`, its id, or words of its title in either language. */
  find(text: string, offered: readonly ChecklistTemplate[]): ChecklistTemplate | undefined {
    const raw = text.trim();
    if (/^\d{1,2}$/.test(raw)) return offered[Number(raw) - 1];
    const norm = normalize(raw);
    if (!norm) return undefined;
    const exact = offered.find((t) => t.id === raw.toLowerCase() || normalize(t.id) === norm);
    if (exact) return exact;
    const words = norm.split(' ').filter((w) => w.length >= 3);
    if (words.length === 0) return undefined;
    const hits = offered.filter((t) => {
      const hay = `${normalize(t.title.de)} ${normalize(t.title.en)} ${normalize(t.id)}`;
      return words.every((w) => hay.includes(w));
    });
    return hits.length === 1 ? hits[0] : undefined;
  }
}
