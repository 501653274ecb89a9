// "Fachfrage" (ask an expert) and "Praxisbeispiel" (good practice for review), issue 14. An officer's
// question goes to the coordinating body that data/routing.json names for general advice (JVA →
// Koordinierungsstelle Integration, Bezirksregierung → Kompetenzzentrum für Integration). Personal data
// is redacted before anything is stored; the officer confirmed the redacted text. That unit's
// coordinators answer; one of them publishes question and answer (edited, redacted again) as an entry.
import type { RoutingTable } from '../escalations/routing.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { LanguageService, RedactionLocale } from '../language/types.js';
import type { OutboxRequest, OutboxStage } from '../outbox/types.js';
import { commitWithMessages, type CommandCommit } from '../outbox/withMessages.js';
import type { Identity } from '../roles/types.js';
import type { RoleService } from '../roles/roleService.js';
import type { FieldProblem } from './entryForm.js';
import { validateEntryFields } from './entryForm.js';
import { auditEntry, type KnowledgeService } from './service.js';
import { nextId } from './store.js';
import { cleanText } from './text.js';
import { LIMITS, QUESTION_ID, type Entry, type ExpertQuestion, type KnowledgeData, type QuestionKind } from './types.js';

export type QuestionRefusal = 'forbidden' | 'notFound' | 'stale' | 'invalidState' | 'tooShort' | 'tooLong' | 'notOfficer';
export type QuestionResult = { ok: true; question: ExpertQuestion } | { ok: false; reason: QuestionRefusal };
export type PublishResult =
  | { ok: true; question: ExpertQuestion; entry: Entry; redacted: number }
  | { ok: false; reason: QuestionRefusal }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] };

/** The messages a change of a question causes, built by the dialog layer inside the change's commit. */
export type QuestionMessages = (q: ExpertQuestion) => OutboxRequest[];

export interface ExpertQuestionDeps {
  knowledge: KnowledgeService;
  /** The outbox the question commits together with (its messages and audit entries in one commit). */
  outbox: () => OutboxStage;
  roles: RoleService;
  institutions: InstitutionDirectory;
  routing: RoutingTable;
  language: LanguageService;
}

export class ExpertQuestionService {
  constructor(private readonly deps: ExpertQuestionDeps) {}

  private get store() {
    return this.deps.knowledge.store;
  }

  /** JVA or Bezirksregierung officers may ask; everyone else has no coordinating body to ask. */
  requesterKind(actor: Identity): 'jva' | 'bezirksregierung' | undefined {
    if (actor.role !== 'officer' || !actor.institutionId) return undefined;
    const kind = this.deps.institutions.byId(actor.institutionId)?.kind;
    return kind === 'jva' || kind === 'bezirksregierung' ? kind : undefined;
  }

  /** The unit that answers this officer (routing's general-advice route). */
  unitFor(actor: Identity): string | undefined {
    const kind = this.requesterKind(actor);
    return kind ? this.deps.routing.unitFor(kind, 'sonstiges') : undefined;
  }

  unitName(unitId: string): string {
    return this.deps.institutions.byId(unitId)?.name ?? unitId;
  }

  /** Redaction for the officer to confirm before sending (never stored unredacted). */
  async redact(text: string, locale: RedactionLocale): Promise<{ text: string; count: number }> {
    const r = await this.deps.language.redactPii(cleanText(text), locale);
    return { text: r.text, count: r.entities.length };
  }

  /**
   * The text fields of an entry form (questions, answers, source), each redacted; other fields as given.
   * Used for publishing a question and for an entry written in the card form (issue 10: stored verbatim).
   */
  async redactForm(form: Record<string, unknown>, locale: RedactionLocale): Promise<{ form: Record<string, unknown>; count: number }> {
    let count = 0;
    const cleaned: Record<string, unknown> = { ...form };
    for (const field of ['question_de', 'question_en', 'answer_de', 'answer_en', 'source'] as const) {
      if (typeof form[field] !== 'string' || !form[field]) continue;
      const r = await this.redact(form[field], locale);
      cleaned[field] = r.text;
      count += r.count;
    }
    return { form: cleaned, count };
  }

  checkText(text: string): 'tooShort' | 'tooLong' | undefined {
    const clean = cleanText(text);
    return clean.length < LIMITS.askMin ? 'tooShort' : clean.length > LIMITS.ask ? 'tooLong' : undefined;
  }

  /** Stores the confirmed, redacted question with `messages` to the unit's coordinators. */
  async submit(actor: Identity, kind: QuestionKind, redactedText: string, redacted: number, messages: QuestionMessages): Promise<QuestionResult> {
    const unitId = this.unitFor(actor);
    if (!unitId) {
      await this.deps.knowledge.audit(actor, `knowledge.${kind}.create`, undefined, 'denied');
      return { ok: false, reason: 'notOfficer' };
    }
    const problem = this.checkText(redactedText);
    if (problem) return { ok: false, reason: problem };
    const now = this.deps.knowledge.now();
    const question = await this.commit((d) => {
      const id = nextId(d, 'FF', now);
      const q: ExpertQuestion = {
        id, version: 1, kind, status: 'offen', requester: actor.userKey, institutionId: actor.institutionId!, unitId,
        text: cleanText(redactedText), redacted, createdAt: now.toISOString(), updatedAt: now.toISOString(),
      };
      d.questions[id] = q;
      return { result: { ...q }, messages: messages(q), entries: [auditEntry(actor, `knowledge.${kind}.create`, id)] };
    });
    return { ok: true, question };
  }

