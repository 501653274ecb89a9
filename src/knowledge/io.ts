// Import and export of the knowledge base and the material library (entries.csv, material.csv or the same
// as JSON), with the directory's contract: every problem of every file is collected with file, row and
// column, and nothing is applied while any remains (all-or-nothing). Cells a spreadsheet would run as a
// formula are refused on import and neutralised on export (shared with the directory's io).
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { decodeText } from '../directory/io.js';
import { neutralise } from '../directory/export.js';
import type { TopicMatcher } from '../directory/topics.js';
import { isoDay } from '../directory/types.js';
import { FORMULA_START, parseDate } from '../directory/validate.js';
import { MATERIAL_COLUMNS, REQUIRED_MATERIAL_COLUMNS, validateMaterialFields, type MaterialFields } from '../material/materialFields.js';
import { validateEntryFields, type EntryFields } from './entryForm.js';
import { nextId } from './store.js';
import { ENTRY_ID, knowledgeDataSchema, MATERIAL_ID, type Entry, type KnowledgeData, type Material } from './types.js';

export const ENTRY_COLUMNS = ['id', 'question_de', 'question_en', 'answer_de', 'answer_en', 'topics', 'source', 'valid_from', 'last_confirmed', 'status'] as const;
const REQUIRED_ENTRY_COLUMNS = ['question_de', 'answer_de'];
const ROWS_MAX = 20000;

export interface IoIssue {
  file: string;
  row?: number;
  column?: string;
  code: string;
  params?: Record<string, string | number>;
}

type Kind = 'entries' | 'material';
interface Row {
  row: number;
  record: Record<string, unknown>;
}
export interface ParsedKnowledgeFile {
  file: string;
  kind?: Kind;
  entries: { row: number; id?: string; value: EntryFields; lastConfirmed?: string; status: Entry['status'] }[];
  material: { row: number; id?: string; value: MaterialFields }[];
  issues: IoIssue[];
}

function kindOf(columns: readonly string[]): Kind | undefined {
  if (columns.includes('question_de') || columns.includes('answer_de')) return 'entries';
  if (columns.includes('title') || columns.includes('link')) return 'material';
  return undefined;
}

function checkColumns(out: ParsedKnowledgeFile, columns: string[]): boolean {
  const kind = kindOf(columns);
  if (!kind) {
    out.issues.push({ file: out.file, code: 'unknownFileKind', params: { entries: ENTRY_COLUMNS.join(','), material: MATERIAL_COLUMNS.join(',') } });
    return false;
  }
  out.kind = kind;
  const allowed: readonly string[] = kind === 'entries' ? ENTRY_COLUMNS : MATERIAL_COLUMNS;
  const required = kind === 'entries' ? REQUIRED_ENTRY_COLUMNS : REQUIRED_MATERIAL_COLUMNS;
  const unknown = columns.filter((c) => !allowed.includes(c));
  for (const c of unknown) out.issues.push({ file: out.file, row: 1, column: c.slice(0, 60), code: 'unknownColumn', params: { allowed: allowed.join(', ') } });
  const missing = required.filter((c) => !columns.includes(c));
  for (const c of missing) out.issues.push({ file: out.file, row: 1, column: c, code: 'missingColumn' });
  return unknown.length === 0 && missing.length === 0;
}

function csvRows(out: ParsedKnowledgeFile, text: string): Row[] | undefined {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    out.issues.push({ file: out.file, code: 'badCsv', params: { reason: String((err as Error).message ?? '').split('\n')[0]!.slice(0, 160) } });
    return undefined;
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (!checkColumns(out, header)) return undefined;
  const rows: Row[] = [];
  for (let i = 1; i < records.length; i++) {
    const cells = records[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    if (cells.length !== header.length) out.issues.push({ file: out.file, row: i + 1, code: 'badRowLength', params: { expected: header.length, found: cells.length } });
    else rows.push({ row: i + 1, record: Object.fromEntries(header.map((h, k) => [h, cells[k]])) });
  }
  return rows;
}

function jsonRows(out: ParsedKnowledgeFile, text: string): Row[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    out.issues.push({ file: out.file, code: 'badJson', params: { reason: String((err as Error).message).slice(0, 160) } });
    return undefined;
  }
  const wrapped = data && typeof data === 'object' && !Array.isArray(data) ? Object.entries(data) : [];
  const items = Array.isArray(data) ? data : wrapped.length === 1 && (wrapped[0]![0] === 'entries' || wrapped[0]![0] === 'material') ? wrapped[0]![1] : undefined;
  if (!Array.isArray(items)) {
    out.issues.push({ file: out.file, code: 'unknownFileKind', params: { entries: ENTRY_COLUMNS.join(','), material: MATERIAL_COLUMNS.join(',') } });
    return undefined;
  }
  const rows: Row[] = [];
  const columns = new Set<string>();
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) out.issues.push({ file: out.file, row: i + 1, code: 'notText' });
    else {
      Object.keys(item).forEach((k) => columns.add(k));
      rows.push({ row: i + 1, record: item as Record<string, unknown> });
    }
  });
  return checkColumns(out, [...columns]) ? rows : undefined;
}

