// Announcements of the Koordinierungskreis (issue 14): a coordinator or admin sends a short text (and an
// optional http(s) link) to all officers, JVA officers or Bezirksregierung officers. Recipients are fixed
// when it is sent; the announcement, one outbox row per recipient (rendered by the caller) and the audit
// entry are one commit. Each recipient
// confirms "Zur Kenntnis genommen" once; the read report counts delivered, failed and confirmed.
import type { AuditTrail } from '../audit/auditTrail.js';
import type { OutboxRequest, OutboxStage } from '../outbox/types.js';
import { commitWithMessages } from '../outbox/withMessages.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Clock } from '../time/clock.js';
import type { RoleService } from '../roles/roleService.js';
import type { Identity, Role } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import { nextId } from '../knowledge/store.js';
import { cleanText } from '../knowledge/text.js';
import { ANNOUNCEMENT_ID, httpUrl, LIMITS, type Announcement, type Audience, type KnowledgeData } from '../knowledge/types.js';

export const SENDER_ROLES: readonly Role[] = ['coordinator', 'admin'];

export type SendRefusal = 'forbidden' | 'tooShort' | 'tooLong' | 'badLink' | 'emptyAudience';
export type SendResult = { ok: true; announcement: Announcement } | { ok: false; reason: SendRefusal };
export type AckResult = { ok: true; announcement: Announcement; already: boolean } | { ok: false; reason: 'notFound' };

/** Delivery facts the outbox knows, per row key. */
export interface DeliveryFacts {
  delivered(key: string): boolean;
  failed(key: string): boolean;
}

export interface ReadReport {
  announcement: Announcement;
  recipients: number;
  delivered: number;
  failed: number;
  confirmed: number;
  /** Per recipient (institution and whether confirmed): only for the sender and the sender's unit. */
  details?: { institutionId: string; confirmed: boolean }[];
}

export function rowKey(announcementId: string, userKey: string): string {
  return `ann:${announcementId}:${userKey}`;
}

export class AnnouncementService {
  constructor(
    private readonly opts: {
      store: DocumentStore<KnowledgeData>;
      audit: AuditTrail;
      clock: Clock;
      roles: RoleService;
      institutions: InstitutionDirectory;
      /** The outbox the announcement commits together with. */
      outbox: () => OutboxStage;
    },
  ) {}

  private async audit(actor: Identity, action: string, record?: string, outcome: 'ok' | 'denied' | 'rejected' = 'ok'): Promise<void> {
    await this.opts.audit.record({ actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome });
  }

  /** Officers the audience means, from the roster and admin assignments, each once. */
  recipients(audience: Audience): { userKey: string; institutionId: string }[] {
    const kinds = audience === 'all' ? (['jva', 'bezirksregierung'] as const) : ([audience] as const);
    const out = new Map<string, string>();
    for (const kind of kinds) {
      for (const inst of this.opts.institutions.ofKind(kind)) for (const key of this.opts.roles.officersOf(inst.id)) out.set(key, inst.id);
    }
    return [...out.entries()].map(([userKey, institutionId]) => ({ userKey, institutionId })).sort((a, b) => a.userKey.localeCompare(b.userKey));
  }

  checkText(text: string): 'tooShort' | 'tooLong' | undefined {
    const clean = cleanText(text);
    return clean.length < LIMITS.announcementMin ? 'tooShort' : clean.length > LIMITS.announcement ? 'tooLong' : undefined;
  }

  checkLink(link: string): string | undefined {
    const parsed = httpUrl.safeParse(link);
    return parsed.success ? parsed.data : undefined;
  }

