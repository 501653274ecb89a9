// The organiser card's Action.Execute verbs, one function each, registered in a table. The console chat
// (no invokes) sends the same actions as message values; they are answered with a message instead.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { turnInfo, type TurnInfo } from '../../src/bot/turn.js';
import { organiserCard, requesterCard } from '../../src/cards/interpreterCards.js';
import type { BuiltCard } from '../../src/cards/menuCard.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { executeDataSchema, type ExecuteData } from '../../src/interpreters/actions.js';
import type { InterpreterService } from '../../src/interpreters/service.js';
import type { InterpreterRequest } from '../../src/interpreters/store.js';
import { VERBS, type ActionOrigin, type Outcome, type Verb } from '../../src/interpreters/types.js';
import { outcomeText } from './existingRequests.js';
import { cardResponse, errorResponse, messageResponse, say, sendCard } from '../../src/bot/reply.js';
import { cardInfo, originOf } from './turnFacts.js';

type ExecuteResult = { card: BuiltCard } | { text: string; status: number };

interface VerbTurn {
  ctx: TurnContext;
  info: TurnInfo;
  service: InterpreterService;
  data: ExecuteData;
  from: ActionOrigin;
}

/** The organiser's card for `request`, with a notice on top. */
async function organiserView(turn: VerbTurn, request: InterpreterRequest, notice?: string): Promise<ExecuteResult> {
  const { service, info, ctx } = turn;
  return {
    card: organiserCard(cardInfo(info, service.timeZone), service.view(request), {
      suggestions: await service.organiserSuggestions(info.identity.userKey, request),
      inChannel: ctx.activity.conversation?.conversationType === 'channel',
      ...(notice ? { notice } : {}),
    }),
  };
}

/** The card after a change: updated with what happened, or with why nothing happened. */
async function afterChange(turn: VerbTurn, result: Outcome<InterpreterRequest>, done: MessageKey): Promise<ExecuteResult> {
  const { info, service, data, from } = turn;
  const id = data.dol.r;
  if (result.ok) return organiserView(turn, result.value, info.t(done, { id: result.value.id }));
  if (result.current) return organiserView(turn, result.current, outcomeText(info, result.reason, id));
  if (result.reason === 'invalid') {
    const got = await service.get(info.identity, id, from);
    if (got.ok) return organiserView(turn, got.value.request, info.t('interpreters.outcome.invalid'));
  }
  return { text: outcomeText(info, result.reason, id), status: result.reason === 'forbidden' ? 403 : result.reason === 'invalid' ? 400 : 404 };
}

const ref = (data: ExecuteData) => ({ id: data.dol.r, version: data.dol.v ?? 0 });

async function confirm(turn: VerbTurn): Promise<ExecuteResult> {
  const { dolEntry, dolInterpreter, dolNote } = turn.data;
  const input = { ...(dolEntry ? { entryId: dolEntry } : {}), ...(dolInterpreter ? { interpreter: dolInterpreter } : {}), ...(dolNote ? { note: dolNote } : {}) };
  const result = await turn.service.confirm(turn.info.identity, ref(turn.data), input, turn.from);
  return afterChange(turn, result, 'interpreters.organiser.confirmedNotice');
}

async function decline(turn: VerbTurn): Promise<ExecuteResult> {
  const result = await turn.service.decline(turn.info.identity, ref(turn.data), { ...(turn.data.dolNote ? { note: turn.data.dolNote } : {}) }, turn.from);
  return afterChange(turn, result, 'interpreters.organiser.declinedNotice');
}

async function done(turn: VerbTurn): Promise<ExecuteResult> {
  const result = await turn.service.markDone(turn.info.identity, ref(turn.data), turn.from);
  return afterChange(turn, result, 'interpreters.organiser.doneNotice');
}

/** Teams asks for the current card whenever it shows it (Universal Actions refresh). */
async function refresh(turn: VerbTurn): Promise<ExecuteResult> {
  const { service, info, data, from } = turn;
  const got = await service.get(info.identity, data.dol.r, from);
  if (!got.ok) return { text: info.t('interpreters.notFound', { id: data.dol.r }), status: 404 };
  const request = got.value.request;
  if (got.value.as === 'requester' && !service.organiserRole(info.identity, request, from)) return { card: requesterCard(cardInfo(info, service.timeZone), service.view(request)) };
  return organiserView(turn, request);
}

export const CARD_ACTIONS: Record<Verb, (turn: VerbTurn) => Promise<ExecuteResult>> = {
  [VERBS.confirm]: confirm,
  [VERBS.decline]: decline,
  [VERBS.done]: done,
  [VERBS.refresh]: refresh,
};

const isVerb = (verb: string): verb is Verb => Object.hasOwn(CARD_ACTIONS, verb);

export async function runExecute(ctx: TurnContext, service: InterpreterService, verb: string, data: unknown): Promise<ExecuteResult> {
  const info = turnInfo(ctx);
  if (info.identity.userKey === 'anonymous') return { text: info.t('errors.noAccess'), status: 403 };
  const parsed = executeDataSchema.safeParse(data);
  if (!parsed.success || !isVerb(verb)) return { text: info.t('interpreters.outcome.invalid'), status: 400 };
  return CARD_ACTIONS[verb]({ ctx, info, service, data: parsed.data, from: originOf(ctx) });
}

/** An organiser button pressed in a client without invokes: answered as a message. */
export async function replyExecute(ctx: TurnContext, service: InterpreterService, verb: string, data: unknown): Promise<void> {
  const result = await runExecute(ctx, service, verb, data);
  if ('card' in result) await sendCard(ctx, result.card);
  else await say(ctx, result.text);
}

export async function onCardAction(service: InterpreterService, ctx: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
  const result = await runExecute(ctx, service, verb, data);
  if ('card' in result) return cardResponse(result.card);
  // Refusals (403/404) come back as a message the client shows; only malformed input is an error.
  if (result.status >= 400 && result.status !== 403 && result.status !== 404) return errorResponse(result.status, 'BadRequest', result.text);
  return messageResponse(result.text);
}
