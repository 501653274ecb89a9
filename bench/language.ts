// Offline language detection: accuracy on short texts of the priority languages (DESIGN §7) against
// memory and time, for each candidate detector, beside franc alone (the simplest baseline) in the
// same run. Figures, not assertions.
//
//   node --import tsx bench/language.ts                 all candidates, both fixtures, markdown tables
//   node --import tsx bench/language.ts --azure         also the Azure path through `detect-language`
//                                                       (needs LANGUAGE_ENDPOINT and LANGUAGE_KEY)
//
// Each candidate runs in its own fresh process, so "RSS on load" is that detector's own growth.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHOSEN_DETECTOR, OfflineDetector, type DetectorSpec } from '../src/language/offlineDetect.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = {
  dev: path.join(ROOT, 'bench', 'fixtures', 'language-samples.tsv'),
  heldOut: path.join(ROOT, 'bench', 'fixtures', 'language-samples-heldout.tsv'),
  /** Short lines for German and English (issue 11): tuned on shortDev; shortHeldOut was frozen before. */
  shortDev: path.join(ROOT, 'bench', 'fixtures', 'language-short-dev.tsv'),
  shortHeldOut: path.join(ROOT, 'bench', 'fixtures', 'language-short-heldout.tsv'),
};

export interface Candidate {
  name: string;
  spec: DetectorSpec;
}

export const CANDIDATES: Candidate[] = [
  { name: 'franc (baseline)', spec: { eld: 'none', rules: false, franc: 'all' } },
  { name: 'eld extrasmall', spec: { eld: 'extrasmall', rules: false, franc: 'none' } },
  { name: 'eld small', spec: { eld: 'small', rules: false, franc: 'none' } },
  { name: 'eld medium', spec: { eld: 'medium', rules: false, franc: 'none' } },
  { name: 'eld large', spec: { eld: 'large', rules: false, franc: 'none' } },
  { name: 'rules + franc restricted', spec: { eld: 'none', rules: true, franc: 'restricted' } },
  { name: 'rules + eld extrasmall + franc', spec: { eld: 'extrasmall', rules: true, franc: 'restricted' } },
  { name: 'rules + eld small + franc', spec: { eld: 'small', rules: true, franc: 'restricted' } },
  { name: 'rules + eld large + franc', spec: { eld: 'large', rules: true, franc: 'restricted' } },
];

export interface Sample {
  lang: string;
  text: string;
}

/** `lang<TAB>text` lines; `#` comments and blank lines are skipped. */
export function loadSamples(file: string): Sample[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [lang, text] = l.split('\t');
      if (!lang || !text) throw new Error(`bad fixture line in ${path.basename(file)}: ${l.slice(0, 40)}`);
      return { lang, text };
    });
}

// Families scored as one: the offline detector reports them as one on purpose (see offlineDetect.ts).
const FAMILY: Record<string, string> = { sh: 'sh', sr: 'sh', hr: 'sh', bs: 'sh', fa: 'fa', prs: 'fa', ar: 'ar', ary: 'ar' };
const family = (code: string) => FAMILY[code] ?? code;

export interface CandidateRun {
  name: string;
  spec?: DetectorSpec;
  rssDeltaMb: number;
  loadMs: number;
  usPerDetection: number;
  /** Detected code per sample, in fixture order, per fixture. */
  answers: Record<string, string[]>;
}

export interface Score {
  n: number;
  strict: number;
  family: number;
}

export interface LanguageBenchResult {
  fixtures: Record<string, Sample[]>;
  runs: CandidateRun[];
  chosen: string;
  baseline: string;
}

export function score(samples: Sample[], answers: string[], lang?: string): Score {
  let n = 0;
  let strict = 0;
  let fam = 0;
  samples.forEach((s, i) => {
    if (lang && s.lang !== lang) return;
    n++;
    const got = answers[i] ?? 'und';
    if (got === s.lang) strict++;
    if (family(got) === family(s.lang)) fam++;
  });
  return { n, strict, family: fam };
}

// --- child process: one candidate ------------------------------------------------------------------

