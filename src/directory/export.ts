// Export of the directory as contacts/responsibilities CSV or JSON, sorted by id, with cells that a
// spreadsheet would run as formulas neutralised.
import { stringify } from 'csv-stringify/sync';
import { FORMULA_START } from './validate.js';
import type { Contact, DirectoryData, Responsibility } from './types.js';
import { CONTACT_COLUMNS, RESPONSIBILITY_COLUMNS } from './fileFormat.js';

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
