// Import problems of `npm run knowledge` as text: "entries.csv, row 3, column topics: …", in German or English.
import path from 'node:path';
import { translate } from '../../src/i18n/i18n.js';
import type { Locale } from '../../src/text/locale.js';
import type { IoIssue } from '../../src/knowledge/io.js';

export function formatKnowledgeIssue(issue: IoIssue, locale: Locale = 'en'): string {
  const where = [path.basename(issue.file)];
  if (issue.row !== undefined) where.push(translate(locale, 'directory.import.row', { row: issue.row }));
  if (issue.column) where.push(translate(locale, 'directory.import.column', { column: issue.column }));
  return `${where.join(', ')}: ${translate(locale, `knowledge.import.errors.${issue.code}` as never, issue.params)}`;
}
