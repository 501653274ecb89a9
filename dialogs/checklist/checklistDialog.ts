// The checklist dialog: "checkliste" / "checklist" lists the user's open runs (offering to resume) or
// the templates for their side; a run is walked step by step with a progress card (erledigt /
// überspringen mit Grund / später / Notiz / Frist / zurück). Every action is saved before the answer.
// One dialog with an explicit phase; the phases' handlers live in the files next to this one.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { checklistActionFromValue, type ChecklistAction } from '../../src/checklists/actions.js';
import type { ChecklistService } from '../../src/checklists/service.js';
import { normalize } from '../../src/text/normalize.js';
import { onCardAction } from './cardActions.js';
import { onPickRun, onPickTemplate, showRuns } from './chooseRun.js';
import { onArgs, onStepText } from './commands.js';
import { onConfirmDelete } from './deleteRun.js';
import { onCaseRef, onStartDue } from './startRun.js';
import { editDue, note, skip } from './steps.js';
import { checklistTurn, type ChecklistTurn, type Phase } from './turn.js';
import { COMMAND_WORDS, LIST_COMMANDS, splitCommand } from './words.js';

export const CHECKLIST_DIALOG = 'checklist';

export interface ChecklistDialogOptions {
  args?: string;
  /** Open the list of open runs ("meine checklisten"). */
  list?: boolean;
  action?: ChecklistAction;
}

/** What typed text means in each phase. */
const PHASES: Record<Phase, (turn: ChecklistTurn, text: string, norm: string) => Promise<DialogTurnResult>> = {
  pickTemplate: (turn, text) => onPickTemplate(turn, text),
  pickRun: (turn, text) => onPickRun(turn, text),
  caseRef: (turn, text) => onCaseRef(turn, text),
  due: (turn, text) => onStartDue(turn, text),
  step: (turn, text) => onStepText(turn, text),
  skipReason: (turn, text) => skip(turn, turn.state.runId!, turn.state.stepId!, text),
  note: (turn, text) => note(turn, turn.state.runId!, turn.state.stepId!, text),
  dueEdit: (turn, text) => editDue(turn, turn.state.runId!, text),
  confirmDelete: (turn, _text, norm) => onConfirmDelete(turn, norm),
};

export class ChecklistDialog extends Dialog<ChecklistDialogOptions> {
  constructor(private readonly service: ChecklistService) {
    super(CHECKLIST_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ChecklistDialogOptions): Promise<DialogTurnResult> {
    if (!this.service.mayUse(turnInfo(dc.context).identity)) {
      await dc.context.sendActivity(turnInfo(dc.context).t('errors.noAccess'));
      return dc.endDialog();
    }
    const turn = checklistTurn(dc, this.service);
    const action = options?.action ?? checklistActionFromValue(dc.context.activity.value);
    if (action) return onCardAction(turn, action);
    if (options?.list) return showRuns(turn, false);
    let args = options?.args ?? '';
    if (!args) {
      // Started without the router (tests, other dialogs): take the arguments from "checkliste …" itself.
      const { head, rest } = splitCommand(dc.context.activity.text ?? '');
      if (COMMAND_WORDS.includes(head)) args = rest;
    }
    return onArgs(turn, args);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const turn = checklistTurn(dc, this.service);
    const action = checklistActionFromValue(dc.context.activity.value);
    if (action) return onCardAction(turn, action);
    const text = (dc.context.activity.text ?? '').trim();
    const norm = normalize(text);
    if (LIST_COMMANDS.includes(norm)) return showRuns(turn, false);
    const { head, rest } = splitCommand(text);
    if (COMMAND_WORDS.includes(head)) return onArgs(turn, rest);
    const handle = turn.state.phase && PHASES[turn.state.phase];
    return handle ? handle(turn, text, norm) : dc.endDialog();
  }
}
