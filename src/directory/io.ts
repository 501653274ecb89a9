// Import and export of the directory (contract, README "Contact directory"): contacts.csv and
// responsibilities.csv, or the same as JSON. An import is all-or-nothing: every problem of every
// file is collected with file, row and column, and nothing is applied while any remains.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  validateContact,
  validateResponsibility,
  FORMULA_START,
  type ContactFields,
  type FieldIssue,
  type IssueCode,
  type IssueParams,
  type ResponsibilityFields,
  type ValidationDeps,
} from './validate.js';
import { PHONE_PATTERN, responsibilityKey, type Contact, type DirectoryData, type Responsibility } from './types.js';

export const CONTACT_COLUMNS = ['id', 'name', 'category', 'institution', 'region', 'topics', 'languages', 'email', 'phone', 'url', 'notes', 'last_confirmed'] as const;
export const RESPONSIBILITY_COLUMNS = ['institution', 'topic', 'contact_id', 'deputy_contact_id', 'last_confirmed'] as const;
const REQUIRED_CONTACT_COLUMNS = ['id', 'name', 'category'];
const REQUIRED_RESPONSIBILITY_COLUMNS = ['institution', 'topic', 'contact_id'];

/** A problem in a file: row 1 is the CSV header (data from row 2), JSON items count from 1. */
export interface ImportIssue {
  file: string;
  row?: number;
  column?: string;
  code: IssueCode;
  params?: IssueParams;
}

export interface ParsedFile {
  file: string;
  kind?: 'contacts' | 'responsibilities';
  contacts: { row: number; value: ContactFields }[];
  responsibilities: { row: number; value: ResponsibilityFields }[];
  issues: ImportIssue[];
}

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

export interface ImportChanges {
  contacts: { created: string[]; updated: string[]; removed: string[]; unchanged: number };
  responsibilities: { created: number; updated: number; removed: number; unchanged: number };
}

export interface ImportOptions {
  /** merge: upsert by id / by institution × topic; replace: the collections given replace the current ones. */
  mode: 'merge' | 'replace';
  now: Date;
}

/**
 * Applies parsed files to the current directory, all-or-nothing. Returns the new data only when no file has
 * an issue and every responsibility (imported or kept) names contacts that exist afterwards.
 */
export function applyImport(current: DirectoryData, files: ParsedFile[], opts: ImportOptions): { data?: DirectoryData; changes: ImportChanges; issues: ImportIssue[] } {
  const issues = files.flatMap((f) => f.issues);
  const changes: ImportChanges = {
    contacts: { created: [], updated: [], removed: [], unchanged: 0 },
    responsibilities: { created: 0, updated: 0, removed: 0, unchanged: 0 },
  };
  const contactRows = files.flatMap((f) => f.contacts.map((c) => ({ ...c, file: f.file })));
  const respRows = files.flatMap((f) => f.responsibilities.map((r) => ({ ...r, file: f.file })));
  const hasContacts = files.some((f) => f.kind === 'contacts');
  const hasResponsibilities = files.some((f) => f.kind === 'responsibilities');

  // The same id in two files is as bad as twice in one.
  const firstFile = new Map<string, { file: string; row: number }>();
  for (const c of contactRows) {
    const key = c.value.id.toLowerCase();
    const first = firstFile.get(key);
    if (first && first.file !== c.file) issues.push({ file: c.file, row: c.row, column: 'id', code: 'duplicateId', params: { value: c.value.id, row: first.row } });
    else if (!first) firstFile.set(key, { file: c.file, row: c.row });
  }
  const firstKey = new Map<string, { file: string; row: number }>();
  for (const r of respRows) {
    const key = responsibilityKey(r.value.institutionId, r.value.topic);
    const first = firstKey.get(key);
    if (first && first.file !== r.file) issues.push({ file: r.file, row: r.row, column: 'topic', code: 'duplicateResponsibility', params: { row: first.row } });
    else if (!first) firstKey.set(key, { file: r.file, row: r.row });
  }

  const stamp = opts.now.toISOString();
  const contacts: Record<string, Contact> = opts.mode === 'replace' && hasContacts ? {} : { ...current.contacts };
  // Ids are compared case-insensitively, so "IB-1" updates "ib-1" instead of creating a twin.
  const byLower = new Map(Object.keys(contacts).map((id) => [id.toLowerCase(), id]));
  for (const { value } of contactRows) {
    const existingId = byLower.get(value.id.toLowerCase());
    const before = existingId ? current.contacts[existingId] : current.contacts[value.id];
    if (existingId && existingId !== value.id) delete contacts[existingId];
    const next: Contact = { ...value, version: (before?.version ?? 0) + 1, updatedAt: stamp, updatedBy: 'import' };
    if (before && sameContact(before, next)) {
      contacts[value.id] = before;
      changes.contacts.unchanged++;
    } else {
      contacts[value.id] = next;
      (before ? changes.contacts.updated : changes.contacts.created).push(value.id);
    }
    byLower.set(value.id.toLowerCase(), value.id);
  }
  if (opts.mode === 'replace' && hasContacts) {
    for (const id of Object.keys(current.contacts)) if (!contacts[id]) changes.contacts.removed.push(id);
  }

  const responsibilities = new Map<string, Responsibility>();
  if (!(opts.mode === 'replace' && hasResponsibilities)) {
    for (const r of current.responsibilities) responsibilities.set(responsibilityKey(r.institutionId, r.topic), r);
  }
  const imported = new Set<string>();
  for (const { value } of respRows) {
    const key = responsibilityKey(value.institutionId, value.topic);
    const before = current.responsibilities.find((r) => responsibilityKey(r.institutionId, r.topic) === key);
    const next: Responsibility = { ...value, updatedAt: stamp };
    if (before && sameResponsibility(before, next)) {
      responsibilities.set(key, before);
      changes.responsibilities.unchanged++;
    } else {
      responsibilities.set(key, next);
      if (before) changes.responsibilities.updated++;
      else changes.responsibilities.created++;
    }
    imported.add(key);
  }
  if (opts.mode === 'replace' && hasResponsibilities) {
    changes.responsibilities.removed = current.responsibilities.filter((r) => !responsibilities.has(responsibilityKey(r.institutionId, r.topic))).length;
  }

  // References must resolve in the result; rows from a file are named by row, kept ones by their key.
  const rowOf = new Map(respRows.map((r) => [responsibilityKey(r.value.institutionId, r.value.topic), r]));
  for (const [key, r] of responsibilities) {
    const row = rowOf.get(key);
    for (const [column, id] of [['contact_id', r.contactId], ['deputy_contact_id', r.deputyContactId]] as const) {
      if (!id || contacts[id]) continue;
      if (row) issues.push({ file: row.file, row: row.row, column, code: 'unknownContact', params: { value: id } });
      else {
        const file = files.find((f) => f.kind === 'contacts')?.file ?? files[0]?.file ?? '';
        issues.push({ file, code: 'contactInUse', params: { value: id, institution: r.institutionId, topic: r.topic } });
      }
    }
  }

  if (issues.length) return { changes, issues };
  return {
    changes,
    issues,
    data: { source: 'import', contacts, responsibilities: [...responsibilities.values()] },
  };
}

