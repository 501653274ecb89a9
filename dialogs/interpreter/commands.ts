// The interpreter capability's one-step commands: sub-commands of "dolmetscher" that name a request or the
// list, the address file (show, remove an entry) and the institution's interpreter inbox channel
// (register, unregister). One small function each.
import type { TurnContext } from 'botbuilder';
import type { CapabilityContext } from '../../src/bot/capability.js';
import { channelAddressOf } from '../../src/bot/address.js';
import { turnInfo } from '../../src/bot/turn.js';
import type { InterpreterService } from '../../src/interpreters/service.js';
import { resolvePlace } from '../../src/roles/places.js';
import { fold } from '../../src/text/normalize.js';
import { showAddressFile } from './addressDialog.js';
import { requestAction, showList, showRequest } from './existingRequests.js';
import { REQUEST_ID_IN_TEXT, W } from './words.js';
import { say } from '../../src/bot/reply.js';

export { showAddressFile };

/** "dolmetscher stornieren DOL-2026-0001", "… erledigt DOL-…", "… DOL-…" (show it), "dolmetscher liste". */
export type RequestSubCommand = { kind: 'cancel' | 'done' | 'show'; id: string } | { kind: 'list' };

export function parseSubCommand(args: string): RequestSubCommand | undefined {
  const id = REQUEST_ID_IN_TEXT.exec(args.toUpperCase())?.[0];
  if (id) {
    const head = fold(args.split(/\s+/)[0] ?? '');
    return { kind: W.cancelRequest.has(head) ? 'cancel' : W.done.has(head) ? 'done' : 'show', id };
  }
  return W.list.has(fold(args)) || W.mine.has(fold(args)) ? { kind: 'list' } : undefined;
}

export function runSubCommand(ctx: TurnContext, service: InterpreterService, command: RequestSubCommand): Promise<void> {
  switch (command.kind) {
    case 'list':
      return showList(ctx, service);
    case 'show':
      return showRequest(ctx, service, command.id);
    default:
      return requestAction(ctx, service, { a: command.kind, r: command.id });
  }
}

/** "dolmetscher adresse löschen DA-0001". */
export async function removeAddress(ctx: TurnContext, service: InterpreterService, args: string): Promise<void> {
  const info = turnInfo(ctx);
  const id = (args.trim().split(/\s+/)[0] ?? '').toUpperCase();
  const result = await service.removeEntry(info.identity, id);
  if (!result.ok) return say(ctx, result.reason === 'forbidden' ? info.t('errors.noAccess') : info.t('interpreters.address.notFound', { id: id.slice(0, 20) }));
  return showAddressFile(ctx, service, info.t('interpreters.address.removed', { id }));
}

/** The institution an inbox command is about: named in the arguments, else the officer's own. */
function inboxInstitution(ctx: TurnContext, deps: CapabilityContext, args: string): { id?: string; refusal?: string } {
  const { identity, t } = turnInfo(ctx);
  if (!args.trim()) return identity.role === 'officer' && identity.institutionId ? { id: identity.institutionId } : { refusal: t('interpreters.inbox.usage') };
  const place = resolvePlace(deps.institutions, args, 'institution');
  return place.ok ? { id: place.place.id } : { refusal: t(place.message, place.params) };
}

/** "als dolmetscher-eingang registrieren" in a team channel. */
export async function registerInbox(ctx: TurnContext, service: InterpreterService, deps: CapabilityContext, args: string): Promise<void> {
  const { identity, t } = turnInfo(ctx);
  const target = inboxInstitution(ctx, deps, args);
  if (!target.id) return say(ctx, target.refusal!);
  const name = deps.institutions.byId(target.id)?.name ?? target.id;
  const address = channelAddressOf(ctx.activity);
  if (!address) return say(ctx, t('interpreters.inbox.channelOnly'));
  const result = await service.registerInbox(identity, target.id, address);
  return say(ctx, result.ok ? t('interpreters.inbox.registered', { institution: name }) : t('errors.noAccess'));
}

/** "dolmetscher-eingang abmelden". */
export async function unregisterInbox(ctx: TurnContext, service: InterpreterService, deps: CapabilityContext, args: string): Promise<void> {
  const { identity, t } = turnInfo(ctx);
  const target = inboxInstitution(ctx, deps, args);
  if (!target.id) return say(ctx, target.refusal!);
  const name = deps.institutions.byId(target.id)?.name ?? target.id;
  const result = await service.unregisterInbox(identity, target.id);
  return say(ctx, result.ok ? t('interpreters.inbox.unregistered', { institution: name }) : result.reason === 'notFound' ? t('interpreters.inbox.none', { institution: name }) : t('errors.noAccess'));
}
