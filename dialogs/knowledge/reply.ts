// Small reply helpers of the knowledge capabilities: a card or a text (with buttons) in the turn, and
// the three answers an Action.Execute invoke can give (card, message, error).
import { CardFactory, MessageFactory, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import type { BuiltCard } from '../../src/cards/menuCard.js';

export async function sendCard(ctx: TurnContext, built: BuiltCard): Promise<void> {
  await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
}

export async function say(ctx: TurnContext, text: string, buttons: { title: string; value: string }[] = []): Promise<void> {
  await ctx.sendActivity(
    buttons.length ? MessageFactory.suggestedActions(buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.value })), text) : MessageFactory.text(text),
  );
}

export function cardResponse(built: BuiltCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: built.card as never };
}

export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as never };
}

export function errorResponse(statusCode: number, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code: statusCode === 403 ? 'Forbidden' : 'BadRequest', message } as never };
}