/** A cell as typed: our export's apostrophe in front of a formula-like cell is taken off; a real formula is refused. */
function readCells(out: ParsedKnowledgeFile, row: number, record: Record<string, unknown>): Record<string, unknown> | undefined {
  const cells: Record<string, unknown> = {};
  let ok = true;
  for (const [column, v] of Object.entries(record)) {
    const values = Array.isArray(v) ? v : [v];
    const read: string[] = [];
    for (const item of values) {
      if (item === null || item === undefined) continue;
      if (typeof item !== 'string' && typeof item !== 'number') {
        out.issues.push({ file: out.file, row, column, code: 'notText' });
        ok = false;
        continue;
      }
      const value = String(item).trim();
      if (value.startsWith("'") && FORMULA_START.test(value.slice(1))) read.push(value.slice(1));
      else if (FORMULA_START.test(String(item)) || FORMULA_START.test(value)) {
        out.issues.push({ file: out.file, row, column, code: 'formula', params: { value: value.slice(0, 40) } });
        ok = false;
      } else read.push(value);
    }
    cells[column] = Array.isArray(v) ? read : read[0];
  }
  return ok ? cells : undefined;
}

function idOf(out: ParsedKnowledgeFile, row: number, cells: Record<string, unknown>, pattern: RegExp, seen: Map<string, number>): string | undefined | null {
  const id = String(cells.id ?? '').trim().toUpperCase();
  if (!id) return undefined;
  if (!pattern.test(id)) {
    out.issues.push({ file: out.file, row, column: 'id', code: 'badId', params: { value: id.slice(0, 40) } });
    return null;
  }
  const first = seen.get(id);
  if (first !== undefined) {
    out.issues.push({ file: out.file, row, column: 'id', code: 'duplicateId', params: { value: id, row: first } });
    return null;
  }
  seen.set(id, row);
  return id;
}

export function parseKnowledgeFile(file: string, bytes: Uint8Array, deps: { topics: TopicMatcher; today: string }): ParsedKnowledgeFile {
  const out: ParsedKnowledgeFile = { file, entries: [], material: [], issues: [] };
  const text = decodeText(bytes);
  if (!text.replace(/^\uFEFF/, '').trim()) {
    out.issues.push({ file, code: 'emptyFile' });
    return out;
  }
  const rows = file.toLowerCase().endsWith('.json') ? jsonRows(out, text) : csvRows(out, text);
  if (!rows || !out.kind) return out;
  if (rows.length > ROWS_MAX) {
    out.issues.push({ file, code: 'tooManyRows', params: { max: ROWS_MAX } });
    return out;
  }
  const seen = new Map<string, number>();
  for (const { row, record } of rows) {
    const cells = readCells(out, row, record);
    if (!cells) continue;
    const id = idOf(out, row, cells, out.kind === 'entries' ? ENTRY_ID : MATERIAL_ID, seen);
    const problems = (list: { field: string; code: string; value?: string }[]) => {
      for (const p of list) out.issues.push({ file, row, column: p.field, code: p.code, ...(p.value !== undefined ? { params: { value: p.value } } : {}) });
    };
    if (out.kind === 'entries') {
      const { value, problems: found } = validateEntryFields(cells, deps.topics, deps.today);
      problems(found);
      const confirmedText = String(cells.last_confirmed ?? '').trim();
      const lastConfirmed = confirmedText ? parseDate(confirmedText) : undefined;
      if (confirmedText && !lastConfirmed) out.issues.push({ file, row, column: 'last_confirmed', code: 'badDate', params: { value: confirmedText.slice(0, 20) } });
      const status = String(cells.status ?? '').trim().toLowerCase() || 'active';
      if (status !== 'active' && status !== 'retired') out.issues.push({ file, row, column: 'status', code: 'badStatus', params: { value: status.slice(0, 20) } });
      if (value && id !== null) out.entries.push({ row, ...(id ? { id } : {}), value, ...(lastConfirmed ? { lastConfirmed } : {}), status: status as Entry['status'] });
    } else {
      const { value, problems: found } = validateMaterialFields(cells, deps.topics);
      problems(found);
      if (value && id !== null) out.material.push({ row, ...(id ? { id } : {}), value });
    }
  }
  if (rows.length === 0 && out.issues.length === 0) out.issues.push({ file, code: 'emptyFile' });
  out.issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return out;
}

export interface KnowledgeChanges {
  entries: { created: number; updated: number; removed: number };
  material: { created: number; updated: number; removed: number };
}

