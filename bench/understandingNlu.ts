// Comparison for issue 11: an NLU library (NLP.js, `@nlpjs/basic` + `@nlpjs/lang-de`) trained in-process
// from the development questions, against this project's parser, on the frozen held-out questions.
// Compared on what a classifier can do: the intent (which topic, or which capability / unclear / search /
// unknown topic). Places and the role rules stay the parser's in both. Also: training (start-up) time and
// memory. NLP.js is not a dependency of the project; without it installed this prints a note and exits 0:
//
//   npm install --no-save @nlpjs/basic@4.27.0 @nlpjs/lang-de@4.26.1 && node --import tsx bench/understandingNlu.ts
import { loadInstitutions } from '../src/institutions/institutions.js';
import { TOPICS } from '../src/directory/topics.js';
import { Understander } from '../src/understanding/understand.js';
import { loadLabelled, type Labelled } from '../src/understanding/evaluate.js';
import type { Interpretation } from '../src/understanding/types.js';
import { UNDERSTANDING_SETS } from './understanding.js';

/** The classifier's label of a question: topic for questions and the interpreter choice, else the kind. */
export function intentOf(e: Labelled['expect']): string {
  if (e.kind === 'responsibility' || e.kind === 'ask') return `topic:${e.topic}`;
  if (e.kind === 'command' || e.kind === 'refused') return `command:${e.command}`;
  return e.kind;
}

function parserIntent(r: Interpretation): string {
  switch (r.kind) {
    case 'responsibility':
      return `topic:${r.topics[0]?.id ?? '-'}`;
    case 'ask':
      return 'topic:interpreting';
    case 'command':
    case 'refused':
      return `command:${r.command}`;
    default:
      return r.kind;
  }
}

interface Row {
  name: string;
  accuracy: number;
  de: number;
  en: number;
  startupMs: number;
  heapMb: number;
}

function accuracy(items: Labelled[], predict: (i: Labelled) => string): { all: number; de: number; en: number } {
  const rate = (list: Labelled[]) => list.filter((i) => predict(i) === intentOf(i.expect)).length / Math.max(1, list.length);
  return { all: rate(items), de: rate(items.filter((i) => i.lang === 'de')), en: rate(items.filter((i) => i.lang === 'en')) };
}

async function nlpjsRow(dev: Labelled[], heldOut: Labelled[], withLexicon: boolean): Promise<Row | string> {
  let basic: { dockStart: (o: unknown) => Promise<{ get(name: string): unknown; getContainer(): { use(p: unknown): void } }> };
  let langDe: { LangDe: unknown };
  try {
    basic = (await import('@nlpjs/basic' as string)) as typeof basic;
    langDe = (await import('@nlpjs/lang-de' as string)) as typeof langDe;
  } catch {
    return 'NLP.js not installed (not a project dependency): npm install --no-save @nlpjs/basic@4.27.0 @nlpjs/lang-de@4.26.1';
  }
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const t = performance.now();
  const dock = await basic.dockStart({ use: ['Basic'], settings: { nlp: { languages: ['de', 'en'], autoSave: false, autoLoad: false, log: false, nlu: { log: false } } } });
  dock.getContainer().use(langDe.LangDe);
  const nlp = dock.get('nlp') as {
    addLanguage(l: string): void;
    addDocument(l: string, text: string, intent: string): void;
    train(): Promise<void>;
    process(l: string, text: string): Promise<{ intent: string; score: number }>;
  };
  nlp.addLanguage('de');
  nlp.addLanguage('en');
  for (const item of dev) nlp.addDocument(item.lang, item.text, intentOf(item.expect));
  if (withLexicon) {
    for (const topic of TOPICS) {
      for (const s of [...topic.synonyms, ...topic.situations]) nlp.addDocument(/^[a-z]/.test(s) && !/[äöüß]/.test(s) ? 'en' : 'de', s, `topic:${topic.id}`);
    }
  }
  const log = console.log;
  console.log = () => {}; // NLP.js prints every training epoch
  try {
    await nlp.train();
  } finally {
    console.log = log;
  }
  const startupMs = performance.now() - t;
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heap) / 1e6;
  const predictions = new Map<string, string>();
  for (const item of heldOut) {
    const r = await nlp.process(item.lang, item.text);
    predictions.set(item.id, r.intent === 'None' ? 'unclear' : r.intent);
  }
  const a = accuracy(heldOut, (i) => predictions.get(i.id)!);
  return { name: `NLP.js 4.27, trained on ${dev.length} dev questions${withLexicon ? ' + the topic lexicon' : ''}`, accuracy: a.all, de: a.de, en: a.en, startupMs, heapMb };
}

const dev = loadLabelled(UNDERSTANDING_SETS.dev);
const heldOut = loadLabelled(UNDERSTANDING_SETS.heldOut);
global.gc?.();
const heap = process.memoryUsage().heapUsed;
const t = performance.now();
const understander = new Understander(loadInstitutions());
const startupMs = performance.now() - t;
global.gc?.();
const ours = accuracy(heldOut, (i) => parserIntent(understander.understand(i.text, { role: i.role, ...(i.institutionId ? { institutionId: i.institutionId } : {}) })));
const rows: Row[] = [{ name: 'this parser (src/understanding, lexicon as data)', accuracy: ours.all, de: ours.de, en: ours.en, startupMs, heapMb: (process.memoryUsage().heapUsed - heap) / 1e6 }];
for (const withLexicon of [false, true]) {
  const row = await nlpjsRow(dev, heldOut, withLexicon);
  if (typeof row === 'string') {
    console.log(row);
    break;
  }
  rows.push(row);
}
console.log(`Intent accuracy on the ${heldOut.length} held-out questions (topic or capability), start-up and memory`);
console.log('| | held-out | de | en | start-up ms | heap MB |\n|---|---:|---:|---:|---:|---:|');
const p = (x: number) => `${(100 * x).toFixed(1)} %`;
for (const r of rows) console.log(`| ${r.name} | ${p(r.accuracy)} | ${p(r.de)} | ${p(r.en)} | ${r.startupMs.toFixed(0)} | ${r.heapMb.toFixed(1)} |`);
