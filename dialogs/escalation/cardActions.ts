// Action.Execute verbs of the case card, one function each, registered in CARD_ACTIONS. Card data is
// validated strictly; identity, role, unit and version are re-checked by the service's state machine,
// and a refusal is audited there. A stale card answers with the current state and a banner.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { cardResponse, errorResponse } from '../../src/bot/reply.js';
import { turnInfo, type TurnInfo } from '../../src/bot/turn.js';
import { CARD_VERBS, caseIdSchema, MESSAGE_MAX, REFRESH_VERB, type ActionInput, type Verb } from '../../src/escalations/types.js';
import { doneText, refusalText, where, type Escalations } from './replies.js';

/** What our case cards send: the ids we put in, plus the inputs of the card, nothing else. */
const cardDataSchema = z.strictObject({
  caseId: caseIdSchema,
  version: z.int().min(1).max(1_000_000),
  cmd: z.string().max(200).optional(),
  assignee: z.string().max(200).optional(),
  question: z.string().max(MESSAGE_MAX * 2).optional(),
  note: z.string().max(MESSAGE_MAX * 2).optional(),
  answer: z.string().max(MESSAGE_MAX * 2).optional(),
});
type CardData = z.infer<typeof cardDataSchema>;
const refreshDataSchema = z.strictObject({ caseId: caseIdSchema });

type CardAction = (esc: Escalations, ctx: TurnContext, info: TurnInfo, data: unknown) => Promise<AdaptiveCardInvokeResponse>;

/** The service input of each verb: which card input carries its text or assignee. */
const INPUT_OF: Record<Verb, (d: CardData) => ActionInput> = {
  take: (d) => ({ verb: 'take', caseId: d.caseId, version: d.version }),
  assign: (d) => ({ verb: 'assign', caseId: d.caseId, version: d.version, to: d.assignee ?? '' }),
  ask: (d) => ({ verb: 'ask', caseId: d.caseId, version: d.version, text: d.question ?? '' }),
  resolve: (d) => ({ verb: 'resolve', caseId: d.caseId, version: d.version, text: d.note ?? '' }),
  reopen: (d) => ({ verb: 'reopen', caseId: d.caseId, version: d.version }),
  withdraw: (d) => ({ verb: 'withdraw', caseId: d.caseId, version: d.version }),
  answer: (d) => ({ verb: 'answer', caseId: d.caseId, version: d.version, text: d.answer ?? '' }),
};

/** Refresh: the current card in the viewer's own view. */
const refresh: CardAction = async ({ service, cards }, ctx, info, data) => {
  const parsed = refreshDataSchema.safeParse(data);
  if (!parsed.success) return errorResponse(400, 'BadRequest', info.t('escalations.error.invalid'));
  const viewed = await service.view(info.identity, parsed.data.caseId, where(ctx), ctx.activity.conversation?.id);
  if (!viewed) return errorResponse(404, 'NotFound', info.t('escalations.error.notFound', { id: parsed.data.caseId }));
  return cardResponse(cards.caseCard(viewed.c, viewed.view, info.locale));
};

/** An action verb: the change, then the updated card with a banner saying what happened or why not. */
function act(verb: Verb): CardAction {
  return async (esc, ctx, info, data) => {
    const { service, cards } = esc;
    const { identity, t, locale } = info;
    const parsed = cardDataSchema.safeParse(data);
    if (!parsed.success) return invalid(esc, info, data);
    const d = parsed.data;
    const input = INPUT_OF[verb](d);
    const result = await service.act(identity, input, locale);
    if (!result.ok) {
      if (result.reason === 'forbidden') return errorResponse(403, 'Forbidden', t('errors.noAccess'));
      if (result.reason === 'notFound') return errorResponse(404, 'NotFound', t('escalations.error.notFound', { id: d.caseId }));
      if (result.reason === 'invalid' || result.reason === 'unavailable') return errorResponse(result.reason === 'invalid' ? 400 : 503, 'BadRequest', refusalText(info, service, result.reason, undefined, d.caseId));
      const viewed = await service.view(identity, d.caseId, where(ctx), ctx.activity.conversation?.id);
      if (!viewed) return errorResponse(404, 'NotFound', t('escalations.error.notFound', { id: d.caseId }));
      const banner = { text: refusalText(info, service, result.reason, 'c' in result ? result.c : undefined, d.caseId), attention: true };
      return cardResponse(cards.caseCard(viewed.c, viewed.view, locale, { banner }));
    }
    const viewed = await service.view(identity, d.caseId, where(ctx), ctx.activity.conversation?.id);
    return cardResponse(cards.caseCard(result.c, viewed?.view ?? 'limited', locale, { banner: { text: doneText(info, service, input, result.c, result.redacted) } }));
  };
}

/** Malformed card data or an unknown verb: refused through the service, so it is audited like any other. */
async function invalid({ service }: Escalations, info: TurnInfo, data: unknown): Promise<AdaptiveCardInvokeResponse> {
  await service.act(info.identity, { verb: 'invalid', caseId: (data as { caseId?: unknown } | null)?.caseId }, info.locale);
  return errorResponse(400, 'BadRequest', info.t('escalations.error.invalid'));
}

export const CARD_ACTIONS: Readonly<Record<string, CardAction>> = {
  [REFRESH_VERB]: refresh,
  ...Object.fromEntries((Object.keys(CARD_VERBS) as Verb[]).map((verb) => [CARD_VERBS[verb], act(verb)])),
};

export async function onCardAction(esc: Escalations, ctx: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
  const info = turnInfo(ctx);
  if (info.identity.userKey === 'anonymous') return errorResponse(403, 'Forbidden', info.t('errors.noAccess'));
  const action = Object.hasOwn(CARD_ACTIONS, verb) ? CARD_ACTIONS[verb]! : undefined;
  return action ? action(esc, ctx, info, data) : invalid(esc, info, data);
}
