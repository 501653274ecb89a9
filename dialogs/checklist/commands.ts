// Typed sub-commands: what follows "checkliste" ("checkliste CL-2026-0001", "checkliste löschen …",
// "checkliste neu", "checkliste Zugang"), and the words understood while a step is shown ("erledigt",
// "überspringen <Grund>", "notiz <Text>", "frist <Datum>", "zurück", "später", "löschen").
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import { normalize } from '../../src/text/normalize.js';
import { showRuns, showTemplates } from './chooseRun.js';
import { askDelete } from './deleteRun.js';
import { startTemplate } from './startRun.js';
import { askAbout, back, editDue, mark, note, pause, resume, skip } from './steps.js';
import { reply, type ChecklistTurn } from './turn.js';
import { is, runIdIn, splitCommand, WORDS } from './words.js';

/** "checkliste <args>". */
export async function onArgs(turn: ChecklistTurn, args: string): Promise<DialogTurnResult> {
  const norm = normalize(args);
  const runId = runIdIn(args);
  if (runId) return onRunId(turn, args, runId);
  if (norm === '') return showRuns(turn, true);
  if (is(norm, WORDS.list)) return showRuns(turn, false);
  if (is(norm, WORDS.new)) return showTemplates(turn);
  return onTemplateName(turn, args);
}

/** "checkliste CL-2026-0001" resumes it, "checkliste löschen CL-2026-0001" asks to delete it. */
function onRunId(turn: ChecklistTurn, args: string, runId: string): Promise<DialogTurnResult> {
  return is(splitCommand(args).head, WORDS.remove) ? askDelete(turn, runId) : resume(turn, runId);
}

/** "checkliste Zugang": a template offered to the user's side, else the list of templates. */
async function onTemplateName(turn: ChecklistTurn, args: string): Promise<DialogTurnResult> {
  const offered = turn.service.templatesFor(turn.info.identity);
  const template = turn.service.templates.find(args, offered);
  if (template) return startTemplate(turn, template);
  await reply(turn, turn.info.t('checklist.choose.unknown', { value: args.slice(0, 60) }));
  return showTemplates(turn);
}

/** A word typed while a step is shown. */
export async function onStepText(turn: ChecklistTurn, text: string): Promise<DialogTurnResult> {
  const { head, rest } = splitCommand(text);
  const runId = turn.state.runId!;
  const stepId = turn.state.stepId!;
  const norm = normalize(text);
  if (is(norm, WORDS.done)) return mark(turn, runId, stepId, 'done');
  if (is(head, WORDS.skip)) return rest ? skip(turn, runId, stepId, rest) : askAbout(turn, 'skip', runId, stepId, false);
  if (is(norm, WORDS.later)) return pause(turn, runId);
  if (is(head, WORDS.note)) return rest ? note(turn, runId, stepId, rest) : askAbout(turn, 'note', runId, stepId, false);
  if (is(head, WORDS.due) || is(norm, WORDS.due)) return onDueWord(turn, norm, rest);
  if (is(norm, WORDS.back)) return back(turn, runId);
  if (is(norm, WORDS.remove)) return askDelete(turn, runId);
  await reply(turn, turn.info.t('checklist.step.help'));
  return Dialog.EndOfTurn;
}

/** "frist" asks for a date; "frist 20.03." sets it at once. */
function onDueWord(turn: ChecklistTurn, norm: string, rest: string): Promise<DialogTurnResult> {
  const runId = turn.state.runId!;
  const dueRest = is(norm, WORDS.due) ? '' : rest;
  return dueRest ? editDue(turn, runId, dueRest) : askAbout(turn, 'due', runId, turn.state.stepId, false);
}
