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

/** normalize + loosen: the key for comparing what people type with word lists and names. */
export function fold(text: string): string {
  return loosen(normalize(text));
}

/** The words of `fold(text)`; empty text gives no words. */
export function foldTokens(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/** Typo budget per token (Damerau–Levenshtein): none below 5 characters, 1 from 5, 2 from 9. */
export function typoBudget(length: number): number {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

// Three reused rows for editDistance: lookups are hot, so no allocation per comparison.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions), capped at
 * max + 1 (stops early once the distance must exceed max). Without max, the exact distance.
 * The one edit distance of the project: institutions, topics and command suggestions all use it.
 */
export function editDistance(a: string, b: string, max: number = Math.max(a.length, b.length)): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2);
    rowB = new Int32Array(b.length * 2);
    rowC = new Int32Array(b.length * 2);
  }
  let prev2 = rowA;
  let prev = rowB;
  let row = rowC;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = prev[j - 1]! + (ca === cb ? 0 : 1);
      if (prev[j]! + 1 < d) d = prev[j]! + 1;
      if (row[j - 1]! + 1 < d) d = row[j - 1]! + 1;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && prev2[j - 2]! + 1 < d) d = prev2[j - 2]! + 1;
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = row;
    row = spare;
  }
  return prev[b.length]!;
}

/**
 * A cheap pre-check for `editDistance`: the set of characters a word uses, as bits (a–z, digits, rest).
 * Each edit changes at most two bits, so words more than `max` edits apart are usually rejected by
 * `maybeWithin` without running the distance at all (it never rejects a pair that is within `max`).
 */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    mask |= c >= 97 && c <= 122 ? 1 << (c - 97) : c >= 48 && c <= 57 ? 1 << 26 : 1 << 27;
  }
  return mask;
}

export function maybeWithin(maskA: number, maskB: number, max: number): boolean {
  let x = maskA ^ maskB;
  let bits = 0;
  while (x) {
    x &= x - 1;
    bits++;
  }
  return bits <= 2 * max;
}
