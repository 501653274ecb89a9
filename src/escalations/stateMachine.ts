// The life of a case as pure functions:
//   neu → angenommen → rueckfrage ⇄ (Antwort) → erledigt;  zurueckgezogen by the requester;
//   erledigt → angenommen again when a coordinator reopens it.
// Who may do what is decided here too, from server-side identity only: coordinators of the case's
// unit act on it, the requester withdraws and answers. Every change bumps the version; an action
// carrying another version than the case's is stale.
import type { Identity } from '../roles/types.js';
import type { SlaConfig } from './routing.js';
import { slaDueAt } from './sla.js';
import { COORDINATOR_VERBS, isOpen, REQUESTER_VERBS, THREAD_MAX, type ActionInput, type Escalation, type HistoryEntry, type NewEscalation, type ThreadEntry } from './types.js';

export type Access = 'coordinator' | 'requester' | 'none';

/** How a user relates to a case. A coordinator of the unit who also filed it (unusual) counts as coordinator. */
export function accessOf(actor: Identity, c: Pick<Escalation, 'unitId' | 'requester'>): Access {
  if (actor.role === 'coordinator' && actor.unitId !== undefined && actor.unitId === c.unitId) return 'coordinator';
  if (actor.role === 'officer' && actor.userKey === c.requester) return 'requester';
  return 'none';
}

export function mayAct(actor: Identity, c: Pick<Escalation, 'unitId' | 'requester'>, verb: ActionInput['verb']): boolean {
  const access = accessOf(actor, c);
  if (COORDINATOR_VERBS.includes(verb)) return access === 'coordinator';
  if (REQUESTER_VERBS.includes(verb)) return actor.role === 'officer' && actor.userKey === c.requester;
  return false;
}

export type Refusal =
  | 'forbidden' // not the actor's role or unit
  | 'stale' // the card showed another version
  | 'invalidState' // not possible in the current status (e.g. take an assigned case)
  | 'notMember' // assign to someone who is not a coordinator of the unit
  | 'unchanged' // assign to the current assignee
  | 'threadFull';

export type Transition = { ok: true; next: Escalation; event: HistoryEntry } | { ok: false; reason: Refusal };

export interface TransitionContext {
  now: Date;
  /** Current coordinators of the case's unit (for assign). */
  members: ReadonlySet<string>;
  sla: SlaConfig;
  timeZone: string;
}

/** A new case (status neu, version 1): summary already redacted, unit routed, due time computed. */
export function openCase(id: string, actor: Identity, data: NewEscalation & { unitId: string }, now: Date, due: Date): Escalation {
  const at = now.toISOString();
  return {
    id,
    requester: actor.userKey,
    institutionId: actor.institutionId!,
    unitId: data.unitId,
    category: data.category,
    urgency: data.urgency,
    summary: data.summary,
    ...(data.caseRef ? { caseRef: data.caseRef } : {}),
    status: 'neu',
    version: 1,
    createdAt: at,
    updatedAt: at,
    slaDueAt: due.toISOString(),
    thread: [],
    history: [{ v: 1, at, by: actor.userKey, action: 'created' }],
    notifiedVersion: 0,
    recipients: [],
    channelPosted: false,
  };
}

/** Applies an action (texts already redacted) to a case; never mutates `c`. */
export function transition(c: Escalation, action: ActionInput, actor: Identity, ctx: TransitionContext): Transition {
  if (!mayAct(actor, c, action.verb)) return { ok: false, reason: 'forbidden' };
  if (action.version !== undefined && action.version !== c.version) return { ok: false, reason: 'stale' };
  const at = ctx.now.toISOString();
  const v = c.version + 1;
  const next: Escalation = structuredClone(c);
  next.version = v;
  next.updatedAt = at;
  const event: HistoryEntry = { v, at, by: actor.userKey, action: 'taken' };
  const say = (kind: ThreadEntry['kind'], text: string): boolean => {
    if (next.thread.length >= THREAD_MAX) return false;
    next.thread.push({ v, at, by: actor.userKey, kind, text });
    return true;
  };
  /** Leaving "rueckfrage": the waiting time is added to the due time. */
  const resumeSla = () => {
    if (!next.slaPausedAt) return;
    const waited = Math.max(0, ctx.now.getTime() - Date.parse(next.slaPausedAt));
    next.slaDueAt = new Date(Date.parse(next.slaDueAt) + waited).toISOString();
    delete next.slaPausedAt;
  };

  switch (action.verb) {
    case 'take':
      if (c.status !== 'neu' || c.assignee) return { ok: false, reason: 'invalidState' };
      next.status = 'angenommen';
      next.assignee = actor.userKey;
      event.action = 'taken';
      break;
    case 'assign':
      if (!isOpen(c.status)) return { ok: false, reason: 'invalidState' };
      if (!ctx.members.has(action.to)) return { ok: false, reason: 'notMember' };
      if (c.assignee === action.to) return { ok: false, reason: 'unchanged' };
      if (c.status === 'neu') next.status = 'angenommen';
      next.assignee = action.to;
      event.action = 'assigned';
      event.to = action.to;
      break;
    case 'ask':
      if (!isOpen(c.status)) return { ok: false, reason: 'invalidState' };
      if (!say('question', action.text)) return { ok: false, reason: 'threadFull' };
      next.status = 'rueckfrage';
      next.assignee ??= actor.userKey;
      next.slaPausedAt ??= at;
      event.action = 'asked';
      break;
    case 'answer':
      if (c.status !== 'rueckfrage') return { ok: false, reason: 'invalidState' };
      if (!say('answer', action.text)) return { ok: false, reason: 'threadFull' };
      next.status = 'angenommen';
      resumeSla();
      event.action = 'answered';
      break;
    case 'resolve':
      if (!isOpen(c.status)) return { ok: false, reason: 'invalidState' };
      if (!say('resolution', action.text)) return { ok: false, reason: 'threadFull' };
      resumeSla();
      next.status = 'erledigt';
      next.assignee ??= actor.userKey;
      event.action = 'resolved';
      break;
    case 'reopen':
      if (c.status !== 'erledigt') return { ok: false, reason: 'invalidState' };
      next.status = 'angenommen';
      next.assignee ??= actor.userKey;
      next.slaDueAt = slaDueAt(ctx.now, ctx.sla[c.urgency], ctx.timeZone).toISOString();
      delete next.slaPausedAt;
      event.action = 'reopened';
      break;
    case 'withdraw':
      if (!isOpen(c.status)) return { ok: false, reason: 'invalidState' };
      next.status = 'zurueckgezogen';
      delete next.slaPausedAt;
      event.action = 'withdrawn';
      break;
  }
  next.history.push(event);
  return { ok: true, next, event };
}
