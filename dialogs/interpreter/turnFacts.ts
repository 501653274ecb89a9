// Facts of the current turn the interpreter cards and service calls need.
import type { TurnContext } from 'botbuilder';
import type { TurnInfo } from '../../src/bot/turn.js';
import type { CardInfo } from '../../src/cards/interpreterCards.js';
import type { ActionOrigin } from '../../src/interpreters/types.js';

export function cardInfo(info: TurnInfo, timeZone: string): CardInfo {
  return { t: info.t, fmt: info.fmt, locale: info.locale, timeZone };
}

/** The conversation an action came from (organisers may act inside the registered inbox channel). */
export function originOf(ctx: TurnContext): ActionOrigin {
  const id = ctx.activity.conversation?.id;
  return id ? { conversationId: id } : {};
}
