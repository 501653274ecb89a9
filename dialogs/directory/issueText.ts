// Problems the directory service reports (form fields, import rows) in the user's language.
import path from 'node:path';
import { translate } from '../../src/i18n/i18n.js';
import { type Locale } from '../../src/text/locale.js';
import type { ImportIssue } from '../../src/directory/io.js';
import type { FieldIssue } from '../../src/directory/validate.js';

/** Field → message; several problems of one field are joined. */
export function errorMessages(issues: FieldIssue[], locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const message = translate(locale, `directory.errors.${issue.code}`, issue.params);
    out[issue.field] = out[issue.field] ? `${out[issue.field]} ${message}` : message;
  }
  return out;
}

/** "contacts.csv, row 3, column id: Required – please fill in." */
export function formatIssue(issue: ImportIssue, locale: Locale = 'en'): string {
  const where = [path.basename(issue.file)];
  if (issue.row !== undefined) where.push(translate(locale, 'directory.import.row', { row: issue.row }));
  if (issue.column) where.push(translate(locale, 'directory.import.column', { column: issue.column }));
  return `${where.join(', ')}: ${translate(locale, `directory.errors.${issue.code}`, issue.params)}`;
}
