// Reading directory files for an import (contract, README "Contact directory"): contacts.csv and
// responsibilities.csv, or the same as JSON. Every problem of every file is collected with file, row
// and column; importApply.ts applies the files only while none remains (all-or-nothing).
import { parse } from 'csv-parse/sync';
import { validateContact, validateResponsibility, FORMULA_START, type FieldIssue, type ValidationDeps } from './validate.js';
import { CONTACT_COLUMNS, RESPONSIBILITY_COLUMNS, type ParsedFile } from './fileFormat.js';
import { PHONE_PATTERN, responsibilityKey } from './types.js';

const REQUIRED_CONTACT_COLUMNS = ['id', 'name', 'category'];
const REQUIRED_RESPONSIBILITY_COLUMNS = ['institution', 'topic', 'contact_id'];

/** Bytes → text: UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as Windows-1252 (Excel "CSV"). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * A cell as typed. Our own export writes formula-like cells with a leading apostrophe; that is taken off
 * again. A cell that would run as a formula in a spreadsheet is refused (the phone column may start with +).
 */
function readCell(column: string, cell: string): { value: string; formula?: boolean } {
  const value = cell.trim();
  if (value.startsWith("'") && FORMULA_START.test(value.slice(1))) return { value: value.slice(1) };
  if (FORMULA_START.test(cell) || FORMULA_START.test(value)) {
    if (column === 'phone' && PHONE_PATTERN.test(value)) return { value };
    return { value, formula: true };
  }
  return { value };
}

/** Parses and validates one file (kind from its columns / keys). Cross-file checks happen in applyImport. */
export function parseDirectoryFile(file: string, bytes: Uint8Array, deps: ValidationDeps): ParsedFile {
  const out: ParsedFile = { file, contacts: [], responsibilities: [], issues: [] };
  const text = decodeText(bytes);
  if (!text.replace(/^\uFEFF/, '').trim()) {
    out.issues.push({ file, code: 'emptyFile' });
    return out;
  }
  const rows = file.toLowerCase().endsWith('.json') ? jsonRows(file, text, out) : csvRows(file, text, out);
  if (!rows || !out.kind) return out;
  const seenIds = new Map<string, number>();
  const seenKeys = new Map<string, number>();
  for (const { row, record } of rows) {
    const cells: Record<string, unknown> = {};
    let formula = false;
    for (const [column, v] of Object.entries(record)) {
      const values = Array.isArray(v) ? v : [v];
      const read: string[] = [];
      for (const item of values) {
        if (item === null || item === undefined) continue;
        if (typeof item !== 'string' && typeof item !== 'number') {
          out.issues.push({ file, row, column, code: 'notText' });
          formula = true;
          continue;
        }
        const cell = readCell(column, String(item));
        if (cell.formula) {
          out.issues.push({ file, row, column, code: 'formula', params: { value: cell.value.slice(0, 40) } });
          formula = true;
        }
        read.push(cell.value);
      }
      cells[column] = Array.isArray(v) ? read : read[0];
    }
    if (formula) continue;
    const fieldIssues = (issues: FieldIssue[]) => {
      for (const i of issues) out.issues.push({ file, row, column: i.field, code: i.code, ...(i.params ? { params: i.params } : {}) });
    };
    if (out.kind === 'contacts') {
      const { value, issues } = validateContact(cells, deps, { mode: 'import' });
      fieldIssues(issues);
      const id = String(cells.id ?? '').trim().toLowerCase();
      if (id) {
        const first = seenIds.get(id);
        if (first !== undefined) out.issues.push({ file, row, column: 'id', code: 'duplicateId', params: { value: String(cells.id).trim(), row: first } });
        else seenIds.set(id, row);
      }
      if (value) out.contacts.push({ row, value });
    } else {
      const { value, issues } = validateResponsibility(cells, deps);
      fieldIssues(issues);
      if (value) {
        const key = responsibilityKey(value.institutionId, value.topic);
        const first = seenKeys.get(key);
        if (first !== undefined) out.issues.push({ file, row, column: 'topic', code: 'duplicateResponsibility', params: { row: first } });
        else {
          seenKeys.set(key, row);
          out.responsibilities.push({ row, value });
        }
      }
    }
  }
  if (rows.length === 0 && out.issues.length === 0) out.issues.push({ file, code: 'emptyFile' });
  out.issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)); // stable: a row's problems keep their column order
  return out;
}

