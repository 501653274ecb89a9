// Escalations (issue 5): officers hand a case to the coordinating unit (routing per DESIGN §4);
// the unit's coordinators take it on, assign it, ask back, close and reopen it; the officer answers
// and may withdraw. Plain data in and out, no botbuilder.
//
// - Every input is validated with zod and every text redacted by the language service before a commit.
// - Changes are compare-and-set inside one commit (the state machine re-checks role, unit and version),
//   so of two concurrent "übernehmen" exactly one wins.
// - Notifications go through the persisted outbox. A case remembers up to which version its
//   notifications were enqueued (`notifiedVersion`); whatever a crash left between the case commit
//   and the outbox commit is enqueued at the next start (idempotent keys: nothing twice).
// - SLA reminder and breach are persisted scheduler jobs; their rows have keys per SLA cycle and
//   recipient, so neither a restart nor a re-fired job sends one twice.
// - Audit: every change, refusal, read (card refresh, lists) and disclosure (a card or notice with
//   case text to a coordinator: actor = the recipient) — ids only.
import { redactExceptOfficialContacts } from '../privacy/officialContact.js';
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog.js';
import type { ConversationAddress } from '../conversations/conversationDirectory.js';
import type { ConversationRecord } from '../conversations/types.js';
import { formatter } from '../i18n/format.js';
import { resolveLocale, translator, type Locale } from '../i18n/i18n.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { LanguageService, RedactionLocale } from '../language/types.js';
import { errorFields, type Logger } from '../log/logger.js';
import type { Clock, Notifier, OutboxRequest, ScheduledJob, Scheduler } from '../outbox/types.js';
import type { UnitMember } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { JsonStore } from '../store/jsonStore.js';
import { checkCaseRef, type CaseRefCheck } from '../checklists/privacy.js';
import { caseCard, noticeCard, slaCard, type CaseCardContext, type CaseView, type EscalationCardInfo } from '../cards/escalationCards.js';
import { cleanUserText } from '../cards/elements.js';
import type { BuiltCard } from '../cards/menuCard.js';
import type { RequesterKind, RoutingTable } from './routing.js';
import { reminderAt, slaDueAt, yearIn } from './sla.js';
import { accessOf, transition, type Refusal } from './stateMachine.js';
import {
  actionInputSchema,
  caseIdSchema,
  isOpen,
  NAME_MAX,
  newEscalationSchema,
  type ActionInput,
  type Category,
  type Escalation,
  type EscalationData,
  type HistoryEntry,
} from './types.js';

export const SLA_REMINDER_KIND = 'escalation.reminder';
export const SLA_BREACH_KIND = 'escalation.breach';
export const MAX_OPEN_PER_REQUESTER = 100;
export const inboxKey = (unitId: string): string => `inbox:${unitId}`;

export interface EscalationServiceDeps {
  store: JsonStore<EscalationData>;
  routing: RoutingTable;
  audit: AuditLog;
  institutions: InstitutionDirectory;
  members: (unitId: string) => UnitMember[];
  /** The roster label of any user (for the requester line on a coordinator's card). */
  labelOf?: (userKey: string) => string | undefined;
  conversations: { get(key: string): ConversationRecord | undefined; remember(key: string, address: ConversationAddress): Promise<void> };
  notifier: Notifier;
  scheduler: Scheduler;
  language: Pick<LanguageService, 'redactPii'>;
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

/**
 * SLA cycle of a case: 1, and one more per reopening. Reminder and breach go out at most once per
 * cycle and recipient (their outbox keys carry it), however often the jobs are re-scheduled — a due
 * time moved by a Rückfrage does not remind or alarm anyone a second time.
 */
const cycleOf = (c: Escalation): number => 1 + c.history.filter((h) => h.action === 'reopened').length;

export class EscalationService {
  private readonly log: Logger;
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: EscalationServiceDeps) {
    this.log = deps.log.child({ component: 'escalations' });
  }

