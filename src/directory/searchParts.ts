// Small parts of the directory search (search.ts): query words, posting lookups, top-k selection and
// binary search over the sorted vocabulary. Pure functions, allocation-light: they run on every query.
import { fold, foldTokens } from '../text/normalize.js';

/** Words that carry no meaning in a directory query (folded). */
export const STOP_WORDS = new Set(
  [
    'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einer', 'und', 'oder', 'fur', 'in', 'im', 'am', 'an',
    'bei', 'beim', 'von', 'vom', 'zu', 'zum', 'zur', 'mit', 'nach', 'aus', 'auf', 'suche', 'suchen', 'gibt', 'es',
    'the', 'a', 'of', 'for', 'and', 'or', 'at', 'to', 'with', 'from', 'on', 'find', 'search', 'me',
  ].map(fold),
);

/** A query word's postings: contact id → field-weighted term frequency. */
export interface PostingRef {
  posting: Map<string, number>;
  /** Expansion weight × idf of the word. */
  factor: number;
}

/** A contact's best score among the words one query word may mean (0: none). */
export function best(lists: PostingRef[], id: string): number {
  let top = 0;
  for (const { posting, factor } of lists) {
    const w = posting.get(id);
    if (w !== undefined && factor * w > top) top = factor * w;
  }
  return top;
}

export function words(text: string): string[] {
  return foldTokens(text).filter((w) => !STOP_WORDS.has(w));
}

export function distinct(list: string[]): string[] {
  return [...new Set(list)];
}

/** The k best ids (score, then id for a stable order) without sorting everything. */
export function topK(scores: Map<string, number>, k: number): string[] {
  const best: [string, number][] = [];
  const before = (a: [string, number], b: [string, number]) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  for (const entry of scores) {
    if (best.length === k && !before(entry, best[k - 1]!)) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && before(entry, best[i - 1]!)) i--;
    best.splice(i, 0, entry);
    if (best.length > k) best.pop();
  }
  return best.map(([id]) => id);
}

export function lowerBound(sorted: string[], word: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
