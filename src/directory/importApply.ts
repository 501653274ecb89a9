// Applying parsed directory files (src/directory/io.ts) to the current data, all-or-nothing.
import { responsibilityKey, type Contact, type DirectoryData, type Responsibility } from './types.js';
import type { ImportIssue, ParsedFile } from './fileFormat.js';

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
