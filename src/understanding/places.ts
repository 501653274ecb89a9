// Which institution a question names: by name, city, nickname or English form ("the Cologne prison",
// "district government of Arnsberg"), narrowed by kind words anywhere in the sentence, with a typo
// fallback on words nothing else explained ("JVA Kleev").
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Institution, InstitutionKind } from '../institutions/institutionsFile.js';
import { editDistance, foldTokens } from '../text/normalize.js';
import { phraseAt, type Lexicon } from './lexicon.js';

export interface PlaceMention {
  institutions: Institution[];
  words: string[];
}

export interface PlaceScan {
  /** The tokens after English place names were replaced by the German ones. */
  tokens: string[];
  /** One entry per mention, with the words that named it; a bare city may mean several institutions. */
  mentions: PlaceMention[];
  /** Token indexes used by place names and kind words. */
  taken: Set<number>;
  kinds: Set<InstitutionKind>;
  /** Token indexes of each kind word ("jva", "integrationszentrum"), by kind. */
  kindTokens: Map<InstitutionKind, number[]>;
}

/** Replaces English place names by their German names, so the institution aliases apply. */
export function withGermanPlaceNames(tokens: readonly string[], lexicon: Lexicon): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    let replaced = false;
    for (let n = Math.min(3, tokens.length - i); n >= 1 && !replaced; n--) {
      const german = lexicon.placeNames.get(tokens.slice(i, i + n).join(' '));
      if (german) {
        out.push(...german.split(' '));
        i += n;
        replaced = true;
      }
    }
    if (!replaced) out.push(tokens[i++]!);
  }
  return out;
}

export function scanPlaces(input: readonly string[], institutions: InstitutionDirectory, lexicon: Lexicon): PlaceScan {
  const tokens = withGermanPlaceNames(input, lexicon);
  const taken = new Set<number>();
  const kinds = new Set<InstitutionKind>();
  const kindTokens = new Map<InstitutionKind, number[]>();
  for (let i = 0; i < tokens.length; i++) {
    const kind = lexicon.kindWords.find((k) => phraseAt(tokens, i, [k.tokens]));
    if (!kind) continue;
    kinds.add(kind.kind);
    for (let k = 0; k < kind.tokens.length; k++) {
      taken.add(i + k);
      kindTokens.set(kind.kind, [...(kindTokens.get(kind.kind) ?? []), i + k]);
    }
  }
  const scan = institutions.scanText(tokens.join(' '));
  let mentions = scan.mentions.map((m) => ({ ...m, institutions: narrow(m.institutions, kinds) }));
  // "Radikalisierungsprävention" is both a unit's alias and a topic: with another place named, it is the topic.
  if (mentions.some((m) => m.institutions.some((x) => x.kind !== 'coordination'))) {
    mentions = mentions.filter((m) => !m.institutions.every((x) => x.kind === 'coordination'));
  }
  for (const m of mentions) for (let k = m.start; k < m.start + m.length; k++) taken.add(k);
  const named = mentions.map((m) => ({ institutions: m.institutions, words: tokens.slice(m.start, m.start + m.length) }));
  const result = { tokens, mentions: mergeSame(named), taken, kinds, kindTokens };
  topicalKindWords(result);
  return result;
}

/**
 * "KI für JVA Rheinbach", "welches Kommunale Integrationszentrum ist für uns zuständig": with no KI named,
 * "KI"/"Integrationszentrum" is what is asked for (the topic of municipal integration), not a place kind.
 */
function topicalKindWords(scan: PlaceScan): void {
  const words = scan.kindTokens.get('ki');
  if (!words || scan.mentions.some((m) => m.institutions.some((x) => x.kind === 'ki'))) return;
  for (const i of words) scan.taken.delete(i);
  scan.kinds.delete('ki');
  scan.kindTokens.delete('ki');
}

/** Typo fallback over windows of unexplained words ("Bezirksregierung Detmodl", "JVA Kleev", "achen"). */
export function typoPlaces(scan: PlaceScan, free: (i: number) => boolean, institutions: InstitutionDirectory): void {
  const { tokens } = scan;
  for (let i = 0; i < tokens.length; i++) {
    if (!free(i)) continue;
    for (let n = Math.min(2, tokens.length - i); n >= 1; n--) {
      let ok = true;
      for (let k = 0; k < n; k++) if (!free(i + k)) ok = false;
      const window = tokens.slice(i, i + n);
      if (!ok || !window.some((w) => w.length >= 5)) continue;
      const found = institutions.find(window.join(' '));
      if ('none' in found) continue;
      // A typo keeps the first letter of the word it spoils: "sachen" is no "Aachen", "sagen" no "Hagen".
      const candidates = ('match' in found ? [found.match] : found.ambiguous).filter((x) => misspells(window, x));
      if (candidates.length === 0) continue;
      const hits = narrow(candidates, scan.kinds);
      scan.mentions.push({ institutions: hits, words: window });
      for (let k = i; k < i + n; k++) scan.taken.add(k);
      i += n - 1;
      break;
    }
  }
}

/** Every longer word of the window is a name part of the institution with one or two letters off, first letter kept. */
function misspells(window: readonly string[], institution: Institution): boolean {
  const parts = [institution.name, ...(institution.aliases ?? [])].flatMap((name) => foldTokens(name));
  return window.filter((w) => w.length >= 5).every((w) => parts.some((p) => p[0] === w[0] && Math.abs(p.length - w.length) <= 2 && editDistance(w, p, 2) <= 2));
}

/** Keeps the institutions of the given kinds ("prison" → the JVA), if any remain. */
export function narrow(list: Institution[], kinds: ReadonlySet<InstitutionKind>): Institution[] {
  if (list.length < 2 || kinds.size === 0) return list;
  const kept = list.filter((x) => kinds.has(x.kind));
  return kept.length ? kept : list;
}

const CANONICAL_PREFIX: Partial<Record<InstitutionKind, string>> = { jva: 'JVA', bezirksregierung: 'Bezirksregierung', ki: 'KI' };

/**
 * A bare city with several institutions, narrowed to `kinds`: the one named "<kind> <city>" if exactly one
 * is ("Bochum" for prison matters → JVA Bochum, not Bochum-Langendreer); otherwise all of that kind.
 */
export function narrowMention(mention: PlaceMention, kinds: ReadonlySet<InstitutionKind>, institutions: InstitutionDirectory): Institution[] {
  const list = narrow(mention.institutions, kinds);
  const kind = list[0]?.kind;
  if (list.length < 2 || !kind || !list.every((x) => x.kind === kind) || !CANONICAL_PREFIX[kind]) return list;
  const found = institutions.find(`${CANONICAL_PREFIX[kind]} ${mention.words.join(' ')}`);
  return 'match' in found && list.includes(found.match) ? [found.match] : list;
}

function mergeSame(groups: PlaceMention[]): PlaceMention[] {
  const out: PlaceMention[] = [];
  for (const g of groups) {
    const same = (o: PlaceMention) => o.institutions.length === g.institutions.length && o.institutions.every((x) => g.institutions.includes(x));
    if (!out.some(same)) out.push(g);
  }
  return out;
}
