// Figures service: counts per scope and period on real store files, small-count suppression that
// cannot be undone from totals, refusals (staff, foreign scope, bad periods), audit, cost estimate.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SuppressionSystem, cellKey } from '../src/figures/suppression.js';
import { surchargedCostEur } from '../src/figures/cost.js';
import { estimateCost } from '../src/interpreters/cost.js';
import { checkPeriod, monthsOf, previousMonth } from '../src/figures/period.js';
import type { FigureTable, FiguresReport } from '../src/figures/types.js';
import type { Identity } from '../src/roles/types.js';
import { seedStores, times, type Seed } from './harness/figuresSeed.js';
import { openFigures, rates } from './harness/figuresFixtures.js';
import { tempDirPerTest } from './harness/tempFiles.js';

const admin: Identity = { userKey: 'admin-1', role: 'admin' };
const koordinierung: Identity = { userKey: 'coord-1', role: 'coordinator', unitId: 'koordinierungsstelle' };
const kfi: Identity = { userKey: 'coord-2', role: 'coordinator', unitId: 'kfi' };
const koeln: Identity = { userKey: 'officer-1', role: 'officer', institutionId: 'jva-koeln' };
const staff: Identity = { userKey: 'staff-1', role: 'staff' };

/** Köln: 12 Arabic, 6 Russian, 3 Georgian; Werl: 8 Turkish; Bezirksregierung Detmold: 7 Polish (2026). */
const SEED: Seed = {
  interpreters: [
    ...times(12, (i) => ({ institutionId: 'jva-koeln', language: 'ar', start: `2026-0${3 + (i % 2)}-1${i % 9}T08:00:00.000Z`, mode: i < 6 ? ('video' as const) : ('vor_ort' as const) })),
    ...times(3, (i) => ({ institutionId: 'jva-koeln', language: 'ka', start: `2026-03-0${i + 2}T09:00:00.000Z` })),
    ...times(6, (i) => ({ institutionId: 'jva-koeln', language: 'ru', start: `2026-04-0${i + 1}T09:00:00.000Z` })),
    ...times(8, (i) => ({ institutionId: 'jva-werl', language: 'tr', start: `2026-04-0${i + 1}T09:00:00.000Z` })),
    ...times(7, (i) => ({ institutionId: 'br-detmold', language: 'pl', start: `2026-05-0${i + 1}T09:00:00.000Z` })),
    { institutionId: 'jva-koeln', language: 'ar', start: '2026-03-20T09:00:00.000Z', status: 'storniert' },
    { institutionId: 'jva-koeln', language: 'ar', start: '2025-12-20T09:00:00.000Z' },
  ],
  escalations: [
    ...times(6, (i) => ({ institutionId: 'jva-koeln', unitId: 'koordinierungsstelle', category: 'auslaenderrecht' as const, createdAt: `2026-02-0${i + 1}T08:00:00.000Z`, takenAfter: 60 * (i + 1), resolvedAfter: 400 * (i + 1), slaHours: 48 })),
    ...times(2, (i) => ({ institutionId: 'jva-koeln', unitId: 'fb-radikalisierungspraevention', category: 'radikalisierung' as const, createdAt: `2026-02-1${i}T08:00:00.000Z` })),
    ...times(5, (i) => ({ institutionId: 'br-arnsberg', unitId: 'kfi', category: 'sonstiges' as const, createdAt: `2026-06-0${i + 1}T08:00:00.000Z` })),
  ],
  runs: [
    ...times(5, (i) => ({ placeId: 'jva-koeln', templateId: 'zugangsgespraech', startDate: `2026-01-0${i + 1}`, finishedAt: `2026-01-1${i}T10:00:00.000Z` })),
    ...times(5, (i) => ({ placeId: 'jva-koeln', templateId: 'entlassungsvorbereitung', startDate: `2026-02-0${i + 1}` })),
  ],
  contacts: [
    { id: 'k1', institutionId: 'jva-koeln', lastConfirmed: '2024-01-01' },
    { id: 'k2', institutionId: 'jva-koeln', lastConfirmed: '2026-06-01' },
    { id: 'k3', institutionId: 'br-detmold' },
  ],
};

const YEAR = { from: '2026-01-01', to: '2026-12-31' };

function table(report: FiguresReport, id: FigureTable['id']): FigureTable {
  return report.tables.find((t) => t.id === id)!;
}
function cellOf(t: FigureTable, row: string, col: string) {
  return t.cells[t.rows.indexOf(row)]![t.cols.indexOf(col)]!;
}