async function runCandidateHere(spec: DetectorSpec, fixtureFiles: Record<string, string>): Promise<Omit<CandidateRun, 'name'>> {
  const fixtures = Object.fromEntries(Object.entries(fixtureFiles).map(([k, f]) => [k, loadSamples(f)]));
  (globalThis as { gc?: () => void }).gc?.();
  const detector = await OfflineDetector.load(spec);
  const answers: Record<string, string[]> = {};
  for (const [k, samples] of Object.entries(fixtures)) answers[k] = samples.map((s) => detector.detect(s.text).language);
  // Time: repeat the dev fixture until at least 300 ms have passed.
  const texts = fixtures.dev!.map((s) => s.text);
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 300) {
    for (const t of texts) detector.detect(t);
    runs++;
  }
  const usPerDetection = ((performance.now() - t0) * 1000) / (runs * texts.length);
  return {
    spec,
    rssDeltaMb: detector.loadStats.rssDeltaBytes / 1e6,
    loadMs: detector.loadStats.loadMs,
    usPerDetection,
    answers,
  };
}

function runCandidateProcess(candidate: Candidate, fixtureFiles: Record<string, string>): Promise<CandidateRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify({ spec: candidate.spec, fixtureFiles })],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`language bench child for "${candidate.name}" exited with ${code}`));
      resolve({ name: candidate.name, ...(JSON.parse(out) as Omit<CandidateRun, 'name'>) });
    });
  });
}

/** The Azure path, through the contract CLI (one process, one request per line). */
function runAzure(fixtureFiles: Record<string, string>): CandidateRun {
  const answers: Record<string, string[]> = {};
  let totalMs = 0;
  let total = 0;
  for (const [k, file] of Object.entries(fixtureFiles)) {
    const samples = loadSamples(file);
    const t0 = performance.now();
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/detect-language.ts'], {
      cwd: ROOT,
      input: samples.map((s) => s.text).join('\n') + '\n',
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    totalMs += performance.now() - t0;
    total += samples.length;
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { language: string; source: string });
    if (lines.some((l) => l.source !== 'azure')) console.error(`azure: ${lines.filter((l) => l.source !== 'azure').length} answers came from the offline fallback`);
    answers[k] = lines.map((l) => l.language);
  }
  return { name: 'Azure AI Language (via detect-language)', rssDeltaMb: NaN, loadMs: NaN, usPerDetection: (totalMs * 1000) / total, answers };
}

export async function runLanguageBench(options: { candidates?: Candidate[]; azure?: boolean } = {}): Promise<LanguageBenchResult> {
  const fixtureFiles = { ...FIXTURES };
  const fixtures = Object.fromEntries(Object.entries(fixtureFiles).map(([k, f]) => [k, loadSamples(f)]));
  const runs: CandidateRun[] = [];
  for (const c of options.candidates ?? CANDIDATES) runs.push(await runCandidateProcess(c, fixtureFiles));
  if (options.azure) runs.push(runAzure(fixtureFiles));
  const chosen = runs.find((r) => JSON.stringify(r.spec) === JSON.stringify(CHOSEN_DETECTOR))?.name ?? '';
  return { fixtures, runs, chosen, baseline: runs[0]!.name };
}

const pct = (s: Score, k: 'strict' | 'family') => (s.n ? `${((100 * s[k]) / s.n).toFixed(0)}%` : '–');

