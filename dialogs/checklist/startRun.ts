// Starting a run: a case reference (case-based templates only; a name is refused), then a due date
// (the template's proposal, a typed date or none), then the first step.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import { CASE_REF_MAX } from '../../src/privacy/caseRef.js';
import type { ChecklistTemplate } from '../../src/checklists/templates.js';
import { normalize } from '../../src/text/normalize.js';
import { dueFromText, showStep } from './steps.js';
import { failed, noneButton, reply, type ChecklistTurn } from './turn.js';
import { is, WORDS } from './words.js';

export async function startTemplate(turn: ChecklistTurn, template: ChecklistTemplate): Promise<DialogTurnResult> {
  Object.assign(turn.state, { templateId: template.id, caseRef: undefined, runId: undefined, stepId: undefined });
  if (!template.caseBased) return askStartDue(turn, template);
  turn.state.phase = 'caseRef';
  await reply(turn, turn.info.t('checklist.start.askCaseRef'), [noneButton(turn, 'checklist.start.noCaseRef')]);
  return Dialog.EndOfTurn;
}

export async function onCaseRef(turn: ChecklistTurn, text: string): Promise<DialogTurnResult> {
  const template = turn.service.templates.byId(turn.state.templateId ?? '');
  if (!template) return turn.dc.endDialog();
  if (is(normalize(text), WORDS.none)) {
    turn.state.caseRef = undefined;
    return askStartDue(turn, template);
  }
  const checked = turn.service.checkCaseRef(text);
  if (!checked.ok) {
    // Refused text is neither stored nor logged.
    await reply(turn, turn.info.t(`checklist.caseRef.${checked.reason}`, { max: CASE_REF_MAX }), [noneButton(turn, 'checklist.start.noCaseRef')]);
    return Dialog.EndOfTurn;
  }
  turn.state.caseRef = checked.value;
  return askStartDue(turn, template);
}

async function askStartDue(turn: ChecklistTurn, template: ChecklistTemplate): Promise<DialogTurnResult> {
  const { t, locale } = turn.info;
  turn.state.phase = 'due';
  const proposal = turn.service.proposedDue(template);
  const noDue = noneButton(turn, 'checklist.start.noDue');
  if (proposal) {
    await reply(turn, t('checklist.start.askDueProposal', { date: turn.info.fmt.day(proposal) }), [{ title: t('checklist.start.acceptProposal'), value: 'ok' }, noDue]);
  } else {
    await reply(turn, t('checklist.start.askDue'), [noDue]);
  }
  return Dialog.EndOfTurn;
}

export async function onStartDue(turn: ChecklistTurn, text: string): Promise<DialogTurnResult> {
  const { state, service, info } = turn;
  const template = service.templates.byId(state.templateId ?? '');
  if (!template) return turn.dc.endDialog();
  const due = await dueFromText(turn, text, service.proposedDue(template));
  if (due === undefined) return Dialog.EndOfTurn;
  const started = await service.start(info.identity, {
    templateId: template.id,
    ...(state.caseRef ? { caseRef: state.caseRef } : {}),
    ...(due ? { dueDate: due } : {}),
  });
  if (!started.ok) return failed(turn, started.reason);
  return showStep(turn, started.value, info.t('checklist.start.started', { id: started.value.run.id }));
}
