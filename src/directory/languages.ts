// Languages of contacts (interpreter services): ISO 639 codes, German and English names from
// Intl.DisplayNames plus the names people actually use (Farsi, Kurmanji, Darija, DGS …; DESIGN §7).
import { foldTokens } from './topics.js';
import type { Locale } from '../i18n/i18n.js';

/** Codes the directory knows: the priority languages of DESIGN §7 and other common ones. */
export const LANGUAGE_CODES = [
  'tr', 'ar', 'ary', 'apc', 'pl', 'ro', 'sr', 'hr', 'bs', 'sh', 'sq', 'ru', 'uk', 'bg', 'ku', 'kmr', 'ckb', 'fa', 'prs', 'ps', 'ka',
  'ti', 'so', 'fr', 'en', 'vi', 'de', 'es', 'it', 'pt', 'el', 'hu', 'cs', 'sk', 'lt', 'lv', 'mk', 'sl', 'am', 'ur', 'hi', 'bn',
  'pa', 'ta', 'zh', 'hy', 'az', 'he', 'nl', 'rom', 'gsg', 'ber', 'ha', 'yo', 'ig', 'wo', 'ln', 'sw', 'uz', 'tg', 'tk', 'mn', 'th',
] as const;

/** Names Intl does not have or that people say differently; first entry per language is the display name. */
const EXTRA_NAMES: Record<string, { de: string[]; en: string[] }> = {
  ary: { de: ['Marokkanisches Arabisch', 'Darija', 'Marokkanisch', 'Maghrebinisch', 'maghrebinisches Arabisch'], en: ['Moroccan Arabic', 'Darija', 'Maghrebi Arabic'] },
  apc: { de: ['Levantinisches Arabisch', 'Syrisch-Arabisch', 'Syrisch', 'Libanesisch'], en: ['Levantine Arabic', 'Syrian Arabic'] },
  kmr: { de: ['Kurmandschi', 'Kurmanci', 'Nordkurdisch'], en: ['Kurmanji', 'Northern Kurdish'] },
  ckb: { de: ['Sorani', 'Zentralkurdisch'], en: ['Sorani', 'Central Kurdish'] },
  fa: { de: ['Persisch', 'Farsi'], en: ['Persian', 'Farsi'] },
  prs: { de: ['Dari'], en: ['Dari'] },
  ps: { de: ['Paschtu', 'Paschto', 'Pashto'], en: ['Pashto', 'Pashtu'] },
  ti: { de: ['Tigrinya', 'Tigrinisch'], en: ['Tigrinya'] },
  sh: { de: ['Bosnisch/Kroatisch/Serbisch', 'BKS', 'Serbokroatisch'], en: ['Bosnian/Croatian/Serbian', 'BCS', 'Serbo-Croatian'] },
  rom: { de: ['Romanes', 'Romani'], en: ['Romani', 'Romany'] },
  gsg: { de: ['Deutsche Gebärdensprache', 'Gebärdensprache', 'DGS'], en: ['German Sign Language', 'sign language'] },
  ber: { de: ['Tamazight', 'Berberisch'], en: ['Tamazight', 'Berber'] },
};

const displayNames: Record<Locale, Intl.DisplayNames> = {
  de: new Intl.DisplayNames(['de'], { type: 'language' }),
  en: new Intl.DisplayNames(['en'], { type: 'language' }),
};

const KNOWN = new Set<string>(LANGUAGE_CODES);
/** Folded name → code. */
const BY_NAME = new Map<string, string>();

for (const code of LANGUAGE_CODES) {
  const names = [code, ...(EXTRA_NAMES[code]?.de ?? []), ...(EXTRA_NAMES[code]?.en ?? [])];
  for (const locale of ['de', 'en'] as const) {
    const name = displayNames[locale].of(code);
    if (name && name !== code) names.push(name);
  }
  for (const name of names) {
    const key = foldTokens(name).join(' ');
    if (key && !BY_NAME.has(key)) BY_NAME.set(key, code);
  }
}

/** Display name of a code in the user's language. */
export function languageName(code: string, locale: Locale): string {
  const extra = EXTRA_NAMES[code]?.[locale][0];
  if (extra) return extra;
  const name = displayNames[locale].of(code);
  return name && name !== code ? name : code;
}

/** A code or a German/English name → the code; undefined when unknown. */
export function resolveLanguage(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase();
  if (KNOWN.has(trimmed)) return trimmed;
  return BY_NAME.get(foldTokens(value).join(' '));
}

const TERMS = new Map<string, string[]>();
for (const [name, code] of BY_NAME) TERMS.set(code, [...(TERMS.get(code) ?? []), name]);

/** All names of a code, folded (for the search index). */
export function languageTerms(code: string): readonly string[] {
  return TERMS.get(code) ?? [code];
}

/** Longest language name at tokens[i…] (one to three words), for queries like "Dolmetscher Arabisch". */
export function languageAt(tokens: readonly string[], i: number): { code: string; length: number } | undefined {
  for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
    const code = BY_NAME.get(tokens.slice(i, i + n).join(' '));
    // Two-letter codes ("de", "am", "so") are everyday words in queries: only names count here.
    if (code && !(n === 1 && tokens[i] === code)) return { code, length: n };
  }
  return undefined;
}
