// Facts + scope + period → the figures report: counts per table, the suppression system over all
// of them, then cells read back with withheld ones as null. Pure and synchronous.
import { CATEGORIES } from '../escalations/types.js';
import { URGENCIES, MODES } from '../interpreters/store.js';
import { isStale } from '../directory/types.js';
import { cellKey, SuppressionSystem } from './suppression.js';
import { inPeriod, monthsOf } from './period.js';
import type { ScopePolicy } from './scope.js';
import type { FactSet } from './source.js';
import { MIN_CELL, type Cell, type Dimension, type DurationRow, type FigureTable, type FiguresReport, type Period, type Scope, type StaleEntries, type TableId } from './types.js';

export const SLA_COLUMNS = ['met', 'breached', 'open', 'none'] as const;
export const RUN_STATES = ['started', 'finished'] as const;

/** Counts (and optional euro sums) of one table before suppression. */
class Tally {
  private readonly counts = new Map<string, Map<string, [number, number]>>();
  constructor(
    readonly id: TableId,
    readonly domain: string,
    readonly rowDim: Dimension,
    readonly colDim: Dimension,
    /** Whether the columns partition the cases (row totals exist), and the rows (column totals). */
    readonly sums: { rows: boolean; cols: boolean },
  ) {}

  add(row: string, col: string, cost = 0): void {
    let cols = this.counts.get(row);
    if (!cols) this.counts.set(row, (cols = new Map()));
    const cell = cols.get(col);
    if (cell) {
      cell[0]++;
      cell[1] += cost;
    } else cols.set(col, [1, cost]);
  }
  count(row: string, col: string): number {
    return this.counts.get(row)?.get(col)?.[0] ?? 0;
  }
  cost(row: string, col: string): number {
    return this.counts.get(row)?.get(col)?.[1] ?? 0;
  }
}

interface Layout {
  tally: Tally;
  rows: string[];
  cols: string[];
  withCost: boolean;
}

export function computeFigures(facts: FactSet, scope: Scope, period: Period, policy: ScopePolicy, now: Date, today: string): FiguresReport {
  const months = monthsOf(period);
  const layouts = [...interpreterTables(facts, scope, period, policy, months), ...escalationTables(facts, scope, period, policy), checklistTable(facts, scope, period, policy)];
  const system = new SuppressionSystem();
  for (const l of layouts) declare(system, l);
  system.solve();
  const tables = layouts.map((l) => readTable(system, l));
  const stale = staleEntries(facts, scope, policy, today);
  return {
    scope,
    period,
    generatedAt: now.toISOString(),
    months,
    tables,
    durations: durations(facts, scope, period, policy, system),
    stale,
    keyFigures: {
      interpreterRequests: tables.find((t) => t.id === 'interpreters.languageByMonth')!.total!,
      escalations: cellOf(system, cellKey('escalations', {})),
      slaBreached: cellOf(system, cellKey('escalations', { sla: 'breached' })),
      checklistRunsStarted: cellOf(system, cellKey('checklists', { runState: 'started' })),
      checklistRunsFinished: cellOf(system, cellKey('checklists', { runState: 'finished' })),
      staleContacts: stale.contactsStale,
    },
  };
}

/** Scope membership per institution (and unit), decided once per report instead of once per record. */
function memo(decide: (a: string, b: string) => boolean): (a: string, b?: string) => boolean {
  const known = new Map<string, Map<string, boolean>>();
  return (a, b = '') => {
    let inner = known.get(a);
    if (!inner) known.set(a, (inner = new Map()));
    let v = inner.get(b);
    if (v === undefined) inner.set(b, (v = decide(a, b)));
    return v;
  };
}