describe('figures service (real store files)', () => {
  let dir = '';
  tempDirPerTest('lotse-figures-', (d) => (dir = d));

  async function report(who: Identity, query: Record<string, unknown> = YEAR): Promise<FiguresReport> {
    await seedStores(dir, SEED);
    const { service, audit } = await openFigures(dir);
    const result = await service.figures(who, query);
    await audit.close();
    if (!result.ok) throw new Error(`refused: ${result.problem}`);
    return result.report;
  }

  it('gives admins the state: every request of the year, cancelled and last year\'s left out', async () => {
    const r = await report(admin);
    expect(r.scope).to.deep.equal({ kind: 'state' });
    expect(r.keyFigures.interpreterRequests.count).to.equal(36);
    const byPlace = table(r, 'interpreters.languageByInstitution');
    expect(byPlace.cols).to.deep.equal(['br-detmold', 'jva-koeln', 'jva-werl']);
    // Detmold's 7 are withheld beside the small language totals, so Werl's 8 go too (7 + 8 ≥ 10).
    expect(byPlace.colTotals!.map((c) => c.count)).to.deep.equal([null, 21, null]);
    const byMonth = table(r, 'interpreters.languageByMonth');
    expect(byMonth.rows).to.deep.equal(['ar', 'ka', 'pl', 'ru', 'tr']);
    // Turkish is all Werl: its total is that withheld cell.
    expect(byMonth.rowTotals!.map((c) => c.count)).to.deep.equal([12, null, null, null, null]);
    expect(r.period).to.deep.equal({ from: '2026-01-01', to: '2026-12-01' });
  });

  it('withholds the 3 Georgian requests, and enough beside them that no total gives them away', async () => {
    const r = await report(admin);
    const byMonth = table(r, 'interpreters.languageByMonth');
    expect(cellOf(byMonth, 'ka', '2026-03').count).to.equal(null);
    expect(byMonth.rowTotals![byMonth.rows.indexOf('ka')]!.count).to.equal(null);
    expect(byMonth.rowTotals![byMonth.rows.indexOf('ka')]!.costEur).to.equal(null);
    // The grand total is shown, so at least one other language total must be withheld as well.
    expect(byMonth.total!.count).to.equal(36);
    const hiddenTotals = byMonth.rowTotals!.filter((c) => c.count === null).length;
    expect(hiddenTotals).to.be.at.least(2);
    const shown = byMonth.rowTotals!.reduce((s, c) => s + (c.count ?? 0), 0);
    expect(byMonth.total!.count! - shown).to.be.at.least(10);
    // The same language total is withheld in the institution table too.
    const byPlace = table(r, 'interpreters.languageByInstitution');
    expect(byPlace.rowTotals![byPlace.rows.indexOf('ka')]!.count).to.equal(null);
  });

  it('gives the Koordinierungsstelle the JVAs and its own cases only', async () => {
    const r = await report(koordinierung);
    expect(r.scope).to.deep.equal({ kind: 'unit', unitId: 'koordinierungsstelle' });
    expect(table(r, 'interpreters.languageByInstitution').cols).to.deep.equal(['jva-koeln', 'jva-werl']);
    expect(r.keyFigures.escalations.count).to.equal(6);
    expect(table(r, 'escalations.categoryByUnit').cols).to.deep.equal(['koordinierungsstelle']);
    const d = r.durations.find((x) => x.category === 'auslaenderrecht')!;
    expect(d.takeOn).to.deep.equal({ cases: 6, medianHours: 3.5 });
    expect(d.close).to.deep.equal({ cases: 6, medianHours: 23.3 });
    const sla = table(r, 'escalations.categoryBySla');
    expect(cellOf(sla, 'auslaenderrecht', 'met').count).to.equal(6);
  });

  it('gives the KfI the Bezirksregierungen; 5 cases are shown, fewer are not', async () => {
    const r = await report(kfi);
    expect(table(r, 'interpreters.languageByInstitution').cols).to.deep.equal(['br-detmold']);
    expect(r.keyFigures.escalations.count).to.equal(5);
    expect(r.stale).to.deep.equal({ contacts: 1, contactsStale: 1, responsibilities: 0, responsibilitiesStale: 0 });
  });

  it('gives an officer their own institution, and refuses another one as not theirs', async () => {
    const r = await report(koeln);
    expect(r.scope).to.deep.equal({ kind: 'institution', institutionId: 'jva-koeln' });
    expect(table(r, 'checklists.templateByState').colTotals!.map((c) => c.count)).to.deep.equal([10, 5]);
    expect(r.stale.contactsStale).to.equal(1);
    await seedStores(dir, {});
    const { service, audit } = await openFigures(dir);
    expect(await service.figures(koeln, { ...YEAR, scope: 'institution:jva-werl' })).to.deep.equal({ ok: false, problem: 'forbidden' });
    expect(await service.figures(koordinierung, { ...YEAR, scope: 'institution:br-detmold' })).to.deep.equal({ ok: false, problem: 'forbidden' });
    expect(await service.figures(koordinierung, { ...YEAR, scope: 'state' })).to.deep.equal({ ok: false, problem: 'forbidden' });
    await audit.close();
  });

  it('lets a coordinator narrow to one institution of their side, still seeing only their unit\'s cases', async () => {
    const r = await report(koordinierung, { ...YEAR, scope: 'institution:jva-koeln' });
    expect(r.scope).to.deep.equal({ kind: 'institution', institutionId: 'jva-koeln', unitId: 'koordinierungsstelle' });
    expect(r.keyFigures.escalations.count).to.equal(6);
  });

  it('refuses staff, unknown scopes and bad periods with a reason, and audits every answer', async () => {
    await seedStores(dir, SEED);
    const { service, audit } = await openFigures(dir);
    expect(await service.figures(staff, YEAR)).to.deep.equal({ ok: false, problem: 'forbidden' });
    expect(await service.figures(admin, { ...YEAR, scope: 'unit:nowhere' })).to.deep.equal({ ok: false, problem: 'unknownScope' });
    expect(await service.figures(admin, { ...YEAR, scope: 'institution:kfi' })).to.deep.equal({ ok: false, problem: 'unknownScope' });
    expect(await service.figures(admin, { ...YEAR, scope: '../../etc' })).to.deep.equal({ ok: false, problem: 'unknownScope' });
    expect(await service.figures(admin, { from: '2026-05-01', to: '2026-04-01' })).to.deep.equal({ ok: false, problem: 'reversed' });
    expect(await service.figures(admin, { from: '2027-01-01', to: '2027-02-01' })).to.deep.equal({ ok: false, problem: 'future' });
    expect(await service.figures(admin, { from: '2026-02-30', to: '2026-03-01' })).to.deep.equal({ ok: false, problem: 'badDate' });
    expect(await service.figures(admin, { from: '2010-01-01', to: '2026-01-01' })).to.deep.equal({ ok: false, problem: 'tooLong' });
    const ok = await service.figures(admin, YEAR);
    expect(ok.ok).to.equal(true);
    await audit.close();
    const lines = (await readFile(path.join(dir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.action, l.outcome])).to.deep.equal([
      ['figures.read', 'denied'], ['figures.read', 'rejected'], ['figures.read', 'rejected'], ['figures.read', 'rejected'],
      ['figures.read', 'rejected'], ['figures.read', 'rejected'], ['figures.read', 'rejected'], ['figures.read', 'rejected'], ['figures.read', 'ok'],
    ]);
    expect(lines.at(-1).record).to.equal('state@2026-01-01..2026-12-01');
  });

  it('follows the store: a new request written by its owner shows up in the next answer', async () => {
    await seedStores(dir, SEED);
    const { service, audit } = await openFigures(dir);
    const before = await service.figures(admin, YEAR);
    await seedStores(dir, { interpreters: times(40, (i) => ({ institutionId: 'jva-werl', language: 'tr', start: `2026-08-0${(i % 9) + 1}T09:00:00.000Z` })) });
    const after = await service.figures(admin, YEAR);
    await audit.close();
    expect(before.ok && before.report.keyFigures.interpreterRequests.count).to.equal(36);
    // seedStores numbers requests from 0001 again: the 40 new ones replace all 38 earlier ones.
    expect(after.ok && after.report.keyFigures.interpreterRequests.count).to.equal(40);
  });

  it('sums the JVEG estimate per cell, the same as the interpreter capability\'s estimate', async () => {
    const r = await report(admin);
    const byMonth = table(r, 'interpreters.languageByMonth');
    const arabic = SEED.interpreters!.filter((s) => s.language === 'ar' && s.status === undefined && s.start.startsWith('2026'));
    const expected = arabic.reduce((sum, s) => sum + estimateCost(rates, { start: new Date(s.start), durationMin: 60, at: new Date(s.start), timeZone: 'Europe/Berlin' })!.amountEur, 0);
    expect(arabic).to.have.length(12);
    expect(byMonth.rowTotals![byMonth.rows.indexOf('ar')]!.costEur).to.be.closeTo(expected, 0.01);
  });
});

