// Replying in the interpreter dialogs: text with answer buttons, a card, and the card info for this turn.
import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { TurnInfo } from '../../src/bot/turn.js';
import type { CardInfo } from '../../src/cards/interpreterCards.js';
import type { BuiltCard } from '../../src/cards/menuCard.js';
import type { ActionOrigin } from '../../src/interpreters/types.js';

export interface Button {
  title: string;
  value: string;
}

export async function say(ctx: TurnContext, text: string, buttons: Button[] = []): Promise<void> {
  const activity: Partial<Activity> = buttons.length
    ? MessageFactory.suggestedActions(buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.value })), text)
    : MessageFactory.text(text);
  await ctx.sendActivity(activity);
}

export async function sendCard(ctx: TurnContext, built: BuiltCard): Promise<void> {
  await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
}

export function cardInfo(info: TurnInfo, timeZone: string): CardInfo {
  return { t: info.t, fmt: info.fmt, locale: info.locale, timeZone };
}

/** The conversation an action came from (organisers may act inside the registered inbox channel). */
export function originOf(ctx: TurnContext): ActionOrigin {
  const id = ctx.activity.conversation?.id;
  return id ? { conversationId: id } : {};
}
