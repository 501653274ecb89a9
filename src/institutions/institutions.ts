// Institution directory: the 36 JVAs, 5 Bezirksregierungen, 3 coordination units and 54
// Kommunale Integrationszentren shipped in data/institutions.json (built by scripts/build-institutions.ts).
// Validated once at start-up; lookups then run on precomputed keys because they sit on hot paths.
import { readFileSync } from 'node:fs';
import { editDistance, loosen, normalize, typoBudget } from '../text/normalize.js';
import { INSTITUTIONS_FILE, InstitutionsFileError, parseInstitutionsFile, type Institution, type InstitutionKind } from './institutionsFile.js';

export function loadInstitutions(file: string = INSTITUTIONS_FILE): InstitutionDirectory {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InstitutionsFileError(`Cannot read institutions file ${file}: ${(err as Error).message}`);
  }
  return new InstitutionDirectory(parseInstitutionsFile(data, file).institutions);
}

// ---------------------------------------------------------------------------------------------------
// Lookup
// ---------------------------------------------------------------------------------------------------

export type FindResult = { match: Institution } | { ambiguous: Institution[] } | { none: true };

/** An institution mention in a sentence: tokens [start, start + length) of `tokensOf(text)`. */
export interface InstitutionMention {
  start: number;
  length: number;
  institutions: Institution[];
}

/** Comparison tokens: normalised, umlaut spellings merged (see `loosen`). Spans of `scanText` index these. */
export function tokensOf(text: string): string[] {
  const folded = loosen(normalize(text));
  return folded ? folded.split(' ') : [];
}

// Words that name the kind of institution. "JVA Bochum" must pick JVA Bochum among everything in Bochum.
// `canonical` is the prefix the generated aliases use ("JVA Bochum", "Bezirksregierung Köln", "KI Köln").
const KIND_PREFIXES = [
  { kind: 'jva', canonical: 'jva', words: ['JVA', 'Justizvollzugsanstalt', 'Gefängnis', 'prison'] },
  {
    kind: 'bezirksregierung',
    canonical: 'bezirksregierung',
    words: ['Bezirksregierung', 'BR', 'Bezreg', 'Bez Reg', 'Regierungsbezirk', 'RB', 'district government'],
  },
  { kind: 'ki', canonical: 'ki', words: ['KI', 'Kommunales Integrationszentrum', 'Integrationszentrum'] },
] as const satisfies ReadonlyArray<{ kind: InstitutionKind; canonical: string; words: readonly string[] }>;

interface Prefix {
  kind: InstitutionKind;
  canonical: string;
  tokens: string[];
}

// Longest first, so "Kommunales Integrationszentrum" wins over a shorter prefix.
const PREFIXES: readonly Prefix[] = KIND_PREFIXES.flatMap(({ kind, canonical, words }) =>
  words.map((w) => ({ kind, canonical, tokens: tokensOf(w) })),
).sort((a, b) => b.tokens.length - a.tokens.length);

function prefixAt(tokens: readonly string[], at: number): Prefix | undefined {
  return PREFIXES.find((p) => p.tokens.every((t, k) => tokens[at + k] === t));
}

// Dropped from the start of a lookup: "die JVA Köln", "in der JVA Köln", "at the prison".
const LEADING_FILLERS = new Set(['die', 'der', 'das', 'dem', 'den', 'in', 'im', 'bei', 'the', 'at']);

// City aliases that are also everyday words ("das Essen", "die Lippe", "mit Geldern"): inside a sentence
// they count only after a place preposition or a kind prefix ("in Essen", "JVA Essen").
const COMMON_WORDS = new Set(['essen', 'lippe', 'geldern']);
const PLACE_PREPOSITIONS = new Set(['in', 'aus', 'bei', 'nach', 'at', 'from']);

interface AliasEntry {
  tokens: string[];
  institutions: Institution[];
}

