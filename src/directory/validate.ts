// Field rules shared by the import (CSV/JSON rows) and the bot's contact form: one place decides what a
// valid contact or responsibility is. Problems come back as codes with parameters (locale section
// "directory.errors"), each tied to the column or form field it is about.
import { z } from 'zod';
import { screenOffline } from '../checklists/privacy.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Institution } from '../institutions/institutionsFile.js';
import { tokensOf } from '../institutions/institutions.js';
import { resolveLanguage } from './languages.js';
import type { TopicMatcher } from './topics.js';
import { foldTokens } from './topics.js';
import {
  CATEGORIES,
  CATEGORY_WORDS,
  ID_PATTERN,
  LIMITS,
  PHONE_PATTERN,
  isoDateSchema,
  type Category,
  type Contact,
} from './types.js';

export const ISSUE_CODES = [
  'required', 'tooLong', 'invalidId', 'duplicateId', 'unknownCategory', 'unknownInstitution', 'ambiguousInstitution',
  'institutionTypo', 'unknownTopic', 'unknownLanguage', 'invalidEmail', 'invalidPhone', 'invalidUrl', 'invalidDate',
  'futureDate', 'formula', 'noChannel', 'unknownContact', 'sameDeputy', 'duplicateResponsibility', 'unknownColumn',
  'missingColumn', 'badRowLength', 'emptyFile', 'unknownFileKind', 'badJson', 'badCsv', 'notText', 'contactInUse',
  'unreadable', 'changedMeanwhile', 'notFound', 'personalData',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];
/** Values a message about an issue may show (a limit, the offending value). */
export type IssueParams = Record<string, string | number>;

export interface FieldIssue {
  /** CSV column / JSON key / form field. */
  field: string;
  code: IssueCode;
  params?: IssueParams;
}

export interface ValidationDeps {
  institutions: InstitutionDirectory;
  topics: TopicMatcher;
  /** YYYY-MM-DD; dates after it are refused. */
  today: string;
}

/** A contact without the bookkeeping fields (version, updatedAt, updatedBy). */
export type ContactFields = Omit<Contact, 'version' | 'updatedAt' | 'updatedBy'>;

/** What a row or form may hold: strings, or lists for topics and languages (JSON, multi-select). */
export type RawRecord = Record<string, unknown>;

const CATEGORY_BY_WORD = new Map<string, Category>();
for (const c of CATEGORIES) for (const w of [c, ...CATEGORY_WORDS[c]]) CATEGORY_BY_WORD.set(foldTokens(w).join(' '), c);

export function resolveCategory(value: string): Category | undefined {
  return CATEGORY_BY_WORD.get(foldTokens(value).join(' '));
}

const emailSchema = z.email();
const urlSchema = z.url({ protocol: /^https?$/ });

/** Characters that make a spreadsheet run a cell as a formula (OWASP CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Resolves an institution the way the import contract says: id, exact name or alias. A typo is an error with a suggestion. */
export function resolveInstitutionExactly(institutions: InstitutionDirectory, value: string): { institution?: Institution; issue?: Omit<FieldIssue, 'field'> } {
  const found = institutions.find(value);
  if ('none' in found) return { issue: { code: 'unknownInstitution', params: { value } } };
  if ('ambiguous' in found) {
    return { issue: { code: 'ambiguousInstitution', params: { value, options: found.ambiguous.map((i) => `${i.id} (${i.name})`).join(', ') } } };
  }
  const inst = found.match;
  const key = tokensOf(value).join('');
  const exact = value.trim().toLowerCase() === inst.id || [inst.name, inst.shortName, ...inst.aliases].some((a) => a !== undefined && tokensOf(a).join('') === key);
  // "JVA Köln" is exact; "Köln" alone is ambiguous (JVA, Bezirksregierung, KI) and was reported above.
  if (!exact && !isPrefixedExact(inst, key)) return { issue: { code: 'institutionTypo', params: { value, suggestion: `${inst.id} (${inst.name})` } } };
  return { institution: inst };
}

