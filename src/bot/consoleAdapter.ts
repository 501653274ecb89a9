// A botbuilder adapter for the terminal: the same bot, dialogs and store as the server, no Teams needed.
// Several console users may share one process: every reply names the conversation it belongs to.
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type InvokeResponse,
  type ResourceResponse,
} from 'botbuilder';

/** Receives each visible reply with the id of the conversation it was sent to. */
export type ConsolePrinter = (activity: Partial<Activity>, conversationId: string) => void;

export class ConsoleAdapter extends BotAdapter {
  constructor(private readonly print: ConsolePrinter) {
    super();
  }

  /** Runs one turn; for an invoke (a card's Action.Execute) resolves to the bot's invoke response, as Teams would get it. */
  async processActivity(activity: Partial<Activity>, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const ctx = new TurnContext(this, { id: randomUUID(), timestamp: new Date(), ...activity } as Activity);
    let response: InvokeResponse | undefined;
    ctx.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) if (a.type === ActivityTypes.InvokeResponse) response = a.value as InvokeResponse;
      return next();
    });
    await this.runMiddleware(ctx, logic);
    return response;
  }

  async sendActivities(ctx: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') await new Promise((r) => setTimeout(r, Number(activity.value) || 0));
      else if (activity.type !== ActivityTypes.Typing && activity.type !== ActivityTypes.InvokeResponse) this.print(activity, conversationOf(ctx, activity));
      responses.push({ id: randomUUID() });
    }
    return responses;
  }

  async updateActivity(ctx: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.print(activity, conversationOf(ctx, activity));
  }

  async deleteActivity(): Promise<void> {}

  async continueConversation(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }
}

function conversationOf(ctx: TurnContext, activity: Partial<Activity>): string {
  return activity.conversation?.id ?? ctx.activity.conversation?.id ?? '';
}
