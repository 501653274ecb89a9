// The directory service: owns DATA_DIR/directory.json, keeps the search index and the responsibility
// resolver current, checks roles, validates every change with zod before it commits, and audits every
// read of a contact record and every change (ids only). No botbuilder here.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { normalize } from '../text/normalize.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Clock } from '../time/clock.js';
import type { Identity, Role } from '../roles/types.js';
import { readStoreDocument } from '../store/storeReader.js';
import { StoreCorruptError } from '../store/errors.js';
import { openStore } from '../store/engine.js';
import type { DocumentStore } from '../store/documentStore.js';
import { parseDirectoryFile, type ImportIssue } from './io.js';
import { applyImport, type ImportChanges } from './importApply.js';
import { ResponsibilityResolver, type Resolution } from './resolver.js';
import { Understander } from '../understanding/understand.js';
import type { Interpretation } from '../understanding/types.js';
import { DirectoryIndex } from './search.js';
import { TopicMatcher } from './topics.js';
import { contactSchema, directoryDataSchema, emptyDirectory, ID_PATTERN, isoDay, type Contact, type DirectoryData } from './types.js';
import { validateContact, type FieldIssue, type ValidationDeps } from './validate.js';

export const DIRECTORY_FILE = 'directory.json';
export const DIRECTORY_SCHEMA_VERSION = 1;
export const SAMPLE_DIR = fileURLToPath(new URL('../../data/directory-sample/', import.meta.url));

export const EDIT_ROLES: readonly Role[] = ['officer', 'coordinator', 'admin'];
export const CONFIRM_ROLES: readonly Role[] = ['coordinator', 'admin'];

/** The contact form as the card sends it: strings only (the multi-select sends "a,b"), bounded. */
export const contactFormSchema = z.object({
  name: z.string().max(2000).optional(),
  category: z.string().max(200).optional(),
  institution: z.string().max(2000).optional(),
  region: z.string().max(2000).optional(),
  topics: z.string().max(2000).optional(),
  languages: z.string().max(2000).optional(),
  email: z.string().max(2000).optional(),
  phone: z.string().max(2000).optional(),
  url: z.string().max(2000).optional(),
  notes: z.string().max(5000).optional(),
});
export type ContactForm = z.infer<typeof contactFormSchema>;
export const CONTACT_FORM_FIELDS = Object.keys(contactFormSchema.shape) as (keyof ContactForm)[];

export type SaveResult =
  | { ok: true; contact: Contact; created: boolean }
  | { ok: false; reason: 'invalid'; issues: FieldIssue[] }
  | { ok: false; reason: 'forbidden' | 'notFound' }
  | { ok: false; reason: 'conflict'; current: Contact };

export type ConfirmResult = { ok: true; contact: Contact; responsibilities: number } | { ok: false; reason: 'forbidden' | 'notFound' };

export interface DirectoryServiceOptions {
  dataDir: string;
  institutions: InstitutionDirectory;
  audit: AuditTrail;
  clock: Clock;
  log?: Logger;
  timeZone?: string;
  /** What a DATA_DIR without directory.json starts with: the shipped sample, or nothing. */
  initial: 'sample' | 'empty';
  /** Where the sample lives (tests). */
  sampleDir?: string;
}

export interface SearchResultView {
  contacts: Contact[];
  total: number;
  language?: string;
}

export class DirectoryService {
  readonly topics = new TopicMatcher();
  readonly index: DirectoryIndex;
  readonly resolver: ResponsibilityResolver;
  private readonly understander: Understander;
  private readonly timeZone: string;

  private constructor(
    private readonly store: DocumentStore<DirectoryData>,
    private readonly opts: DirectoryServiceOptions,
  ) {
    this.timeZone = opts.timeZone ?? 'Europe/Berlin';
    this.index = new DirectoryIndex(opts.institutions, this.topics);
    this.resolver = new ResponsibilityResolver(opts.institutions, this.topics);
    this.understander = new Understander(opts.institutions);
    this.refresh();
  }