/** Markdown tables: overall figures, then family accuracy per language on all samples. */
export function formatLanguageBench(r: LanguageBenchResult): string[] {
  const { dev, heldOut } = r.fixtures as { dev: Sample[]; heldOut: Sample[] };
  const out: string[] = [];
  out.push(`Language detection, offline candidates: ${dev.length} short texts (dev) + ${heldOut.length} (held out, written after the rules were frozen)`);
  out.push('accuracy = family accuracy (sr/hr/bs/sh, fa/prs, ar/ary count as one); strict = exact code');
  out.push('| detector | dev | held out | strict (all) | RSS on load MB | load ms | µs/detection |');
  out.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const run of r.runs) {
    const all = [...dev, ...heldOut];
    const allAnswers = [...(run.answers.dev ?? []), ...(run.answers.heldOut ?? [])];
    const mark = run.name === r.chosen ? ' **(chosen)**' : '';
    out.push(
      `| ${run.name}${mark} | ${pct(score(dev, run.answers.dev ?? []), 'family')} | ${pct(score(heldOut, run.answers.heldOut ?? []), "family")} | ` +
        `${pct(score(all, allAnswers), 'strict')} | ${Number.isNaN(run.rssDeltaMb) ? '–' : run.rssDeltaMb.toFixed(0)} | ` +
        `${Number.isNaN(run.loadMs) ? '–' : run.loadMs.toFixed(0)} | ${run.usPerDetection.toFixed(0)} |`,
    );
  }
  const base = r.runs.find((x) => x.name === r.baseline);
  const chosen = r.runs.find((x) => x.name === r.chosen);
  if (base && chosen && base !== chosen) {
    const all = [...dev, ...heldOut];
    const acc = (run: CandidateRun) => score(all, [...(run.answers.dev ?? []), ...(run.answers.heldOut ?? [])]).family;
    out.push(
      `chosen / franc alone: accuracy ${(acc(chosen) / acc(base)).toFixed(2)}×, RSS ${(chosen.rssDeltaMb / base.rssDeltaMb).toFixed(2)}×, ` +
        `time per detection ${(chosen.usPerDetection / base.usPerDetection).toFixed(2)}×`,
    );
  }
  out.push('', 'Short lines (issue 11): German and English, family accuracy; short held-out frozen before tuning');
  out.push(`| detector | short dev de | short dev en | short held-out de | short held-out en | short held-out other |`);
  out.push('|---|---:|---:|---:|---:|---:|');
  const { shortDev = [], shortHeldOut = [] } = r.fixtures as Record<string, Sample[]>;
  const others = (answers: string[]) => {
    const idx = shortHeldOut.map((x, i) => [x, i] as const).filter(([x]) => x.lang !== 'de' && x.lang !== 'en');
    return score(idx.map(([x]) => x), idx.map(([, i]) => answers[i] ?? 'und'));
  };
  for (const run of r.runs) {
    const d = run.answers.shortDev ?? [];
    const h = run.answers.shortHeldOut ?? [];
    out.push(`| ${run.name} | ${pct(score(shortDev, d, 'de'), 'family')} | ${pct(score(shortDev, d, 'en'), 'family')} | ${pct(score(shortHeldOut, h, 'de'), 'family')} | ${pct(score(shortHeldOut, h, 'en'), 'family')} | ${pct(others(h), 'family')} |`);
  }
  // Per language, both fixtures together.
  const all = [...dev, ...heldOut];
  const langs = [...new Set(all.map((s) => s.lang))];
  out.push('');
  out.push(`| lang | n | ${r.runs.map((x) => x.name).join(' | ')} |`);
  out.push(`|---|---:|${r.runs.map(() => '---:').join('|')}|`);
  for (const lang of langs) {
    const cells = r.runs.map((run) => {
      const s = score(all, [...(run.answers.dev ?? []), ...(run.answers.heldOut ?? [])], lang);
      return `${s.family}`;
    });
    out.push(`| ${lang} | ${all.filter((s) => s.lang === lang).length} | ${cells.join(' | ')} |`);
  }
  return out;
}

// --- entry points ----------------------------------------------------------------------------------

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const childArg = process.argv.indexOf('--child');
  if (childArg > 0) {
    const { spec, fixtureFiles } = JSON.parse(process.argv[childArg + 1]!) as { spec: DetectorSpec; fixtureFiles: Record<string, string> };
    process.stdout.write(JSON.stringify(await runCandidateHere(spec, fixtureFiles)));
  } else {
    const result = await runLanguageBench({ azure: process.argv.includes('--azure') });
    console.log(formatLanguageBench(result).join('\n'));
    if (process.argv.includes('--errors')) {
      const chosen = result.runs.find((x) => x.name === result.chosen);
      for (const [k, samples] of Object.entries(result.fixtures)) {
        samples.forEach((s, i) => {
          const got = chosen?.answers[k]?.[i] ?? 'und';
          if (family(got) !== family(s.lang)) console.log(`${k}\t${s.lang}\t→ ${got}\t${s.text}`);
        });
      }
    }
  }
}

/** Compact figures for bench/results/latest.json. */
export function summarizeLanguageBench(r: LanguageBenchResult): Record<string, unknown>[] {
  const { dev, heldOut } = r.fixtures as { dev: Sample[]; heldOut: Sample[] };
  const share = (s: Score) => (s.n ? Math.round((1000 * s.family) / s.n) / 1000 : null);
  return r.runs.map((run) => ({
    name: run.name,
    chosen: run.name === r.chosen,
    accuracyDev: share(score(dev, run.answers.dev ?? [])),
    accuracyHeldOut: share(score(heldOut, run.answers.heldOut ?? [])),
    shortHeldOutDe: share(score((r.fixtures as Record<string, Sample[]>).shortHeldOut ?? [], run.answers.shortHeldOut ?? [], 'de')),
    shortHeldOutEn: share(score((r.fixtures as Record<string, Sample[]>).shortHeldOut ?? [], run.answers.shortHeldOut ?? [], 'en')),
    rssDeltaMb: Number.isNaN(run.rssDeltaMb) ? null : Math.round(run.rssDeltaMb),
    usPerDetection: Math.round(run.usPerDetection),
  }));
}