  // ---------------------------------------------------------------------------------------------
  // Who and where
  // ---------------------------------------------------------------------------------------------

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
    return { unitId, unitName: this.placeName(unitId) };
  }

  now(): Date {
    return this.deps.clock.now();
  }

  placeName(id: string): string {
    return this.deps.institutions.byId(id)?.name ?? id;
  }

  /** "KfI", "Koordinierungsstelle Integration", "FB Radikalisierungsprävention" where the data has one. */
  shortName(id: string): string {
    const place = this.deps.institutions.byId(id);
    return place?.shortName ?? place?.name ?? id;
  }

  get(caseId: string): Escalation | undefined {
    return own(this.deps.store.data.cases, caseId);
  }

  /**
   * Display label of a coordinator: the name Teams showed for them, the roster label, or else the unit's
   * name — never an id (a "name" that is the id itself, as the console and the Emulator send, does not count).
   */
  nameOf(userKey: string, unitId?: string): string {
    const seen = own(this.deps.store.data.names, userKey)?.name;
    const roster = unitId ? this.deps.members(unitId).find((m) => m.userKey === userKey)?.name : undefined;
    const name = [seen, roster].find((n) => n && n !== userKey);
    // Names also appear inside our own sentences (banners, replies), where Teams renders Markdown.
    const safe = name ? cleanUserText(name, NAME_MAX).replace(/[[\]*_~`#<>|\\]|:\/\//g, '').trim() : '';
    return safe || (unitId ? this.shortName(unitId) : '…');
  }

  /** Who sent a case, for coordinators: the Teams name, else the roster label; '' (never an id) when neither exists. */
  requesterName(userKey: string): string {
    const name = [own(this.deps.store.data.names, userKey)?.name, this.deps.labelOf?.(userKey)].find((n) => n && n !== userKey);
    return name ? cleanUserText(name, NAME_MAX).replace(/[[\]*_~`#<>|\\]|:\/\//g, '').trim() : '';
  }

  /** Remembers a coordinator's Teams display name (from their own activity) for the assign list. */
  async noteName(actor: Identity, name: string | undefined): Promise<void> {
    if ((actor.role !== 'coordinator' && actor.role !== 'officer') || !name) return;
    const clean = cleanUserText(name, NAME_MAX);
    if (!clean || clean === actor.userKey || own(this.deps.store.data.names, actor.userKey)?.name === clean) return;
    const at = this.deps.clock.now().toISOString();
    await this.deps.store.commit((draft) => {
      draft.names[actor.userKey] = { name: clean, at };
    });
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
      const r = await this.deps.language.redactPii(chunk, locale as RedactionLocale);
      return { text: r.text, count: r.entities.length };
    });
    return { text: result.text, count: result.count };
  }

  // ---------------------------------------------------------------------------------------------
  // Create
  // ---------------------------------------------------------------------------------------------

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
    const at = now.toISOString();
    const due = slaDueAt(now, this.deps.routing.slaFor(unitId)[data.urgency], this.deps.timeZone).toISOString();
    const year = yearIn(now, this.deps.timeZone);
    const c = await this.deps.store.commit((draft) => {
      const counter = `ESK-${year}`;
      const n = (own(draft.counters, counter) ?? 0) + 1;
      draft.counters[counter] = n;
      const id = `${counter}-${String(n).padStart(4, '0')}`;
      const created: Escalation = {
        id,
        requester: actor.userKey,
        institutionId: actor.institutionId!,
        unitId,
        category: data.category,
        urgency: data.urgency,
        summary,
        ...(data.caseRef ? { caseRef: data.caseRef } : {}),
        status: 'neu',
        version: 1,
        createdAt: at,
        updatedAt: at,
        slaDueAt: due,
        thread: [],
        history: [{ v: 1, at, by: actor.userKey, action: 'created' }],
        notifiedVersion: 0,
        recipients: [],
        channelPosted: false,
      };
      draft.cases[id] = created;
      return structuredClone(created);
    });
    await this.audit(actor, 'escalation.create', c.id, 'ok');
    this.log.info('escalation.created', { id: c.id, unit: unitId, urgency: c.urgency });
    await this.afterChange(c.id);
    return { ok: true, c: this.get(c.id) ?? c, redacted: redaction.count };
  }

  // ---------------------------------------------------------------------------------------------
  // Act
  // ---------------------------------------------------------------------------------------------

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
    const outcome = await this.deps.store.commit((draft) => {
      const c = own(draft.cases, action.caseId);
      if (!c) return { ok: false as const, reason: 'notFound' as const };
      const result = transition(c, final, actor, context());
      if (!result.ok) return { ok: false as const, reason: result.reason, c: structuredClone(c) };
      draft.cases[c.id] = result.next;
      return { ok: true as const, c: structuredClone(result.next), event: result.event };
    });
    if (!outcome.ok) {
      await this.audit(actor, action_, action.caseId, outcome.reason === 'forbidden' ? 'denied' : 'rejected');
      return outcome.reason === 'notFound' ? { ok: false, reason: 'notFound' } : { ok: false, reason: outcome.reason, c: outcome.c };
    }
    await this.audit(actor, action_, action.caseId, 'ok');
    this.log.info('escalation.changed', { id: action.caseId, verb: action.verb, version: outcome.c.version });
    await this.afterChange(action.caseId);
    return { ok: true, c: this.get(action.caseId) ?? outcome.c, redacted };
  }

  // ---------------------------------------------------------------------------------------------
  // Reads (audited)
  // ---------------------------------------------------------------------------------------------

  /** The view a user gets of a case: decided from server-side identity and where the card is shown. */
  async view(actor: Identity, caseId: string, where: 'personal' | 'channel'): Promise<ViewResult | undefined> {
    const c = caseIdSchema.safeParse(caseId).success ? this.get(caseId) : undefined;
    if (!c) return undefined;
    const access = accessOf(actor, c);
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

  // ---------------------------------------------------------------------------------------------
  // Inbox channel
  // ---------------------------------------------------------------------------------------------

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

  // ---------------------------------------------------------------------------------------------
  // Cards
  // ---------------------------------------------------------------------------------------------

  cardInfo(locale: Locale): EscalationCardInfo {
    return { t: translator(locale), fmt: formatter(locale, this.deps.timeZone), locale };
  }

  cardContext(c: Escalation, view: CaseView, extra: Partial<CaseCardContext> = {}): CaseCardContext {
    const members = view === 'coordinator' || view === 'coordinatorChannel'
      ? this.deps.members(c.unitId).map((m) => ({ userKey: m.userKey, label: this.nameOf(m.userKey, c.unitId) }))
      : undefined;
    return {
      now: this.deps.clock.now(),
      institutionName: this.placeName(c.institutionId),
      unitName: this.shortName(c.unitId),
      nameOf: (key) => this.nameOf(key, c.unitId),
      ...(view === 'coordinator' ? { requesterName: this.requesterName(c.requester) } : {}),
      ...(members ? { members } : {}),
      ...extra,
    };
  }

  card(c: Escalation, view: CaseView, locale: Locale, extra: Partial<CaseCardContext> = {}): BuiltCard {
    return caseCard(this.cardInfo(locale), c, view, this.cardContext(c, view, extra));
  }

  // ---------------------------------------------------------------------------------------------
  // Notifications and SLA jobs
  // ---------------------------------------------------------------------------------------------

  private localeOf(key: string): Locale {
    return resolveLocale(this.deps.conversations.get(key)?.locale);
  }

  /** After a committed change: notifications into the outbox, SLA jobs in line. Failures are logged; recover() repairs. */
  private async afterChange(caseId: string): Promise<void> {
    try {
      await this.flush(caseId);
    } catch (err) {
      this.log.error('escalation.notify_failed', { id: caseId, ...errorFields(err) });
    }
    try {
      const c = this.get(caseId);
      if (c) await this.syncJobs(c);
    } catch (err) {
      this.log.error('escalation.schedule_failed', { id: caseId, ...errorFields(err) });
    }
  }

  /** One flush per case at a time. */
  private flush(caseId: string): Promise<void> {
    const previous = this.lanes.get(caseId) ?? Promise.resolve();
    const run = previous.then(() => this.flushNow(caseId), () => this.flushNow(caseId));
    const settled = run.catch(() => {});
    this.lanes.set(caseId, settled);
    void settled.then(() => {
      if (this.lanes.get(caseId) === settled) this.lanes.delete(caseId);
    });
    return run;
  }

  private async flushNow(caseId: string): Promise<void> {
    const c = this.get(caseId);
    if (!c || c.notifiedVersion >= c.version) return;
    const snapshot = structuredClone(c);
    const events = snapshot.history.filter((h) => h.v > snapshot.notifiedVersion);
    const members = this.deps.members(snapshot.unitId).map((m) => m.userKey);
    const requests: OutboxRequest[] = [];
    const disclosed = new Set<string>();
    const recipients = new Set(snapshot.recipients);

    // The case card of every coordinator of the unit: sent once, then updated in place.
    for (const member of members) {
      const key = `esk:${snapshot.id}:card:${member}`;
      const built = this.card(snapshot, 'coordinator', this.localeOf(member));
      const payload = { text: built.summary, card: built.card as unknown as Record<string, unknown> };
      if (recipients.has(member)) requests.push({ target: { userKey: member }, key: `${key}:v${snapshot.version}`, replaces: key, payload });
      else {
        requests.push({ target: { userKey: member }, key, payload });
        recipients.add(member);
      }
      disclosed.add(member);
    }
    // The unit's team channel: id, category, urgency, institution and status only.
    let channelPosted = snapshot.channelPosted;
    const channel = this.deps.conversations.get(inboxKey(snapshot.unitId));
    if (channel) {
      const key = `esk:${snapshot.id}:chan`;
      const refreshUserIds = members.map((m) => this.deps.conversations.get(m)?.userId).filter((id): id is string => !!id);
      const built = this.card(snapshot, 'limited', resolveLocale(channel.locale), { refreshUserIds });
      const payload = { text: built.summary, card: built.card as unknown as Record<string, unknown> };
      const target = { conversationKey: inboxKey(snapshot.unitId) };
      if (channelPosted) requests.push({ target, key: `${key}:v${snapshot.version}`, replaces: key, payload });
      else requests.push({ target, key, payload });
      channelPosted = true;
    }
    // One notice per event: to the requester for every change someone else made; to coordinators
    // when a case was assigned to them, answered or withdrawn.
    for (const e of events) {
      if (e.action === 'created') continue;
      if (e.by !== snapshot.requester) requests.push(this.notice(snapshot, e, snapshot.requester, 'requester'));
      const forCoordinators: string[] = [];
      if (e.action === 'assigned' && e.to && e.to !== e.by) forCoordinators.push(e.to);
      if ((e.action === 'answered' || e.action === 'withdrawn') && snapshot.assignee) {
        if (members.includes(snapshot.assignee)) forCoordinators.push(snapshot.assignee);
        else forCoordinators.push(...members);
      }
      for (const to of new Set(forCoordinators)) {
        requests.push(this.notice(snapshot, e, to, 'coordinator'));
        disclosed.add(to);
      }
    }
    if (requests.length > 0) await this.deps.notifier.enqueue(requests);
    await this.deps.store.commit((draft) => {
      const d = own(draft.cases, snapshot.id);
      if (!d) return;
      d.notifiedVersion = Math.max(d.notifiedVersion, snapshot.version);
      d.recipients = [...new Set([...d.recipients, ...recipients])].sort();
      d.channelPosted = d.channelPosted || channelPosted;
    });
    for (const to of disclosed) await this.auditAs(to, 'escalation.disclosed', snapshot.id);
    this.log.info('escalation.notified', { id: snapshot.id, version: snapshot.version, rows: requests.length });
  }

  private notice(c: Escalation, e: HistoryEntry, to: string, as: 'requester' | 'coordinator'): OutboxRequest {
    const built = noticeCard(this.cardInfo(this.localeOf(to)), c, e, this.cardContext(c, as === 'requester' ? 'requester' : 'coordinator'), as);
    return { target: { userKey: to }, key: `esk:${c.id}:v${e.v}:${as}:${to}`, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> } };
  }

  private async syncJobs(c: Escalation): Promise<void> {
    const remind = `esk:${c.id}:remind`;
    const breach = `esk:${c.id}:breach`;
    if (!isOpen(c.status) || c.slaPausedAt) {
      await this.deps.scheduler.cancel(remind);
      await this.deps.scheduler.cancel(breach);
      return;
    }
    const due = new Date(c.slaDueAt);
    const data = { caseId: c.id, dueAt: c.slaDueAt };
    await this.deps.scheduler.schedule({ id: remind, kind: SLA_REMINDER_KIND, dueAt: reminderAt(due, this.deps.routing.sla[c.urgency]).toISOString(), data });
    await this.deps.scheduler.schedule({ id: breach, kind: SLA_BREACH_KIND, dueAt: c.slaDueAt, data });
  }

  private slaJobCase(job: ScheduledJob): Escalation | undefined {
    const data = z.object({ caseId: caseIdSchema, dueAt: z.string() }).safeParse(job.data);
    if (!data.success) return undefined;
    const c = this.get(data.data.caseId);
    // Closed, waiting for an answer, or due at another time since: this job is void.
    if (!c || !isOpen(c.status) || c.slaPausedAt || c.slaDueAt !== data.data.dueAt) return undefined;
    return c;
  }

  /** Scheduler handler: before the due time, to the assignee (or the whole unit while unassigned). */
  reminderFor(job: ScheduledJob): OutboxRequest[] {
    const c = this.slaJobCase(job);
    if (!c || this.deps.clock.now().getTime() >= Date.parse(c.slaDueAt)) return [];
    const members = this.deps.members(c.unitId).map((m) => m.userKey);
    const to = c.assignee && members.includes(c.assignee) ? [c.assignee] : members;
    return to.map((key) => this.slaRequest(c, 'reminder', { userKey: key }, this.localeOf(key), `esk:${c.id}:remind:${cycleOf(c)}:${key}`));
  }

  /** Scheduler handler: at the due time, to every coordinator of the unit and its channel. */
  breachFor(job: ScheduledJob): OutboxRequest[] {
    const c = this.slaJobCase(job);
    if (!c) return [];
    const out = this.deps.members(c.unitId).map((m) => this.slaRequest(c, 'breach', { userKey: m.userKey }, this.localeOf(m.userKey), `esk:${c.id}:breach:${cycleOf(c)}:${m.userKey}`));
    const channel = this.deps.conversations.get(inboxKey(c.unitId));
    if (channel) out.push(this.slaRequest(c, 'breach', { conversationKey: inboxKey(c.unitId) }, resolveLocale(channel.locale), `esk:${c.id}:breach:${cycleOf(c)}:chan`));
    this.log.warn('escalation.sla_breached', { id: c.id, unit: c.unitId, recipients: out.length });
    return out;
  }

  private slaRequest(c: Escalation, kind: 'reminder' | 'breach', target: OutboxRequest['target'], locale: Locale, key: string): OutboxRequest {
    const built = slaCard(this.cardInfo(locale), c, kind, { institutionName: this.placeName(c.institutionId) }, 'conversationKey' in target);
    return { target, key, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> } };
  }

  /** Start-up: notifications a crash left out are enqueued, SLA jobs of open cases are in line. */
  async recover(): Promise<void> {
    for (const c of Object.values(this.deps.store.data.cases)) {
      if (c.notifiedVersion < c.version) {
        this.log.warn('escalation.notify_resumed', { id: c.id, from: c.notifiedVersion + 1, to: c.version });
        await this.flush(c.id);
      }
      await this.syncJobs(c);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private async audit(actor: Identity, action: string, record: string | undefined, outcome: 'ok' | 'denied' | 'rejected'): Promise<void> {
    await this.deps.audit.record({ actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome });
  }

  private async auditAs(recipient: string, action: string, record: string): Promise<void> {
    await this.deps.audit.record({ actor: recipient, action, record, role: 'recipient', outcome: 'ok' });
  }
}
