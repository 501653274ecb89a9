// Escalations: officers hand a case to the coordinating unit (routing per data/routing.json); the
// unit's coordinators take it on, assign it, ask back, close and reopen it; the officer answers and
// may withdraw. Plain data in and out: no botbuilder, no cards, no language of the reader.
//
// - Every input is validated with zod and every text redacted by the language service before a commit.
// - Changes are compare-and-set inside one commit (the state machine re-checks role, unit and version),
//   so of two concurrent "übernehmen" exactly one wins; the commit carries the case's outbox rows and
//   audit entries too (commitTogether).
// - Notifications and SLA jobs: notifications.ts; messages are rendered by the EscalationRenderer
//   the module wires in.
// - Audit: every change, refusal and read (card refresh, lists) — ids only.
import { redactExceptOfficialContacts } from '../privacy/officialContact.js';
import type { AuditEntry } from '../audit/auditLog.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { ConversationAddress } from '../conversations/conversationDirectory.js';
import type { ConversationRecord } from '../conversations/types.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { LanguageService } from '../language/types.js';
import { errorFields, type Logger } from '../log/logger.js';
import type { Notifier, OutboxRequest, ScheduledJob, Scheduler } from '../outbox/types.js';
import { checkCaseRef, type CaseRefCheck } from '../privacy/caseRef.js';
import type { UnitMember } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import { nextYearlyId } from '../store/ids.js';
import { commitTogether } from '../store/together.js';
import type { Locale } from '../text/locale.js';
import type { Clock } from '../time/clock.js';
import { EscalationNames } from './names.js';
import { EscalationNotifications, inboxKey } from './notifications.js';
import type { EscalationRenderer } from './ports.js';
import type { RequesterKind, RoutingTable } from './routing.js';
import { slaDueAt } from './sla.js';
import { accessOf, openCase, transition, type Refusal } from './stateMachine.js';
import {
  actionInputSchema,
  caseIdSchema,
  isOpen,
  newEscalationSchema,
  type ActionInput,
  type CaseView,
  type Category,
  type Escalation,
  type EscalationData,
} from './types.js';

export { inboxKey, SLA_BREACH_KIND, SLA_REMINDER_KIND } from './notifications.js';
export const MAX_OPEN_PER_REQUESTER = 100;

export interface EscalationServiceDeps {
  store: DocumentStore<EscalationData>;
  routing: RoutingTable;
  audit: AuditTrail;
  institutions: InstitutionDirectory;
  members: (unitId: string) => UnitMember[];
  conversations: { get(key: string): ConversationRecord | undefined; remember(key: string, address: ConversationAddress): Promise<void> };
  notifier: Notifier;
  scheduler: Scheduler;
  language: Pick<LanguageService, 'redactPii'>;
  /** Turns cases into messages for the outbox (the dialog layer's cards). */
  render: EscalationRenderer;
  /** Shared with the renderer; made from store, institutions and members when not given. */
  names?: EscalationNames;
  clock: Clock;
  log: Logger;
  timeZone: string;
}

export type CreateResult =
  | { ok: true; c: Escalation; redacted: number }
  | { ok: false; reason: 'forbidden' | 'invalid' | 'limit' | 'unavailable' };

export type ActResult =
  | { ok: true; c: Escalation; redacted: number }
  | { ok: false; reason: 'notFound' | 'invalid' | 'unavailable' }
  | { ok: false; reason: Refusal; c: Escalation };

export interface ViewResult {
  c: Escalation;
  view: CaseView;
}

const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

export class EscalationService {
  readonly names: EscalationNames;
  private readonly log: Logger;
  private readonly notifications: EscalationNotifications;

  constructor(private readonly deps: EscalationServiceDeps) {
    this.log = deps.log.child({ component: 'escalations' });
    this.names = deps.names ?? new EscalationNames(deps);
    this.notifications = new EscalationNotifications({ ...deps, log: this.log });
  }

  // ---- Who and where -----------------------------------------------------------------------------

  /** Officers of a JVA or a Bezirksregierung may escalate. */
  requesterKind(actor: Identity): RequesterKind | undefined {
    if (actor.role !== 'officer' || !actor.institutionId) return undefined;
    const kind = this.deps.institutions.byId(actor.institutionId)?.kind;
    return kind === 'jva' || kind === 'bezirksregierung' ? kind : undefined;
  }

