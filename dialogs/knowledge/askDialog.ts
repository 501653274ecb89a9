// "frage <text>" / "ask <text>": the answer from the knowledge base, or "nothing fits" with the way to
// the experts. Without a text the dialog asks for the question first.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { answerCard } from '../../src/cards/knowledgeCards.js';
import type { KnowledgeDeps } from './deps.js';
import { viewOf } from './deps.js';
import { say, sendCard } from './reply.js';

export const ASK_DIALOG = 'knowledge.ask';
const QUERY_MAX = 500;

/** Answers one question in the current turn. */
export async function answerQuestion(deps: KnowledgeDeps, dc: DialogContext, query: string): Promise<void> {
  const { t, identity } = turnInfo(dc.context);
  if (query.length > QUERY_MAX) {
    await say(dc.context, t('knowledge.ask.tooLong', { max: QUERY_MAX }));
    return;
  }
  const answer = await deps.knowledge.ask(identity, query);
  if (answer.words === 0) {
    await say(dc.context, t('knowledge.ask.empty'));
    return;
  }
  await sendCard(dc.context, answerCard(viewOf(dc.context), answer, query));
}

export class AskDialog extends Dialog<{ args?: string }> {
  constructor(private readonly deps: KnowledgeDeps) {
    super(ASK_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: { args?: string }): Promise<DialogTurnResult> {
    const query = (options?.args ?? '').trim();
    if (query) {
      await answerQuestion(this.deps, dc, query);
      return dc.endDialog();
    }
    await say(dc.context, turnInfo(dc.context).t('knowledge.ask.prompt'));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const query = (dc.context.activity.text ?? '').trim();
    if (!query) {
      await say(dc.context, turnInfo(dc.context).t('knowledge.ask.prompt'));
      return Dialog.EndOfTurn;
    }
    await answerQuestion(this.deps, dc, query);
    return dc.endDialog();
  }
}