/**
 * The data after the import, or the issues that prevent it. merge: records with an id update that record
 * (an unknown id is a problem), records without one are added; replace: the kinds imported replace all
 * records of that kind. Expert questions, announcements and feedback counts are never touched.
 */
export function applyKnowledgeImport(current: KnowledgeData, files: ParsedKnowledgeFile[], opts: { mode: 'merge' | 'replace'; now: Date; timeZone: string; actor: string }): { data?: KnowledgeData; changes: KnowledgeChanges; issues: IoIssue[] } {
  const issues = files.flatMap((f) => f.issues);
  const changes: KnowledgeChanges = { entries: { created: 0, updated: 0, removed: 0 }, material: { created: 0, updated: 0, removed: 0 } };
  const data = structuredClone(current);
  const at = opts.now.toISOString();
  const today = isoDay(opts.now, opts.timeZone);
  const replaces = (kind: Kind) => opts.mode === 'replace' && files.some((f) => f.kind === kind);
  if (replaces('entries')) {
    changes.entries.removed = Object.keys(data.entries).length;
    data.entries = {};
  }
  if (replaces('material')) {
    changes.material.removed = Object.keys(data.material).length;
    data.material = {};
  }
  for (const f of files) {
    for (const r of f.entries) {
      const existing = r.id ? data.entries[r.id] : undefined;
      if (r.id && !existing && opts.mode === 'merge') {
        issues.push({ file: f.file, row: r.row, column: 'id', code: 'unknownId', params: { value: r.id } });
        continue;
      }
      const id = existing?.id ?? r.id ?? nextId(data, 'KB', opts.now);
      const base = existing ?? { id, version: 0, kind: 'faq' as const, authorUnit: 'import', helpful: 0, notHelpful: 0, createdBy: opts.actor, createdAt: at };
      const { sample: _sample, source: _source, ...kept } = base as Entry;
      data.entries[id] = { ...kept, ...r.value, status: r.status, lastConfirmed: r.lastConfirmed ?? today, version: base.version + 1, updatedBy: opts.actor, updatedAt: at };
      if (existing) changes.entries.updated++;
      else changes.entries.created++;
    }
    for (const r of f.material) {
      const existing = r.id ? data.material[r.id] : undefined;
      if (r.id && !existing && opts.mode === 'merge') {
        issues.push({ file: f.file, row: r.row, column: 'id', code: 'unknownId', params: { value: r.id } });
        continue;
      }
      const id = existing?.id ?? r.id ?? nextId(data, 'MAT', opts.now);
      data.material[id] = { id, version: (existing?.version ?? 0) + 1, ...r.value, createdAt: existing?.createdAt ?? at, updatedAt: at };
      if (existing) changes.material.updated++;
      else changes.material.created++;
    }
  }
  if (issues.length > 0) return { changes, issues };
  return { data: knowledgeDataSchema.parse(data), changes, issues };
}

function entryRecord(e: Entry): Record<(typeof ENTRY_COLUMNS)[number], string> {
  return {
    id: e.id, question_de: e.question.de, question_en: e.question.en ?? '', answer_de: e.answer.de, answer_en: e.answer.en ?? '',
    topics: e.topics.join(';'), source: e.source ?? '', valid_from: e.validFrom, last_confirmed: e.lastConfirmed, status: e.status,
  };
}

function materialRecord(m: Material): Record<(typeof MATERIAL_COLUMNS)[number], string> {
  return {
    id: m.id, title: m.title, topic: m.topic, languages: m.languages.join(';'), format: m.format, edition: m.edition ?? '', valid_until: m.validUntil ?? '',
    translated_by: m.translatedBy ?? '', checked_by: m.checkedBy ?? '', link: m.link, audience: m.audience,
  };
}

/** entries.csv + material.csv (UTF-8 with BOM, CRLF, formula cells neutralised) or the same as JSON. */
export function exportKnowledge(data: KnowledgeData, format: 'csv' | 'json'): { entries: string; material: string } {
  const entries = Object.values(data.entries).sort((a, b) => a.id.localeCompare(b.id)).map(entryRecord);
  const material = Object.values(data.material).sort((a, b) => a.id.localeCompare(b.id)).map(materialRecord);
  if (format === 'json') {
    const compact = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '').map(([k, v]) => [k, k === 'topics' || k === 'languages' ? v.split(';') : v]));
    return { entries: JSON.stringify(entries.map(compact), null, 2) + '\n', material: JSON.stringify(material.map(compact), null, 2) + '\n' };
  }
  const write = (columns: readonly string[], rows: Record<string, string>[]) =>
    stringify(rows.map((r) => columns.map((c) => neutralise(r[c] ?? ''))), { header: true, columns: [...columns], bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return { entries: write(ENTRY_COLUMNS, entries), material: write(MATERIAL_COLUMNS, material) };
}
