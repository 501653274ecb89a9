// Choosing what to work on: the templates for the user's side, or the user's open runs (by number,
// run id or template name).
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import { runListCard, templateListCard } from '../../src/cards/checklistCards.js';
import type { ChecklistTemplate } from '../../src/checklists/templates.js';
import { normalize } from '../../src/text/normalize.js';
import { askDelete } from './deleteRun.js';
import { startTemplate } from './startRun.js';
import { resume } from './steps.js';
import { cardInfo, reply, show, type ChecklistTurn } from './turn.js';
import { is, runIdIn, splitCommand, WORDS } from './words.js';

export async function showTemplates(turn: ChecklistTurn): Promise<DialogTurnResult> {
  const templates = turn.service.templatesFor(turn.info.identity);
  if (templates.length === 0) {
    await reply(turn, turn.info.t('checklist.choose.none'));
    return turn.dc.endDialog();
  }
  Object.assign(turn.state, { phase: 'pickTemplate', offered: templates.map((tpl) => tpl.id) });
  await show(turn, templateListCard(cardInfo(turn.info), templates));
  return Dialog.EndOfTurn;
}

/** The open runs; with `offerResume` and none open, the templates instead. */
export async function showRuns(turn: ChecklistTurn, offerResume: boolean): Promise<DialogTurnResult> {
  const { views, orphans } = await turn.service.listOpen(turn.info.identity);
  if (views.length === 0 && orphans.length === 0 && offerResume) return showTemplates(turn);
  await show(turn, runListCard(cardInfo(turn.info), views, orphans, { today: turn.service.today(), offerResume }));
  if (views.length === 0 && orphans.length === 0) return turn.dc.endDialog();
  Object.assign(turn.state, { phase: 'pickRun', runs: views.map((v) => v.run.id) });
  return Dialog.EndOfTurn;
}

export async function onPickTemplate(turn: ChecklistTurn, text: string): Promise<DialogTurnResult> {
  const { templates } = turn.service;
  const offered = (turn.state.offered ?? []).map((id) => templates.byId(id)).filter((tpl): tpl is ChecklistTemplate => !!tpl);
  const template = templates.find(text, offered);
  if (template) return startTemplate(turn, template);
  await reply(turn, turn.info.t('checklist.choose.hint'));
  return Dialog.EndOfTurn;
}

export async function onPickRun(turn: ChecklistTurn, text: string): Promise<DialogTurnResult> {
  const norm = normalize(text);
  const n = /^\d{1,2}$/.test(norm) ? Number(norm) : NaN;
  const byNumber = turn.state.runs?.[n - 1];
  if (byNumber) return resume(turn, byNumber);
  if (is(norm, WORDS.new)) return showTemplates(turn);
  const runId = runIdIn(text);
  if (runId) return is(splitCommand(text).head, WORDS.remove) ? askDelete(turn, runId) : resume(turn, runId);
  const template = turn.service.templates.find(text, turn.service.templatesFor(turn.info.identity));
  if (template && !/^\d+$/.test(norm)) return startTemplate(turn, template);
  await reply(turn, turn.info.t('checklist.list.hint'));
  return Dialog.EndOfTurn;
}
