// Language names → codes (DESIGN §7): what an officer types ("Arabisch", "tuerkisch", "Farsi", "Kurdisch",
// "ar") becomes a code the interpreter request can store. Built once from Intl.DisplayNames (German,
// English and each language's own name, e.g. "Türkçe", "العربية") plus an alias list for what ICU does
// not know or names differently. Case, umlauts, diacritics and ASCII spellings do not matter.
//
// Decisions (documented in the README):
//   - Dari → prs (ISO 639-3; what interpreter registers list separately from Farsi); fa-AF is read as prs.
//   - Kurdisch/Kurdish/ku → ask back: Kurmanji (kmr) or Sorani (ckb).
//   - Serbokroatisch/BKS → sh, one family code: interpreters for it usually cover all three, and the
//     speaker chose the umbrella term. Serbisch, Kroatisch, Bosnisch stay sr, hr, bs.
//   - Darija/Marokkanisch/Maghrebinisch → ary (as src/directory does); Algerisch → arq, Tunesisch → aeb;
//     Levantinisch/Syrisch(-Arabisch)/Libanesisch → apc.
//   - Afghanisch → ask back: Dari or Pashto. Berberisch/Tamazight → ask back: Tarifit, Tachelhit, Kabyle.
//   - Gebärdensprache → sgn; DGS/Deutsche Gebärdensprache → gsg.
//   - A list of what someone offers (a contact's languages in src/directory) asks nothing back: with
//     `{ generic: true }`, Kurdisch → ku and Berberisch/Tamazight → ber, the generic codes.
import { normalize, loosen } from '../text/normalize.js';
import { translate, type MessageKey } from '../i18n/i18n.js';
import { type Locale } from '../text/locale.js';

export interface LanguageLabel {
  de: string;
  en: string;
}
export interface ResolvedLanguage {
  code: string;
  label: LanguageLabel;
}
export type LanguageNameResult = ResolvedLanguage | { ambiguous: ResolvedLanguage[] } | { none: true };

export interface NameOptions {
  /**
   * For a list of what someone offers rather than a request: a name that would be asked back stands for
   * its generic code instead ("Kurdisch" → ku, "Berberisch" → ber). Names without one (Afghanisch) still ask.
   */
  generic?: boolean;
}

/** Codes whose display name comes from the locale files (`language.names.<code>`), not from ICU. */
export const LABELLED_CODES = ['sh', 'kmr', 'ckb', 'ary', 'apc', 'prs', 'sgn', 'gsg', 'rom', 'cnr', 'ber', 'und'] as const;

/** Generic codes (`{ generic: true }`) for the names that otherwise ask back between these codes. */
const GENERIC: Readonly<Record<string, readonly string[]>> = { ku: ['kmr', 'ckb'], ber: ['rif', 'shi', 'kab'] };

/** Extra codes (beyond ISO 639-1) that are looked up by their names. */
const EXTRA_CODES = ['fil', 'prs', 'kmr', 'ckb', 'ary', 'arq', 'aeb', 'apc', 'rom', 'sgn', 'gsg', 'zza', 'rif', 'shi', 'kab', 'tzm', 'cnr', 'sh'];

