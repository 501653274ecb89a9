// German articles for institution names come from data (data/grammar.json: gender by kind, with
// exceptions per institution), never from string concatenation in the locale files: "in der JVA Köln",
// "beim Kompetenzzentrum für Integration", "im Fachbereich …". English has no article here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StartupRefusal } from '../startup/refusal.js';
import { INSTITUTION_KINDS, type Institution } from './institutionsFile.js';

export const GRAMMAR_FILE = fileURLToPath(new URL('../../data/grammar.json', import.meta.url));

const gender = z.enum(['m', 'f', 'n']);
export type Gender = z.infer<typeof gender>;
const fileSchema = z.strictObject({
  version: z.literal(1),
  comment: z.string().optional(),
  kinds: z.strictObject(Object.fromEntries(INSTITUTION_KINDS.map((k) => [k, gender])) as Record<(typeof INSTITUTION_KINDS)[number], typeof gender>),
  institutions: z.record(z.string(), gender),
});
export type GrammarFile = z.infer<typeof fileSchema>;

export class GrammarFileError extends StartupRefusal {
  constructor(message: string) {
    super(message, 2);
    this.name = 'GrammarFileError';
  }
}

export function parseGrammarFile(data: unknown, label = 'grammar'): GrammarFile {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - field "${i.path.join('.') || '(file)'}": ${i.message}`);
    throw new GrammarFileError(`Invalid grammar file ${label}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

let cached: GrammarFile | undefined;
export function loadGrammar(file: string = GRAMMAR_FILE): GrammarFile {
  if (file === GRAMMAR_FILE && cached) return cached;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new GrammarFileError(`Cannot read grammar file ${file}: ${(err as Error).message}`);
  }
  const grammar = parseGrammarFile(data, file);
  if (file === GRAMMAR_FILE) cached = grammar;
  return grammar;
}

export type Preposition = 'in' | 'bei' | 'von' | 'an' | 'zu' | 'für';
const DATIVE: Record<Gender, string> = { m: 'dem', f: 'der', n: 'dem' };
const ACCUSATIVE: Record<Gender, string> = { m: 'den', f: 'die', n: 'das' };
const CONTRACTED: Partial<Record<Preposition, string>> = { in: 'im', bei: 'beim', von: 'vom', an: 'am', zu: 'zum' };

export function genderOf(place: Pick<Institution, 'id' | 'kind'>, grammar: GrammarFile = loadGrammar()): Gender {
  return grammar.institutions[place.id] ?? grammar.kinds[place.kind];
}

/** "in der JVA Köln", "beim KfI", "für das Kompetenzzentrum …" (German); English: "in JVA Köln". */
export function withPreposition(
  prep: Preposition,
  place: Pick<Institution, 'id' | 'kind'>,
  name: string,
  locale: 'de' | 'en',
  opts: { english?: string; grammar?: GrammarFile } = {},
): string {
  if (locale === 'en') return `${opts.english ?? ENGLISH[prep]} ${name}`;
  const grammar = opts.grammar;
  const g = genderOf(place, grammar);
  if (prep === 'für') return `für ${ACCUSATIVE[g]} ${name}`;
  if (g !== 'f' && CONTRACTED[prep]) return `${CONTRACTED[prep]} ${name}`;
  return `${prep} ${DATIVE[g]} ${name}`;
}

const NOMINATIVE: Record<Gender, string> = { m: 'der', f: 'die', n: 'das' };

/** Where something is sent: "an die Koordinierungsstelle …", "an das Kompetenzzentrum …"; English "to …". */
export function towards(place: Pick<Institution, 'id' | 'kind'>, name: string, locale: 'de' | 'en', grammar?: GrammarFile): string {
  return locale === 'en' ? `to ${name}` : `an ${ACCUSATIVE[genderOf(place, grammar)]} ${name}`;
}

/** The name as a sentence's subject: "die Koordinierungsstelle …", "das Kompetenzzentrum …"; English: the name. */
export function withArticle(place: Pick<Institution, 'id' | 'kind'>, name: string, locale: 'de' | 'en', grammar?: GrammarFile): string {
  return locale === 'en' ? name : `${NOMINATIVE[genderOf(place, grammar)]} ${name}`;
}

const ENGLISH: Record<Preposition, string> = { in: 'in', bei: 'at', von: 'by', an: 'to', zu: 'to', für: 'for' };
