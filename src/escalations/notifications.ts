// Notifications of escalations through the persisted outbox, and the SLA jobs.
// - A case remembers up to which version its notifications were enqueued (`notifiedVersion`);
//   whatever a crash left between the case commit and the outbox commit is enqueued at the next
//   start (idempotent keys: nothing twice). One flush per case at a time.
// - SLA reminder and breach are persisted scheduler jobs; their rows have keys per SLA cycle and
//   recipient, so neither a restart nor a re-fired job sends one twice.
// - Every coordinator who gets case text is audited as a disclosure (actor = the recipient).
import { z } from 'zod';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { ConversationRecord } from '../conversations/types.js';
import { errorFields, type Logger } from '../log/logger.js';
import type { Notifier, OutboxRequest, OutboxTarget, ScheduledJob, Scheduler } from '../outbox/types.js';
import type { UnitMember } from '../roles/roleService.js';
import type { Clock } from '../time/clock.js';
import type { DocumentStore } from '../store/documentStore.js';
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

export class EscalationNotifications {
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: NotificationDeps) {}

  private get log(): Logger {
    return this.deps.log;
  }

  /** After a committed change: notifications into the outbox, SLA jobs in line. Failures are logged; recover() repairs. */
  async afterChange(caseId: string): Promise<void> {
    try {
      await this.flush(caseId);
    } catch (err) {
      this.log.error('escalation.notify_failed', { id: caseId, ...errorFields(err) });
    }
    try {
      const c = own(this.deps.store.data.cases, caseId);
      if (c) await this.syncJobs(c);
    } catch (err) {
      this.log.error('escalation.schedule_failed', { id: caseId, ...errorFields(err) });
    }
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
    const c = own(this.deps.store.data.cases, caseId);
    if (!c || c.notifiedVersion >= c.version) return;
    const snapshot = structuredClone(c);
    const members = this.deps.members(snapshot.unitId).map((m) => m.userKey);
    const batch: Batch = { requests: [], disclosed: new Set(), recipients: new Set(snapshot.recipients), channelPosted: snapshot.channelPosted };
    this.addCaseCards(batch, snapshot, members);
    this.addChannelPost(batch, snapshot);
    this.addNotices(batch, snapshot, members);
    if (batch.requests.length > 0) await this.deps.notifier.enqueue(batch.requests);
    await this.deps.store.commit((draft) => {
      const d = own(draft.cases, snapshot.id);
      if (!d) return;
      d.notifiedVersion = Math.max(d.notifiedVersion, snapshot.version);
      d.recipients = [...new Set([...d.recipients, ...batch.recipients])].sort();
      d.channelPosted = d.channelPosted || batch.channelPosted;
    });
    for (const to of batch.disclosed) await this.deps.audit.record({ actor: to, action: 'escalation.disclosed', record: snapshot.id, role: 'recipient', outcome: 'ok' });
    this.log.info('escalation.notified', { id: snapshot.id, version: snapshot.version, rows: batch.requests.length });
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
