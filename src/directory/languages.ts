// Languages of contacts (interpreter services): ISO 639 codes. Names, aliases and labels come from the
// project's one table, src/language/languageNames.ts, read as a list of what a service
// offers: "Kurdisch" is the generic ku (the interpreter dialog asks back instead), "Berberisch" ber,
// and "Gebärdensprache" the German one (gsg).
import { languageLabel, languageNameTable, resolveLanguageName, type NameOptions } from '../language/languageNames.js';
import type { Locale } from '../text/locale.js';
import { foldTokens } from './topics.js';

/** Codes the directory knows: the priority languages of the NRW prisons and other common ones. */
export const LANGUAGE_CODES = [
  'tr', 'ar', 'ary', 'apc', 'pl', 'ro', 'sr', 'hr', 'bs', 'sh', 'sq', 'ru', 'uk', 'bg', 'ku', 'kmr', 'ckb', 'fa', 'prs', 'ps', 'ka',
  'ti', 'so', 'fr', 'en', 'vi', 'de', 'es', 'it', 'pt', 'el', 'hu', 'cs', 'sk', 'lt', 'lv', 'mk', 'sl', 'am', 'ur', 'hi', 'bn',
  'pa', 'ta', 'zh', 'hy', 'az', 'he', 'nl', 'rom', 'gsg', 'ber', 'ha', 'yo', 'ig', 'wo', 'ln', 'sw', 'uz', 'tg', 'tk', 'mn', 'th',
] as const;

const OFFERS: NameOptions = { generic: true };
const KNOWN = new Set<string>(LANGUAGE_CODES);

/** The directory's code for what the table resolved, or undefined when it offers no such language. */
function offered(codes: readonly string[]): string | undefined {
  if (codes.length !== 1) return undefined;
  const code = codes[0] === 'sgn' ? 'gsg' : codes[0]!;
  return KNOWN.has(code) ? code : undefined;
}

interface Names {
  /** Folded name → code. */
  byName: Map<string, string>;
  /** Code → its folded names. */
  terms: Map<string, string[]>;
}
let names: Names | undefined;

function index(): Names {
  if (names) return names;
  const byName = new Map<string, string>();
  const terms = new Map<string, string[]>();
  for (const [name, codes] of languageNameTable(OFFERS)) {
    const code = offered(codes);
    if (!code) continue;
    byName.set(name, code);
    // One-word names only: the words of phrases like "modern standard arabic" would match other queries.
    if (!name.includes(' ')) terms.set(code, [...(terms.get(code) ?? []), name]);
  }
  // … and the words of the labels ("Deutsche Gebärdensprache (DGS)").
  for (const [code, list] of terms) {
    const words = (['de', 'en'] as const).flatMap((l) => foldTokens(languageLabel(code, l)));
    terms.set(code, [...new Set([...list, ...words])]);
  }
  return (names = { byName, terms });
}

/** Display name of a code in the user's language. */
export function languageName(code: string, locale: Locale): string {
  return languageLabel(code, locale);
}

/** A code or a German/English name → the code; undefined when unknown. */
export function resolveLanguage(value: string): string | undefined {
  const r = resolveLanguageName(value, OFFERS);
  return 'code' in r ? offered([r.code]) : undefined;
}

/** All names of a code, folded (for the search index). */
export function languageTerms(code: string): readonly string[] {
  return index().terms.get(code) ?? [code];
}

/** Longest language name at tokens[i…] (one to three words), for queries like "Dolmetscher Arabisch". */
export function languageAt(tokens: readonly string[], i: number): { code: string; length: number } | undefined {
  const { byName } = index();
  for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
    const code = byName.get(tokens.slice(i, i + n).join(' '));
    // Two-letter codes ("de", "am", "so") are everyday words in queries: only names count here.
    if (code && !(n === 1 && tokens[i] === code)) return { code, length: n };
  }
  return undefined;
}