  static async open(opts: DirectoryServiceOptions): Promise<DirectoryService> {
    const log = opts.log ?? silentLogger;
    const file = path.join(opts.dataDir, DIRECTORY_FILE);
    let created: DirectoryData | undefined;
    // Called only when the store does not exist yet (a new file, or no rows in the database).
    const initial = (): DirectoryData => {
      created = opts.initial === 'sample' ? loadSampleDirectory(opts.institutions, opts.clock.now(), opts.sampleDir) : emptyDirectory();
      return created;
    };
    const store = await openStore<DirectoryData>({
      file,
      schemaVersion: DIRECTORY_SCHEMA_VERSION,
      initial,
      validate: (data) => directoryDataSchema.parse(data),
      migrations: {},
      log,
    });
    if (created) log.info(opts.initial === 'sample' ? 'directory.sample_loaded' : 'directory.created_empty', { contacts: Object.keys(created.contacts).length });
    return new DirectoryService(store, opts);
  }

  /** Read-only view of the whole directory (export, tests). Do not keep across changes. */
  get data(): DirectoryData {
    return this.store.data;
  }

  get validationDeps(): ValidationDeps {
    return { institutions: this.opts.institutions, topics: this.topics, today: this.today() };
  }

  now(): Date {
    return this.opts.clock.now();
  }

