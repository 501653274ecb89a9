// The officer's existing requests: "meine dolmetscher", one request by id, and the cancel / done buttons
// of the requester's cards.
import type { TurnContext } from 'botbuilder';
import { turnInfo, type TurnInfo } from '../../src/bot/turn.js';
import { listCard, organiserCard, requesterCard } from '../../src/cards/interpreterCards.js';
import type { DialogAction } from '../../src/interpreters/actions.js';
import type { InterpreterService } from '../../src/interpreters/service.js';
import type { Failure } from '../../src/interpreters/types.js';
import { say, sendCard } from '../../src/bot/reply.js';
import { cardInfo, originOf } from './turnFacts.js';

export function outcomeText(info: TurnInfo, reason: Failure, id: string): string {
  switch (reason) {
    case 'stale':
      return info.t('interpreters.outcome.stale', { id });
    case 'wrongStatus':
      return info.t('interpreters.outcome.wrongStatus', { id });
    case 'invalid':
      return info.t('interpreters.outcome.invalid');
    case 'forbidden':
      return info.t('errors.noAccess');
    default:
      return info.t('interpreters.notFound', { id });
  }
}

export async function showList(ctx: TurnContext, service: InterpreterService): Promise<void> {
  const info = turnInfo(ctx);
  const requests = await service.listOwn(info.identity);
  await sendCard(ctx, listCard(cardInfo(info, service.timeZone), requests.map((r) => service.view(r))));
}

/** One request: the requester's card, or the organiser's card with suggestions. */
export async function showRequest(ctx: TurnContext, service: InterpreterService, id: string): Promise<void> {
  const info = turnInfo(ctx);
  const got = await service.get(info.identity, id, originOf(ctx));
  if (!got.ok) return say(ctx, info.t('interpreters.notFound', { id }));
  const ci = cardInfo(info, service.timeZone);
  const view = service.view(got.value.request);
  if (got.value.as === 'requester') return sendCard(ctx, requesterCard(ci, view));
  const suggestions = await service.organiserSuggestions(info.identity.userKey, view.request);
  return sendCard(ctx, organiserCard(ci, view, { suggestions }));
}

type RequestButton = Extract<DialogAction, { a: 'cancel' | 'done' }>;

async function cancelOrDone(ctx: TurnContext, service: InterpreterService, action: RequestButton): Promise<void> {
  const info = turnInfo(ctx);
  const result =
    action.a === 'cancel'
      ? await service.cancel(info.identity, action.r, action.v)
      : await service.markDone(info.identity, { id: action.r, ...(action.v ? { version: action.v } : {}) }, originOf(ctx));
  const ci = cardInfo(info, service.timeZone);
  if (result.ok) {
    const key = action.a === 'cancel' ? 'interpreters.requester.cancelled' : 'interpreters.requester.doneNotice';
    return sendCard(ctx, requesterCard(ci, service.view(result.value), info.t(key, { id: result.value.id })));
  }
  if (result.current) return sendCard(ctx, requesterCard(ci, service.view(result.current), outcomeText(info, result.reason, action.r)));
  return say(ctx, outcomeText(info, result.reason, action.r));
}

/** The list, cancel and done buttons of the requester's cards (other actions belong to a running dialog). */
export async function requestAction(ctx: TurnContext, service: InterpreterService, action: DialogAction): Promise<void> {
  if (action.a === 'list') return showList(ctx, service);
  if (action.a === 'cancel' || action.a === 'done') return cancelOrDone(ctx, service, action);
}