type Row = { row: number; record: Record<string, unknown> };

function kindOf(columns: readonly string[]): ParsedFile['kind'] {
  if (columns.includes('contact_id')) return 'responsibilities';
  if (columns.includes('name') || columns.includes('category')) return 'contacts';
  return undefined;
}

function checkColumns(file: string, columns: string[], out: ParsedFile, row?: number): boolean {
  const kind = kindOf(columns);
  if (!kind) {
    out.issues.push({ file, ...(row ? { row } : {}), code: 'unknownFileKind', params: { contacts: CONTACT_COLUMNS.join(','), responsibilities: RESPONSIBILITY_COLUMNS.join(',') } });
    return false;
  }
  out.kind = kind;
  const allowed: readonly string[] = kind === 'contacts' ? CONTACT_COLUMNS : RESPONSIBILITY_COLUMNS;
  const required = kind === 'contacts' ? REQUIRED_CONTACT_COLUMNS : REQUIRED_RESPONSIBILITY_COLUMNS;
  let ok = true;
  for (const c of columns) {
    if (!allowed.includes(c)) {
      out.issues.push({ file, row: row ?? 1, column: c.slice(0, 60), code: 'unknownColumn', params: { allowed: allowed.join(', ') } });
      ok = false;
    }
  }
  for (const c of required) {
    if (!columns.includes(c)) {
      out.issues.push({ file, row: row ?? 1, column: c, code: 'missingColumn' });
      ok = false;
    }
  }
  return ok;
}

function csvRows(file: string, text: string, out: ParsedFile): Row[] | undefined {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  // German spreadsheets save "CSV" with semicolons; the header tells which one it is.
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    out.issues.push({ file, ...(e.lines ? { row: e.lines } : {}), code: 'badCsv', params: { reason: String(e.message ?? '').split('\n')[0]!.slice(0, 160) } });
    return undefined;
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (!checkColumns(file, header, out)) return undefined;
  const rows: Row[] = [];
  for (let i = 1; i < records.length; i++) {
    const cells = records[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    if (cells.length !== header.length) {
      out.issues.push({ file, row: i + 1, code: 'badRowLength', params: { expected: header.length, found: cells.length } });
      continue;
    }
    const record: Record<string, unknown> = {};
    header.forEach((h, k) => (record[h] = cells[k]));
    rows.push({ row: i + 1, record });
  }
  return rows;
}

function jsonRows(file: string, text: string, out: ParsedFile): Row[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    out.issues.push({ file, code: 'badJson', params: { reason: String((err as Error).message).slice(0, 160) } });
    return undefined;
  }
  // Either a bare array, or { "contacts": [...] } / { "responsibilities": [...] }.
  let items: unknown = data;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const keys = Object.keys(data);
    const key = keys.length === 1 && (keys[0] === 'contacts' || keys[0] === 'responsibilities') ? keys[0] : undefined;
    items = key ? (data as Record<string, unknown>)[key] : undefined;
  }
  if (!Array.isArray(items)) {
    out.issues.push({ file, code: 'unknownFileKind', params: { contacts: CONTACT_COLUMNS.join(','), responsibilities: RESPONSIBILITY_COLUMNS.join(',') } });
    return undefined;
  }
  const rows: Row[] = [];
  const columns = new Set<string>();
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      out.issues.push({ file, row: i + 1, code: 'notText' });
      return;
    }
    for (const k of Object.keys(item)) columns.add(k);
    rows.push({ row: i + 1, record: item as Record<string, unknown> });
  });
  if (!checkColumns(file, [...columns], out, undefined)) return undefined;
  return rows;
}

export { CONTACT_COLUMNS, RESPONSIBILITY_COLUMNS, type ImportIssue, type ParsedFile } from './fileFormat.js';
