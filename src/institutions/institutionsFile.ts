// The institutions file (data/institutions.json, built by scripts/build-institutions.ts): its schema
// and the checks that refuse to start with a broken file, naming entry, field and reason.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StartupRefusal } from '../startup/refusal.js';
import { normalize } from '../text/normalize.js';

export const INSTITUTION_KINDS = ['jva', 'bezirksregierung', 'coordination', 'ki'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** How many entries of each kind the file must hold (36 selbständige JVAs incl. JVK). */
export const EXPECTED_COUNTS: Readonly<Record<InstitutionKind, number>> = { jva: 36, bezirksregierung: 5, coordination: 3, ki: 54 };

/** Fixed ids of the coordination units; escalation routing depends on them. */
export const COORDINATION_IDS = {
  kfi: 'kfi',
  koordinierungsstelle: 'koordinierungsstelle',
  radikalisierungspraevention: 'fb-radikalisierungspraevention',
} as const;

// Kinds whose seat is not known for every entry (Koordinierungsstelle; KIs of Kreise) may omit `city`.
const CITY_REQUIRED: ReadonlySet<InstitutionKind> = new Set(['jva', 'bezirksregierung']);

const text = z.string().trim().min(1, 'must be a non-empty string');

const institutionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case ASCII slug such as "jva-koeln"'),
  kind: z.enum(INSTITUTION_KINDS),
  name: text,
  shortName: text.optional(),
  city: text.optional(),
  regierungsbezirk: z.enum(['Arnsberg', 'Detmold', 'Düsseldorf', 'Köln', 'Münster']).optional(),
  aliases: z.array(text.refine((a) => normalize(a) !== '', 'must contain a letter or digit')).min(1, 'must list at least one alias'),
  website: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  note: text.optional(),
});

const fileSchema = z.strictObject({
  version: z.literal(1),
  generatedFrom: text,
  institutions: z.array(institutionSchema),
});

export type Institution = z.output<typeof institutionSchema>;
export type InstitutionsFile = z.output<typeof fileSchema>;

export class InstitutionsFileError extends StartupRefusal {
  override name = 'InstitutionsFileError';
}

/** Default location: <project root>/data/institutions.json, independent of the working directory. */
export const INSTITUTIONS_FILE = fileURLToPath(new URL('../../data/institutions.json', import.meta.url));

/**
 * Validates parsed JSON. Throws InstitutionsFileError listing every problem as
 * `<label>: institutions[12] (id "jva-koeln"), field "aliases[2]": <reason>`.
 */
export function parseInstitutionsFile(data: unknown, label: string): InstitutionsFile {
  const parsed = fileSchema.safeParse(data);
  const problems = parsed.success ? semanticProblems(parsed.data) : parsed.error.issues.map((issue) => describeIssue(issue, data));
  if (problems.length > 0 || !parsed.success) {
    throw new InstitutionsFileError(`Invalid institutions file ${label}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return parsed.data;
}

function where(index: number, id: unknown): string {
  return `institutions[${index}]${typeof id === 'string' && id ? ` (id "${id}")` : ''}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const message = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'is required' : issue.message;
  const [top, index, ...rest] = issue.path;
  const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : formatPath(rest);
  if (top === 'institutions' && typeof index === 'number') {
    const entry = (data as { institutions: unknown[] }).institutions[index];
    const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
    return `${where(index, id)}${field ? `, field "${field}"` : ''}: ${message}`;
  }
  const topField = issue.code === 'unrecognized_keys' ? field : formatPath(issue.path);
  return topField ? `field "${topField}": ${message}` : message;
}

function semanticProblems(file: InstitutionsFile): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  file.institutions.forEach((inst, i) => {
    const earlier = firstIndex.get(inst.id);
    if (earlier !== undefined) problems.push(`${where(i, inst.id)}, field "id": duplicate of institutions[${earlier}]`);
    else firstIndex.set(inst.id, i);
    if (CITY_REQUIRED.has(inst.kind) && !inst.city) problems.push(`${where(i, inst.id)}, field "city": is required for kind "${inst.kind}"`);
  });
  for (const kind of INSTITUTION_KINDS) {
    const found = file.institutions.filter((inst) => inst.kind === kind).length;
    if (found !== EXPECTED_COUNTS[kind]) {
      problems.push(`field "institutions": expected ${EXPECTED_COUNTS[kind]} entries of kind "${kind}", found ${found}`);
    }
  }
  for (const id of Object.values(COORDINATION_IDS)) {
    const index = firstIndex.get(id);
    if (index === undefined) problems.push(`field "institutions": the coordination unit "${id}" is missing`);
    else if (file.institutions[index]?.kind !== 'coordination') problems.push(`${where(index, id)}, field "kind": must be "coordination"`);
  }
  return problems;
}
