// The generated word lists of the name redaction (data/redaction/, built by `npm run redaction:lists`),
// read once on first use. Loading them costs about 15 MB of heap and a few tens of milliseconds; `loadStats`
// says how much it really was.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/redaction');

export interface RedactionLists {
  given: ReadonlySet<string>;
  surnames: ReadonlySet<string>;
  /** Case forms of German nouns as written ("Müller", "Anwalts"): case-sensitive. */
  nouns: ReadonlySet<string>;
  places: ReadonlySet<string>;
  common: ReadonlySet<string>;
  loadStats: { ms: number; heapBytes: number };
}

function read(file: string): Set<string> {
  return new Set(readFileSync(path.join(DIR, file), 'utf8').split('\n').filter(Boolean));
}

let lists: RedactionLists | undefined;

export function redactionLists(): RedactionLists {
  if (lists) return lists;
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const loaded = {
    given: read('given-names.txt'),
    surnames: read('surnames.txt'),
    nouns: read('german-nouns.txt'),
    places: read('places.txt'),
    common: read('common-words.txt'),
  };
  lists = { ...loaded, loadStats: { ms: performance.now() - t0, heapBytes: process.memoryUsage().heapUsed - heapBefore } };
  return lists;
}