export class InstitutionDirectory {
  private readonly list: readonly Institution[];
  private readonly ids = new Map<string, Institution>();
  private readonly position = new Map<Institution, number>();
  /** Space-free alias key ("jvakoln") → institutions, so hyphens and spaces do not matter. */
  private readonly exact = new Map<string, Institution[]>();
  /** Distinct aliases grouped by token count, for the typo fallback. */
  private readonly byTokenCount = new Map<number, AliasEntry[]>();
  private readonly maxAliasTokens: number;

  constructor(institutions: readonly Institution[]) {
    this.list = Object.freeze(institutions.map((inst) => Object.freeze({ ...inst, aliases: Object.freeze([...inst.aliases]) as string[] })));
    const entries = new Map<string, AliasEntry>();
    let maxTokens = 1;
    this.list.forEach((inst, i) => {
      this.ids.set(inst.id, inst);
      this.position.set(inst, i);
      for (const alias of [inst.name, inst.shortName, ...inst.aliases]) {
        const tokens = alias === undefined ? [] : tokensOf(alias);
        if (tokens.length === 0) continue;
        maxTokens = Math.max(maxTokens, tokens.length);
        addOnce(this.exact, tokens.join(''), inst);
        const entry = entries.get(tokens.join(' ')) ?? { tokens, institutions: [] };
        entries.set(tokens.join(' '), entry);
        if (!entry.institutions.includes(inst)) entry.institutions.push(inst);
      }
    });
    for (const entry of entries.values()) {
      const group = this.byTokenCount.get(entry.tokens.length) ?? [];
      group.push(entry);
      this.byTokenCount.set(entry.tokens.length, group);
    }
    this.maxAliasTokens = maxTokens;
  }

  all(): readonly Institution[] {
    return this.list;
  }

  byId(id: string): Institution | undefined {
    return this.ids.get(id);
  }

  ofKind(kind: InstitutionKind): readonly Institution[] {
    return this.list.filter((inst) => inst.kind === kind);
  }

  /**
   * Resolves a name the user typed. Order: exact id; exact alias; kind prefix + alias ("JVA Bochum",
   * "BR Köln"); then the same with small typos. Several institutions on the best tier → ambiguous.
   * A bare prefix ("JVA") finds nothing.
   */
  find(text: string): FindResult {
    const byId = this.ids.get(text.trim().toLowerCase());
    if (byId) return { match: byId };
    const tokens = tokensOf(text);
    while (tokens.length > 1 && LEADING_FILLERS.has(tokens[0]!)) tokens.shift();
    if (tokens.length === 0) return { none: true };

    const prefix = prefixAt(tokens, 0);
    const rest = prefix ? tokens.slice(prefix.tokens.length) : [];
    const attempts: Array<() => Institution[]> = [() => this.exactHits(tokens)];
    if (prefix && rest.length > 0) {
      const canonical = [prefix.canonical, ...rest];
      attempts.push(
        () => this.exactHits(canonical, prefix.kind),
        () => this.exactHits(rest, prefix.kind),
        () => this.typoHits(canonical, prefix.kind),
        () => this.typoHits(rest, prefix.kind),
      );
    } else {
      attempts.push(() => this.typoHits(tokens)); // also catches a misspelt prefix ("Bezirksregierug Köln")
    }

    for (const attempt of attempts) {
      const hits = attempt();
      if (hits.length === 1) return { match: hits[0]! };
      if (hits.length > 1) return { ambiguous: hits };
    }
    return { none: true };
  }

  /**
   * Institutions mentioned in a sentence ("Wer ist in der JVA Köln für Dolmetscher zuständig?"), distinct,
   * in order of appearance. Scans word n-grams, longest first, a kind-prefixed mention before a bare one.
   * A bare ambiguous mention ("Köln") contributes every institution it may mean. No typo tolerance here:
   * in free text that would produce false hits.
   */
  findInText(text: string): Institution[] {
    const found: Institution[] = [];
    for (const mention of this.scanText(text).mentions) {
      for (const inst of mention.institutions) if (!found.includes(inst)) found.push(inst);
    }
    return found;
  }

