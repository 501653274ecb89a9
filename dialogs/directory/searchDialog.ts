// "kontakte …" / "contacts …": search the directory.
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { searchResultsCard } from '../../src/cards/directoryCards.js';
import type { DirectoryService } from '../../src/directory/service.js';
import type { DirectoryViews } from './views.js';

export const SEARCH_DIALOG = 'directory.search';
const SEARCH_PROMPT = 'directory.search.prompt';

export interface ArgsOptions {
  args?: string;
}

/** "kontakte …": searches at once with the words given, or asks for them. */
export class SearchDialog extends ComponentDialog {
  constructor(
    private readonly service: DirectoryService,
    private readonly views: DirectoryViews,
  ) {
    super(SEARCH_DIALOG);
    this.addDialog(new TextPrompt(SEARCH_PROMPT));
    this.addDialog(
      new WaterfallDialog(`${SEARCH_DIALOG}.steps`, [
        async (step: WaterfallStepContext) => {
          const options = step.options as ArgsOptions;
          const args = (options.args ?? '').trim();
          delete options.args; // not kept in state.json while a prompt waits (issue 10: free text may name a person)
          if (args) return step.next(args);
          return step.prompt(SEARCH_PROMPT, { prompt: turnInfo(step.context).t('directory.askSearch') });
        },
        async (step: WaterfallStepContext) => {
          const query = String(step.result ?? '').trim().slice(0, 300);
          const { identity } = turnInfo(step.context);
          const found = await this.service.search(identity, query);
          await sendCard(step.context, searchResultsCard(this.views.for(step.context), query, found.contacts, found.total, found.language));
          return step.endDialog(found.contacts.map((c) => c.id));
        },
      ]),
    );
    this.initialDialogId = `${SEARCH_DIALOG}.steps`;
  }
}

