// A botbuilder adapter for the terminal: the same bot, dialogs and store as the server, no Teams needed.
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

export class ConsoleAdapter extends BotAdapter {
  constructor(private readonly print: (activity: Partial<Activity>) => void) {
    super();
  }

  async processActivity(activity: Partial<Activity>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const ctx = new TurnContext(this, { id: randomUUID(), timestamp: new Date(), ...activity } as Activity);
    await this.runMiddleware(ctx, logic);
  }

  async sendActivities(_ctx: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') await new Promise((r) => setTimeout(r, Number(activity.value) || 0));
      else if (activity.type !== ActivityTypes.Typing && activity.type !== ActivityTypes.InvokeResponse) this.print(activity);
      responses.push({ id: randomUUID() });
    }
    return responses;
  }

  async updateActivity(_ctx: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.print(activity);
  }

  async deleteActivity(): Promise<void> {}

  async continueConversation(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }
}
