// Topics of "wer ist zuständig", their German and English synonyms kept as data (data/topics.json),
// and the matcher that finds them in what people type: exact words, inflected forms (Dolmetscherin,
// Seelsorger) and typos, with umlauts, ASCII spellings and case folded by the shared normalize/loosen.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StartupRefusal } from '../startup/refusal.js';
import { editDistance, foldTokens, letterMask, maybeWithin, typoBudget } from '../text/normalize.js';

/** The three coordinating bodies; ids as in data/institutions.json. */
export type CoordinationId = 'koordinierungsstelle' | 'kfi' | 'fb-radikalisierungspraevention';

export interface Topic {
  id: string;
  label: { de: string; en: string };
  /** Words and phrases, German and English, in any spelling; the label and the id count too. */
  synonyms: readonly string[];
  /**
   * How people describe a situation that belongs to the topic ("Suizidgefahr", "soll abgeschoben werden").
   * Only free questions use them; an import cell or form value must name the topic itself.
   */
  situations: readonly string[];
  /** Who to ask when nothing is on record and no institution narrows it. */
  coordination: CoordinationId;
  /** "Integration" is the general topic: a more specific topic in the same question wins. */
  generic?: boolean;
}

/** The topic lexicon: data/topics.json, validated once at start-up (a broken file stops the bot, naming the field). */
export const TOPICS_FILE = fileURLToPath(new URL('../../data/topics.json', import.meta.url));

const phrase = z.string().trim().min(1).refine((p) => foldTokens(p).length > 0, 'must contain a letter or digit');
const topicsFileSchema = z.strictObject({
  version: z.literal(1),
  topics: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z]+(?:-[a-z]+)*$/, 'must be a lower-case slug'),
        label: z.strictObject({ de: phrase, en: phrase }),
        coordination: z.enum(['koordinierungsstelle', 'kfi', 'fb-radikalisierungspraevention']),
        generic: z.boolean().optional(),
        synonyms: z.array(phrase).min(1),
        situations: z.array(phrase),
      }),
    )
    .min(1)
    .refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, 'topic ids must be unique'),
});

export class TopicsFileError extends StartupRefusal {
  override name = 'TopicsFileError';
}

/** Reads and validates a topics file; errors name the file and the field (`topics[3].synonyms[2]: …`). */
export function loadTopics(file: string = TOPICS_FILE): Topic[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TopicsFileError(`Cannot read topics file ${file}: ${(err as Error).message}`);
  }
  const parsed = topicsFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')}: ${i.message}`);
    throw new TopicsFileError(`Invalid topics file ${file}:\n${problems.join('\n')}`);
  }
  return parsed.data.topics;
}

export const TOPICS: readonly Topic[] = loadTopics();

const BY_ID = new Map(TOPICS.map((t) => [t.id, t]));

export function topicById(id: string): Topic | undefined {
  return BY_ID.get(id);
}

/** Comparison tokens, the same folding as the institution lookup. */
export { foldTokens };

export type MatchQuality = 'exact' | 'prefix' | 'fuzzy';
const QUALITY_RANK: Record<MatchQuality, number> = { exact: 3, prefix: 2, fuzzy: 1 };

export interface TopicMention {
  topic: Topic;
  /** Token span in the folded tokens. */
  start: number;
  length: number;
  quality: MatchQuality;
}

interface Entry {
  topic: Topic;
  tokens: string[];
  masks: number[];
  chars: number;
  /** Situation wording: exact or inflected only, never a typo. */
  strict: boolean;
}

/** Longest inflection ending accepted after a synonym word ("Dolmetscher" + "innen"). */
const MAX_SUFFIX = 5;
/** Prefix matches only for synonyms at least this long ("ki" must not match "kinder"). */
const MIN_PREFIX_STEM = 5;
/** A compound's first word counts as the topic only from this length ("Seelsorge" in "Seelsorgetermin"). */
const MIN_COMPOUND_HEAD = 8;

export class TopicMatcher {
  private readonly entries: Entry[] = [];
  private readonly exact = new Map<string, Topic>();

  private readonly known: ReadonlySet<string>;

