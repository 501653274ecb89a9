// Notifications of escalations through the persisted outbox, and the SLA jobs.
// - A change of a case, its outbox rows and its audit entries are one commit (commitTogether; one
//   transaction on PostgreSQL). The case then remembers the version as notified (`notifiedVersion`):
//   a version a crash left between the JSON files' writes is staged again at the next start
//   (idempotent keys: nothing twice).
// - SLA reminder and breach are persisted scheduler jobs; their rows have keys per SLA cycle and
//   recipient, so neither a restart nor a re-fired job sends one twice.
// - Every coordinator who gets case text is audited as a disclosure (actor = the recipient).
import { z } from 'zod';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { ConversationRecord } from '../conversations/types.js';
import { errorFields, type Logger } from '../log/logger.js';
import type { AuditEntry } from '../audit/auditLog.js';
import type { Notifier, OutboxRequest, OutboxStage, OutboxTarget, ScheduledJob, Scheduler } from '../outbox/types.js';
import type { UnitMember } from '../roles/roleService.js';
import type { Clock } from '../time/clock.js';
import type { DocumentStore } from '../store/documentStore.js';
import { commitTogether } from '../store/together.js';
import { outboxOf } from '../outbox/withMessages.js';
import type { EscalationRenderer, SlaNoticeKind } from './ports.js';
import type { RoutingTable } from './routing.js';
import { reminderAt } from './sla.js';
import { caseIdSchema, isOpen, type Escalation, type EscalationData, type HistoryEntry } from './types.js';

export const SLA_REMINDER_KIND = 'escalation.reminder';
export const SLA_BREACH_KIND = 'escalation.breach';
export const inboxKey = (unitId: string): string => `inbox:${unitId}`;

export interface NotificationDeps {
  store: DocumentStore<EscalationData>;
  routing: RoutingTable;
  audit: AuditTrail;
  members: (unitId: string) => UnitMember[];
  conversations: { get(key: string): ConversationRecord | undefined };
  notifier: Notifier;
  scheduler: Scheduler;
  render: EscalationRenderer;
  clock: Clock;
  log: Logger;
}

const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

/**
 * SLA cycle of a case: 1, and one more per reopening. Reminder and breach go out at most once per
 * cycle and recipient (their outbox keys carry it), however often the jobs are re-scheduled — a due
 * time moved by a Rückfrage does not remind or alarm anyone a second time.
 */
const cycleOf = (c: Escalation): number => 1 + c.history.filter((h) => h.action === 'reopened').length;

/** What one flush enqueues, and for whom it records disclosures and recipients. */
interface Batch {
  requests: OutboxRequest[];
  disclosed: Set<string>;
  recipients: Set<string>;
  channelPosted: boolean;
}

/** What one change put into the outbox: for the audit entries and the bookkeeping after the commit. */
export interface StagedNotices {
  caseId: string;
  version: number;
  keys: string[];
  disclosed: string[];
}

export class EscalationNotifications {
  constructor(private readonly deps: NotificationDeps) {}

  private get log(): Logger {
    return this.deps.log;
  }

  /** The outbox this capability commits together with its cases. */
  get outbox(): OutboxStage {
    return outboxOf(this.deps.notifier, 'escalations');
  }

  /**
   * Inside the commit that changes the case (`c` is its draft): the notifications of every version not
   * yet notified go into the outbox draft, and the case notes who has its card. Idempotent keys make
   * a second staging of the same version add nothing.
   */
  stage(c: Escalation, outboxDraft: object): StagedNotices {
    const members = this.deps.members(c.unitId).map((m) => m.userKey);
    const batch: Batch = { requests: [], disclosed: new Set(), recipients: new Set(c.recipients), channelPosted: c.channelPosted };
    this.addCaseCards(batch, c, members);
    this.addChannelPost(batch, c);
    this.addNotices(batch, c, members);
    const keys = batch.requests.length > 0 ? this.outbox.insert(outboxDraft, batch.requests) : [];
    c.recipients = [...batch.recipients].sort();
    c.channelPosted = batch.channelPosted;
    return { caseId: c.id, version: c.version, keys, disclosed: [...batch.disclosed] };
  }

  /** The audit entries of a staged change: every coordinator who gets case text (actor = the recipient). */
  disclosures(staged: StagedNotices | undefined): AuditEntry[] {
    return (staged?.disclosed ?? []).map((to) => ({ actor: to, action: 'escalation.disclosed', record: staged!.caseId, role: 'recipient', outcome: 'ok' as const }));
  }

  /**
   * After the commit: wake the worker, note the version as notified, SLA jobs in line. Noted only now,
   * so a crash between the JSON files' writes leaves a version that recover() stages again.
   */
  async afterCommit(staged: StagedNotices): Promise<void> {
    this.outbox.enqueued(staged.keys);
    this.log.info('escalation.notified', { id: staged.caseId, version: staged.version, rows: staged.keys.length });
    try {
      await this.deps.store.commit((draft) => {
        const d = own(draft.cases, staged.caseId);
        if (d) d.notifiedVersion = Math.max(d.notifiedVersion, staged.version);
      });
    } catch (err) {
      this.log.error('escalation.notify_failed', { id: staged.caseId, ...errorFields(err) });
    }
    try {
      const c = own(this.deps.store.data.cases, staged.caseId);
      if (c) await this.syncJobs(c);
    } catch (err) {
      this.log.error('escalation.schedule_failed', { id: staged.caseId, ...errorFields(err) });
    }
  }