  /** The unit a case of this officer and category goes to (data/routing.json). */
  targetFor(actor: Identity, category: Category): { unitId: string; unitName: string } | undefined {
    const kind = this.requesterKind(actor);
    if (!kind) return undefined;
    const unitId = this.deps.routing.unitFor(kind, category);
    return { unitId, unitName: this.names.placeName(unitId) };
  }

  get(caseId: string): Escalation | undefined {
    return own(this.deps.store.data.cases, caseId);
  }

  /** Display label of a coordinator (see names.ts); '' when no name is known. */
  nameOf(userKey: string, unitId?: string): string {
    return this.names.nameOf(userKey, unitId);
  }


  checkCaseRef(text: string): CaseRefCheck {
    return checkCaseRef(text);
  }

  /**
   * Personal data out (language service); the dialog shows the result for confirmation. Lines marked
   * as an official contact are kept as written (src/privacy/officialContact.ts has the rule).
   */
  async redact(text: string, locale: Locale): Promise<{ text: string; count: number }> {
    const result = await redactExceptOfficialContacts(text, async (chunk) => {
      const r = await this.deps.language.redactPii(chunk, locale);
      return { text: r.text, count: r.entities.length };
    });
    return { text: result.text, count: result.count };
  }

  // ---- Create ------------------------------------------------------------------------------------

  /**
   * Files a case. The summary is the text the officer confirmed; it is redacted once more (defence
   * in depth: whatever is stored went through the language service), never stored as typed.
   */
  async create(actor: Identity, input: unknown, locale: Locale): Promise<CreateResult> {
    const parsed = newEscalationSchema.safeParse(input);
    const kind = this.requesterKind(actor);
    if (!kind) {
      await this.audit(actor, 'escalation.create', undefined, 'denied');
      return { ok: false, reason: 'forbidden' };
    }
    if (!parsed.success) {
      await this.audit(actor, 'escalation.create', undefined, 'rejected');
      return { ok: false, reason: 'invalid' };
    }
    const data = parsed.data;
    if (data.caseRef !== undefined && !checkCaseRef(data.caseRef).ok) {
      await this.audit(actor, 'escalation.create', undefined, 'rejected');
      return { ok: false, reason: 'invalid' };
    }
    const open = Object.values(this.deps.store.data.cases).filter((c) => c.requester === actor.userKey && isOpen(c.status)).length;
    if (open >= MAX_OPEN_PER_REQUESTER) return { ok: false, reason: 'limit' };
    let redaction: { text: string; count: number };
    try {
      redaction = await this.redact(data.summary, locale);
    } catch (err) {
      this.log.error('escalation.redaction_failed', errorFields(err));
      return { ok: false, reason: 'unavailable' };
    }
    if (redaction.count > 0) this.log.warn('escalation.reredacted', { entities: redaction.count });
    const summary = redaction.text.trim().slice(0, 2000);
    if (summary.length === 0) return { ok: false, reason: 'invalid' };

    const unitId = this.deps.routing.unitFor(kind, data.category);
    const now = this.deps.clock.now();
    const due = slaDueAt(now, this.deps.routing.slaFor(unitId)[data.urgency], this.deps.timeZone);
    // Case, counter, outbox rows and audit entries: one commit.
    const { c, staged } = await this.commitWithNotices((draft, outbox) => {
      const created = openCase(nextYearlyId(draft.counters, 'ESK', now, this.deps.timeZone), actor, { ...data, summary, unitId }, now, due);
      draft.cases[created.id] = created;
      const staged = this.notifications.stage(created, outbox);
      return { c: structuredClone(created), staged };
    }, (r) => [this.entry(actor, 'escalation.create', r.c.id, 'ok'), ...this.notifications.disclosures(r.staged)]);
    this.log.info('escalation.created', { id: c.id, unit: unitId, urgency: c.urgency });
    await this.notifications.afterCommit(staged);
    return { ok: true, c: this.get(c.id) ?? c, redacted: redaction.count };
  }

  // ---- Act ---------------------------------------------------------------------------------------

