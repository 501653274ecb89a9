// Knowledge-base search ("frage …") over 5 000 synthetic entries (fictional, generated here, deterministic),
// beside baselines measured in the same run: stock MiniSearch (default tokenizer, fuzzy 0.2, prefix) over the
// same text, and a linear substring scan. Queries are an entry's distinctive words typed the way people type
// (typos, ASCII umlauts, lower case, filler words); hit@3 = the entry is among the first three results.
import MiniSearch from 'minisearch';
import { TOPICS } from '../src/directory/topics.js';
import { loosen, normalize } from '../src/text/normalize.js';
import { KnowledgeIndex } from '../src/knowledge/search.js';
import type { Entry } from '../src/knowledge/types.js';

export interface KnowledgeTiming {
  p50: number;
  p99: number;
  hitAt3: number;
}
export interface KnowledgeBenchResult {
  entries: number;
  queries: number;
  buildMs: { ours: number; miniSearchStock: number };
  ours: KnowledgeTiming;
  miniSearchStock: KnowledgeTiming;
  linearScan: KnowledgeTiming;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = ['Besuchserlaubnis', 'Telefonzeiten', 'Paketempfang', 'Gebetsraum', 'Speiseplan', 'Zugangsgespräch', 'Arbeitsentgelt', 'Sprachkurs', 'Passbeschaffung',
  'Konsulatsbesuch', 'Ausweisung', 'Duldung', 'Entlassungsgeld', 'Wohnungssuche', 'Schuldnerberatung', 'Fastenzeit', 'Kopftuch', 'Feiertage', 'Ausbildung', 'Arztbesuch',
  'Videobesuch', 'Briefkontrolle', 'Taschengeld', 'Hafturlaub', 'Vollzugsplan', 'Sicherheitsanfrage', 'Fortbildung', 'Förderantrag', 'Elternkurs', 'Sporttreff'];
const ACTIONS = ['beantragen', 'organisieren', 'erklären', 'übersetzen', 'prüfen', 'melden', 'vorbereiten', 'ablehnen', 'verlängern', 'dokumentieren'];
const QUALIFIERS = ['für Frauen', 'im Jugendvollzug', 'in der U-Haft', 'bei Abschiebungshaft', 'im offenen Vollzug', 'für Minderjährige', 'nach der Verlegung', 'am Wochenende'];

export function syntheticEntries(count = 5000, seed = 11): Entry[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const at = '2026-01-01T00:00:00.000Z';
  return Array.from({ length: count }, (_, i) => {
    const topic = pick(TOPICS);
    const subject = pick(SUBJECTS);
    const code = `Vorgang${(i * 7919) % 100000}`;
    const question = `Wie kann ich ${subject} ${pick(QUALIFIERS)} ${pick(ACTIONS)} (${code})?`;
    const answer = `Beispieldaten: ${subject} wird über ${topic.label.de} geregelt; zuständig ist der Sozialdienst. ${pick(ACTIONS)} Sie rechtzeitig und halten Sie ${code} fest.`;
    return {
      id: `KB-2026-${String(i + 1).padStart(4, '0')}`, version: 1, kind: 'faq', status: 'active', question: { de: question, en: `How do I handle ${subject} (${code})?` },
      answer: { de: answer }, topics: [topic.id], source: `Beispielquelle ${i % 50}`, validFrom: '2026-01-01', lastConfirmed: '2026-01-01', authorUnit: 'koordinierungsstelle',
      helpful: 0, notHelpful: 0, createdBy: 'bench', createdAt: at, updatedBy: 'bench', updatedAt: at,
    } satisfies Entry;
  });
}

function messUp(text: string, random: () => number): string {
  let out = text.toLowerCase();
  if (random() < 0.5) out = out.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  const words = out.split(' ');
  const long = words.findIndex((w) => w.length >= 8);
  if (long >= 0 && random() < 0.6) {
    const w = words[long]!;
    const k = 2 + Math.floor(random() * (w.length - 4));
    words[long] = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
  }
  return words.join(' ');
}

function measure<T>(items: T[], fn: (item: T) => string[], target: (item: T) => string, passes: number): KnowledgeTiming {
  let hits = 0;
  for (const item of items) if (fn(item).includes(target(item))) hits++; // also the warm-up pass
  const samples: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const item of items) {
      const t = performance.now();
      fn(item);
      samples.push(performance.now() - t);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99), hitAt3: hits / items.length };
}

