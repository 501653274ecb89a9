// Figures: computation for a unit's year over 100 000 stored records (p50/p99, goal p99 ≤ 50 ms) beside a
// bare count of the same records (the baseline); reading those records from the store files once after a
// change (cold) and again unchanged (warm); and the tab's first render in headless Chromium beside loading
// a page without charts from the same server.
//   node --import tsx bench/figures.ts      (BENCH_FIGURES_RECORDS, default 100000; BENCH_FIGURES_BROWSER=0 skips Chromium)
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { computeFigures } from '../src/figures/compute.js';
import { ScopePolicy } from '../src/figures/scope.js';
import { StoreFileSource } from '../src/figures/source.js';
import { loadRouting } from '../src/escalations/routing.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { loadRates } from '../src/interpreters/cost.js';
import { startBot, tempDir } from '../test/harness/botProcess.js';
import { DASHBOARD_SEED, seedStores, times, type Seed } from '../test/harness/figuresSeed.js';
import { ROSTER, USERS } from '../test/harness/tabTokens.js';

export interface FiguresBench {
  records: number;
  compute: { p50Ms: number; p99Ms: number; runs: number };
  baselineCount: { p50Ms: number; p99Ms: number };
  load: { coldMs: number; warmMs: number };
  render?: { firstRenderP50Ms: number; plainPageP50Ms: number; runs: number };
}

const JVAS = ['jva-koeln', 'jva-werl', 'jva-aachen', 'jva-bielefeld-brackwede', 'jva-essen', 'jva-muenster'];
const LANGS = ['ar', 'tr', 'ru', 'pl', 'ro', 'sq', 'fa', 'ka', 'uk', 'bg'];

function syntheticSeed(records: number): Seed {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 8) + (i % 330) * 86_400_000).toISOString();
  const n = Math.floor(records / 2);
  const e = Math.floor(records * 0.3);
  return {
    interpreters: times(n, (i) => ({ institutionId: i % 7 === 0 ? 'br-detmold' : JVAS[i % JVAS.length]!, language: LANGS[i % LANGS.length]!, start: at(i), mode: (['vor_ort', 'video', 'telefon'] as const)[i % 3] })),
    escalations: times(e, (i) => ({ institutionId: JVAS[i % JVAS.length]!, unitId: i % 9 === 0 ? 'fb-radikalisierungspraevention' : 'koordinierungsstelle', category: i % 9 === 0 ? 'radikalisierung' : 'auslaenderrecht', createdAt: at(i), takenAfter: 60 + (i % 100), resolvedAfter: i % 3 ? 2000 + i % 500 : undefined })),
    runs: times(records - n - e, (i) => ({ placeId: JVAS[i % JVAS.length]!, templateId: i % 2 ? 'zugangsgespraech' : 'entlassungsvorbereitung', startDate: at(i).slice(0, 10), ...(i % 2 ? { finishedAt: at(i + 5) } : {}) })),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (n: number) => Math.round(n * 100) / 100;

export async function runFiguresBench(records = Number(process.env.BENCH_FIGURES_RECORDS ?? 100_000)): Promise<FiguresBench> {
  const dataDir = tempDir('lotse-benchfig-');
  await seedStores(dataDir, syntheticSeed(records));
  const institutions = loadInstitutions();
  const clock = { now: () => new Date('2026-12-01T10:00:00Z') };
  const source = new StoreFileSource({ dataDir, rates: loadRates(), timeZone: 'Europe/Berlin', clock });
  let t0 = process.hrtime.bigint();
  const facts = await source.facts();
  const coldMs = ms(t0);
  t0 = process.hrtime.bigint();
  await source.facts();
  const warmMs = ms(t0);

  const policy = new ScopePolicy(institutions, loadRouting(institutions));
  const scope = { kind: 'unit' as const, unitId: 'koordinierungsstelle' };
  const period = { from: '2026-01-01', to: '2026-11-30' };
  const runs = 100;
  const compute: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = process.hrtime.bigint();
    computeFigures(facts, scope, period, policy, clock.now(), '2026-12-01');
    compute.push(ms(t0));
    // Baseline: one pass counting the same records by language, nothing else.
    t0 = process.hrtime.bigint();
    const counts = new Map<string, number>();
    for (const f of facts.interpreters) if (f.day >= period.from && f.day <= period.to) counts.set(f.language, (counts.get(f.language) ?? 0) + 1);
    baseline.push(ms(t0));
  }
  compute.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  const result: FiguresBench = {
    records,
    compute: { p50Ms: round(percentile(compute, 50)), p99Ms: round(percentile(compute, 99)), runs },
    baselineCount: { p50Ms: round(percentile(baseline, 50)), p99Ms: round(percentile(baseline, 99)) },
    load: { coldMs: round(coldMs), warmMs: round(warmMs) },
  };
  if (process.env.BENCH_FIGURES_BROWSER !== '0') result.render = await renderBench();
  return result;
}

/** The tab's first render (page load → every chart drawn) with the dashboard sample, beside a chart-less page. */
async function renderBench(runs = 5): Promise<FiguresBench['render']> {
  const { launchBrowser } = await import('../test/harness/browser.js');
  const dataDir = tempDir('lotse-benchtab-');
  await seedStores(dataDir, DASHBOARD_SEED);
  const roster = path.join(dataDir, 'roster.json');
  await writeFile(roster, JSON.stringify(ROSTER));
  const bot = await startBot({ ROSTER_FILE: roster }, dataDir);
  const browser = await launchBrowser();
  try {
    const { token } = (await (await fetch(`${bot.url}/tab/dev-signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userKey: USERS.coordinator }) })).json()) as { token: string };
    await browser.context.addInitScript((t) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('figures.token', t), token);
    const render: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.context.newPage();
      let t0 = process.hrtime.bigint();
      await page.goto(`${bot.url}/tab/`);
      await page.waitForSelector('#chart-6');
      render.push(ms(t0));
      t0 = process.hrtime.bigint();
      await page.goto(`${bot.url}/tab/strings`);
      plain.push(ms(t0));
      await page.close();
    }
    render.sort((a, b) => a - b);
    plain.sort((a, b) => a - b);
    return { firstRenderP50Ms: round(percentile(render, 50)), plainPageP50Ms: round(percentile(plain, 50)), runs };
  } finally {
    await browser.close();
    await bot.stop();
  }
}

export function formatFiguresBench(r: FiguresBench): string[] {
  const lines = [
    `figures for a unit's year over ${r.records.toLocaleString('en')} stored records: p50 ${r.compute.p50Ms} ms, p99 ${r.compute.p99Ms} ms (goal p99 ≤ 50 ms) — baseline bare count p50 ${r.baselineCount.p50Ms} ms (ratio p50 ${round(r.compute.p50Ms / Math.max(r.baselineCount.p50Ms, 0.01))}×)`,
    `  reading the store files: cold (after a change) ${r.load.coldMs} ms, warm (unchanged) ${r.load.warmMs} ms`,
  ];
  if (r.render) lines.push(`  tab first render in headless Chromium (7 charts): p50 ${r.render.firstRenderP50Ms} ms — baseline chart-less page p50 ${r.render.plainPageP50Ms} ms (${r.render.runs} runs)`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatFiguresBench(await runFiguresBench()).join('\n'));
}
