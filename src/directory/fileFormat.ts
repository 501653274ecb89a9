// The directory file format (a contract, README "Contact directory"): the columns of contacts.csv and
// responsibilities.csv (JSON uses the same keys), and what reading such a file yields.
import type { ContactFields, IssueCode, IssueParams, ResponsibilityFields } from './validate.js';

export const CONTACT_COLUMNS = ['id', 'name', 'category', 'institution', 'region', 'topics', 'languages', 'email', 'phone', 'url', 'notes', 'last_confirmed'] as const;
export const RESPONSIBILITY_COLUMNS = ['institution', 'topic', 'contact_id', 'deputy_contact_id', 'last_confirmed'] as const;

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

