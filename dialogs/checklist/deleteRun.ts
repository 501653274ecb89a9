// Deleting a run: asked once, then removed with its reminders.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import { failed, reply, type ChecklistTurn } from './turn.js';
import { is, WORDS } from './words.js';

export async function askDelete(turn: ChecklistTurn, runId: string): Promise<DialogTurnResult> {
  const { t, identity } = turn.info;
  const opened = await turn.service.open(identity, runId);
  if (!opened.ok && opened.reason !== 'templateGone') return failed(turn, opened.reason, runId);
  Object.assign(turn.state, { phase: 'confirmDelete', runId });
  await reply(turn, t('checklist.delete.ask', { id: runId }), [
    { title: t('checklist.delete.yes'), value: t('checklist.delete.yes') },
    { title: t('checklist.delete.no'), value: t('checklist.delete.no') },
  ]);
  return Dialog.EndOfTurn;
}

export async function onConfirmDelete(turn: ChecklistTurn, norm: string): Promise<DialogTurnResult> {
  const { t, identity } = turn.info;
  const runId = turn.state.runId!;
  if (is(norm, WORDS.yes)) {
    const removed = await turn.service.remove(identity, runId);
    if (!removed.ok) return failed(turn, removed.reason, runId);
    await reply(turn, t('checklist.delete.done', { id: runId }));
    return turn.dc.endDialog();
  }
  if (is(norm, WORDS.no)) {
    await reply(turn, t('checklist.delete.kept'));
    return turn.dc.endDialog();
  }
  return askDelete(turn, runId);
}
