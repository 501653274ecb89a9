// A text for an action on a case (answer, question, resolution note), typed in the 1:1 after the
// bot asked for it. A command phrase typed by mistake is not taken as the text.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { say } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { MESSAGE_MAX, type ActionInput } from '../../src/escalations/types.js';
import { normalize } from '../../src/text/normalize.js';
import { runAction, type Escalations } from './replies.js';
import { OWN_PHRASES } from './words.js';

export const TEXT_DIALOG = 'escalation.text';

export interface TextOptions {
  verb: 'answer' | 'ask' | 'resolve';
  caseId: string;
}

export class EscalationTextDialog extends Dialog<TextOptions> {
  constructor(private readonly esc: Escalations) {
    super(TEXT_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: TextOptions): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    Object.assign(dc.activeDialog!.state, options);
    const { t } = turnInfo(dc.context);
    await say(dc.context, t(`escalations.prompt.${options.verb}`, { id: options.caseId, max: MESSAGE_MAX }));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const { verb, caseId } = dc.activeDialog!.state as TextOptions;
    const text = (dc.context.activity.text ?? '').trim();
    if (OWN_PHRASES.has(normalize(text)) || text.length < 2) {
      await say(dc.context, info.t('escalations.prompt.looksLikeCommand', { id: caseId }));
      return Dialog.EndOfTurn;
    }
    if (text.length > MESSAGE_MAX) {
      await say(dc.context, info.t('escalations.prompt.tooLong', { max: MESSAGE_MAX, length: text.length }));
      return Dialog.EndOfTurn;
    }
    await runAction(dc.context, this.esc, { verb, caseId, text } as ActionInput);
    return dc.endDialog();
  }
}