function interpreterTables(facts: FactSet, scope: Scope, period: Period, policy: ScopePolicy, months: string[]): Layout[] {
  const covers = memo((id: string) => policy.covers(scope, id));
  const byMonth = new Tally('interpreters.languageByMonth', 'interpreters', 'language', 'month', { rows: true, cols: true });
  const byPlace = new Tally('interpreters.languageByInstitution', 'interpreters', 'language', 'institution', { rows: true, cols: true });
  const byMode = new Tally('interpreters.modeByMonth', 'interpreters', 'mode', 'month', { rows: true, cols: true });
  const languages = new Set<string>();
  const places = new Set<string>();
  for (const f of facts.interpreters) {
    if (!inPeriod(f.day, period) || !covers(f.institutionId)) continue;
    const month = f.day.slice(0, 7);
    byMonth.add(f.language, month, f.costEur);
    byPlace.add(f.language, f.institutionId, f.costEur);
    byMode.add(f.mode, month, f.costEur);
    languages.add(f.language);
    places.add(f.institutionId);
  }
  const langs = [...languages].sort();
  return [
    { tally: byMonth, rows: langs, cols: months, withCost: true },
    { tally: byPlace, rows: langs, cols: [...places].sort(), withCost: true },
    { tally: byMode, rows: [...MODES], cols: months, withCost: true },
  ];
}

function escalationTables(facts: FactSet, scope: Scope, period: Period, policy: ScopePolicy): Layout[] {
  const byUrgency = new Tally('escalations.categoryByUrgency', 'escalations', 'category', 'urgency', { rows: true, cols: true });
  const byUnit = new Tally('escalations.categoryByUnit', 'escalations', 'category', 'unit', { rows: true, cols: true });
  const bySla = new Tally('escalations.categoryBySla', 'escalations', 'category', 'sla', { rows: true, cols: true });
  const units = new Set<string>();
  const covers = memo((inst: string, unit: string) => policy.coversCase(scope, inst, unit));
  for (const f of facts.escalations) {
    if (!inPeriod(f.day, period) || !covers(f.institutionId, f.unitId)) continue;
    byUrgency.add(f.category, f.urgency);
    byUnit.add(f.category, f.unitId);
    bySla.add(f.category, f.sla);
    units.add(f.unitId);
  }
  const categories = [...CATEGORIES];
  return [
    { tally: byUrgency, rows: categories, cols: [...URGENCIES], withCost: false },
    { tally: byUnit, rows: categories, cols: [...units].sort(), withCost: false },
    { tally: bySla, rows: categories, cols: [...SLA_COLUMNS], withCost: false },
  ];
}

function checklistTable(facts: FactSet, scope: Scope, period: Period, policy: ScopePolicy): Layout {
  // Started and finished are two measures, not a partition: column totals only.
  const tally = new Tally('checklists.templateByState', 'checklists', 'template', 'runState', { rows: false, cols: true });
  const templates = new Set<string>();
  const covers = memo((place: string) => policy.covers(scope, place || undefined));
  for (const f of facts.checklists) {
    if (!covers(f.placeId ?? '')) continue;
    if (inPeriod(f.startDay, period)) {
      tally.add(f.templateId, 'started');
      templates.add(f.templateId);
    }
    if (f.finishedDay && inPeriod(f.finishedDay, period)) {
      tally.add(f.templateId, 'finished');
      templates.add(f.templateId);
    }
  }
  return { tally, rows: [...templates].sort(), cols: [...RUN_STATES], withCost: false };
}

function keysOf(l: Layout) {
  const { domain, rowDim, colDim } = l.tally;
  return {
    cell: (r: string, c: string) => cellKey(domain, { [rowDim]: r, [colDim]: c }),
    row: (r: string) => cellKey(domain, { [rowDim]: r }),
    col: (c: string) => cellKey(domain, { [colDim]: c }),
    grand: cellKey(domain, {}),
  };
}

function declare(system: SuppressionSystem, l: Layout): void {
  const { tally, rows, cols } = l;
  const k = keysOf(l);
  for (const r of rows) for (const c of cols) system.cell(k.cell(r, c), tally.count(r, c));
  const rowSum = (r: string) => cols.reduce((s, c) => s + tally.count(r, c), 0);
  const colSum = (c: string) => rows.reduce((s, r) => s + tally.count(r, c), 0);
  if (tally.sums.rows) {
    for (const r of rows) {
      system.cell(k.row(r), rowSum(r));
      system.relate(k.row(r), cols.map((c) => k.cell(r, c)));
    }
  }
  if (tally.sums.cols) {
    for (const c of cols) {
      system.cell(k.col(c), colSum(c));
      system.relate(k.col(c), rows.map((r) => k.cell(r, c)));
    }
  }
  if (tally.sums.rows && tally.sums.cols) {
    system.cell(k.grand, rows.reduce((s, r) => s + rowSum(r), 0));
    system.relate(k.grand, rows.map(k.row));
    system.relate(k.grand, cols.map(k.col));
  }
}