  /**
   * The mentions behind `findInText`, with their position in `tokensOf(text)` (start, length in
   * tokens), so a caller can tell which words named an institution.
   */
  scanText(text: string): { tokens: string[]; mentions: InstitutionMention[] } {
    const tokens = tokensOf(text);
    const mentions: InstitutionMention[] = [];
    for (let i = 0; i < tokens.length; ) {
      const mention = this.mentionAt(tokens, i);
      if (!mention) {
        i++;
        continue;
      }
      mentions.push({ start: i, length: mention.length, institutions: mention.institutions });
      i += mention.length;
    }
    return { tokens, mentions };
  }

  private mentionAt(tokens: readonly string[], i: number): { institutions: Institution[]; length: number } | undefined {
    const prefix = prefixAt(tokens, i);
    if (prefix) {
      const start = i + prefix.tokens.length;
      for (let n = Math.min(this.maxAliasTokens, tokens.length - start); n >= 1; n--) {
        const rest = tokens.slice(start, start + n);
        const hits = this.exactHits([prefix.canonical, ...rest], prefix.kind);
        const found = hits.length > 0 ? hits : this.exactHits(rest, prefix.kind);
        if (found.length > 0) return { institutions: found, length: prefix.tokens.length + n };
      }
    }
    for (let n = Math.min(this.maxAliasTokens, tokens.length - i); n >= 1; n--) {
      const span = tokens.slice(i, i + n);
      if (n === 1 && COMMON_WORDS.has(span[0]!) && !PLACE_PREPOSITIONS.has(tokens[i - 1] ?? '')) continue;
      const hits = this.exactHits(span);
      if (hits.length > 0) return { institutions: hits, length: n };
    }
    return undefined;
  }

  private exactHits(tokens: readonly string[], kind?: InstitutionKind): Institution[] {
    const hits = this.exact.get(tokens.join('')) ?? [];
    return kind ? hits.filter((inst) => inst.kind === kind) : [...hits];
  }

  /** Institutions whose alias is nearest within the per-token typo budget (same number of tokens). */
  private typoHits(tokens: readonly string[], kind?: InstitutionKind): Institution[] {
    // Alias tokens repeat a lot ("bezirksregierung" in every BR alias): compute each pair once per call.
    const memo = tokens.map(() => new Map<string, number>());
    const distance = (k: number, aliasToken: string): number => {
      let d = memo[k]!.get(aliasToken);
      if (d === undefined) memo[k]!.set(aliasToken, (d = tokenDistance(tokens[k]!, aliasToken)));
      return d;
    };
    let best = Infinity;
    let hits: Institution[] = [];
    for (const entry of this.byTokenCount.get(tokens.length) ?? []) {
      let total = 0;
      for (let k = 0; k < tokens.length && total <= best; k++) total += distance(k, entry.tokens[k]!);
      if (total === Infinity || total > best) continue;
      const candidates = kind ? entry.institutions.filter((inst) => inst.kind === kind) : entry.institutions;
      if (candidates.length === 0) continue;
      if (total < best) {
        best = total;
        hits = [];
      }
      for (const inst of candidates) if (!hits.includes(inst)) hits.push(inst);
    }
    return hits.sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }
}

/** Distance of two tokens, or Infinity when it exceeds the typo budget of the shorter one. */
function tokenDistance(a: string, b: string): number {
  if (a === b) return 0;
  const budget = typoBudget(Math.min(a.length, b.length));
  if (budget === 0 || Math.abs(a.length - b.length) > budget) return Infinity; // cheap reject first
  const d = editDistance(a, b, budget);
  return d > budget ? Infinity : d;
}

function addOnce(map: Map<string, Institution[]>, key: string, inst: Institution): void {
  const list = map.get(key);
  if (!list) map.set(key, [inst]);
  else if (!list.includes(inst)) list.push(inst);
}