  /**
   * `withSituations`: also the situation wording (free questions), matched without typo tolerance.
   * `knownWords`: folded everyday words that are never taken for a mistyped topic ("geben" is no "Gebet").
   */
  constructor(
    readonly topics: readonly Topic[] = TOPICS,
    opts: { withSituations?: boolean; knownWords?: ReadonlySet<string> } = {},
  ) {
    this.known = opts.knownWords ?? new Set();
    for (const topic of topics) {
      const named = new Set([topic.id.replace(/-/g, ' '), topic.label.de, topic.label.en, ...topic.synonyms]);
      const phrases = [...[...named].map((p) => ({ p, strict: false })), ...(opts.withSituations ? topic.situations.filter((p) => !named.has(p)).map((p) => ({ p, strict: true })) : [])];
      for (const { p, strict } of phrases) {
        const tokens = foldTokens(p);
        if (tokens.length === 0) continue;
        const key = tokens.join(' ');
        if (!strict && !this.exact.has(key)) this.exact.set(key, topic);
        this.entries.push({ topic, tokens, masks: tokens.map(letterMask), chars: key.length, strict });
      }
    }
    // Labels like "Dolmetscher und Sprachmittlung" also yield their parts via the synonyms; longest first.
    this.entries.sort((a, b) => b.tokens.length - a.tokens.length || b.chars - a.chars);
  }

  /** A whole field value (import cell, form choice): the topic id, label or a synonym, exactly (folded). */
  resolve(value: string): Topic | undefined {
    const byId = BY_ID.get(value.trim().toLowerCase());
    if (byId && this.topics.includes(byId)) return byId;
    return this.exact.get(foldTokens(value).join(' '));
  }

  /** The topic a mistyped value probably meant, for error messages. */
  suggest(value: string): Topic | undefined {
    const tokens = foldTokens(value);
    return tokens.length ? this.scan(tokens)[0]?.topic : undefined;
  }

  /**
   * Topic mentions in folded tokens, left to right, each word used once. At each position the best
   * entry wins: exact over inflected over mistyped, then more words, then more characters.
   * `skip(i)` marks tokens already taken (institution names, command words).
   */
  scan(tokens: readonly string[], skip: (i: number) => boolean = () => false): TopicMention[] {
    const found: TopicMention[] = [];
    const masks = tokens.map(letterMask);
    for (let i = 0; i < tokens.length; ) {
      if (skip(i)) {
        i++;
        continue;
      }
      let best: { entry: Entry; quality: MatchQuality } | undefined;
      for (const entry of this.entries) {
        const n = entry.tokens.length;
        if (i + n > tokens.length) continue;
        if (best && (QUALITY_RANK[best.quality] === 3 && n < best.entry.tokens.length)) break; // sorted: nothing better follows
        let blocked = false;
        for (let k = 1; k < n; k++) if (skip(i + k)) blocked = true;
        if (blocked) continue;
        const quality = matchQuality(tokens, masks, i, entry, this.known);
        if (!quality) continue;
        if (!best || better(quality, entry, best.quality, best.entry)) best = { entry, quality };
      }
      if (!best) {
        i++;
        continue;
      }
      found.push({ topic: best.entry.topic, start: i, length: best.entry.tokens.length, quality: best.quality });
      i += best.entry.tokens.length;
    }
    return found;
  }
}

function better(q: MatchQuality, e: Entry, bq: MatchQuality, be: Entry): boolean {
  if (QUALITY_RANK[q] !== QUALITY_RANK[bq]) return QUALITY_RANK[q] > QUALITY_RANK[bq];
  if (e.tokens.length !== be.tokens.length) return e.tokens.length > be.tokens.length;
  return e.chars > be.chars;
}

function matchQuality(tokens: readonly string[], masks: readonly number[], at: number, entry: Entry, known: ReadonlySet<string>): MatchQuality | undefined {
  let quality: MatchQuality = 'exact';
  let typos = 0;
  for (let k = 0; k < entry.tokens.length; k++) {
    const word = tokens[at + k]!;
    const want = entry.tokens[k]!;
    if (word === want) continue;
    const last = k === entry.tokens.length - 1;
    const inflected = want.length >= MIN_PREFIX_STEM && word.length - want.length <= MAX_SUFFIX;
    // A compound headed by a long topic word: "Diskriminierungsbeschwerde", "Seelsorgetermin".
    const compound = !entry.strict && want.length >= MIN_COMPOUND_HEAD && word.length - want.length >= 4;
    if (last && word.length > want.length && (inflected || compound) && word.startsWith(want)) {
      if (quality === 'exact') quality = 'prefix';
      continue;
    }
    if (entry.strict || known.has(word)) return undefined;
    const budget = typoBudget(Math.min(word.length, want.length));
    if (budget === 0 || Math.abs(word.length - want.length) > budget || !maybeWithin(masks[at + k]!, entry.masks[k]!, budget)) return undefined;
    const d = editDistance(word, want, budget);
    if (d > budget) return undefined;
    typos += d;
    quality = 'fuzzy';
  }
  return typos > 2 ? undefined : quality;
}