  today(): string {
    return isoDay(this.opts.clock.now(), this.timeZone);
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private refresh(): void {
    this.index.rebuild(Object.values(this.store.data.contacts));
    this.resolver.load(this.store.data);
  }

  private async audit(actor: Identity, action: string, record?: string, outcome: 'ok' | 'denied' | 'rejected' = 'ok'): Promise<void> {
    await this.opts.audit.record({ actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome });
  }

  private async auditReads(actor: Identity, contacts: (Contact | undefined)[]): Promise<void> {
    const ids = [...new Set(contacts.filter((c): c is Contact => c !== undefined).map((c) => c.id))];
    await Promise.all(ids.map((id) => this.audit(actor, 'directory.contact.read', id)));
  }

  /** Free-text search; every contact returned is an audited read. */
  async search(actor: Identity, query: string, limit = 5): Promise<SearchResultView> {
    const outcome = this.index.search(query.slice(0, 300), limit);
    const contacts = outcome.ids.map((id) => this.store.data.contacts[id]).filter((c): c is Contact => c !== undefined);
    await this.auditReads(actor, contacts);
    return { contacts, total: outcome.total, ...(outcome.language ? { language: outcome.language } : {}) };
  }

  /** What a free text means for this asker (src/understanding): a question, a capability, a search … */
  understand(actor: Identity, text: string): Interpretation {
    return this.understander.understand(text, actor);
  }

  /** "Wer ist zuständig …": the contacts shown are audited reads. */
  async answer(actor: Identity, text: string): Promise<Resolution> {
    return this.answerReading(actor, this.understand(actor, text), text);
  }

  /**
   * The answer to an understood question: its topic and place as read (an unknown topic is said so, never
   * replaced). A text read as something else but sent with "wer ist zuständig" falls back to the resolver's own reading.
   */
  async answerReading(actor: Identity, reading: Interpretation, text: string): Promise<Resolution> {
    const question = reading.kind === 'ask' ? reading.choices.find((c) => c.kind === 'responsibility') : reading;
    const language = reading.questionLanguage ? { language: reading.questionLanguage } : {};
    let resolution: Resolution;
    if (question?.kind === 'responsibility') resolution = this.resolver.resolveReading({ topics: question.topics, institutions: question.institutions, ...language }, actor);
    else if (reading.kind === 'unknownTopic') resolution = this.resolver.unknownTopic(reading.words, reading.closest, reading.institutions, reading.questionLanguage);
    else resolution = this.resolver.resolve(text, actor);
    if (resolution.kind === 'answer') await this.auditReads(actor, [resolution.contact, resolution.deputy]);
    else if (resolution.kind === 'unknown' || resolution.kind === 'needInstitution' || resolution.kind === 'unknownTopic') await this.auditReads(actor, [resolution.coordinationContact]);
    return resolution;
  }

  recognizes(text: string): boolean {
    return this.resolver.recognizes(text);
  }

  /** One contact (edit form, confirm), audited as a read. */
  async contact(actor: Identity, id: string): Promise<Contact | undefined> {
    const contact = ID_PATTERN.test(id) ? this.store.data.contacts[id] : undefined;
    if (contact) await this.auditReads(actor, [contact]);
    return contact;
  }

  /**
   * Adds (no target) or edits a contact from the card form. Validates everything first; a change made by
   * someone else since the form was sent (version) is a conflict. Nothing is stored unless all is valid.
   */
  async saveContact(actor: Identity, form: unknown, target?: { id: string; version: number }): Promise<SaveResult> {
    if (!EDIT_ROLES.includes(actor.role)) {
      await this.audit(actor, target ? 'directory.contact.update' : 'directory.contact.create', target?.id, 'denied');
      return { ok: false, reason: 'forbidden' };
    }
    const parsed = contactFormSchema.safeParse(form);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'name'), code: i.code === 'too_big' ? ('tooLong' as const) : ('required' as const), params: { max: 2000 } }));
      return { ok: false, reason: 'invalid', issues };
    }
    const { value, issues } = validateContact(parsed.data, this.validationDeps, { mode: 'form' });
    if (!value) return { ok: false, reason: 'invalid', issues };
    const now = this.opts.clock.now().toISOString();
    if (target) {
      const before = this.store.data.contacts[target.id];
      if (!before) return { ok: false, reason: 'notFound' };
      if (before.version !== target.version) return { ok: false, reason: 'conflict', current: before };
      const next: Contact = { ...value, id: before.id, ...(before.lastConfirmed ? { lastConfirmed: before.lastConfirmed } : {}), version: before.version + 1, updatedAt: now, updatedBy: actor.userKey };
      const checked = directoryContact(next);
      const saved = await this.commit((draft) => {
        const current = draft.contacts[target.id];
        if (!current || current.version !== target.version) return current; // lost a race: report below
        draft.contacts[target.id] = checked;
        return checked;
      });
      if (saved !== checked) return saved ? { ok: false, reason: 'conflict', current: saved } : { ok: false, reason: 'notFound' };
      this.index.upsert(checked);
      await this.audit(actor, 'directory.contact.update', checked.id);
      return { ok: true, contact: checked, created: false };
    }
    const id = this.newId(value.name);
    const created = directoryContact({ ...value, id, version: 1, updatedAt: now, updatedBy: actor.userKey });
    await this.commit((draft) => {
      draft.contacts[id] = created;
    });
    this.index.upsert(created);
    await this.audit(actor, 'directory.contact.create', id);
    return { ok: true, contact: created, created: true };
  }

  /** Coordinators confirm a contact: today becomes its last-confirmed date, and that of its responsibilities. */
  async confirmContact(actor: Identity, id: string): Promise<ConfirmResult> {
    if (!CONFIRM_ROLES.includes(actor.role)) {
      await this.audit(actor, 'directory.contact.confirm', ID_PATTERN.test(id) ? id : undefined, 'denied');
      return { ok: false, reason: 'forbidden' };
    }
    if (!ID_PATTERN.test(id) || !this.store.data.contacts[id]) return { ok: false, reason: 'notFound' };
    const today = this.today();
    const now = this.opts.clock.now().toISOString();
    const result = await this.commit((draft) => {
      const before = draft.contacts[id]!;
      const contact: Contact = { ...before, lastConfirmed: today, version: before.version + 1, updatedAt: now, updatedBy: actor.userKey };
      draft.contacts[id] = contact;
      let count = 0;
      draft.responsibilities = draft.responsibilities.map((r) => {
        if (r.contactId !== id) return r;
        count++;
        return { ...r, lastConfirmed: today, updatedAt: now };
      });
      return { contact, count };
    });
    this.index.upsert(result.contact);
    this.resolver.load(this.store.data);
    await this.audit(actor, 'directory.contact.confirm', id);
    return { ok: true, contact: result.contact, responsibilities: result.count };
  }

  /** Import (CLI, admins): the validated, merged directory replaces the current one in one durable write. */
  async importFiles(actor: Identity, files: { file: string; bytes: Uint8Array }[], mode: 'merge' | 'replace', dryRun = false): Promise<{ ok: boolean; issues: ImportIssue[]; changes: ImportChanges; replacedSample: boolean }> {
    const deps = this.validationDeps;
    const parsed = files.map((f) => parseDirectoryFile(f.file, f.bytes, deps));
    // The untouched sample is never mixed with real data.
    const replacedSample = this.store.data.source === 'sample';
    const effectiveMode = replacedSample ? 'replace' : mode;
    const base = replacedSample ? emptyDirectory() : this.store.data;
    const { data, issues, changes } = applyImport(base, parsed, { mode: effectiveMode, now: this.opts.clock.now() });
    if (replacedSample) {
      changes.contacts.removed = Object.keys(this.store.data.contacts).filter((id) => !data?.contacts[id]);
    }
    if (!data) {
      await this.audit(actor, 'directory.import', undefined, 'rejected');
      return { ok: false, issues, changes, replacedSample };
    }
    const checked = directoryDataSchema.parse(data);
    if (dryRun) return { ok: true, issues: [], changes, replacedSample };
    await this.commit((draft) => {
      draft.source = 'import';
      draft.contacts = checked.contacts;
      draft.responsibilities = checked.responsibilities;
    });
    this.refresh();
    const record = (action: string, ids: string[]) => Promise.all(ids.map((id) => this.audit(actor, action, id)));
    await record('directory.contact.import_create', changes.contacts.created);
    await record('directory.contact.import_update', changes.contacts.updated);
    await record('directory.contact.import_remove', changes.contacts.removed);
    await this.audit(actor, 'directory.import');
    return { ok: true, issues: [], changes, replacedSample };
  }

  private async commit<R>(mutator: (draft: DirectoryData) => R): Promise<R> {
    try {
      return await this.store.commit(mutator);
    } catch (err) {
      this.refresh(); // the store rolled back to the durable state
      throw err;
    } finally {
      this.resolver.load(this.store.data);
    }
  }

  private newId(name: string): string {
    const slug = normalize(name).replace(/ /g, '-').slice(0, 40).replace(/(?<!-)-+$/, '') || 'kontakt';
    for (;;) {
      const id = `${slug}-${randomBytes(3).toString('hex')}`;
      if (ID_PATTERN.test(id) && !this.store.data.contacts[id]) return id;
    }
  }
}