function sameContact(a: Contact, b: Contact): boolean {
  const strip = ({ version: _v, updatedAt: _u, updatedBy: _b, ...rest }: Contact) => rest;
  return JSON.stringify(sortKeys(strip(a))) === JSON.stringify(sortKeys(strip(b)));
}

function sameResponsibility(a: Responsibility, b: Responsibility): boolean {
  const strip = ({ updatedAt: _u, ...rest }: Responsibility) => rest;
  return JSON.stringify(sortKeys(strip(a))) === JSON.stringify(sortKeys(strip(b)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (shown as text, taken off on import). */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function contactRecord(c: Contact): Record<(typeof CONTACT_COLUMNS)[number], string> {
  return {
    id: c.id,
    name: c.name,
    category: c.category,
    institution: c.institutionId ?? '',
    region: c.region ?? '',
    topics: c.topics.join(';'),
    languages: c.languages.join(';'),
    email: c.channels.email ?? '',
    phone: c.channels.phone ?? '',
    url: c.channels.url ?? '',
    notes: c.notes ?? '',
    last_confirmed: c.lastConfirmed ?? '',
  };
}

export function responsibilityRecord(r: Responsibility): Record<(typeof RESPONSIBILITY_COLUMNS)[number], string> {
  return {
    institution: r.institutionId,
    topic: r.topic,
    contact_id: r.contactId,
    deputy_contact_id: r.deputyContactId ?? '',
    last_confirmed: r.lastConfirmed ?? '',
  };
}

function sortedContacts(data: DirectoryData): Contact[] {
  return Object.values(data.contacts).sort((a, b) => a.id.localeCompare(b.id));
}

function sortedResponsibilities(data: DirectoryData): Responsibility[] {
  return [...data.responsibilities].sort((a, b) => a.institutionId.localeCompare(b.institutionId) || a.topic.localeCompare(b.topic));
}

/** contacts.csv and responsibilities.csv: UTF-8 with BOM (spreadsheets), comma, CRLF, formula cells neutralised. */
export function exportCsv(data: DirectoryData): { contacts: string; responsibilities: string } {
  const write = (columns: readonly string[], rows: Record<string, string>[]) =>
    stringify(
      rows.map((r) => columns.map((c) => neutralise(r[c] ?? ''))),
      { header: true, columns: [...columns], bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ },
    );
  return {
    contacts: write(CONTACT_COLUMNS, sortedContacts(data).map(contactRecord)),
    responsibilities: write(RESPONSIBILITY_COLUMNS, sortedResponsibilities(data).map(responsibilityRecord)),
  };
}

/** The same records as JSON arrays (topics and languages as arrays; empty fields left out). */
export function exportJson(data: DirectoryData): { contacts: string; responsibilities: string } {
  const compact = (r: Record<string, string>, lists: string[] = []) =>
    Object.fromEntries(
      Object.entries(r)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, lists.includes(k) ? v.split(';') : v]),
    );
  return {
    contacts: JSON.stringify(sortedContacts(data).map((c) => compact(contactRecord(c), ['topics', 'languages'])), null, 2) + '\n',
    responsibilities: JSON.stringify(sortedResponsibilities(data).map((r) => compact(responsibilityRecord(r))), null, 2) + '\n',
  };
}
