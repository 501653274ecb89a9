// The one home for answering a turn: plain text (optionally with suggested-action buttons), a card with
// its text summary, and the responses to an Action.Execute invoke. Dialogs and card actions use these
// instead of building activities themselves, so every card activity carries a summary.
import { CardFactory, MessageFactory, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import type { BuiltCard } from '../cards/menuCard.js';

export interface ReplyButton {
  title: string;
  /** Sent back as the user's message when pressed (imBack). */
  value: string;
}

/** Text, with buttons as suggested actions when given. */
export async function say(ctx: TurnContext, text: string, buttons: readonly ReplyButton[] = []): Promise<void> {
  await ctx.sendActivity(
    buttons.length ? MessageFactory.suggestedActions(buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.value })), text) : MessageFactory.text(text),
  );
}

/** An Adaptive Card with its plain-text summary (notifications, screen readers, clients without cards). */
export async function sendCard(ctx: TurnContext, built: BuiltCard): Promise<void> {
  await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
}

/** Action.Execute answered with a card that replaces the one the user acted on. */
export function cardResponse(built: BuiltCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: built.card as unknown as AdaptiveCardInvokeResponse['value'] };
}

/** Action.Execute answered with a message the client shows (the card stays as it is). */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as AdaptiveCardInvokeResponse['value'] };
}

/** Action.Execute refused: `code` such as BadRequest, Forbidden, NotFound; the message is shown to the user. */
export function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } as unknown as AdaptiveCardInvokeResponse['value'] };
}