  /** Start-up: notifications a crash left out are staged again (nothing twice), SLA jobs of open cases are in line. */
  async recover(): Promise<void> {
    for (const c of Object.values(this.deps.store.data.cases)) {
      if (c.notifiedVersion < c.version) {
        this.log.warn('escalation.notify_resumed', { id: c.id, from: c.notifiedVersion + 1, to: c.version });
        const staged = await commitTogether([this.deps.store, this.outbox.store], (draft, outbox) => {
          const d = own(draft.cases, c.id);
          return d && d.notifiedVersion < d.version ? this.stage(d, outbox) : undefined;
        }, { audit: this.deps.audit, entries: (s) => this.disclosures(s) });
        if (staged) {
          await this.afterCommit(staged);
          continue;
        }
      }
      await this.syncJobs(c);
    }
  }

  /** The case card of every coordinator of the unit: sent once, then updated in place. */
  private addCaseCards(batch: Batch, c: Escalation, members: string[]): void {
    for (const member of members) {
      const key = `esk:${c.id}:card:${member}`;
      const payload = this.deps.render.coordinatorCard(c, member);
      if (batch.recipients.has(member)) batch.requests.push({ target: { userKey: member }, key: `${key}:v${c.version}`, replaces: key, payload });
      else {
        batch.requests.push({ target: { userKey: member }, key, payload });
        batch.recipients.add(member);
      }
      batch.disclosed.add(member);
    }
  }

  /** The unit's team channel: id, category, urgency, institution and status only. */
  private addChannelPost(batch: Batch, c: Escalation): void {
    const conversationKey = inboxKey(c.unitId);
    if (!this.deps.conversations.get(conversationKey)) return;
    const key = `esk:${c.id}:chan`;
    const payload = this.deps.render.channelCard(c, conversationKey);
    const target = { conversationKey };
    if (batch.channelPosted) batch.requests.push({ target, key: `${key}:v${c.version}`, replaces: key, payload });
    else batch.requests.push({ target, key, payload });
    batch.channelPosted = true;
  }

  /**
   * One notice per event: to the requester for every change someone else made; to coordinators
   * when a case was assigned to them, answered or withdrawn.
   */
  private addNotices(batch: Batch, c: Escalation, members: string[]): void {
    for (const e of c.history.filter((h) => h.v > c.notifiedVersion)) {
      if (e.action === 'created') continue;
      if (e.by !== c.requester) batch.requests.push(this.notice(c, e, c.requester, 'requester'));
      for (const to of coordinatorsToTell(c, e, members)) {
        batch.requests.push(this.notice(c, e, to, 'coordinator'));
        batch.disclosed.add(to);
      }
    }
  }

  private notice(c: Escalation, e: HistoryEntry, to: string, as: 'requester' | 'coordinator'): OutboxRequest {
    return { target: { userKey: to }, key: `esk:${c.id}:v${e.v}:${as}:${to}`, payload: this.deps.render.notice(c, e, to, as) };
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
    const c = own(this.deps.store.data.cases, data.data.caseId);
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
    return to.map((key) => this.slaRequest(c, 'reminder', { userKey: key }, `esk:${c.id}:remind:${cycleOf(c)}:${key}`));
  }

  /** Scheduler handler: at the due time, to every coordinator of the unit and its channel. */
  breachFor(job: ScheduledJob): OutboxRequest[] {
    const c = this.slaJobCase(job);
    if (!c) return [];
    const out = this.deps.members(c.unitId).map((m) => this.slaRequest(c, 'breach', { userKey: m.userKey }, `esk:${c.id}:breach:${cycleOf(c)}:${m.userKey}`));
    if (this.deps.conversations.get(inboxKey(c.unitId))) out.push(this.slaRequest(c, 'breach', { conversationKey: inboxKey(c.unitId) }, `esk:${c.id}:breach:${cycleOf(c)}:chan`));
    this.log.warn('escalation.sla_breached', { id: c.id, unit: c.unitId, recipients: out.length });
    return out;
  }

  private slaRequest(c: Escalation, kind: SlaNoticeKind, target: OutboxTarget, key: string): OutboxRequest {
    return { target, key, payload: this.deps.render.slaNotice(c, kind, target) };
  }
}

/** Coordinators told of an event: a new assignee; the assignee (or the whole unit) of an answer or withdrawal. */
function coordinatorsToTell(c: Escalation, e: HistoryEntry, members: string[]): Set<string> {
  const to: string[] = [];
  if (e.action === 'assigned' && e.to && e.to !== e.by) to.push(e.to);
  if ((e.action === 'answered' || e.action === 'withdrawn') && c.assignee) {
    if (members.includes(c.assignee)) to.push(c.assignee);
    else to.push(...members);
  }
  return new Set(to);
}
