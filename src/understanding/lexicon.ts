// The understanding lexicon (data/understanding.json): the words that give a message its shape —
// question cues, request and escalation verbs, kind words ("JVA", "prison", "district government"),
// English place names, the asker's own place ("bei uns") and filler words. Kept as data so that a
// new phrasing is a line in a file, validated once at start-up.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StartupRefusal } from '../startup/refusal.js';
import { tokensOf } from '../institutions/institutions.js';
import { INSTITUTION_KINDS, type InstitutionKind } from '../institutions/institutionsFile.js';

export const UNDERSTANDING_FILE = fileURLToPath(new URL('../../data/understanding.json', import.meta.url));

const phrase = z.string().trim().min(1).refine((p) => tokensOf(p).length > 0, 'must contain a letter or digit');
const phrases = z.array(phrase).min(1);
const kind = z.enum(INSTITUTION_KINDS);

const fileSchema = z.strictObject({
  version: z.literal(1),
  questionCues: phrases,
  topicCues: phrases,
  requestWords: phrases,
  escalationWords: phrases,
  speakWords: phrases,
  searchWords: phrases,
  ownPlace: phrases,
  timeWords: phrases,
  kindWords: z.strictObject({ jva: phrases, bezirksregierung: phrases, ki: phrases }),
  placeNames: z.record(phrase, phrase),
  defaultTopics: z.strictObject({ byInstitution: z.record(z.string(), z.string()), byKind: z.record(z.string(), z.string()) }),
  topicKinds: z.strictObject({ default: z.array(kind).min(1), byTopic: z.record(z.string(), z.array(kind).min(1)) }),
  englishWords: phrases,
  germanWords: phrases,
  fillers: phrases,
});

export class UnderstandingFileError extends StartupRefusal {
  override name = 'UnderstandingFileError';
}

/** A phrase as comparison tokens ("an wen" → ["an", "wen"]). */
export type Phrase = readonly string[];

export interface Lexicon {
  questionCues: Phrase[];
  /** Cues that a topic follows ("zuständig für", "deals with"): with them, an unknown word is an unknown topic. */
  topicCues: Phrase[];
  requestWords: Phrase[];
  escalationWords: Phrase[];
  speakWords: Phrase[];
  searchWords: Phrase[];
  ownPlace: Phrase[];
  timeWords: Phrase[];
  kindWords: { kind: Exclude<InstitutionKind, 'coordination'>; tokens: Phrase }[];
  /** Folded English (or other) place name → folded German name, both as one space-joined string. */
  placeNames: Map<string, string>;
  defaultTopics: { byInstitution: Record<string, string>; byKind: Record<string, string> };
  /** Where a topic is usually handled: decides a bare city ("Seelsorge Essen" → the JVA, "Migrationsberatung Essen" → the KI). */
  topicKinds: { default: InstitutionKind[]; byTopic: Record<string, InstitutionKind[]> };
  englishWords: ReadonlySet<string>;
  germanWords: ReadonlySet<string>;
  fillers: ReadonlySet<string>;
}

export function loadLexicon(file: string = UNDERSTANDING_FILE): Lexicon {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UnderstandingFileError(`Cannot read understanding lexicon ${file}: ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.map(String).join('.')}: ${i.message}`);
    throw new UnderstandingFileError(`Invalid understanding lexicon ${file}:\n${problems.join('\n')}`);
  }
  const f = parsed.data;
  const list = (items: string[]) => items.map((p) => tokensOf(p));
  const words = (items: string[]) => new Set(items.flatMap((p) => tokensOf(p)));
  return {
    questionCues: list(f.questionCues),
    topicCues: list(f.topicCues),
    requestWords: list(f.requestWords),
    escalationWords: list(f.escalationWords),
    speakWords: list(f.speakWords),
    searchWords: list(f.searchWords),
    ownPlace: list(f.ownPlace),
    timeWords: list(f.timeWords),
    kindWords: (['jva', 'bezirksregierung', 'ki'] as const)
      .flatMap((kind) => f.kindWords[kind].map((p) => ({ kind, tokens: tokensOf(p) })))
      .sort((a, b) => b.tokens.length - a.tokens.length),
    placeNames: new Map(Object.entries(f.placeNames).map(([k, v]) => [tokensOf(k).join(' '), tokensOf(v).join(' ')])),
    defaultTopics: f.defaultTopics,
    topicKinds: f.topicKinds,
    englishWords: words(f.englishWords),
    germanWords: words(f.germanWords),
    fillers: words(f.fillers),
  };
}

/** Where a phrase occurs in the tokens (start indexes). */
export function phraseAt(tokens: readonly string[], at: number, phrases: readonly Phrase[]): Phrase | undefined {
  return phrases.find((p) => p.length > 0 && p.every((w, k) => tokens[at + k] === w));
}

export function hasPhrase(tokens: readonly string[], phrases: readonly Phrase[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (phraseAt(tokens, i, phrases)) return true;
  return false;
}
