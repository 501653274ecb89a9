// What a change of a request means for whom: organiser cards (a new card, or the earlier one updated in
// place) and a notice to the requester. Built inside the commit that changes the request, so the
// request, these outbox rows and the audit entries are written together (requests.ts). Cards come
// from the renderer the dialog layer wires in; this module only decides targets, keys and order.
import type { AuditEntry } from '../audit/auditLog.js';
import type { Logger } from '../log/logger.js';
import type { OutboxRequest, OutboxTarget } from '../outbox/types.js';
import type { AddressFile } from './addressFile.js';
import { isRequesterTarget, targetKeyOf, type Inboxes } from './inboxes.js';
import type { InterpreterRequest, NotifyTarget } from './store.js';
import type { InterpreterRenderer, RequestView, RequesterNotice } from './types.js';

export interface NotifyWhat {
  requester?: RequesterNotice;
  organisers?: 'new' | 'update' | 'cancelled';
}

export interface NotifyDeps {
  renderer: InterpreterRenderer;
  inboxes: Inboxes;
  addresses: AddressFile;
  log: Logger;
}

/** The messages of one change, and the reads they disclose (address entries offered on a card). */
export interface ChangeMessages {
  messages: OutboxRequest[];
  reads: AuditEntry[];
}

function outboxTarget(target: NotifyTarget): OutboxTarget {
  return 'userKey' in target ? { userKey: target.userKey } : { conversationKey: target.conversationKey };
}

function organiserMessages(deps: NotifyDeps, view: RequestView, kind: NonNullable<NotifyWhat['organisers']>, reads: AuditEntry[]): OutboxRequest[] {
  const request = view.request;
  const out: OutboxRequest[] = [];
  for (const target of request.organisers) {
    const key = targetKeyOf(target);
    const locale = deps.inboxes.localeOf(key);
    // Entries are offered only while the request waits for an organiser; each one shown is a read.
    const suggestions = request.status === 'angefragt' ? deps.addresses.match(request.institutionId, request.language, request.mode) : [];
    for (const e of suggestions) reads.push({ actor: key, action: 'interpreter.address.suggest', record: e.id });
    const self = isRequesterTarget(target, request);
    const payload = deps.renderer.organiserCard(locale, view, { suggestions, inChannel: 'conversationKey' in target, requesterIsOrganiser: self });
    const first = `dol:${request.id}:org:${key}`;
    const to = outboxTarget(target);
    if (kind === 'new') out.push({ target: to, payload, key: first });
    else out.push({ target: to, payload, key: `${first}:v${request.version}`, replaces: first });
    if (kind === 'cancelled' && !self) out.push({ target: to, payload: deps.renderer.cancelledForOrganiser(locale, request.id), key: `${first}:v${request.version}:note` });
  }
  return out;
}

function requesterMessage(deps: NotifyDeps, view: RequestView, what: RequesterNotice): OutboxRequest {
  const request: InterpreterRequest = view.request;
  const payload = deps.renderer.requesterNotice(deps.inboxes.localeOf(request.requester), view, what);
  return { target: { userKey: request.requester }, payload, key: `dol:${request.id}:req:v${request.version}` };
}

/** Synchronous: runs inside the commit of the change. */
export function changeMessages(deps: NotifyDeps, view: RequestView, what: NotifyWhat): ChangeMessages {
  const reads: AuditEntry[] = [];
  const messages = what.organisers ? organiserMessages(deps, view, what.organisers, reads) : [];
  if (what.requester) messages.push(requesterMessage(deps, view, what.requester));
  return { messages, reads };
}
