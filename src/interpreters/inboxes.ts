// The registered interpreter inbox channel of each institution, and where a new request goes: the
// inbox channel if there is one, else the other officers of the institution, else the requester.
import type { AuditTrail } from '../audit/auditTrail.js';
import type { ConversationAddress, ConversationDirectory } from '../conversations/conversationDirectory.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { RoleService } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { InterpreterData, InterpreterRequest, NotifyTarget } from './store.js';
import { fail, type ActionOrigin, type Outcome } from './types.js';

/** The ConversationDirectory key of an institution's interpreter inbox channel. */
export const inboxKey = (institutionId: string) => `dolmetscher-eingang:${institutionId}`;

/** A channel conversation id without the ";messageid=…" suffix Teams adds to replies. */
export function stripMessageId(conversationId: string): string {
  return conversationId.split(';')[0]!.trim();
}

export interface InboxDeps {
  store: DocumentStore<InterpreterData>;
  audit: AuditTrail;
  institutions: InstitutionDirectory;
  roles: RoleService;
  conversations: ConversationDirectory;
  now: () => Date;
}

export class Inboxes {
  constructor(private readonly deps: InboxDeps) {}

  inboxOf(institutionId: string) {
    const inbox = this.deps.store.data.inboxes[institutionId];
    return inbox ? structuredClone(inbox) : undefined;
  }

  /** Whether the action comes from inside the institution's registered inbox channel. */
  isInboxOrigin(institutionId: string, origin?: ActionOrigin): boolean {
    const inbox = this.deps.store.data.inboxes[institutionId];
    return Boolean(inbox && origin?.conversationId && stripMessageId(origin.conversationId) === inbox.conversationId);
  }

  /** Admins for any JVA or Bezirksregierung; officers for their own institution. */
  mayManage(actor: Identity, institutionId: string): boolean {
    const kind = this.deps.institutions.byId(institutionId)?.kind;
    if (kind !== 'jva' && kind !== 'bezirksregierung') return false;
    return actor.role === 'admin' || (actor.role === 'officer' && actor.institutionId === institutionId);
  }

  async register(actor: Identity, institutionId: string, address: ConversationAddress): Promise<Outcome<{ institutionId: string }>> {
    if (address.conversationType !== 'channel' || !address.conversationId) return fail('invalid');
    const key = inboxKey(institutionId);
    await this.deps.conversations.remember(key, address);
    await this.deps.store.commit((data) => {
      data.inboxes[institutionId] = {
        conversationKey: key,
        conversationId: stripMessageId(address.conversationId),
        registeredBy: actor.userKey,
        registeredAt: this.deps.now().toISOString(),
      };
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.inbox.register', record: institutionId });
    return { ok: true, value: { institutionId } };
  }

  async unregister(actor: Identity, institutionId: string): Promise<Outcome<{ institutionId: string }>> {
    if (!this.deps.store.data.inboxes[institutionId]) return fail('notFound');
    await this.deps.store.commit((data) => {
      delete data.inboxes[institutionId];
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.inbox.unregister', record: institutionId });
    return { ok: true, value: { institutionId } };
  }

  /** Where a new request of `institutionId` goes. */
  organiserTargets(institutionId: string, requester: string): NotifyTarget[] {
    const inbox = this.deps.store.data.inboxes[institutionId];
    if (inbox && this.deps.conversations.get(inbox.conversationKey)) return [{ conversationKey: inbox.conversationKey }];
    const officers = this.deps.roles.officersOf(institutionId).filter((k) => k !== requester);
    return (officers.length > 0 ? officers : [requester]).map((userKey) => ({ userKey }));
  }

  /** The locale a target's conversation last used. */
  localeOf(targetKey: string): string | undefined {
    return this.deps.conversations.get(targetKey)?.locale;
  }
}

/** The key a notify target is addressed by. */
export function targetKeyOf(target: NotifyTarget): string {
  return 'userKey' in target ? target.userKey : target.conversationKey;
}

export function isRequesterTarget(target: NotifyTarget, request: InterpreterRequest): boolean {
  return 'userKey' in target && target.userKey === request.requester;
}