  private commit<R>(mutator: Parameters<typeof commitWithMessages<KnowledgeData, R>>[3]): Promise<R> {
    return commitWithMessages(this.store, this.deps.outbox(), this.deps.knowledge.auditTrail, mutator);
  }

  /** Coordinator keys of the unit a question went to. */
  coordinatorsOf(unitId: string): string[] {
    return this.deps.roles.membersOf(unitId).map((m) => m.userKey);
  }

  private mayAct(actor: Identity, q: ExpertQuestion): boolean {
    return actor.role === 'coordinator' && actor.unitId === q.unitId;
  }

  /** The requester and the unit's coordinators see it; for anyone else it does not exist. */
  async question(actor: Identity, id: string): Promise<ExpertQuestion | undefined> {
    const key = id.toUpperCase();
    const q = QUESTION_ID.test(key) && Object.hasOwn(this.store.data.questions, key) ? this.store.data.questions[key] : undefined;
    const visible = q && (q.requester === actor.userKey || this.mayAct(actor, q));
    await this.deps.knowledge.audit(actor, 'knowledge.question.read', key.slice(0, 40), visible ? 'ok' : 'rejected');
    return visible ? q : undefined;
  }

  /** Open and answered (not yet published) questions of the coordinator's unit, oldest first. */
  async pending(actor: Identity): Promise<ExpertQuestion[]> {
    if (actor.role !== 'coordinator' || !actor.unitId) return [];
    const list = Object.values(this.store.data.questions)
      .filter((q) => q.unitId === actor.unitId && q.status !== 'veroeffentlicht')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const q of list) await this.deps.knowledge.audit(actor, 'knowledge.question.read', q.id);
    return list;
  }

  /** The coordinator's answer (in the card), with `messages` to the officer. */
  async answer(actor: Identity, id: string, version: number, text: string, messages: QuestionMessages, locale: RedactionLocale = 'de'): Promise<QuestionResult> {
    // Redacted like the question (issue 10: the answer was stored and sent verbatim).
    const answer = cleanText(text) && (await this.redact(text, locale)).text;
    if (answer.length < LIMITS.answerMin) return { ok: false, reason: 'tooShort' };
    if (answer.length > LIMITS.answer) return { ok: false, reason: 'tooLong' };
    const now = this.deps.knowledge.now();
    const record = id.slice(0, 40);
    const result = await this.commit((d): CommandCommit<QuestionResult> => {
      const refuse = (reason: QuestionRefusal) => ({ result: { ok: false as const, reason } });
      const q = QUESTION_ID.test(id) && Object.hasOwn(d.questions, id) ? d.questions[id] : undefined;
      if (!q || !this.mayAct(actor, q)) return refuse(q ? 'forbidden' : 'notFound');
      if (q.version !== version) return refuse('stale');
      if (q.kind !== 'question' || q.status !== 'offen') return refuse('invalidState');
      Object.assign(q, { status: 'beantwortet', answer: { text: answer, by: actor.userKey, at: now.toISOString() }, version: q.version + 1, updatedAt: now.toISOString() });
      return { result: { ok: true, question: { ...q } }, messages: messages(q), entries: [auditEntry(actor, 'knowledge.question.answer', record)] };
    });
    if (!result.ok) await this.deps.knowledge.audit(actor, 'knowledge.question.answer', record, result.reason === 'forbidden' ? 'denied' : 'rejected');
    return result;
  }

  /**
   * Publishes question + answer (as edited in the card) as a knowledge entry; both texts are redacted
   * again, so what the officers all see is pseudonymised. Question and entry change in one commit.
   */
  async publish(actor: Identity, id: string, version: number, form: Record<string, unknown>, locale: RedactionLocale, messages: QuestionMessages): Promise<PublishResult> {
    const current = QUESTION_ID.test(id) && Object.hasOwn(this.store.data.questions, id) ? this.store.data.questions[id] : undefined;
    if (!current || !this.mayAct(actor, current)) {
      await this.deps.knowledge.audit(actor, 'knowledge.question.publish', id.slice(0, 40), current ? 'denied' : 'rejected');
      return { ok: false, reason: current ? 'forbidden' : 'notFound' };
    }
    const { form: cleaned, count: redacted } = await this.redactForm(form, locale);
    const { value, problems } = validateEntryFields(cleaned, this.deps.knowledge.topics, this.deps.knowledge.today());
    if (!value) return { ok: false, reason: 'invalid', problems };
    const now = this.deps.knowledge.now();
    const result = await this.commit((d): CommandCommit<PublishResult> => {
      const q = d.questions[id]!;
      if (q.version !== version) return { result: { ok: false, reason: 'stale' } };
      const publishable = q.kind === 'practice' ? q.status === 'offen' : q.status === 'beantwortet';
      if (!publishable) return { result: { ok: false, reason: 'invalidState' } };
      const entry = this.deps.knowledge.addEntry(d, actor, value, q.kind === 'practice' ? 'practice' : 'faq', q.unitId, now, q.id);
      Object.assign(q, { status: 'veroeffentlicht', published: { entryId: entry.id, by: actor.userKey, at: now.toISOString() }, version: q.version + 1, updatedAt: now.toISOString() });
      const entries = [auditEntry(actor, 'knowledge.question.publish', id), auditEntry(actor, 'knowledge.entry.create', entry.id)];
      return { result: { ok: true, question: { ...q }, entry, redacted }, messages: messages(q), entries };
    });
    if (result.ok) this.deps.knowledge.indexed(result.entry);
    else await this.deps.knowledge.audit(actor, 'knowledge.question.publish', id, 'rejected');
    return result;
  }
}