  /** Sends with `messages`: one outbox row per recipient (keys from rowKey), rendered by the caller. */
  async send(actor: Identity, input: { text: string; link?: string; audience: Audience }, messages: (a: Announcement) => OutboxRequest[]): Promise<SendResult> {
    if (!SENDER_ROLES.includes(actor.role)) {
      await this.audit(actor, 'announcement.send', undefined, 'denied');
      return { ok: false, reason: 'forbidden' };
    }
    const problem = this.checkText(input.text);
    if (problem) return { ok: false, reason: problem };
    const link = input.link === undefined ? undefined : this.checkLink(input.link);
    if (input.link !== undefined && !link) return { ok: false, reason: 'badLink' };
    const recipients = this.recipients(input.audience);
    if (recipients.length === 0) {
      await this.audit(actor, 'announcement.send', undefined, 'rejected');
      return { ok: false, reason: 'emptyAudience' };
    }
    const now = this.opts.clock.now();
    const announcement = await commitWithMessages(this.opts.store, this.opts.outbox(), this.opts.audit, (d) => {
      const id = nextId(d, 'ANK', now);
      const a: Announcement = {
        id, sender: actor.userKey, ...(actor.role === 'coordinator' && actor.unitId ? { senderUnit: actor.unitId } : {}),
        text: cleanText(input.text), ...(link ? { link } : {}), audience: input.audience, recipients, acks: {}, createdAt: now.toISOString(),
      };
      d.announcements[id] = a;
      const entry = { actor: actor.userKey, action: 'announcement.send', record: id, role: actor.role, outcome: 'ok' as const };
      return { result: structuredClone(a), messages: messages(a), entries: [entry] };
    });
    return { ok: true, announcement };
  }

  /** "Zur Kenntnis genommen": recipients only, once (a second click changes nothing). */
  async acknowledge(actor: Identity, id: string): Promise<AckResult> {
    const a = ANNOUNCEMENT_ID.test(id) && Object.hasOwn(this.opts.store.data.announcements, id) ? this.opts.store.data.announcements[id] : undefined;
    if (!a || !a.recipients.some((r) => r.userKey === actor.userKey)) {
      await this.audit(actor, 'announcement.ack', id.slice(0, 40), 'rejected');
      return { ok: false, reason: 'notFound' };
    }
    if (Object.hasOwn(a.acks, actor.userKey)) return { ok: true, announcement: structuredClone(a), already: true };
    const now = this.opts.clock.now().toISOString();
    const updated = await this.opts.store.commit((d) => {
      d.announcements[id]!.acks[actor.userKey] = now;
      return structuredClone(d.announcements[id]!);
    });
    await this.audit(actor, 'announcement.ack', id);
    return { ok: true, announcement: updated, already: false };
  }

  /** The announcement as its recipient sees it (for the card refresh); "not found" for everyone else. */
  forRecipient(actor: Identity, id: string): Announcement | undefined {
    const a = ANNOUNCEMENT_ID.test(id) ? this.opts.store.data.announcements[id] : undefined;
    return a && a.recipients.some((r) => r.userKey === actor.userKey) ? structuredClone(a) : undefined;
  }

  private maySeeReport(actor: Identity, a: Announcement): boolean {
    return a.sender === actor.userKey || (actor.role === 'coordinator' && actor.unitId !== undefined && actor.unitId === a.senderUnit) || actor.role === 'admin';
  }

  private maySeeNames(actor: Identity, a: Announcement): boolean {
    return a.sender === actor.userKey || (actor.role === 'coordinator' && actor.unitId !== undefined && actor.unitId === a.senderUnit);
  }

  /** Read report; admins see counts only unless they sent it. */
  async report(actor: Identity, id: string, facts: DeliveryFacts): Promise<ReadReport | undefined> {
    const key = id.toUpperCase();
    const a = ANNOUNCEMENT_ID.test(key) ? this.opts.store.data.announcements[key] : undefined;
    if (!a || !this.maySeeReport(actor, a)) {
      await this.audit(actor, 'announcement.report', key.slice(0, 40), 'rejected');
      return undefined;
    }
    await this.audit(actor, 'announcement.report', a.id);
    const keys = a.recipients.map((r) => rowKey(a.id, r.userKey));
    return {
      announcement: structuredClone(a),
      recipients: a.recipients.length,
      delivered: keys.filter((k) => facts.delivered(k)).length,
      failed: keys.filter((k) => facts.failed(k)).length,
      confirmed: Object.keys(a.acks).length,
      ...(this.maySeeNames(actor, a) ? { details: a.recipients.map((r) => ({ institutionId: r.institutionId, confirmed: Object.hasOwn(a.acks, r.userKey) })) } : {}),
    };
  }

  /** The reports this user may see, newest first. */
  mine(actor: Identity): Announcement[] {
    return Object.values(this.opts.store.data.announcements)
      .filter((a) => this.maySeeReport(actor, a))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, 10);
  }
}