/** Alias → code, or several codes to ask back. Keys are written plainly; they are folded like the input. */
const ALIASES: Record<string, string | string[]> = {
  // Arabic
  hocharabisch: 'ar',
  'modern standard arabic': 'ar',
  darija: 'ary',
  darja: 'ary',
  marokkanisch: 'ary',
  'marokkanisches arabisch': 'ary',
  'arabisch marokko': 'ary',
  'arabisch marokkanisch': 'ary',
  moroccan: 'ary',
  'moroccan arabic': 'ary',
  algerisch: 'arq',
  'arabisch algerien': 'arq',
  algerian: 'arq',
  tunesisch: 'aeb',
  'arabisch tunesien': 'aeb',
  tunisian: 'aeb',
  maghrebinisch: 'ary',
  'maghrebinisches arabisch': 'ary',
  'arabisch maghreb': 'ary',
  maghrebi: 'ary',
  'maghrebi arabic': 'ary',
  levantinisch: 'apc',
  'levantinisches arabisch': 'apc',
  'levantine arabic': 'apc',
  syrisch: 'apc',
  'syrisch arabisch': 'apc',
  'syrian arabic': 'apc',
  libanesisch: 'apc',
  // Persian, Dari, Pashto
  farsi: 'fa',
  iranisch: 'fa',
  'persisch farsi': 'fa',
  dari: 'prs',
  'persisch dari': 'prs',
  'dari persisch': 'prs',
  'afghanisches persisch': 'prs',
  afghanisch: ['prs', 'ps'],
  afghan: ['prs', 'ps'],
  paschtu: 'ps',
  paschto: 'ps',
  paschtunisch: 'ps',
  pashtu: 'ps',
  pushto: 'ps',
  pashto: 'ps',
  // Kurdish
  kurdisch: ['kmr', 'ckb'],
  kurdish: ['kmr', 'ckb'],
  kurdi: ['kmr', 'ckb'],
  ku: ['kmr', 'ckb'],
  kur: ['kmr', 'ckb'],
  kurmanji: 'kmr',
  kurmandschi: 'kmr',
  kurmanci: 'kmr',
  'kurdi kurmanci': 'kmr',
  nordkurdisch: 'kmr',
  'northern kurdish': 'kmr',
  'kurdisch kurmanji': 'kmr',
  'kurdisch kurmandschi': 'kmr',
  sorani: 'ckb',
  zentralkurdisch: 'ckb',
  'central kurdish': 'ckb',
  'kurdisch sorani': 'ckb',
  zazaki: 'zza',
  zazaisch: 'zza',
  // Serbian, Croatian, Bosnian, Montenegrin
  serbokroatisch: 'sh',
  'serbo kroatisch': 'sh',
  'serbisch kroatisch': 'sh',
  'kroatisch serbisch': 'sh',
  'serbo croatian': 'sh',
  'serbocroatian': 'sh',
  bks: 'sh',
  bcs: 'sh',
  'serbisch lateinisch': 'sh', // ICU's names for sh
  'serbian latin': 'sh',
  'bosnisch kroatisch serbisch': 'sh',
  'bosnian croatian serbian': 'sh',
  jugoslawisch: 'sh',
  hbs: 'sh',
  montenegrinisch: 'cnr',
  srpski: 'sr',
  srpskohrvatski: 'sh',
  'srpsko hrvatski': 'sh',
  // Eritrea, Ethiopia, Somalia
  tigrinisch: 'ti',
  tigrinja: 'ti',
  tigrigna: 'ti',
  tigrinia: 'ti',
  somalisch: 'so',
  // Turkish (ICU has "Türkisch"/"Turkish"; these are the keyboard spellings and the endonym without ç)
  turkce: 'tr',
  // Romanian, Albanian, Georgian
  moldauisch: 'ro',
  moldawisch: 'ro',
  moldovan: 'ro',
  albanesisch: 'sq',
  kosovarisch: 'sq',
  shqip: 'sq',
  // Romani
  romanes: 'rom',
  romani: 'rom',
  romany: 'rom',
  // Berber languages
  berberisch: ['rif', 'shi', 'kab'],
  berber: ['rif', 'shi', 'kab'],
  tamazight: ['rif', 'shi', 'kab'],
  amazigh: ['rif', 'shi', 'kab'],
  tarifit: 'rif',
  riffisch: 'rif',
  rifberberisch: 'rif',
  kabylisch: 'kab',
  // Sign languages
  gebaerdensprache: 'sgn',
  'sign language': 'sgn',
  dgs: 'gsg',
  'deutsche gebaerdensprache': 'gsg',
  'german sign language': 'gsg',
};

/** Words around a language name that do not change it: "arabische Sprache", "Dolmetscher für Arabisch". */
const FILLERS = new Set(['sprache', 'language', 'dolmetscher', 'dolmetscherin', 'interpreter', 'ubersetzer', 'auf', 'in', 'fur', 'for', 'bitte', 'please', 'the', 'die']);

function key(text: string): string {
  return loosen(normalize(text));
}

/** "tuerkische" → "turkisch", "arabischen" → "arabisch" (after folding). */
function stem(token: string): string {
  return token.replace(/isch(e|en|er|es|em)$/, 'isch');
}

interface Lookup {
  names: Map<string, string[]>;
  codes: Set<string>;
  /** `names` with the generic codes instead of ask-backs; built on first use. */
  generic?: Map<string, string[]>;
}

let lookup: Lookup | undefined;

function build(): Lookup {
  const names = new Map<string, string[]>();
  const codes = new Set<string>();
  const add = (name: string | undefined, codesFor: string[]) => {
    if (!name) return;
    const k = key(name);
    if (!k || names.has(k)) return; // aliases first, then the first code that claimed a name
    names.set(k, codesFor);
  };
  for (const [alias, target] of Object.entries(ALIASES)) add(alias, Array.isArray(target) ? target : [target]);

  const de = new Intl.DisplayNames(['de'], { type: 'language', fallback: 'none' });
  const en = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const candidates: string[] = [];
  for (const a of letters) for (const b of letters) candidates.push(a + b);
  candidates.push(...EXTRA_CODES);
  for (const code of candidates) {
    if (code.length === 2 && !EXTRA_CODES.includes(code) && canonical(code) !== code) continue; // mo → ro, iw → he, in → id
    const labelled = (LABELLED_CODES as readonly string[]).includes(code);
    const deName = labelled ? languageLabel(code, 'de') : de.of(code);
    if (!deName) continue;
    codes.add(code);
    add(code, [code]);
    add(deName, [code]);
    add(labelled ? languageLabel(code, 'en') : en.of(code), [code]);
    if (labelled) continue;
    try {
      add(new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code), [code]);
    } catch {
      // no locale data for this language: no endonym
    }
  }
  names.delete('und');
  names.delete('root');
  return { names, codes };
}

