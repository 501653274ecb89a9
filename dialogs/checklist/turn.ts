// What every checklist handler works with: the dialog context, the dialog's state, the service and the
// turn's user and language; plus the answers they share (text, card, failure).
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { say, sendCard, type ReplyButton } from '../../src/bot/reply.js';
import { turnInfo, type TurnInfo } from '../../src/bot/turn.js';
import type { BuiltCard } from '../../src/cards/menuCard.js';
import type { CardInfo } from '../../src/cards/checklistCards.js';
import { MAX_OPEN_RUNS, type Failure } from '../../src/checklists/types.js';
import type { ChecklistService } from '../../src/checklists/service.js';

export type Phase = 'pickTemplate' | 'pickRun' | 'caseRef' | 'due' | 'step' | 'skipReason' | 'note' | 'dueEdit' | 'confirmDelete';

/** The dialog state: only ids and the phase, never typed text that was refused. */
export interface ChecklistState {
  phase?: Phase;
  templateId?: string;
  caseRef?: string;
  runId?: string;
  stepId?: string;
  offered?: string[];
  runs?: string[];
}

export interface ChecklistTurn {
  dc: DialogContext;
  state: ChecklistState;
  service: ChecklistService;
  info: TurnInfo;
}

export function checklistTurn(dc: DialogContext, service: ChecklistService): ChecklistTurn {
  return { dc, state: dc.activeDialog!.state as ChecklistState, service, info: turnInfo(dc.context) };
}

export function cardInfo(info: TurnInfo): CardInfo {
  return { t: info.t, fmt: info.fmt, locale: info.locale };
}

export function reply(turn: ChecklistTurn, text: string, buttons: readonly ReplyButton[] = []): Promise<void> {
  return say(turn.dc.context, text, buttons);
}

export function show(turn: ChecklistTurn, built: BuiltCard): Promise<void> {
  return sendCard(turn.dc.context, built);
}

/** The "no due date" / "no case reference" answer as a button, in the user's language. */
export function noneButton(turn: ChecklistTurn, titleKey: 'checklist.start.noDue' | 'checklist.start.noCaseRef'): ReplyButton {
  const none = titleKey === 'checklist.start.noDue' ? { de: 'keine', en: 'none' } : { de: 'ohne', en: 'none' };
  return { title: turn.info.t(titleKey), value: none[turn.info.locale] };
}

/** Tells the user why the action failed (not found and not yours read alike) and ends the dialog. */
export async function failed(turn: ChecklistTurn, reason: Failure, runId?: string): Promise<DialogTurnResult> {
  const { t } = turn.info;
  const id = runId ?? '';
  const text =
    reason === 'notFound' ? t('checklist.notFound', { id })
    : reason === 'finished' ? t('checklist.finished', { id })
    : reason === 'templateGone' ? t('checklist.templateGone', { id })
    : reason === 'limit' ? t('checklist.start.limit', { count: MAX_OPEN_RUNS })
    : reason === 'forbidden' ? t('errors.noAccess')
    : t('errors.turnFailed');
  await reply(turn, text);
  return turn.dc.endDialog();
}
