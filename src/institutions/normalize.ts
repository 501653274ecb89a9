// Text folding shared by every lookup, so that "Köln", "KOELN", "köln!" and "Köln-" compare equal.
// Dependency-free and allocation-light: it runs on every incoming message.

const GERMAN_FOLDS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * Lower-cases, folds ä/ö/ü → ae/oe/ue and ß → ss, drops other diacritics (é → e), turns every run of
 * characters that are not letters or digits into one space, and trims.
 * `normalize("JVA Köln-Ossendorf!")` → `"jva koeln ossendorf"`.
 */
export function normalize(text: string): string {
  return text
    .normalize('NFC') // a decomposed "u + ¨" must fold like "ü"
    .toLowerCase() // also maps capital ẞ to ß
    .replace(/[äöüß]/g, (c) => GERMAN_FOLDS[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A coarser key on top of `normalize`: ae/oe/ue → a/o/u, so the plain-vowel spelling people type on
 * keyboards without umlauts ("Dusseldorf") meets "Düsseldorf"/"Duesseldorf". Only for comparing —
 * apply it to both sides, never show its output.
 */
export function loosen(normalized: string): string {
  return normalized.replace(/([aou])e/g, '$1');
}
