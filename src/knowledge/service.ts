// Knowledge base (issue 14): answers from the entries ("frage …"), feedback, and the coordinators' and
// admins' upkeep (create, edit, confirm, retire). Returns plain data; dialogs render it. Every entry
// shown is an audited read, every change an audited write; ids only in the audit trail.
import type { AuditEntry } from '../audit/auditLog.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { TopicMatcher } from '../directory/topics.js';
import { isoDay, isStale } from '../directory/types.js';
import type { Clock } from '../time/clock.js';
import type { Identity, Role } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import { validateEntryFields, type EntryFields, type FieldProblem } from './entryForm.js';
import { applyKnowledgeImport, parseKnowledgeFile, type IoIssue, type KnowledgeChanges } from './io.js';
import { KnowledgeIndex, type KnowledgeHit } from './search.js';
import { nextId } from './store.js';
import { ENTRY_ID, type Entry, type EntryKind, type KnowledgeData } from './types.js';

export const READ_ROLES: readonly Role[] = ['officer', 'coordinator', 'admin'];
export const EDIT_ROLES: readonly Role[] = ['coordinator', 'admin'];

export interface AnswerView {
  entries: { entry: Entry; hit: KnowledgeHit; stale: boolean }[];
  /** The best hit is good enough to be offered as the answer. */
  answered: boolean;
  words: number;
}

export type EntryResult =
  | { ok: true; entry: Entry }
  | { ok: false; reason: 'forbidden' | 'notFound' | 'stale' }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] };

export interface KnowledgeServiceOptions {
  store: DocumentStore<KnowledgeData>;
  audit: AuditTrail;
  clock: Clock;
  timeZone: string;
  topics?: TopicMatcher;
}

export class KnowledgeService {
  readonly topics: TopicMatcher;
  readonly index: KnowledgeIndex;

  constructor(private readonly opts: KnowledgeServiceOptions) {
    this.topics = opts.topics ?? new TopicMatcher();
    this.index = new KnowledgeIndex(this.topics);
    this.index.rebuild(Object.values(opts.store.data.entries));
  }

  get store(): DocumentStore<KnowledgeData> {
    return this.opts.store;
  }

  now(): Date {
    return this.opts.clock.now();
  }

  today(): string {
    return isoDay(this.now(), this.opts.timeZone);
  }

  isStale(entry: Entry): boolean {
    return isStale(entry.lastConfirmed, this.today());
  }

  async audit(actor: Identity, action: string, record?: string, outcome: 'ok' | 'denied' | 'rejected' = 'ok'): Promise<void> {
    await this.opts.audit.record(auditEntry(actor, action, record, outcome));
  }

  get auditTrail(): AuditTrail {
    return this.opts.audit;
  }

  /** "frage …": the best entries for a question; each one returned is an audited read. */
  async ask(actor: Identity, query: string, limit = 3): Promise<AnswerView> {
    if (!READ_ROLES.includes(actor.role)) return { entries: [], answered: false, words: 0 };
    const found = this.index.search(query, limit);
    const entries = found.hits
      .map((hit) => ({ hit, entry: this.store.data.entries[hit.id] }))
      .filter((x): x is { hit: KnowledgeHit; entry: Entry } => x.entry !== undefined)
      .map((x) => ({ ...x, stale: this.isStale(x.entry) }));
    for (const { entry } of entries) await this.audit(actor, 'knowledge.entry.read', entry.id);
    return { entries, answered: entries[0]?.hit.confident ?? false, words: found.words };
  }

  /** A free question the knowledge base can answer confidently (routing of text without a command). */
  recognizes(text: string): boolean {
    const looksLikeQuestion = /\?\s*$/.test(text) || /^(wie|was|wann|wo|darf|muss|kann|gibt es|how|what|when|where|may|can|is there)\b/i.test(text.trim());
    if (!looksLikeQuestion || text.length > 500) return false;
    return this.index.search(text, 1).hits[0]?.confident ?? false;
  }

  /** One entry by id, audited. Retired entries only for editors; "not found" alike otherwise. */
  async entry(actor: Identity, id: string): Promise<Entry | undefined> {
    const key = id.toUpperCase();
    const entry = ENTRY_ID.test(key) && Object.hasOwn(this.store.data.entries, key) ? this.store.data.entries[key] : undefined;
    const visible = entry && READ_ROLES.includes(actor.role) && (entry.status === 'active' || EDIT_ROLES.includes(actor.role));
    await this.audit(actor, 'knowledge.entry.read', key.slice(0, 40), visible ? 'ok' : 'rejected');
    return visible ? entry : undefined;
  }

  /** "Hat geholfen / Hat nicht geholfen": counted on the entry. */
  async feedback(actor: Identity, id: string, helpful: boolean): Promise<EntryResult> {
    const entry = READ_ROLES.includes(actor.role) && ENTRY_ID.test(id) ? this.store.data.entries[id] : undefined;
    if (!entry || entry.status !== 'active') {
      await this.audit(actor, 'knowledge.feedback', id.slice(0, 40), 'rejected');
      return { ok: false, reason: 'notFound' };
    }
    const updated = await this.store.commit((d) => {
      const e = d.entries[id]!;
      const votes = (e.votes ??= {});
      const before = Object.hasOwn(votes, actor.userKey) ? votes[actor.userKey] : undefined;
      if (before === true) e.helpful -= 1;
      if (before === false) e.notHelpful -= 1;
      votes[actor.userKey] = helpful;
      if (helpful) e.helpful += 1;
      else e.notHelpful += 1;
      return { ...e };
    });
    await this.audit(actor, helpful ? 'knowledge.feedback.helpful' : 'knowledge.feedback.not_helpful', id);
    return { ok: true, entry: updated };
  }

