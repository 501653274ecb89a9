// Directory search and "wer ist zuständig" answering over 10 k synthetic contacts (fictional, generated
// here, deterministic), each figure beside a baseline measured in the same run:
//   search  — our index vs stock MiniSearch (fuzzy 0.2, prefix; default tokenizer) vs a linear substring scan,
//             p50/p99 per query and hit@5 on queries typed the way people type (typos, ASCII umlauts, case);
//   answers — the resolver (parse + resolve) vs InstitutionDirectory.findInText alone (the bare place lookup).
import MiniSearch from 'minisearch';
import { ResponsibilityResolver } from '../src/directory/resolver.js';
import { DirectoryIndex } from '../src/directory/search.js';
import { languageName, LANGUAGE_CODES } from '../src/directory/languages.js';
import { TOPICS, TopicMatcher } from '../src/directory/topics.js';
import type { Contact, DirectoryData, Responsibility } from '../src/directory/types.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { type Institution } from '../src/institutions/institutionsFile.js';
import { loosen, normalize } from '../src/text/normalize.js';

export interface Timing {
  p50: number;
  p99: number;
}
export interface DirectoryBenchResult {
  contacts: number;
  responsibilities: number;
  buildMs: { ours: number; miniSearchStock: number };
  search: { queries: number; ours: Timing & { hitAt5: number }; miniSearchStock: Timing & { hitAt5: number }; linearScan: Timing & { hitAt5: number } };
  answers: { questions: number; ours: Timing; findInTextOnly: Timing; answered: number };
}

/** Deterministic PRNG (mulberry32), so every run measures the same data. */
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

const FUNCTIONS: [string, string[]][] = [
  ['Integrationsbeauftragte/r', ['integration', 'interpreting', 'info-material']],
  ['Sozialdienst', ['integration', 'release']],
  ['Extremismusbeauftragte/r', ['extremism']],
  ['Seelsorge', ['religious-care']],
  ['Übergangsmanagement', ['release']],
  ['Psychologischer Dienst', ['crisis']],
  ['Bildungsbeauftragte/r', ['language-courses', 'training']],
  ['Datenschutzbeauftragte/r', ['data-protection']],
  ['Fortbildungskoordination', ['training']],
];
const ORGANISATIONS: [string, string[], boolean][] = [
  ['Dolmetscherdienst', ['interpreting'], true],
  ['Übersetzungsbüro', ['info-material', 'interpreting'], true],
  ['Beratungsstelle Extremismusprävention', ['extremism'], false],
  ['Migrationsberatung', ['migration-counselling'], true],
  ['Integrationsagentur', ['migration-counselling', 'antidiscrimination'], false],
  ['Sprachkursträger', ['language-courses'], true],
  ['Ausländerbehörde', ['foreigners-law'], false],
  ['Servicestelle Antidiskriminierung', ['antidiscrimination'], false],
  ['Straffälligenhilfe', ['release'], false],
];
const TEAMS = ['Nord', 'Süd', 'Ost', 'West', 'Mitte', 'Team A', 'Team B', 'Außenstelle', 'Zentrale', 'Projekt'];

function ofInstitution(inst: Institution): string {
  return inst.kind === 'jva' ? `der ${inst.name}` : inst.kind === 'bezirksregierung' ? `der ${inst.name}` : inst.name;
}

export function syntheticDirectory(count = 10_000, seed = 42): DirectoryData {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const institutions = loadInstitutions().all();
  const cities = [...new Set(institutions.map((i) => i.city).filter((c): c is string => !!c))];
  const contacts: Record<string, Contact> = {};
  for (let i = 0; i < count; i++) {
    const id = `c${i}`;
    const stamp = '2026-01-01T00:00:00.000Z';
    const lastConfirmed = random() < 0.2 ? '2024-05-01' : '2026-03-01';
    if (random() < 0.6) {
      const [role, topics] = pick(FUNCTIONS);
      const inst = pick(institutions);
      contacts[id] = {
        id, name: `${role} ${ofInstitution(inst)} – ${pick(TEAMS)} ${i % 97}`, category: 'function', institutionId: inst.id, region: inst.city ?? inst.regierungsbezirk ?? 'NRW',
        topics, languages: [], channels: { email: `${id}@example.org` }, notes: 'Synthetisch (Benchmark).', lastConfirmed, version: 1, updatedAt: stamp, updatedBy: 'bench',
      };
    } else {
      const [kind, topics, withLanguages] = pick(ORGANISATIONS);
      const city = pick(cities);
      const languages = withLanguages ? [...new Set([pick(LANGUAGE_CODES), pick(LANGUAGE_CODES), pick(LANGUAGE_CODES)])] : [];
      contacts[id] = {
        id, name: `${kind} ${city} ${pick(TEAMS)} ${i % 89}`, category: kind === 'Ausländerbehörde' ? 'authority' : 'organisation', region: city,
        topics, languages, channels: { email: `${id}@example.org` }, notes: 'Synthetisch (Benchmark).', lastConfirmed, version: 1, updatedAt: stamp, updatedBy: 'bench',
      };
    }
  }
  // Every institution × topic gets a responsibility (a contact of that institution with the topic if any).
  const byInstTopic = new Map<string, string>();
  for (const c of Object.values(contacts)) for (const t of c.topics) if (c.institutionId) byInstTopic.set(`${c.institutionId}|${t}`, c.id);
  const ids = Object.keys(contacts);
  const responsibilities: Responsibility[] = [];
  for (const inst of institutions) {
    for (const topic of TOPICS) {
      const contactId = byInstTopic.get(`${inst.id}|${topic.id}`) ?? pick(ids);
      let deputy = pick(ids);
      if (deputy === contactId) deputy = ids[(ids.indexOf(deputy) + 1) % ids.length]!;
      responsibilities.push({ institutionId: inst.id, topic: topic.id, contactId, deputyContactId: deputy, lastConfirmed: '2026-03-01', updatedAt: '2026-01-01T00:00:00.000Z' });
    }
  }
  return { source: 'import', contacts, responsibilities };
}

