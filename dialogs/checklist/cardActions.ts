// Card buttons (Action.Submit with `{cmd, checklist}`), one handler per action. They work in any phase
// and with no dialog active at all (old card, after a restart), because `cmd` routes them back here;
// the service re-checks ownership of the run on every action.
import type { DialogTurnResult } from 'botbuilder-dialogs';
import type { ChecklistAction } from '../../src/checklists/actions.js';
import { showRuns, showTemplates } from './chooseRun.js';
import { askDelete } from './deleteRun.js';
import { startTemplate } from './startRun.js';
import { askAbout, back, mark, pause, resume } from './steps.js';
import { reply, type ChecklistTurn } from './turn.js';

type Handler<A extends ChecklistAction['a']> = (turn: ChecklistTurn, action: ChecklistAction & { a: A }) => Promise<DialogTurnResult>;

const CARD_ACTIONS: { [A in ChecklistAction['a']]: Handler<A> } = {
  start: async (turn, action) => {
    const template = turn.service.templatesFor(turn.info.identity).find((tpl) => tpl.id === action.t);
    if (template) return startTemplate(turn, template);
    await reply(turn, turn.info.t('errors.noAccess'));
    return turn.dc.endDialog();
  },
  new: (turn) => showTemplates(turn),
  list: (turn) => showRuns(turn, false),
  resume: (turn, action) => resume(turn, action.r),
  delete: (turn, action) => askDelete(turn, action.r),
  done: (turn, action) => mark(turn, action.r, action.s, 'done'),
  back: (turn, action) => back(turn, action.r),
  later: (turn, action) => pause(turn, action.r),
  skip: (turn, action) => askAbout(turn, 'skip', action.r, action.s, true),
  note: (turn, action) => askAbout(turn, 'note', action.r, action.s, true),
  due: (turn, action) => askAbout(turn, 'due', action.r, action.s, true),
};

export function onCardAction(turn: ChecklistTurn, action: ChecklistAction): Promise<DialogTurnResult> {
  const handler = CARD_ACTIONS[action.a] as Handler<typeof action.a>;
  return handler(turn, action as never);
}
