// "wer ist zuständig …" / "who is responsible …": the responsibility answer for a topic and a place.
import type { TurnContext } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import { sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { resolutionCard } from '../../src/cards/directoryCards.js';
import type { Resolution } from '../../src/directory/resolver.js';
import type { DirectoryService } from '../../src/directory/service.js';
import type { ArgsOptions } from './searchDialog.js';
import type { DirectoryViews } from './views.js';

export const RESPONSIBLE_DIALOG = 'directory.responsible';
const QUESTION_PROMPT = 'directory.responsible.prompt';
const PLACE_PROMPT = 'directory.responsible.place';

/** "wer ist zuständig …": answers at once, or asks what and where; asks for the place if only that is missing. */
export class ResponsibleDialog extends ComponentDialog {
  constructor(
    private readonly service: DirectoryService,
    private readonly views: DirectoryViews,
  ) {
    super(RESPONSIBLE_DIALOG);
    this.addDialog(new TextPrompt(QUESTION_PROMPT));
    this.addDialog(new TextPrompt(PLACE_PROMPT));
    this.addDialog(
      new WaterfallDialog(`${RESPONSIBLE_DIALOG}.steps`, [
        async (step) => {
          const options = step.options as ArgsOptions;
          const args = (options.args ?? '').trim();
          delete options.args; // not kept in state.json while a prompt waits (issue 10: free text may name a person)
          if (args) return step.next(args);
          return step.prompt(QUESTION_PROMPT, { prompt: turnInfo(step.context).t('directory.askQuestion') });
        },
        async (step) => {
          const question = String(step.result ?? '').slice(0, 400);
          const resolution = await this.service.answer(turnInfo(step.context).identity, question);
          if (resolution.kind === 'needInstitution') {
            (step.values as { topic?: string }).topic = resolution.topic.id;
            await this.show(step.context, resolution);
            return step.prompt(PLACE_PROMPT, { prompt: turnInfo(step.context).t('directory.askInstitution') });
          }
          await this.show(step.context, resolution);
          return step.endDialog(resolution.kind);
        },
        async (step) => {
          const topicId = (step.values as { topic?: string }).topic!;
          const topic = this.service.topics.topics.find((tp) => tp.id === topicId)!;
          const { identity, locale } = turnInfo(step.context);
          const resolution = await this.service.answer(identity, `${topic.label[locale]} ${String(step.result ?? '').slice(0, 300)}`);
          await this.show(step.context, resolution);
          return step.endDialog(resolution.kind);
        },
      ]),
    );
    this.initialDialogId = `${RESPONSIBLE_DIALOG}.steps`;
  }

  private async show(ctx: TurnContext, resolution: Resolution): Promise<void> {
    // An English question gets an English answer even in a German client, and vice versa.
    await sendCard(ctx, resolutionCard(this.views.for(ctx, resolution.language), resolution));
  }
}

