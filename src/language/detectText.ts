// Text facts for the offline detector: script counts, word tokens, marker-word tallies, detector
// codes → ours, and the final clean-up of a guess (families, rounding, alternatives).
import type { LanguageCandidate } from './types.js';

export type Script = 'Latin' | 'Cyrillic' | 'Arabic' | 'Ethiopic' | 'Georgian' | 'other';

/** A guess with its runner-ups. */
export interface Guess extends LanguageCandidate {
  alternatives?: LanguageCandidate[];
}

// ---------------------------------------------------------------------------------------------------
// Codes

const CODE_OVERRIDES: Record<string, string> = {
  prs: 'prs', // Intl would make it fa-AF; we keep Dari as prs (see languageNames.ts)
  kmr: 'kmr', // Intl would make it ku
  zlm: 'ms',
  tgl: 'tl',
  und: 'und',
};

/**
 * A detector's code → ours: ISO 639-1 where one exists (Intl canonicalisation: deu → de, arb → ar,
 * pes → fa, pbu → ps, als → sq), with Kurdish by script (eld's `ku` is Sorani; franc's Latin `ckb` is
 * Kurmanji in practice), Dari kept as prs.
 */
export function canonicalCode(code: string, script?: Script): string {
  if (!code) return 'und';
  if (code === 'ku' || code === 'ckb' || code === 'kur') return script === 'Latin' ? 'kmr' : 'ckb';
  const override = CODE_OVERRIDES[code];
  if (override) return override;
  try {
    return (Intl.getCanonicalLocales(code)[0] ?? code).split('-')[0]!;
  } catch {
    return code;
  }
}

export const SH_FAMILY = new Set(['sh', 'hr', 'sr', 'bs']);

// ---------------------------------------------------------------------------------------------------
// Text facts

export const SCRIPT_TESTS: [Script, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
  ['Georgian', /\p{Script=Georgian}/u],
];
export const LETTER = /\p{L}/u;

/** Letters per script; `other` counts letters of any further script (Greek, Han, Hebrew …). */
export function scriptCounts(text: string): Record<Script, number> {
  const counts: Record<Script, number> = { Latin: 0, Cyrillic: 0, Arabic: 0, Ethiopic: 0, Georgian: 0, other: 0 };
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    const hit = SCRIPT_TESTS.find(([, re]) => re.test(ch));
    counts[hit ? hit[0] : 'other']++;
  }
  return counts;
}

export const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g; // harakat, superscript alef, tatweel

/** Lower-cased words without punctuation (letters and digits only; digits kept for Arabizi). */
export function tokens(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(ARABIC_MARKS, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

export function markerHits(toks: string[], markers: Record<string, Set<string>>): Map<string, number> {
  const hits = new Map<string, number>();
  for (const [lang, set] of Object.entries(markers)) {
    let n = 0;
    for (const t of toks) if (set.has(t)) n++;
    if (n > 0) hits.set(lang, n);
  }
  return hits;
}

/** The language with the most hits if it has at least `min` and clearly more than the runner-up. */
export function clearWinner(hits: Map<string, number>, min: number): { lang: string; n: number } | undefined {
  const sorted = [...hits.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = sorted;
  if (!first || first[1] < min) return undefined;
  if (second && second[1] * 2 > first[1]) return undefined;
  return { lang: first[0], n: first[1] };
}

/** Families the detector never separates, rounding (4 places), and de-duplicated alternatives. */
export function finish(guess: Guess, script: Script): Guess {
  let { language } = guess;
  const alternatives: LanguageCandidate[] = [...(guess.alternatives ?? [])];
  if (SH_FAMILY.has(language) && (language !== 'sr' || script === 'Latin')) {
    // Serbian/Croatian/Bosnian in Latin letters; Cyrillic Serbian is unambiguous and stays sr.
    alternatives.unshift(...['hr', 'sr', 'bs'].map((l) => ({ language: l, confidence: guess.confidence * 0.9 })));
    language = 'sh';
  } else if (language === 'fa' || language === 'prs') {
    alternatives.unshift({ language: language === 'fa' ? 'prs' : 'fa', confidence: guess.confidence * 0.9 });
  } else if (language === 'ary') {
    alternatives.unshift({ language: 'ar', confidence: guess.confidence * 0.9 });
  }
  const seen = new Set([language]);
  const alts = alternatives
    .filter((a) => a.language !== 'und' && !seen.has(a.language) && (seen.add(a.language), true))
    .slice(0, 3)
    .map((a) => ({ language: a.language, confidence: round(a.confidence) }));
  return { language, confidence: round(guess.confidence), ...(alts.length ? { alternatives: alts } : {}) };
}

export const round = (n: number) => Math.round(Math.max(0, Math.min(1, n)) * 10000) / 10000;