describe('figures suppression', () => {
  it('withholds 1–4 and a second cell, so a withheld cell is never the difference of shown ones', () => {
    const s = new SuppressionSystem();
    const parts = { a: 3, b: 7, c: 20 };
    for (const [k, v] of Object.entries(parts)) s.cell(k, v);
    s.cell('total', 30);
    s.relate('total', ['a', 'b', 'c']);
    s.solve();
    expect(s.isWithheld('a')).to.equal(true);
    expect(s.isWithheld('b')).to.equal(true);
    expect(s.isWithheld('c')).to.equal(false);
    expect(s.isWithheld('total')).to.equal(false);
  });

  it('withholds the total when only small cells make it up (4 + 4 = 8)', () => {
    const s = new SuppressionSystem();
    s.cell('a', 4);
    s.cell('b', 4);
    s.cell('t', 8);
    s.relate('t', ['a', 'b']);
    s.solve();
    expect(['a', 'b', 't'].map((k) => s.isWithheld(k))).to.deep.equal([true, true, true]);
  });

  it('on 300 random tables: every sum with a withheld member has two, and shown totals hide at least 10 cases', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const rows = 1 + Math.floor(rand() * 5);
      const cols = 1 + Math.floor(rand() * 6);
      const values = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rand() < 0.3 ? Math.floor(rand() * 5) : Math.floor(rand() * 30))));
      const s = new SuppressionSystem();
      const key = (r: number | '*', c: number | '*') => cellKey('t', { ...(r === '*' ? {} : { r: String(r) }), ...(c === '*' ? {} : { c: String(c) }) });
      const relations: [string, string[]][] = [];
      values.forEach((row, r) => row.forEach((v, c) => s.cell(key(r, c), v)));
      values.forEach((row, r) => {
        s.cell(key(r, '*'), row.reduce((a, b) => a + b, 0));
        relations.push([key(r, '*'), row.map((_v, c) => key(r, c))]);
      });
      for (let c = 0; c < cols; c++) {
        s.cell(key('*', c), values.reduce((a, row) => a + row[c]!, 0));
        relations.push([key('*', c), values.map((_row, r) => key(r, c))]);
      }
      s.cell(key('*', '*'), values.flat().reduce((a, b) => a + b, 0));
      relations.push([key('*', '*'), values.map((_row, r) => key(r, '*'))], [key('*', '*'), Array.from({ length: cols }, (_v, c) => key('*', c))]);
      for (const [total, parts] of relations) s.relate(total, parts);
      s.solve();
      values.flat().forEach((v, i) => {
        if (v > 0 && v < 5) expect(s.isWithheld(key(Math.floor(i / cols), i % cols)), `table ${n}`).to.equal(true);
      });
      for (const [total, parts] of relations) {
        const hidden = [total, ...parts].filter((k) => s.isWithheld(k));
        expect(hidden.length === 0 || hidden.length >= 2, `table ${n} relation ${total}`).to.equal(true);
        if (hidden.length > 0 && !s.isWithheld(total)) {
          expect(parts.filter((k) => s.isWithheld(k)).reduce((a, k) => a + s.value(k), 0), `table ${n} relation ${total}`).to.be.at.least(10);
        }
      }
    }
  });
});

describe('figures periods and cost', () => {
  it('checks periods against today and caps the end', () => {
    expect(checkPeriod('2026-01-01', '2026-12-31', '2026-06-15')).to.deep.equal({ ok: true, period: { from: '2026-01-01', to: '2026-06-15' } });
    expect(checkPeriod('2026-13-01', '2026-12-31', '2026-06-15')).to.deep.equal({ ok: false, problem: 'badDate' });
    expect(checkPeriod(42, '2026-12-31', '2026-06-15')).to.deep.equal({ ok: false, problem: 'badDate' });
    expect(monthsOf({ from: '2025-11-20', to: '2026-02-01' })).to.deep.equal(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(previousMonth('2026-01-05')).to.deep.equal({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('estimates per hour exactly what the per-minute estimate gives, nights, Sundays and holidays included', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const start = new Date(Date.UTC(2026, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24), Math.floor(rand() * 4) * 15));
      const durationMin = 15 + Math.floor(rand() * 466);
      const input = { start, durationMin, at: start, timeZone: 'Europe/Berlin' };
      expect(surchargedCostEur(rates, input), start.toISOString()).to.equal(estimateCost(rates, input)?.amountEur);
    }
  });
});