function canonical(code: string): string {
  try {
    return Intl.getCanonicalLocales(code)[0] ?? code;
  } catch {
    return code;
  }
}

function pick(codes: string[], opts: NameOptions): string[] {
  if (!opts.generic || codes.length < 2) return codes;
  const generic = Object.keys(GENERIC).find((g) => GENERIC[g]!.length === codes.length && GENERIC[g]!.every((c) => codes.includes(c)));
  return generic ? [generic] : codes;
}

function namesFor(opts: NameOptions): Map<string, string[]> {
  lookup ??= build();
  if (!opts.generic) return lookup.names;
  if (!lookup.generic) {
    const generic = new Map<string, string[]>();
    for (const [name, codes] of lookup.names) generic.set(name, pick(codes, opts));
    for (const code of Object.keys(GENERIC)) if (!generic.has(code)) generic.set(code, [code]);
    lookup.generic = generic;
  }
  return lookup.generic;
}

/** The table: folded name, alias or code → the codes it stands for (several: ask back). */
export function languageNameTable(opts: NameOptions = {}): ReadonlyMap<string, readonly string[]> {
  return namesFor(opts);
}

function resolved(code: string): ResolvedLanguage {
  return { code, label: { de: languageLabel(code, 'de'), en: languageLabel(code, 'en') } };
}

function result(codes: string[]): LanguageNameResult {
  return codes.length === 1 ? resolved(codes[0]!) : { ambiguous: codes.map(resolved) };
}

/** A BCP-47 tag or ISO 639-2/-3 code the user typed: fa-AF, ku-Arab, sr-Latn, ger, ara, pes. */
function fromCode(input: string, known: Lookup): string[] | undefined {
  const m = /^([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))*$/i.exec(input.trim());
  if (!m) return undefined;
  const tag = input.trim().toLowerCase().replace(/_/g, '-');
  const base = m[1]!.toLowerCase();
  if (tag === 'fa-af') return ['prs'];
  if (base === 'ku' || base === 'kur') {
    if (/-(arab|iq|ir)\b/.test(tag)) return ['ckb'];
    if (/-(latn|tr|sy)\b/.test(tag)) return ['kmr'];
  }
  const alias = ALIASES[base];
  if (alias !== undefined) return Array.isArray(alias) ? alias : [alias];
  if (known.codes.has(base)) return [base];
  try {
    const canonical = Intl.getCanonicalLocales(base)[0]!.split('-')[0]!;
    if (known.codes.has(canonical)) return [canonical];
  } catch {
    // not a valid tag
  }
  return undefined;
}

/**
 * "Arabisch", "arabic", "ar", "Türkçe", "tuerkisch", "Dolmetscher für Farsi" → one language;
 * "Kurdisch" → `{ambiguous: [kmr, ckb]}` (ask back; with `{ generic: true }` → ku); anything else → `{none: true}`.
 */
export function resolveLanguageName(input: string, opts: NameOptions = {}): LanguageNameResult {
  const names = namesFor(opts);
  const raw = input.trim();
  if (!raw || raw.length > 80) return { none: true };
  const code = fromCode(raw, lookup!);
  if (code) return result(pick(code, opts));
  const folded = key(raw);
  const direct = names.get(folded);
  if (direct) return result(direct);
  const stripped = folded
    .split(' ')
    .map(stem)
    .filter((t) => !FILLERS.has(t))
    .join(' ');
  const hit = names.get(stripped);
  if (hit) return result(hit);
  return { none: true };
}

const displayNames: Partial<Record<Locale, Intl.DisplayNames>> = {};

/** Display name of a code in de or en: "ar" → "Arabisch"/"Arabic", "kmr" → "Kurmandschi (Nordkurdisch)". */
export function languageLabel(code: string, locale: Locale): string {
  if ((LABELLED_CODES as readonly string[]).includes(code)) return translate(locale, `language.names.${code}` as MessageKey);
  try {
    const names = (displayNames[locale] ??= new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export interface LanguageMention {
  /** One code, or several when the name is ambiguous ("Kurdisch"). */
  codes: string[];
  /** The folded words that matched, e.g. "arabisch". */
  match: string;
}

/**
 * Language names inside free text: "Ich brauche einen Dolmetscher für Arabisch morgen um 10" → ar.
 * Only names and aliases of four letters or more count, never bare codes ("am", "so", "es" are words).
 */
export function findLanguageMentions(text: string): LanguageMention[] {
  lookup ??= build();
  const words = key(text.slice(0, 2000)).split(' ').filter(Boolean).map(stem);
  const found: LanguageMention[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(3, words.length - i); n >= 1 && !matched; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const codes = lookup.names.get(phrase);
      if (codes && phrase.length >= 4 && !lookup.codes.has(phrase) && !FILLERS.has(phrase)) {
        found.push({ codes, match: phrase });
        matched = n;
      }
    }
    i += matched || 1;
  }
  return found;
}