  /** Any change after creation. `input` is untrusted (card data, typed command): validated here. */
  async act(actor: Identity, input: unknown, locale: Locale): Promise<ActResult> {
    const parsed = actionInputSchema.safeParse(input);
    if (!parsed.success) {
      const id = caseIdSchema.safeParse((input as { caseId?: unknown } | null)?.caseId);
      await this.audit(actor, 'escalation.invalid', id.success ? id.data : undefined, 'rejected');
      return { ok: false, reason: 'invalid' };
    }
    const action = parsed.data;
    const action_ = `escalation.${action.verb}`;
    const current = this.get(action.caseId);
    if (!current) {
      await this.audit(actor, action_, action.caseId, 'rejected');
      return { ok: false, reason: 'notFound' };
    }
    // A first check before the (slow) redaction; the commit below checks again on the current state.
    const context = () => ({ now: this.deps.clock.now(), members: new Set(this.deps.members(current.unitId).map((m) => m.userKey)), sla: this.deps.routing.slaFor(current.unitId), timeZone: this.deps.timeZone });
    const probe = transition(current, 'text' in action ? { ...action, text: 'x' } : action, actor, context());
    if (!probe.ok) {
      await this.audit(actor, action_, action.caseId, probe.reason === 'forbidden' ? 'denied' : 'rejected');
      if (probe.reason === 'forbidden') this.log.warn('escalation.denied', { id: action.caseId, verb: action.verb, role: actor.role });
      return { ok: false, reason: probe.reason, c: structuredClone(current) };
    }
    let redacted = 0;
    let final: ActionInput = action;
    if ('text' in action) {
      try {
        const r = await this.redact(action.text, locale);
        redacted = r.count;
        final = { ...action, text: r.text.trim().slice(0, 1000) || '…' };
      } catch (err) {
        this.log.error('escalation.redaction_failed', errorFields(err));
        return { ok: false, reason: 'unavailable' };
      }
    }
    // The change, its outbox rows and its audit entries: one commit (a refused change writes nothing).
    const outcome = await this.commitWithNotices((draft, outbox) => {
      const c = own(draft.cases, action.caseId);
      if (!c) return { ok: false as const, reason: 'notFound' as const };
      const result = transition(c, final, actor, context());
      if (!result.ok) return { ok: false as const, reason: result.reason, c: structuredClone(c) };
      draft.cases[c.id] = result.next;
      const staged = this.notifications.stage(result.next, outbox);
      return { ok: true as const, c: structuredClone(result.next), event: result.event, staged };
    }, (r) => (r.ok ? [this.entry(actor, action_, action.caseId, 'ok'), ...this.notifications.disclosures(r.staged)] : []));
    if (!outcome.ok) {
      await this.audit(actor, action_, action.caseId, outcome.reason === 'forbidden' ? 'denied' : 'rejected');
      return outcome.reason === 'notFound' ? { ok: false, reason: 'notFound' } : { ok: false, reason: outcome.reason, c: outcome.c };
    }
    this.log.info('escalation.changed', { id: action.caseId, verb: action.verb, version: outcome.c.version });
    await this.notifications.afterCommit(outcome.staged);
    return { ok: true, c: this.get(action.caseId) ?? outcome.c, redacted };
  }

  // ---- Reads (audited) ---------------------------------------------------------------------------

  /** The view a user gets of a case: decided from server-side identity and where the card is shown. */
  /**
   * The case as this actor may see it. Outside the requester and the unit's coordinators, only the unit's
   * registered inbox channel sees the limited card; anyone else gets what a missing case gets (undefined),
   * so guessed ids reveal nothing — not even that the case exists.
   */
  async view(actor: Identity, caseId: string, where: 'personal' | 'channel', conversationId?: string): Promise<ViewResult | undefined> {
    const c = caseIdSchema.safeParse(caseId).success ? this.get(caseId) : undefined;
    const access = c ? accessOf(actor, c) : 'none';
    const inUnitChannel = c !== undefined && where === 'channel' && conversationId !== undefined
      && this.deps.conversations.get(inboxKey(c.unitId))?.conversationId === conversationId;
    if (!c || (access === 'none' && !inUnitChannel)) {
      await this.audit(actor, 'escalation.read', undefined, 'denied');
      return undefined;
    }
    const view: CaseView =
      access === 'coordinator' ? (where === 'channel' ? 'coordinatorChannel' : 'coordinator')
      : access === 'requester' && where === 'personal' ? 'requester'
      : 'limited';
    await this.audit(actor, view === 'limited' ? 'escalation.read_limited' : 'escalation.read', c.id, 'ok');
    return { c: structuredClone(c), view };
  }