// "Bezirksregierung Detmold" is an alias; "BR Detmold" too; but "JVA Detmold" reached via the kind prefix
// + a bare alias ("Detmold") is exact as well.
function isPrefixedExact(inst: Institution, key: string): boolean {
  const prefixes = inst.kind === 'jva' ? ['jva', 'justizvollzugsanstalt'] : inst.kind === 'bezirksregierung' ? ['bezirksregierung', 'br', 'bezreg'] : inst.kind === 'ki' ? ['ki'] : [];
  return [...inst.aliases, inst.name].some((a) => prefixes.some((p) => p + tokensOf(a).join('') === key));
}

function text(raw: RawRecord, field: string): string {
  const v = raw[field];
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(String).join(';');
  return String(v).trim();
}

function list(raw: RawRecord, field: string, separator: RegExp): string[] {
  const v = raw[field];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
  return text(raw, field)
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

type AddIssue = (field: string, code: IssueCode, params?: IssueParams) => void;

/** A topic id, label or synonym → the topic id; unknown → an issue naming the nearest topic. */
function topicOf(value: string, field: string, deps: ValidationDeps, add: AddIssue): string | undefined {
  const topic = deps.topics.resolve(value);
  if (topic) return topic.id;
  const s = deps.topics.suggest(value);
  add(field, 'unknownTopic', { value: value.slice(0, 60), suggestion: s ? s.id : '–' });
  return undefined;
}

/** The optional `last_confirmed` field: a date, not after today. */
function lastConfirmedOf(raw: RawRecord, deps: ValidationDeps, add: AddIssue): string | undefined {
  const dateText = text(raw, 'last_confirmed');
  if (!dateText) return undefined;
  const date = parseDate(dateText);
  if (!date) add('last_confirmed', 'invalidDate', { value: dateText.slice(0, 20) });
  else if (date > deps.today) add('last_confirmed', 'futureDate', { value: dateText.slice(0, 20) });
  return date;
}

/** Parses YYYY-MM-DD or DD.MM.YYYY. */
export function parseDate(value: string): string | undefined {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : value;
  return isoDateSchema.safeParse(iso).success ? iso : undefined;
}

export interface ContactRules {
  /** Import rows carry id and last_confirmed; in the form the service assigns the id. */
  mode: 'import' | 'form';
}

/**
 * Validates one contact. Import rows carry `id` and `last_confirmed`; the form carries neither.
 * Topics are separated by ";" (import) or "," / ";" (form multi-select), languages likewise.
 */
export function validateContact(raw: RawRecord, deps: ValidationDeps, rules: ContactRules): { value?: ContactFields; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const add: AddIssue = (field, code, params) => issues.push({ field, code, ...(params ? { params } : {}) });
  const separator = rules.mode === 'import' ? /;/ : /[;,]/;

  const id = text(raw, 'id');
  if (rules.mode === 'import') {
    if (!id) add('id', 'required');
    else if (!ID_PATTERN.test(id)) add('id', 'invalidId', { value: id.slice(0, 80) });
  }

  const name = text(raw, 'name');
  if (!name) add('name', 'required');
  else if (name.length > LIMITS.name) add('name', 'tooLong', { max: LIMITS.name });

  const categoryText = text(raw, 'category');
  const category = categoryText ? resolveCategory(categoryText) : undefined;
  if (!categoryText) add('category', 'required');
  else if (!category) add('category', 'unknownCategory', { value: categoryText.slice(0, 60), options: CATEGORIES.join(', ') });

  let institutionId: string | undefined;
  const institutionText = text(raw, 'institution');
  if (institutionText) {
    const r = resolveInstitutionExactly(deps.institutions, institutionText.slice(0, 200));
    if (r.issue) issues.push({ field: 'institution', ...r.issue });
    else institutionId = r.institution!.id;
  }

  const region = text(raw, 'region');
  if (region.length > LIMITS.region) add('region', 'tooLong', { max: LIMITS.region });

  const topics: string[] = [];
  for (const t of list(raw, 'topics', separator)) {
    const topic = topicOf(t, 'topics', deps, add);
    if (topic && !topics.includes(topic)) topics.push(topic);
  }

  const languages: string[] = [];
  for (const l of list(raw, 'languages', separator)) {
    const code = resolveLanguage(l);
    if (!code) add('languages', 'unknownLanguage', { value: l.slice(0, 60) });
    else if (!languages.includes(code)) languages.push(code);
  }

  const email = text(raw, 'email');
  if (email && (email.length > LIMITS.email || !emailSchema.safeParse(email).success)) add('email', 'invalidEmail', { value: email.slice(0, 80) });
  const phone = text(raw, 'phone');
  if (phone && !PHONE_PATTERN.test(phone)) add('phone', 'invalidPhone', { value: phone.slice(0, 40) });
  const url = text(raw, 'url');
  if (url && (url.length > LIMITS.url || !urlSchema.safeParse(url).success)) add('url', 'invalidUrl', { value: url.slice(0, 80) });
  if (!email && !phone && !url) add(rules.mode === 'import' ? 'email' : 'channels', 'noChannel');

  const notes = text(raw, 'notes');
  if (notes.length > LIMITS.notes) add('notes', 'tooLong', { max: LIMITS.notes });
  // Typed in the card form or imported: the notes are free text about an office, not about a person (issue 10:
  // a name, phone and birth date were stored verbatim). Contact channels have their own validated fields.
  else if (notes && !screenOffline(notes, LIMITS.notes).ok) add('notes', 'personalData');

  const lastConfirmed = lastConfirmedOf(raw, deps, add);

  if (issues.length) return { issues };
  return {
    issues,
    value: {
      id,
      name,
      category: category!,
      ...(institutionId ? { institutionId } : {}),
      ...(region ? { region } : {}),
      topics,
      languages,
      channels: { ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(url ? { url } : {}) },
      ...(notes ? { notes } : {}),
      ...(lastConfirmed ? { lastConfirmed } : {}),
    },
  };
}

export interface ResponsibilityFields {
  institutionId: string;
  topic: string;
  contactId: string;
  deputyContactId?: string;
  lastConfirmed?: string;
}

/** Validates one responsibility row; contact references are checked later against the merged directory. */
export function validateResponsibility(raw: RawRecord, deps: ValidationDeps): { value?: ResponsibilityFields; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const add: AddIssue = (field, code, params) => issues.push({ field, code, ...(params ? { params } : {}) });
  let institutionId: string | undefined;
  const institutionText = text(raw, 'institution');
  if (!institutionText) add('institution', 'required');
  else {
    const r = resolveInstitutionExactly(deps.institutions, institutionText.slice(0, 200));
    if (r.issue) issues.push({ field: 'institution', ...r.issue });
    else institutionId = r.institution!.id;
  }
  let topic: string | undefined;
  const topicText = text(raw, 'topic');
  if (!topicText) add('topic', 'required');
  else topic = topicOf(topicText, 'topic', deps, add);
  const contactId = text(raw, 'contact_id');
  if (!contactId) add('contact_id', 'required');
  else if (!ID_PATTERN.test(contactId)) add('contact_id', 'invalidId', { value: contactId.slice(0, 80) });
  const deputy = text(raw, 'deputy_contact_id');
  if (deputy && !ID_PATTERN.test(deputy)) add('deputy_contact_id', 'invalidId', { value: deputy.slice(0, 80) });
  else if (deputy && deputy === contactId) add('deputy_contact_id', 'sameDeputy');
  const lastConfirmed = lastConfirmedOf(raw, deps, add);
  if (issues.length) return { issues };
  return {
    issues,
    value: { institutionId: institutionId!, topic: topic!, contactId, ...(deputy ? { deputyContactId: deputy } : {}), ...(lastConfirmed ? { lastConfirmed } : {}) },
  };
}
