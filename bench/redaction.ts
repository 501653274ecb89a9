// Offline redaction on the labelled set (test/fixtures/redaction/{dev,heldout}.jsonl): per language group,
// the share of personal-data tokens removed (recall) and of non-personal capitalised terms kept, for the
// redaction with name detection and for the rules alone (the offline redactor before, as the baseline).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPii } from '../src/language/offlineRedact.js';
import { redactionLists } from '../src/privacy/redaction/lists.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/redaction');
const NOW = new Date('2026-03-01T10:00:00Z');

export interface LabelledSentence {
  id: string;
  group: string;
  locale: 'de' | 'en';
  text: string;
  pii: { start: number; end: number; category: string; text: string }[];
}

export interface Score {
  piiTokens: number;
  piiRemoved: number;
  otherTerms: number;
  otherKept: number;
  sentences: number;
  /** Ids of sentences with a surviving personal token or a removed term (for debugging). */
  misses: string[];
}

export type Redactor = (text: string) => { start: number; end: number }[];

export const withNames: Redactor = (text) => findPii(text, NOW);
export const rulesOnly: Redactor = (text) => findPii(text, NOW, [], { names: false });

export function loadSet(split: 'dev' | 'heldout'): LabelledSentence[] {
  return readFileSync(path.join(FIXTURES, `${split}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledSentence);
}

const WORD = /[\p{L}\p{M}]+/gu;
const covered = (spans: { start: number; end: number }[], s: number, e: number) => spans.some((p) => p.start <= s && p.end >= e);
const touched = (spans: { start: number; end: number }[], s: number, e: number) => spans.some((p) => p.start < e && s < p.end);

export function emptyScore(): Score {
  return { piiTokens: 0, piiRemoved: 0, otherTerms: 0, otherKept: 0, sentences: 0, misses: [] };
}

export function scoreSentence(sentence: LabelledSentence, redactor: Redactor, into: Score): void {
  const predicted = redactor(sentence.text);
  let miss = false;
  into.sentences++;
  for (const m of sentence.text.matchAll(WORD)) {
    const s = m.index;
    const e = s + m[0].length;
    if (touched(sentence.pii, s, e)) {
      into.piiTokens++;
      if (covered(predicted, s, e)) into.piiRemoved++;
      else miss = true;
    } else if (/^\p{Lu}/u.test(m[0])) {
      into.otherTerms++;
      if (!touched(predicted, s, e)) into.otherKept++;
      else miss = true;
    }
  }
  if (miss) into.misses.push(sentence.id);
}

/** Scores per language group plus "all". */
export function scoreSet(sentences: LabelledSentence[], redactor: Redactor): Map<string, Score> {
  const out = new Map<string, Score>([['all', emptyScore()]]);
  for (const sentence of sentences) {
    if (!out.has(sentence.group)) out.set(sentence.group, emptyScore());
    scoreSentence(sentence, redactor, out.get(sentence.group)!);
    scoreSentence(sentence, redactor, out.get('all')!);
  }
  return out;
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(0)} %`);

export function runRedactionBench(): string {
  const lines: string[] = [];
  for (const split of ['dev', 'heldout'] as const) {
    const set = loadSet(split);
    const ours = scoreSet(set, withNames);
    const base = scoreSet(set, rulesOnly);
    lines.push(`\nOffline redaction, ${split} (${set.length} sentences): personal tokens removed / other capitalised terms kept`);
    lines.push('| group | tokens | new: removed | new: kept | old: removed | old: kept |\n|---|---:|---:|---:|---:|---:|');
    for (const [group, s] of [...ours].sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)))) {
      const b = base.get(group)!;
      lines.push(`| ${group} | ${s.piiTokens} | ${pct(s.piiRemoved, s.piiTokens)} | ${pct(s.otherKept, s.otherTerms)} | ${pct(b.piiRemoved, b.piiTokens)} | ${pct(b.otherKept, b.otherTerms)} |`);
    }
  }
  const texts = [...loadSet('dev'), ...loadSet('heldout')].map((s) => s.text);
  for (const r of [withNames, rulesOnly]) r(texts[0]!); // lists loaded before timing
  const time = (r: Redactor) => {
    const t0 = performance.now();
    for (let round = 0; round < 5; round++) for (const t of texts) r(t);
    return ((performance.now() - t0) * 1000) / (5 * texts.length);
  };
  lines.push(`µs per sentence: new ${time(withNames).toFixed(0)}, old (rules only) ${time(rulesOnly).toFixed(0)}`);
  const load = redactionLists().loadStats;
  lines.push(`word lists: loaded once in ${load.ms.toFixed(0)} ms, ${(load.heapBytes / 1e6).toFixed(1)} MB heap`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(runRedactionBench());
  if (process.env.REDACTION_MISSES) {
    const set = loadSet(process.env.REDACTION_MISSES as 'dev' | 'heldout');
    const s = scoreSet(set, withNames).get('all')!;
    for (const id of s.misses) {
      const x = set.find((y) => y.id === id)!;
      const spans = withNames(x.text);
      let out = '';
      let at = 0;
      for (const p of spans) (out += `${x.text.slice(at, p.start)}[${x.text.slice(p.start, p.end)}]`), (at = p.end);
      console.log(`${id} ${x.pii.map((p) => p.text).join(' | ')}  ::  ${out + x.text.slice(at)}`);
    }
  }
}