export async function runKnowledgeBench(options: { entries?: number; queries?: number; passes?: number } = {}): Promise<KnowledgeBenchResult> {
  const entries = syntheticEntries(options.entries ?? 5000);
  const random = prng(3);
  let t = performance.now();
  const ours = new KnowledgeIndex();
  ours.rebuild(entries);
  const oursBuild = performance.now() - t;
  const plain = (e: Entry) => ({ id: e.id, q: `${e.question.de} ${e.question.en ?? ''}`, a: e.answer.de, s: e.source ?? '' });
  t = performance.now();
  const stock = new MiniSearch({ fields: ['q', 'a', 's'] });
  stock.addAll(entries.map(plain));
  const stockBuild = performance.now() - t;
  const scanText = entries.map((e) => [e.id, loosen(normalize(Object.values(plain(e)).join(' ')))] as const);

  const cases = Array.from({ length: options.queries ?? 300 }, () => {
    const e = entries[Math.floor(random() * entries.length)]!;
    const words = e.question.de.replace(/[()?]/g, '').split(' ');
    const query = messUp(`wie ${words[3]} ${words.slice(4, -2).join(' ')} ${words.at(-1)}`, random);
    return { query, target: e.id };
  });
  const passes = options.passes ?? 5;
  const linear = (q: string) => {
    const tokens = loosen(normalize(q)).split(' ');
    const scored: [string, number][] = [];
    for (const [id, text] of scanText) {
      let s = 0;
      for (const tok of tokens) if (text.includes(tok)) s++;
      if (s > 0) scored.push([id, s]);
    }
    return scored.sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id]) => id);
  };
  return {
    entries: entries.length,
    queries: cases.length,
    buildMs: { ours: oursBuild, miniSearchStock: stockBuild },
    ours: measure(cases, (c) => ours.search(c.query, 3).hits.map((h) => h.id), (c) => c.target, passes),
    miniSearchStock: measure(cases, (c) => stock.search(c.query, { fuzzy: 0.2, prefix: true }).slice(0, 3).map((r) => r.id as string), (c) => c.target, passes),
    linearScan: measure(cases, (c) => linear(c.query), (c) => c.target, 1),
  };
}

export function formatKnowledgeBench(r: KnowledgeBenchResult): string[] {
  const f = (n: number, d = 2) => n.toFixed(d);
  const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
  const row = (name: string, x: KnowledgeTiming) => `| ${name} | ${f(x.p50, 3)} | ${f(x.p99)} | ${pct(x.hitAt3)} |`;
  return [
    `Knowledge base: ${r.entries} synthetic entries, ${r.queries} questions typed carelessly (typos, ASCII umlauts, case), per query`,
    '| knowledge search | p50 ms | p99 ms | hit@3 |',
    '|---|---:|---:|---:|',
    row('Integrationslotse index (frage …)', r.ours),
    row('MiniSearch stock (fuzzy 0.2, prefix)', r.miniSearchStock),
    row('linear substring scan', r.linearScan),
    `ratio ours / MiniSearch stock: p50 ${f(r.ours.p50 / r.miniSearchStock.p50)}, p99 ${f(r.ours.p99 / r.miniSearchStock.p99)}; ours / linear scan: p99 ${f(r.ours.p99 / r.linearScan.p99)} (aim p99 ≤ 10 ms)`,
    `index build: ours ${f(r.buildMs.ours, 0)} ms, MiniSearch stock ${f(r.buildMs.miniSearchStock, 0)} ms`,
  ];
}

// `node --import tsx bench/knowledge.ts`: this benchmark alone.
if (process.argv[1]?.endsWith('knowledge.ts')) console.log(formatKnowledgeBench(await runKnowledgeBench()).join('\n'));