/** The record exactly as the store schema wants it, checked before it goes near a commit. */
function directoryContact(c: Contact): Contact {
  return contactSchema.parse(c);
}

/** The shipped sample (data/directory-sample/*.csv), through the same validation as any import. */
export function loadSampleDirectory(institutions: InstitutionDirectory, now: Date, dir = SAMPLE_DIR): DirectoryData {
  const deps: ValidationDeps = { institutions, topics: new TopicMatcher(), today: isoDay(now) };
  const files = ['contacts.csv', 'responsibilities.csv'].map((name) => {
    const file = path.join(dir, name);
    return parseDirectoryFile(file, readFileSync(file), deps);
  });
  const { data, issues } = applyImport(emptyDirectory(), files, { mode: 'replace', now });
  if (!data) throw new Error(`The sample directory in ${dir} is invalid: ${issues.length} problem(s), first: ${JSON.stringify(issues[0])}`);
  return { ...data, source: 'sample' };
}

/**
 * Reads DATA_DIR/directory.json (or its rows in the database) without opening the store (export, dry
 * runs; safe while the bot runs: storeReader sees one whole version). Undefined when there is none yet.
 */
export async function readDirectoryFile(dataDir: string): Promise<DirectoryData | undefined> {
  const file = path.join(dataDir, DIRECTORY_FILE);
  const env = await readStoreDocument(file, DIRECTORY_SCHEMA_VERSION);
  if (!env) return undefined;
  const parsed = directoryDataSchema.safeParse(env.data);
  if (!parsed.success) throw new StoreCorruptError(file, 'the data does not match the directory schema');
  return parsed.data;
}