/** How people type: lower case, umlauts as ASCII, one swapped pair of letters in a long word. */
function messUp(text: string, random: () => number): string {
  let out = text.toLowerCase();
  if (random() < 0.5) out = out.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  else if (random() < 0.5) out = out.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u');
  const words = out.split(' ');
  const long = words.findIndex((w) => w.length >= 8);
  if (long >= 0 && random() < 0.6) {
    const w = words[long]!;
    const k = 2 + Math.floor(random() * (w.length - 4));
    words[long] = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
  }
  return words.join(' ');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time<T>(items: T[], fn: (item: T) => unknown, passes: number): Timing {
  for (const item of items) fn(item); // warm-up: one full pass
  const samples: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const item of items) {
      const t = performance.now();
      fn(item);
      samples.push(performance.now() - t);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** The questions of the answer benchmark: templates over every place and topic, 40 % typed carelessly. */
export function benchQuestions(count: number, random: () => number, places: readonly Institution[]): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const templates = [
    (i: Institution, de: string) => `Wer ist in der ${i.name} für ${de} zuständig?`,
    (i: Institution, de: string) => `zuständig ${de} ${i.city ?? i.name}`,
    (i: Institution, _de: string, en: string) => `Who is responsible for ${en} at ${i.name}?`,
    (i: Institution, de: string) => `Ansprechpartner ${de} ${i.name}`,
  ];
  return Array.from({ length: count }, () => {
    const topic = pick(TOPICS);
    const de = pick(topic.synonyms.filter((s) => /[a-zäöüß]{5,}/i.test(s) && /^[A-ZÄÖÜ]/.test(s)).concat(topic.label.de));
    const en = pick(topic.synonyms.filter((s) => /^[a-z]/.test(s)).concat(topic.label.en));
    const question = pick(templates)(pick(places), de, en);
    return random() < 0.4 ? messUp(question, random) : question;
  });
}

export async function runDirectoryBench(options: { contacts?: number; queries?: number; passes?: number } = {}): Promise<DirectoryBenchResult> {
  const count = options.contacts ?? 10_000;
  const nQueries = options.queries ?? 300;
  const passes = options.passes ?? 5;
  const institutions = loadInstitutions();
  const data = syntheticDirectory(count);
  const contacts = Object.values(data.contacts);
  const random = prng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  // --- search -----------------------------------------------------------------------------------
  let t = performance.now();
  const ours = new DirectoryIndex(institutions, new TopicMatcher());
  ours.rebuild(contacts);
  const oursBuild = performance.now() - t;

  // Stock MiniSearch over the same visible text (name, institution, region, topic labels, languages).
  const plain = (c: Contact) => ({
    id: c.id,
    name: c.name,
    institution: c.institutionId ? (institutions.byId(c.institutionId)?.name ?? '') : '',
    region: c.region ?? '',
    topics: c.topics.map((id) => TOPICS.find((x) => x.id === id)?.label.de ?? id).join(' '),
    languages: c.languages.map((l) => languageName(l, 'de')).join(' '),
  });
  t = performance.now();
  const stock = new MiniSearch({ fields: ['name', 'institution', 'region', 'topics', 'languages'] });
  stock.addAll(contacts.map(plain));
  const stockBuild = performance.now() - t;
  const scanText = new Map(contacts.map((c) => { const p = plain(c); return [c.id, loosen(normalize(Object.values(p).join(' ')))]; }));

  // Queries with a known target: a contact's distinctive words, typed carelessly.
  const searchCases = Array.from({ length: nQueries }, () => {
    const c = pick(contacts);
    const words = c.name.split(' ').filter((w) => w.length > 2 && !/^[–-]$/.test(w));
    const query = messUp([words[0], words.at(-2), words.at(-1), c.region].filter(Boolean).join(' '), random);
    return { query, target: c.id };
  });
  const linear = (q: string) => {
    const tokens = loosen(normalize(q)).split(' ');
    const scored: [string, number][] = [];
    for (const [id, text] of scanText) {
      let s = 0;
      for (const tok of tokens) if (text.includes(tok)) s++;
      if (s > 0) scored.push([id, s]);
    }
    return scored.sort((a, b) => b[1] - a[1]).slice(0, 5).map(([id]) => id);
  };
  const stockSearch = (q: string) => stock.search(q, { fuzzy: 0.2, prefix: true }).slice(0, 5).map((r) => r.id as string);
  const oursSearch = (q: string) => ours.search(q, 5).ids;
  const hitAt5 = (fn: (q: string) => string[]) => searchCases.filter((s) => fn(s.query).includes(s.target)).length / searchCases.length;

  const searchResult = {
    queries: searchCases.length,
    ours: { ...time(searchCases, (s) => oursSearch(s.query), passes), hitAt5: hitAt5(oursSearch) },
    miniSearchStock: { ...time(searchCases, (s) => stockSearch(s.query), passes), hitAt5: hitAt5(stockSearch) },
    linearScan: { ...time(searchCases, (s) => linear(s.query), 1), hitAt5: hitAt5(linear) },
  };

  // --- responsibility answers ---------------------------------------------------------------------
  const resolver = new ResponsibilityResolver(institutions);
  resolver.load(data);
  const questions = benchQuestions(nQueries, random, institutions.all());
  const answered = questions.filter((q) => resolver.resolve(q).kind === 'answer').length;
  const answers = {
    questions: questions.length,
    ours: time(questions, (q) => resolver.resolve(q), passes),
    findInTextOnly: time(questions, (q) => institutions.findInText(q), passes),
    answered,
  };

  return {
    contacts: contacts.length,
    responsibilities: data.responsibilities.length,
    buildMs: { ours: oursBuild, miniSearchStock: stockBuild },
    search: searchResult,
    answers,
  };
}

export function formatDirectoryBench(r: DirectoryBenchResult): string[] {
  const f = (n: number, d = 2) => n.toFixed(d);
  const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
  const s = r.search;
  const a = r.answers;
  return [
    `Directory: ${r.contacts} synthetic contacts, ${r.responsibilities} responsibilities; ${s.queries} search queries and ${a.questions} questions (40 % typed carelessly), per query`,
    '| directory search | p50 ms | p99 ms | hit@5 (typos, ASCII, case) |',
    '|---|---:|---:|---:|',
    `| Integrationslotse index | ${f(s.ours.p50, 3)} | ${f(s.ours.p99)} | ${pct(s.ours.hitAt5)} |`,
    `| MiniSearch stock (fuzzy 0.2, prefix) | ${f(s.miniSearchStock.p50, 3)} | ${f(s.miniSearchStock.p99)} | ${pct(s.miniSearchStock.hitAt5)} |`,
    `| linear substring scan | ${f(s.linearScan.p50, 3)} | ${f(s.linearScan.p99)} | ${pct(s.linearScan.hitAt5)} |`,
    `ratio ours / MiniSearch stock: p50 ${f(s.ours.p50 / s.miniSearchStock.p50)}, p99 ${f(s.ours.p99 / s.miniSearchStock.p99)}; ours / linear scan: p50 ${f(s.ours.p50 / s.linearScan.p50)}, p99 ${f(s.ours.p99 / s.linearScan.p99)} (aim p99 ≤ 5 ms)`,
    `index build: ours ${f(r.buildMs.ours, 0)} ms, MiniSearch stock ${f(r.buildMs.miniSearchStock, 0)} ms`,
    '| wer ist zuständig | p50 ms | p99 ms |',
    '|---|---:|---:|',
    `| resolver (parse + resolve) | ${f(a.ours.p50, 3)} | ${f(a.ours.p99)} |`,
    `| InstitutionDirectory.findInText alone | ${f(a.findInTextOnly.p50, 3)} | ${f(a.findInTextOnly.p99)} |`,
    `ratio resolver / findInText: p50 ${f(a.ours.p50 / a.findInTextOnly.p50)}, p99 ${f(a.ours.p99 / a.findInTextOnly.p99)}; answered with a contact: ${a.answered}/${a.questions} (aim p99 ≤ 5 ms)`,
  ];
}

// `node --import tsx bench/directory.ts` runs this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runDirectoryBench();
  console.log(formatDirectoryBench(result).join('\n'));
}
