// Walking a run: show the current step, mark it done or skipped (with a reason), add a note, change the
// due date, go back, pause. Every change is saved before the answer.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import { progressCard, summaryCard } from '../../src/cards/checklistCards.js';
import type { IsoDate } from '../../src/checklists/dueDate.js';
import { NOTE_MAX, REASON_MAX, type RunView } from '../../src/checklists/types.js';
import { normalize } from '../../src/text/normalize.js';
import { cardInfo, failed, noneButton, reply, show, type ChecklistTurn } from './turn.js';
import { is, WORDS } from './words.js';

export type AskWhat = 'skip' | 'note' | 'due';

export async function showStep(turn: ChecklistTurn, view: RunView, notice?: string): Promise<DialogTurnResult> {
  Object.assign(turn.state, { phase: 'step', runId: view.run.id, stepId: view.current.step.id, templateId: view.template.id });
  await show(turn, progressCard(cardInfo(turn.info), view, { today: turn.service.today(), ...(notice ? { notice } : {}) }));
  return Dialog.EndOfTurn;
}

/** Shows the run at its current step, or its summary when it is finished. */
export async function resume(turn: ChecklistTurn, runId: string, notice?: string): Promise<DialogTurnResult> {
  const opened = await turn.service.open(turn.info.identity, runId);
  if (!opened.ok) return failed(turn, opened.reason, runId);
  if (opened.value.run.status !== 'open') {
    await show(turn, summaryCard(cardInfo(turn.info), opened.value));
    return turn.dc.endDialog();
  }
  return showStep(turn, opened.value, notice);
}

/** Asks for a skip reason, a note or a due date for the step titled `title`. */
export async function ask(turn: ChecklistTurn, what: AskWhat, title: string): Promise<DialogTurnResult> {
  const { t } = turn.info;
  if (what === 'skip') {
    turn.state.phase = 'skipReason';
    await reply(turn, t('checklist.step.askSkipReason', { title }), reasonButtons(turn));
  } else if (what === 'note') {
    turn.state.phase = 'note';
    await reply(turn, t('checklist.step.askNote', { title, max: NOTE_MAX }));
  } else {
    turn.state.phase = 'dueEdit';
    await reply(turn, t('checklist.start.askDue'), [noneButton(turn, 'checklist.start.noDue')]);
  }
  return Dialog.EndOfTurn;
}

/**
 * `ask` for the step of `stepId` in `runId` (or the run's current step). A card button may be old, so
 * `fromCard` also checks that the run is still open and makes that step the dialog's step.
 */
export async function askAbout(turn: ChecklistTurn, what: AskWhat, runId: string, stepId: string | undefined, fromCard: boolean): Promise<DialogTurnResult> {
  const opened = await turn.service.open(turn.info.identity, runId);
  if (!opened.ok) return failed(turn, opened.reason, runId);
  if (fromCard && opened.value.run.status !== 'open') return failed(turn, 'finished', runId);
  const step = opened.value.steps.find((s) => s.step.id === stepId) ?? opened.value.current;
  if (fromCard) Object.assign(turn.state, { runId, stepId: step.step.id });
  return ask(turn, what, step.step.title[turn.info.locale]);
}

/** "keine" → null, "ok" → the proposal, else a parsed date; undefined after telling the user why not. */
export async function dueFromText(turn: ChecklistTurn, text: string, proposal?: IsoDate): Promise<IsoDate | null | undefined> {
  const { t, locale } = turn.info;
  const norm = normalize(text);
  if (is(norm, WORDS.none)) return null;
  if (proposal && is(norm, WORDS.accept)) return proposal;
  const parsed = turn.service.parseDue(text, locale);
  if (parsed.ok) return parsed.date;
  const why = parsed.reason === 'impossibleDate' ? t('dates.impossible', { typed: parsed.date }) : t(`checklist.due.${parsed.reason}`);
  await reply(turn, why, [noneButton(turn, 'checklist.start.noDue')]);
  return undefined;
}

