// The ministry's file: aggregates only (the suppressed report), with the period, the scope and the
// generation date in the file. CSV (UTF-8 with BOM, for spreadsheets), JSON, or an xlsx workbook
// (exceljs) with an information sheet and one cross table per sheet.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Dimension, FigureTable, FiguresReport, Scope, TableId } from './types.js';

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Words and names the file needs (src/tab/labels.ts provides them in German or English). */
export interface ExportLabels {
  locale: string;
  table(id: TableId): string;
  dim(d: Dimension): string;
  value(d: Dimension, id: string): string;
  scope(scope: Scope): string;
  /** Whole number or "< 5". */
  count(n: number | null): string;
  euros(n: number | null | undefined): string;
  day(iso: string): string;
  t(key: 'figures.export.generatedAt' | 'figures.export.period' | 'figures.export.scope' | 'figures.export.table' | 'figures.export.row' | 'figures.export.column' | 'figures.export.count' | 'figures.export.costEur' | 'figures.export.note' | 'figures.total'): string;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function exportFigures(report: FiguresReport, format: ExportFormat, labels: ExportLabels): Promise<ExportFile> {
  const scopeId = report.scope.kind === 'state' ? 'nrw' : report.scope.kind === 'unit' ? report.scope.unitId : report.scope.institutionId;
  const fileName = `kennzahlen-${scopeId}-${report.period.from}-${report.period.to}.${format}`;
  const body = format === 'csv' ? toCsv(report, labels) : format === 'json' ? toJson(report, labels) : await toXlsx(report, labels);
  return { fileName, contentType: CONTENT_TYPES[format], body };
}

/** Period, scope, generation time and the note on withheld cells. */
function header(report: FiguresReport, labels: ExportLabels): string[][] {
  return [
    [labels.t('figures.export.period'), `${labels.day(report.period.from)} – ${labels.day(report.period.to)}`, report.period.from, report.period.to],
    [labels.t('figures.export.scope'), labels.scope(report.scope)],
    [labels.t('figures.export.generatedAt'), report.generatedAt],
    [labels.t('figures.export.note')],
  ];
}

/** Every cell of every table, totals included, one line each. */
function longRows(report: FiguresReport, labels: ExportLabels): string[][] {
  const out: string[][] = [];
  const total = labels.t('figures.total');
  for (const table of report.tables) {
    const title = labels.table(table.id);
    const withCost = table.cells[0]?.[0]?.costEur !== undefined || table.total?.costEur !== undefined;
    const line = (row: string, col: string, cell: { count: number | null; costEur?: number | null }) =>
      out.push([title, row, col, labels.count(cell.count), withCost ? costText(cell.costEur) : '']);
    table.rows.forEach((r, i) => {
      table.cols.forEach((c, j) => line(labels.value(table.rowDim, r), labels.value(table.colDim, c), table.cells[i]![j]!));
      if (table.rowTotals) line(labels.value(table.rowDim, r), total, table.rowTotals[i]!);
    });
    table.colTotals?.forEach((cell, j) => line(total, labels.value(table.colDim, table.cols[j]!), cell));
    if (table.total) line(total, total, table.total);
  }
  return out;
}

/** Plain number text, so spreadsheets read it as a number; "< 5" when withheld. */
function costText(n: number | null | undefined): string {
  return n === null ? '< 5' : n === undefined ? '' : n.toFixed(2);
}

function toCsv(report: FiguresReport, labels: ExportLabels): Buffer {
  const head = header(report, labels);
  const columns = [labels.t('figures.export.table'), labels.t('figures.export.row'), labels.t('figures.export.column'), labels.t('figures.export.count'), labels.t('figures.export.costEur')];
  const text = stringify([...head, [], columns, ...longRows(report, labels)], { delimiter: labels.locale === 'de' ? ';' : ',', record_delimiter: '\r\n' });
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

function toJson(report: FiguresReport, labels: ExportLabels): Buffer {
  const named = (t: FigureTable) => ({
    ...t,
    title: labels.table(t.id),
    rowLabels: t.rows.map((r) => labels.value(t.rowDim, r)),
    colLabels: t.cols.map((c) => labels.value(t.colDim, c)),
  });
  const doc = {
    period: report.period,
    scope: report.scope,
    scopeLabel: labels.scope(report.scope),
    generatedAt: report.generatedAt,
    note: labels.t('figures.export.note'),
    tables: report.tables.map(named),
    durations: report.durations,
    staleDirectoryEntries: report.stale,
  };
  return Buffer.from(JSON.stringify(doc, null, 2), 'utf8');
}

async function toXlsx(report: FiguresReport, labels: ExportLabels): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(report.generatedAt);
  const info = book.addWorksheet(labels.locale === 'de' ? 'Info' : 'About');
  for (const row of header(report, labels)) info.addRow(row);
  info.getColumn(1).width = 24;
  info.getColumn(2).width = 60;
  report.tables.forEach((table, n) => {
    const sheet = book.addWorksheet(`${n + 1}`.padStart(2, '0') + ' ' + sheetName(labels.table(table.id)));
    sheet.addRow([labels.table(table.id)]).font = { bold: true };
    const total = labels.t('figures.total');
    sheet.addRow([labels.dim(table.rowDim), ...table.cols.map((c) => labels.value(table.colDim, c)), ...(table.rowTotals ? [total] : [])]).font = { bold: true };
    const shown = (c: { count: number | null }) => (c.count === null ? labels.count(null) : c.count);
    table.rows.forEach((r, i) => sheet.addRow([labels.value(table.rowDim, r), ...table.cells[i]!.map(shown), ...(table.rowTotals ? [shown(table.rowTotals[i]!)] : [])]));
    if (table.colTotals) sheet.addRow([total, ...table.colTotals.map(shown), ...(table.total ? [shown(table.total)] : [])]).font = { bold: true };
    sheet.getColumn(1).width = 34;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 27);
}
