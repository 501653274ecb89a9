// What the escalation service needs from outside to notify people: a renderer that turns a case into
// a message (text summary and card) in the recipient's language. The dialog layer implements it.
import type { OutboxPayload, OutboxTarget } from '../outbox/types.js';
import type { Escalation, HistoryEntry } from './types.js';

export type NoticeRecipient = 'requester' | 'coordinator';
export type SlaNoticeKind = 'reminder' | 'breach';

export interface EscalationRenderer {
  /** The case card a coordinator of the unit gets in 1:1 (later changes update it in place). */
  coordinatorCard(c: Escalation, userKey: string): OutboxPayload;
  /** The post in the unit's inbox channel: id, category, urgency, institution and status only. */
  channelCard(c: Escalation, conversationKey: string): OutboxPayload;
  /** One change of a case, for the requester or a coordinator. */
  notice(c: Escalation, e: HistoryEntry, userKey: string, as: NoticeRecipient): OutboxPayload;
  /** SLA reminder or breach (ids, category, urgency, due time: it may go to a channel). */
  slaNotice(c: Escalation, kind: SlaNoticeKind, target: OutboxTarget): OutboxPayload;
}
