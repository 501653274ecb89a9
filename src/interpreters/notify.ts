// What a change of a request means for whom: organiser cards (a new card, or the earlier one updated in
// place) and a notice to the requester, enqueued in the durable outbox. Cards come from the renderer the
// dialog layer wires in; this module only decides targets, keys and order.
import { errorFields, type Logger } from '../log/logger.js';
import type { Notifier, OutboxRequest, OutboxTarget } from '../outbox/types.js';
import type { AddressFile } from './addressFile.js';
import { isRequesterTarget, targetKeyOf, type Inboxes } from './inboxes.js';
import type { InterpreterRequest, NotifyTarget } from './store.js';
import type { InterpreterRenderer, RequestView, RequesterNotice } from './types.js';

export interface NotifyWhat {
  requester?: RequesterNotice;
  organisers?: 'new' | 'update' | 'cancelled';
}

export interface NotifyDeps {
  notifier: Notifier;
  renderer: InterpreterRenderer;
  inboxes: Inboxes;
  addresses: AddressFile;
  log: Logger;
}

function outboxTarget(target: NotifyTarget): OutboxTarget {
  return 'userKey' in target ? { userKey: target.userKey } : { conversationKey: target.conversationKey };
}

async function organiserMessages(deps: NotifyDeps, view: RequestView, kind: NonNullable<NotifyWhat['organisers']>): Promise<OutboxRequest[]> {
  const request = view.request;
  const out: OutboxRequest[] = [];
  for (const target of request.organisers) {
    const key = targetKeyOf(target);
    const locale = deps.inboxes.localeOf(key);
    const suggestions = await deps.addresses.forOrganiser(key, request);
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

/** Never throws: the change is saved either way and the outbox is durable; a failure to enqueue is logged. */
export async function notifyChange(deps: NotifyDeps, view: RequestView, what: NotifyWhat): Promise<void> {
  const out = what.organisers ? await organiserMessages(deps, view, what.organisers) : [];
  if (what.requester) out.push(requesterMessage(deps, view, what.requester));
  if (out.length === 0) return;
  const { id, version } = view.request;
  try {
    await deps.notifier.enqueue(out);
    deps.log.info('interpreter.notified', { id, version, messages: out.length });
  } catch (err) {
    deps.log.error('interpreter.notify_failed', { id, version, ...errorFields(err) });
  }
}