  /** Open cases of the coordinator's unit, most urgent SLA first (cases waiting for an answer last). */
  async inbox(actor: Identity): Promise<Escalation[] | undefined> {
    if (actor.role !== 'coordinator' || !actor.unitId) {
      await this.audit(actor, 'escalation.inbox', undefined, 'denied');
      return undefined;
    }
    const unit = actor.unitId;
    const cases = Object.values(this.deps.store.data.cases)
      .filter((c) => c.unitId === unit && isOpen(c.status))
      .sort((a, b) => Number(!!a.slaPausedAt) - Number(!!b.slaPausedAt) || a.slaDueAt.localeCompare(b.slaDueAt) || a.id.localeCompare(b.id));
    await this.audit(actor, 'escalation.inbox', unit, 'ok');
    return structuredClone(cases);
  }

  /** The officer's own cases, open ones first, newest first. */
  async mine(actor: Identity): Promise<Escalation[]> {
    const cases = Object.values(this.deps.store.data.cases)
      .filter((c) => c.requester === actor.userKey)
      .sort((a, b) => Number(isOpen(b.status)) - Number(isOpen(a.status)) || b.createdAt.localeCompare(a.createdAt));
    await this.audit(actor, 'escalation.list_own', undefined, 'ok');
    return structuredClone(cases);
  }

  /** The officer's cases waiting for an answer (no audit: ids only, for routing a typed answer). */
  questionsFor(actor: Identity): string[] {
    return Object.values(this.deps.store.data.cases)
      .filter((c) => c.requester === actor.userKey && c.status === 'rueckfrage')
      .map((c) => c.id)
      .sort();
  }

  // ---- Inbox channel -----------------------------------------------------------------------------

  /** Admins: posts for a unit go to this team channel from now on (id, category, urgency, institution only). */
  async registerInbox(actor: Identity, unitId: string, address: ConversationAddress): Promise<boolean> {
    const unit = this.deps.institutions.byId(unitId);
    if (actor.role !== 'admin' || !unit || unit.kind !== 'coordination' || address.conversationType !== 'channel') {
      await this.audit(actor, 'escalation.inbox_register', unit ? unitId : undefined, 'denied');
      return false;
    }
    await this.deps.conversations.remember(inboxKey(unitId), address);
    await this.audit(actor, 'escalation.inbox_register', unitId, 'ok');
    this.log.info('escalation.inbox_registered', { unit: unitId });
    return true;
  }

  hasInbox(unitId: string): boolean {
    return this.deps.conversations.get(inboxKey(unitId)) !== undefined;
  }

  // ---- Notifications and SLA jobs (notifications.ts) ---------------------------------------------

  /** Scheduler handler: the SLA reminder. */
  reminderFor(job: ScheduledJob): OutboxRequest[] {
    return this.notifications.reminderFor(job);
  }

  /** Scheduler handler: the SLA breach. */
  breachFor(job: ScheduledJob): OutboxRequest[] {
    return this.notifications.breachFor(job);
  }

  /** Start-up: notifications a crash left out are enqueued, SLA jobs of open cases are in line. */
  recover(): Promise<void> {
    return this.notifications.recover();
  }

  /** A commit of the case store together with the outbox, with the audit entries `entries` derives from its result. */
  private commitWithNotices<R>(mutator: (draft: EscalationData, outbox: object) => R, entries: (result: R) => AuditEntry[]): Promise<R> {
    return commitTogether([this.deps.store, this.notifications.outbox.store], mutator, { audit: this.deps.audit, entries });
  }

  // ---------------------------------------------------------------------------------------------

  private entry(actor: Identity, action: string, record: string | undefined, outcome: 'ok' | 'denied' | 'rejected'): AuditEntry {
    return { actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome };
  }

  private async audit(actor: Identity, action: string, record: string | undefined, outcome: 'ok' | 'denied' | 'rejected'): Promise<void> {
    await this.deps.audit.record(this.entry(actor, action, record, outcome));
  }
}