function readTable(system: SuppressionSystem, l: Layout): FigureTable {
  const { tally, rows, cols, withCost } = l;
  const k = keysOf(l);
  const cost = (pick: (r: string, c: string) => boolean) => round2(rows.reduce((s, r) => s + cols.reduce((t, c) => t + (pick(r, c) ? tally.cost(r, c) : 0), 0), 0));
  const cell = (key: string, eur: () => number): Cell => {
    const hidden = system.isWithheld(key);
    return { count: hidden ? null : system.value(key), ...(withCost ? { costEur: hidden ? null : eur() } : {}) };
  };
  const table: FigureTable = {
    id: tally.id,
    rowDim: tally.rowDim,
    colDim: tally.colDim,
    rows,
    cols,
    cells: rows.map((r) => cols.map((c) => cell(k.cell(r, c), () => round2(tally.cost(r, c))))),
  };
  if (tally.sums.rows) table.rowTotals = rows.map((r) => cell(k.row(r), () => cost((rr) => rr === r)));
  if (tally.sums.cols) table.colTotals = cols.map((c) => cell(k.col(c), () => cost((_r, cc) => cc === c)));
  if (tally.sums.rows && tally.sums.cols) table.total = cell(k.grand, () => cost(() => true));
  return table;
}

function cellOf(system: SuppressionSystem, key: string): Cell {
  return { count: system.isWithheld(key) ? null : system.value(key) };
}

function durations(facts: FactSet, scope: Scope, period: Period, policy: ScopePolicy, system: SuppressionSystem): DurationRow[] {
  const takeOn = new Map<string, number[]>();
  const close = new Map<string, number[]>();
  const covers = memo((inst: string, unit: string) => policy.coversCase(scope, inst, unit));
  for (const f of facts.escalations) {
    if (!inPeriod(f.day, period) || !covers(f.institutionId, f.unitId)) continue;
    if (f.takeOnMinutes !== undefined) push(takeOn, f.category, f.takeOnMinutes);
    if (f.closeMinutes !== undefined) push(close, f.category, f.closeMinutes);
  }
  return CATEGORIES.map((category) => {
    const hidden = system.isWithheld(cellKey('escalations', { category }));
    return { category, takeOn: medianCell(takeOn.get(category), hidden), close: medianCell(close.get(category), hidden) };
  });
}

function medianCell(values: number[] | undefined, hidden: boolean): DurationRow['takeOn'] {
  const n = values?.length ?? 0;
  if (hidden || (n > 0 && n < MIN_CELL)) return { cases: null, medianHours: null };
  if (!values || n === 0) return { cases: 0, medianHours: null };
  const sorted = values.sort((a, b) => a - b); // a list built for this report only
  const mid = Math.floor(n / 2);
  const minutes = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { cases: n, medianHours: Math.round((minutes / 60) * 10) / 10 };
}

function staleEntries(facts: FactSet, scope: Scope, policy: ScopePolicy, today: string): StaleEntries {
  const out: StaleEntries = { contacts: 0, contactsStale: 0, responsibilities: 0, responsibilitiesStale: 0 };
  for (const f of facts.directory) {
    // Contacts without an institution (regional services) belong to the state view only.
    if (!policy.covers(scope, f.institutionId)) continue;
    const stale = isStale(f.lastConfirmed, today);
    if (f.kind === 'contact') {
      out.contacts++;
      if (stale) out.contactsStale++;
    } else {
      out.responsibilities++;
      if (stale) out.responsibilitiesStale++;
    }
  }
  return out;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