export async function mark(turn: ChecklistTurn, runId: string, stepId: string, as: 'done' | 'skipped', reason?: string): Promise<DialogTurnResult> {
  const { info, service } = turn;
  const result = await service.markStep(info.identity, runId, stepId, as, reason);
  if (!result.ok) {
    if (result.reason !== 'alreadyResolved') return failed(turn, result.reason, runId);
    const opened = await service.open(info.identity, runId);
    if (!opened.ok) return failed(turn, opened.reason, runId);
    const title = opened.value.steps.find((s) => s.step.id === stepId)?.step.title[info.locale] ?? stepId;
    return showStep(turn, opened.value, info.t('checklist.step.alreadyResolved', { title }));
  }
  const { view, finished } = result.value;
  if (finished) {
    await show(turn, summaryCard(cardInfo(info), view));
    return turn.dc.endDialog();
  }
  const title = view.steps.find((s) => s.step.id === stepId)!.step.title[info.locale];
  return showStep(turn, view, info.t(as === 'done' ? 'checklist.step.done' : 'checklist.step.skipped', { title }));
}

/** The offered skip reasons, in button order ("2" picks the second). */
function skipReasons(turn: ChecklistTurn): string[] {
  const { t } = turn.info;
  return [t('checklist.step.reasonNa'), t('checklist.step.reasonElsewhere'), t('checklist.step.reasonImpossible')];
}

function reasonButtons(turn: ChecklistTurn) {
  return skipReasons(turn).map((r) => ({ title: r, value: r }));
}

export async function skip(turn: ChecklistTurn, runId: string, stepId: string, typed: string): Promise<DialogTurnResult> {
  const byNumber = /^\d$/.test(typed.trim()) ? skipReasons(turn)[Number(typed.trim()) - 1] : undefined;
  const screened = await turn.service.screenText(byNumber ?? typed, REASON_MAX);
  if (!screened.ok) {
    // The same choices again: a refusal must not leave the user with only free text.
    await reply(turn, turn.info.t(`checklist.screen.${screened.reason}`, { max: REASON_MAX }), reasonButtons(turn));
    Object.assign(turn.state, { phase: 'skipReason', runId, stepId });
    return Dialog.EndOfTurn;
  }
  return mark(turn, runId, stepId, 'skipped', screened.text);
}

export async function note(turn: ChecklistTurn, runId: string, stepId: string, text: string): Promise<DialogTurnResult> {
  const { info } = turn;
  const clearing = is(normalize(text), WORDS.remove);
  const result = await turn.service.setNote(info.identity, runId, stepId, clearing ? '' : text);
  if (!result.ok) {
    if (result.reason !== 'screened') return failed(turn, result.reason, runId);
    const reason = result.screen.ok ? 'empty' : result.screen.reason;
    await reply(turn, info.t(`checklist.screen.${reason}`, { max: NOTE_MAX }));
    Object.assign(turn.state, { phase: 'note', runId, stepId });
    return Dialog.EndOfTurn;
  }
  // Stay on the step the note belongs to.
  const view = { ...result.value, current: result.value.steps.find((s) => s.step.id === stepId) ?? result.value.current };
  return showStep(turn, view, info.t(clearing ? 'checklist.step.noteCleared' : 'checklist.step.noteSaved'));
}

export async function editDue(turn: ChecklistTurn, runId: string, text: string): Promise<DialogTurnResult> {
  const { info } = turn;
  const due = await dueFromText(turn, text);
  if (due === undefined) {
    Object.assign(turn.state, { phase: 'dueEdit', runId });
    return Dialog.EndOfTurn;
  }
  const result = await turn.service.setDue(info.identity, runId, due);
  if (!result.ok) return failed(turn, result.reason, runId);
  const notice = due ? info.t('checklist.due.set', { date: info.fmt.day(due) }) : info.t('checklist.due.cleared');
  return showStep(turn, result.value, notice);
}

export async function back(turn: ChecklistTurn, runId: string): Promise<DialogTurnResult> {
  const result = await turn.service.back(turn.info.identity, runId);
  if (!result.ok) return failed(turn, result.reason, runId);
  return showStep(turn, result.value, turn.info.t('checklist.step.back', { n: result.value.current.index + 1 }));
}

export async function pause(turn: ChecklistTurn, runId: string): Promise<DialogTurnResult> {
  const opened = await turn.service.open(turn.info.identity, runId);
  if (!opened.ok) return failed(turn, opened.reason, runId);
  const v = opened.value;
  await reply(turn, turn.info.t('checklist.step.paused', { done: v.done + v.skipped, total: v.total }));
  return turn.dc.endDialog();
}