  /** Creates (no target) or edits an entry from the card form; nothing is stored unless all is valid. */
  async save(actor: Identity, form: unknown, target?: { id: string; version: number }): Promise<EntryResult> {
    const action = target ? 'knowledge.entry.update' : 'knowledge.entry.create';
    if (!EDIT_ROLES.includes(actor.role)) {
      await this.audit(actor, action, target?.id, 'denied');
      return { ok: false, reason: 'forbidden' };
    }
    const { value, problems } = validateEntryFields(form, this.topics, this.today());
    if (!value) {
      await this.audit(actor, action, target?.id, 'rejected');
      return { ok: false, reason: 'invalid', problems };
    }
    const now = this.now();
    const result = await this.store.commit((d): EntryResult => {
      if (!target) return { ok: true, entry: this.addEntry(d, actor, value, 'faq', actor.unitId ?? actor.institutionId ?? 'admin', now) };
      const current = Object.hasOwn(d.entries, target.id) ? d.entries[target.id] : undefined;
      if (!current) return { ok: false, reason: 'notFound' };
      if (current.version !== target.version) return { ok: false, reason: 'stale' };
      Object.assign(current, { ...value, source: value.source, version: current.version + 1, updatedBy: actor.userKey, updatedAt: now.toISOString(), lastConfirmed: this.today() });
      if (!value.source) delete current.source;
      delete current.sample;
      return { ok: true, entry: { ...current } };
    });
    if (result.ok) this.index.upsert(result.entry);
    await this.audit(actor, action, result.ok ? result.entry.id : target?.id, result.ok ? 'ok' : 'rejected');
    return result;
  }

  /** A new entry inside a commit (forms, published questions, imports). */
  addEntry(d: KnowledgeData, actor: Identity, fields: EntryFields, kind: EntryKind, authorUnit: string, now: Date, origin?: string): Entry {
    const id = nextId(d, 'KB', now);
    const at = now.toISOString();
    const entry: Entry = {
      id, version: 1, kind, status: 'active', ...fields, lastConfirmed: isoDay(now, this.opts.timeZone), authorUnit,
      ...(origin ? { origin } : {}), helpful: 0, notHelpful: 0, createdBy: actor.userKey, createdAt: at, updatedBy: actor.userKey, updatedAt: at,
    };
    d.entries[id] = entry;
    return { ...entry };
  }

  /** Confirm ("still correct", resets "veraltet") or retire (no longer found); version-checked. */
  async setState(actor: Identity, id: string, version: number, change: 'confirm' | 'retire' | 'reactivate'): Promise<EntryResult> {
    const action = `knowledge.entry.${change}`;
    if (!EDIT_ROLES.includes(actor.role)) {
      await this.audit(actor, action, id.slice(0, 40), 'denied');
      return { ok: false, reason: 'forbidden' };
    }
    const now = this.now();
    const result = await this.store.commit((d): EntryResult => {
      const e = ENTRY_ID.test(id) && Object.hasOwn(d.entries, id) ? d.entries[id] : undefined;
      if (!e) return { ok: false, reason: 'notFound' };
      if (e.version !== version) return { ok: false, reason: 'stale' };
      if (change === 'confirm') e.lastConfirmed = isoDay(now, this.opts.timeZone);
      else e.status = change === 'retire' ? 'retired' : 'active';
      Object.assign(e, { version: e.version + 1, updatedBy: actor.userKey, updatedAt: now.toISOString() });
      return { ok: true, entry: { ...e } };
    });
    if (result.ok) this.index.upsert(result.entry);
    await this.audit(actor, action, id.slice(0, 40), result.ok ? 'ok' : 'rejected');
    return result;
  }

  /** Index maintenance after a change made by another service in the same store. */
  indexed(entry: Entry): void {
    this.index.upsert(entry);
  }

  /** All-or-nothing import of entries and material files (see io.ts); nothing changes on any problem. */
  async importFiles(actor: Identity, files: { file: string; bytes: Uint8Array }[], mode: 'merge' | 'replace', dryRun = false): Promise<{ ok: boolean; issues: IoIssue[]; changes: KnowledgeChanges }> {
    const parsed = files.map((f) => parseKnowledgeFile(f.file, f.bytes, { topics: this.topics, today: this.today() }));
    const result = applyKnowledgeImport(this.store.data, parsed, { mode, now: this.now(), timeZone: this.opts.timeZone, actor: actor.userKey });
    const allowed = EDIT_ROLES.includes(actor.role);
    if (!allowed || !result.data) {
      await this.audit(actor, 'knowledge.import', undefined, allowed ? 'rejected' : 'denied');
      return { ok: false, issues: result.issues, changes: result.changes };
    }
    if (!dryRun) {
      const next = result.data;
      await this.store.commit((d) => {
        d.entries = next.entries;
        d.material = next.material;
        d.counters = next.counters;
      });
      this.index.rebuild(Object.values(this.store.data.entries));
      await this.audit(actor, 'knowledge.import');
    }
    return { ok: true, issues: [], changes: result.changes };
  }

  counts(): { active: number; retired: number; stale: number } {
    const all = Object.values(this.store.data.entries);
    const active = all.filter((e) => e.status === 'active');
    return { active: active.length, retired: all.length - active.length, stale: active.filter((e) => this.isStale(e)).length };
  }
}

export function auditEntry(actor: Identity, action: string, record?: string, outcome: 'ok' | 'denied' | 'rejected' = 'ok'): AuditEntry {
  return { actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome };
}
