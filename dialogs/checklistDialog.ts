// Checklists capability: "checkliste" / "checklist" lists the user's open runs (offering to resume) or
// the templates for their side; a run is walked step by step with a progress card (erledigt /
// überspringen mit Grund / später / Notiz / Frist / zurück). Every action is saved before the answer.
//
// One dialog with an explicit phase: card buttons carry `{cmd, checklist}` and work in any phase — and
// with no dialog active at all (old card, after a restart), because `cmd` routes them back here.
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Capability, OpenCapabilityModule } from '../src/bot/capability.js';
import { turnInfo, type TurnInfo } from '../src/bot/turn.js';
import { normalize } from '../src/institutions/normalize.js';
import { checklistActionFromValue, type ChecklistAction } from '../src/checklists/actions.js';
import { CASE_REF_MAX } from '../src/checklists/privacy.js';
import { openChecklistStore } from '../src/checklists/store.js';
import { loadTemplates, type ChecklistTemplate } from '../src/checklists/templates.js';
import {
  CHECKLIST_ROLES,
  ChecklistService,
  MAX_OPEN_RUNS,
  NOTE_MAX,
  REASON_MAX,
  REMINDER_KIND,
  type Failure,
  type RunView,
} from '../src/checklists/service.js';
import type { IsoDate } from '../src/checklists/dueDate.js';
import { formatDay, progressCard, runListCard, summaryCard, templateListCard, type CardInfo } from '../src/cards/checklistCards.js';
import type { BuiltCard } from '../src/cards/menuCard.js';

export const CHECKLIST_DIALOG = 'checklist';

type Phase = 'pickTemplate' | 'pickRun' | 'caseRef' | 'due' | 'step' | 'skipReason' | 'note' | 'dueEdit' | 'confirmDelete';

interface State {
  phase?: Phase;
  templateId?: string;
  caseRef?: string;
  runId?: string;
  stepId?: string;
  offered?: string[];
  runs?: string[];
}

export interface ChecklistDialogOptions {
  args?: string;
  /** Open the list of open runs ("meine checklisten"). */
  list?: boolean;
  action?: ChecklistAction;
}

// Typed words, compared after normalize() (lower-case, umlauts folded, punctuation dropped). Both languages always.
const WORDS = {
  none: ['ohne', 'keine', 'kein', 'keins', 'none', 'no', 'nein', 'no reference', 'no due date', 'keine frist', 'ohne aktenzeichen', 'ohne frist'],
  accept: ['ok', 'okay', 'ja', 'yes', 'vorschlag', 'vorschlag uebernehmen', 'uebernehmen', 'take suggestion', 'accept'],
  done: ['erledigt', 'ok', 'okay', 'fertig', 'done', 'check', 'ja', 'yes'],
  skip: ['ueberspringen', 'uberspringen', 'skip'],
  later: ['spaeter', 'spater', 'later', 'pause', 'pausieren'],
  note: ['notiz', 'note'],
  due: ['frist', 'due', 'due date', 'termin', 'deadline'],
  back: ['zurueck', 'zuruck', 'back'],
  remove: ['loeschen', 'loschen', 'delete', 'entfernen', 'remove'],
  list: ['liste', 'list', 'offen', 'open', 'meine', 'mine', 'uebersicht'],
  new: ['neu', 'new', 'neue', 'vorlagen', 'templates', 'starten', 'start'],
  yes: ['ja', 'yes', 'ja loeschen', 'yes delete', 'loeschen', 'delete'],
  no: ['nein', 'no', 'nein behalten', 'no keep it', 'behalten', 'keep'],
};
const is = (norm: string, list: readonly string[]) => list.includes(norm);
const RUN_ID_IN_TEXT = /\bCL-\d{4}-\d{4,}\b/i;
const COMMAND_WORDS = ['checkliste', 'checklisten', 'checklist', 'checklists'];
const LIST_COMMANDS = ['meine checklisten', 'meine checkliste', 'my checklists'];

/** First word (normalized) and the rest as typed. */
function splitCommand(text: string): { head: string; rest: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) return { head: normalize(trimmed), rest: '' };
  return { head: normalize(trimmed.slice(0, space)), rest: trimmed.slice(space + 1).trim() };
}

function cardInfo(info: TurnInfo): CardInfo {
  return { t: info.t, fmt: info.fmt, locale: info.locale };
}

export class ChecklistDialog extends Dialog<ChecklistDialogOptions> {
  constructor(private readonly service: ChecklistService) {
    super(CHECKLIST_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: ChecklistDialogOptions): Promise<DialogTurnResult> {
    const state = this.state(dc);
    if (!this.service.mayUse(turnInfo(dc.context).identity)) {
      await dc.context.sendActivity(turnInfo(dc.context).t('errors.noAccess'));
      return dc.endDialog();
    }
    const action = options?.action ?? checklistActionFromValue(dc.context.activity.value);
    if (action) return this.onAction(dc, state, action);
    if (options?.list) return this.showRuns(dc, state, false);
    let args = options?.args ?? '';
    if (!args) {
      // Started without the router (tests, other dialogs): take the arguments from "checkliste …" itself.
      const { head, rest } = splitCommand(dc.context.activity.text ?? '');
      if (COMMAND_WORDS.includes(head)) args = rest;
    }
    return this.onArgs(dc, state, args);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = this.state(dc);
    const action = checklistActionFromValue(dc.context.activity.value);
    if (action) return this.onAction(dc, state, action);
    const text = (dc.context.activity.text ?? '').trim();
    const norm = normalize(text);
    if (LIST_COMMANDS.includes(norm)) return this.showRuns(dc, state, false);
    const { head, rest } = splitCommand(text);
    if (COMMAND_WORDS.includes(head)) return this.onArgs(dc, state, rest);

    switch (state.phase) {
      case 'pickTemplate':
        return this.onPickTemplate(dc, state, text);
      case 'pickRun':
        return this.onPickRun(dc, state, text);
      case 'caseRef':
        return this.onCaseRef(dc, state, text);
      case 'due':
        return this.onStartDue(dc, state, text);
      case 'step':
        return this.onStepText(dc, state, text);
      case 'skipReason':
        return this.skip(dc, state, state.runId!, state.stepId!, text);
      case 'note':
        return this.note(dc, state, state.runId!, state.stepId!, text);
      case 'dueEdit':
        return this.editDue(dc, state, state.runId!, text);
      case 'confirmDelete':
        return this.onConfirmDelete(dc, state, norm);
      default:
        return dc.endDialog();
    }
  }

  private state(dc: DialogContext): State {
    return dc.activeDialog!.state as State;
  }

  private info(dc: DialogContext): TurnInfo {
    return turnInfo(dc.context);
  }

  private async sendCard(dc: DialogContext, built: BuiltCard): Promise<void> {
    await dc.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
  }

  private async say(dc: DialogContext, text: string, buttons: { title: string; value: string }[] = []): Promise<void> {
    const activity: Partial<Activity> = buttons.length
      ? MessageFactory.suggestedActions(buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.value })), text)
      : MessageFactory.text(text);
    await dc.context.sendActivity(activity);
  }

  // -------------------------------------------------------------------------------------------
  // Entry: arguments of the command, card actions
  // -------------------------------------------------------------------------------------------

  private async onArgs(dc: DialogContext, state: State, args: string): Promise<DialogTurnResult> {
    const norm = normalize(args);
    const runId = RUN_ID_IN_TEXT.exec(args)?.[0].toUpperCase();
    if (runId) {
      const { head } = splitCommand(args);
      return is(head, WORDS.remove) ? this.askDelete(dc, state, runId) : this.resume(dc, state, runId);
    }
    if (norm === '') return this.showRuns(dc, state, true);
    if (is(norm, WORDS.list)) return this.showRuns(dc, state, false);
    if (is(norm, WORDS.new)) return this.showTemplates(dc, state);
    const offered = this.service.templatesFor(this.info(dc).identity);
    const template = this.service.templates.find(args, offered);
    if (template) return this.startTemplate(dc, state, template);
    await this.say(dc, this.info(dc).t('checklist.choose.unknown', { value: args.slice(0, 60) }));
    return this.showTemplates(dc, state);
  }

  private async onAction(dc: DialogContext, state: State, action: ChecklistAction): Promise<DialogTurnResult> {
    const { t, identity } = this.info(dc);
    switch (action.a) {
      case 'start': {
        const template = this.service.templatesFor(identity).find((tpl) => tpl.id === action.t);
        if (!template) {
          await this.say(dc, t('errors.noAccess'));
          return dc.endDialog();
        }
        return this.startTemplate(dc, state, template);
      }
      case 'new':
        return this.showTemplates(dc, state);
      case 'list':
        return this.showRuns(dc, state, false);
      case 'resume':
        return this.resume(dc, state, action.r);
      case 'delete':
        return this.askDelete(dc, state, action.r);
      case 'done':
        return this.mark(dc, state, action.r, action.s, 'done');
      case 'back':
        return this.back(dc, state, action.r);
      case 'later':
        return this.pause(dc, action.r);
      case 'skip':
      case 'note':
      case 'due': {
        const opened = await this.service.open(identity, action.r);
        if (!opened.ok) return this.failed(dc, opened.reason, action.r);
        if (opened.value.run.status !== 'open') return this.failed(dc, 'finished', action.r);
        const step = opened.value.steps.find((s) => s.step.id === action.s) ?? opened.value.current;
        Object.assign(state, { runId: action.r, stepId: step.step.id });
        return this.ask(dc, state, action.a, step.step.title[this.info(dc).locale]);
      }
    }
  }

  private async ask(dc: DialogContext, state: State, what: 'skip' | 'note' | 'due', title: string): Promise<DialogTurnResult> {
    const { t } = this.info(dc);
    if (what === 'skip') {
      state.phase = 'skipReason';
      const reasons = [t('checklist.step.reasonNa'), t('checklist.step.reasonElsewhere'), t('checklist.step.reasonImpossible')];
      await this.say(dc, t('checklist.step.askSkipReason', { title }), reasons.map((r) => ({ title: r, value: r })));
    } else if (what === 'note') {
      state.phase = 'note';
      await this.say(dc, t('checklist.step.askNote', { title, max: NOTE_MAX }));
    } else {
      state.phase = 'dueEdit';
      await this.say(dc, t('checklist.start.askDue'), [{ title: t('checklist.start.noDue'), value: this.info(dc).locale === 'de' ? 'keine' : 'none' }]);
    }
    return Dialog.EndOfTurn;
  }

  // -------------------------------------------------------------------------------------------
  // Choosing: templates and open runs
  // -------------------------------------------------------------------------------------------

  private async showTemplates(dc: DialogContext, state: State): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const templates = this.service.templatesFor(info.identity);
    if (templates.length === 0) {
      await this.say(dc, info.t('checklist.choose.none'));
      return dc.endDialog();
    }
    Object.assign(state, { phase: 'pickTemplate', offered: templates.map((tpl) => tpl.id) });
    await this.sendCard(dc, templateListCard(cardInfo(info), templates));
    return Dialog.EndOfTurn;
  }

  private async showRuns(dc: DialogContext, state: State, offerResume: boolean): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const { views, orphans } = await this.service.listOpen(info.identity);
    if (views.length === 0 && orphans.length === 0 && offerResume) return this.showTemplates(dc, state);
    await this.sendCard(dc, runListCard(cardInfo(info), views, orphans, { today: this.service.today(), offerResume }));
    if (views.length === 0 && orphans.length === 0) return dc.endDialog();
    Object.assign(state, { phase: 'pickRun', runs: views.map((v) => v.run.id) });
    return Dialog.EndOfTurn;
  }

  private async onPickTemplate(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const offered = (state.offered ?? []).map((id) => this.service.templates.byId(id)).filter((tpl): tpl is ChecklistTemplate => !!tpl);
    const template = this.service.templates.find(text, offered);
    if (template) return this.startTemplate(dc, state, template);
    await this.say(dc, info.t('checklist.choose.hint'));
    return Dialog.EndOfTurn;
  }

  private async onPickRun(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const norm = normalize(text);
    const n = /^\d{1,2}$/.test(norm) ? Number(norm) : NaN;
    const byNumber = state.runs?.[n - 1];
    if (byNumber) return this.resume(dc, state, byNumber);
    if (is(norm, WORDS.new)) return this.showTemplates(dc, state);
    const runId = RUN_ID_IN_TEXT.exec(text)?.[0].toUpperCase();
    if (runId) return is(splitCommand(text).head, WORDS.remove) ? this.askDelete(dc, state, runId) : this.resume(dc, state, runId);
    const template = this.service.templates.find(text, this.service.templatesFor(this.info(dc).identity));
    if (template && !/^\d+$/.test(norm)) return this.startTemplate(dc, state, template);
    await this.say(dc, this.info(dc).t('checklist.list.hint'));
    return Dialog.EndOfTurn;
  }

  // -------------------------------------------------------------------------------------------
  // Starting: case reference → due date → first step
  // -------------------------------------------------------------------------------------------

  private async startTemplate(dc: DialogContext, state: State, template: ChecklistTemplate): Promise<DialogTurnResult> {
    const { t, locale } = this.info(dc);
    Object.assign(state, { templateId: template.id, caseRef: undefined, runId: undefined, stepId: undefined });
    if (template.caseBased) {
      state.phase = 'caseRef';
      await this.say(dc, t('checklist.start.askCaseRef'), [{ title: t('checklist.start.noCaseRef'), value: locale === 'de' ? 'ohne' : 'none' }]);
      return Dialog.EndOfTurn;
    }
    return this.askStartDue(dc, state, template);
  }

  private async onCaseRef(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t, locale } = this.info(dc);
    const template = this.service.templates.byId(state.templateId ?? '');
    if (!template) return dc.endDialog();
    if (is(normalize(text), WORDS.none)) {
      state.caseRef = undefined;
      return this.askStartDue(dc, state, template);
    }
    const checked = this.service.checkCaseRef(text);
    if (!checked.ok) {
      // Refused text is neither stored nor logged.
      await this.say(dc, t(`checklist.caseRef.${checked.reason}`, { max: CASE_REF_MAX }), [
        { title: t('checklist.start.noCaseRef'), value: locale === 'de' ? 'ohne' : 'none' },
      ]);
      return Dialog.EndOfTurn;
    }
    state.caseRef = checked.value;
    return this.askStartDue(dc, state, template);
  }

  private async askStartDue(dc: DialogContext, state: State, template: ChecklistTemplate): Promise<DialogTurnResult> {
    const { t, locale } = this.info(dc);
    state.phase = 'due';
    const proposal = this.service.proposedDue(template);
    const noDue = { title: t('checklist.start.noDue'), value: locale === 'de' ? 'keine' : 'none' };
    if (proposal) {
      await this.say(dc, t('checklist.start.askDueProposal', { date: formatDay(locale, proposal) }), [
        { title: t('checklist.start.acceptProposal'), value: 'ok' },
        noDue,
      ]);
    } else {
      await this.say(dc, t('checklist.start.askDue'), [noDue]);
    }
    return Dialog.EndOfTurn;
  }

  /** "keine" → null, "ok" → the proposal, else a parsed date; undefined after telling the user why not. */
  private async dueFromText(dc: DialogContext, text: string, proposal?: IsoDate): Promise<IsoDate | null | undefined> {
    const { t, locale } = this.info(dc);
    const norm = normalize(text);
    if (is(norm, WORDS.none)) return null;
    if (proposal && is(norm, WORDS.accept)) return proposal;
    const parsed = this.service.parseDue(text, locale);
    if (parsed.ok) return parsed.date;
    await this.say(dc, t(`checklist.due.${parsed.reason}`), [{ title: t('checklist.start.noDue'), value: locale === 'de' ? 'keine' : 'none' }]);
    return undefined;
  }

  private async onStartDue(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const template = this.service.templates.byId(state.templateId ?? '');
    if (!template) return dc.endDialog();
    const due = await this.dueFromText(dc, text, this.service.proposedDue(template));
    if (due === undefined) return Dialog.EndOfTurn;
    const started = await this.service.start(info.identity, {
      templateId: template.id,
      ...(state.caseRef ? { caseRef: state.caseRef } : {}),
      ...(due ? { dueDate: due } : {}),
    });
    if (!started.ok) return this.failed(dc, started.reason);
    return this.showStep(dc, state, started.value, info.t('checklist.start.started', { id: started.value.run.id }));
  }

  // -------------------------------------------------------------------------------------------
  // Walking the steps
  // -------------------------------------------------------------------------------------------

  private async showStep(dc: DialogContext, state: State, view: RunView, notice?: string): Promise<DialogTurnResult> {
    Object.assign(state, { phase: 'step', runId: view.run.id, stepId: view.current.step.id, templateId: view.template.id });
    await this.sendCard(dc, progressCard(cardInfo(this.info(dc)), view, { today: this.service.today(), ...(notice ? { notice } : {}) }));
    return Dialog.EndOfTurn;
  }

  private async resume(dc: DialogContext, state: State, runId: string, notice?: string): Promise<DialogTurnResult> {
    const opened = await this.service.open(this.info(dc).identity, runId);
    if (!opened.ok) return this.failed(dc, opened.reason, runId);
    if (opened.value.run.status !== 'open') {
      await this.sendCard(dc, summaryCard(cardInfo(this.info(dc)), opened.value));
      return dc.endDialog();
    }
    return this.showStep(dc, state, opened.value, notice);
  }

  private async onStepText(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { head, rest } = splitCommand(text);
    const runId = state.runId!;
    const stepId = state.stepId!;
    const norm = normalize(text);
    if (is(norm, WORDS.done)) return this.mark(dc, state, runId, stepId, 'done');
    if (is(head, WORDS.skip)) return rest ? this.skip(dc, state, runId, stepId, rest) : this.askFor(dc, state, 'skip');
    if (is(norm, WORDS.later)) return this.pause(dc, runId);
    if (is(head, WORDS.note)) return rest ? this.note(dc, state, runId, stepId, rest) : this.askFor(dc, state, 'note');
    if (is(head, WORDS.due) || is(norm, WORDS.due)) {
      const dueRest = is(norm, WORDS.due) ? '' : rest;
      return dueRest ? this.editDue(dc, state, runId, dueRest) : this.askFor(dc, state, 'due');
    }
    if (is(norm, WORDS.back)) return this.back(dc, state, runId);
    if (is(norm, WORDS.remove)) return this.askDelete(dc, state, runId);
    await this.say(dc, this.info(dc).t('checklist.step.help'));
    return Dialog.EndOfTurn;
  }

  private async askFor(dc: DialogContext, state: State, what: 'skip' | 'note' | 'due'): Promise<DialogTurnResult> {
    const opened = await this.service.open(this.info(dc).identity, state.runId!);
    if (!opened.ok) return this.failed(dc, opened.reason, state.runId);
    const step = opened.value.steps.find((s) => s.step.id === state.stepId) ?? opened.value.current;
    return this.ask(dc, state, what, step.step.title[this.info(dc).locale]);
  }

  private async mark(dc: DialogContext, state: State, runId: string, stepId: string, as: 'done' | 'skipped', reason?: string): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const result = await this.service.markStep(info.identity, runId, stepId, as, reason);
    if (!result.ok) {
      if (result.reason === 'alreadyResolved') {
        const opened = await this.service.open(info.identity, runId);
        if (!opened.ok) return this.failed(dc, opened.reason, runId);
        const title = opened.value.steps.find((s) => s.step.id === stepId)?.step.title[info.locale] ?? stepId;
        return this.showStep(dc, state, opened.value, info.t('checklist.step.alreadyResolved', { title }));
      }
      return this.failed(dc, result.reason, runId);
    }
    const { view, finished } = result.value;
    if (finished) {
      await this.sendCard(dc, summaryCard(cardInfo(info), view));
      return dc.endDialog();
    }
    const title = view.steps.find((s) => s.step.id === stepId)!.step.title[info.locale];
    return this.showStep(dc, state, view, info.t(as === 'done' ? 'checklist.step.done' : 'checklist.step.skipped', { title }));
  }

  private async skip(dc: DialogContext, state: State, runId: string, stepId: string, reason: string): Promise<DialogTurnResult> {
    const { t } = this.info(dc);
    const screened = await this.service.screenText(reason, REASON_MAX);
    if (!screened.ok) {
      await this.say(dc, t(`checklist.screen.${screened.reason}`, { max: REASON_MAX }));
      Object.assign(state, { phase: 'skipReason', runId, stepId });
      return Dialog.EndOfTurn;
    }
    return this.mark(dc, state, runId, stepId, 'skipped', screened.text);
  }

  private async note(dc: DialogContext, state: State, runId: string, stepId: string, text: string): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const clearing = is(normalize(text), WORDS.remove);
    const result = await this.service.setNote(info.identity, runId, stepId, clearing ? '' : text);
    if (!result.ok) {
      if (result.reason === 'screened') {
        const reason = result.screen.ok ? 'empty' : result.screen.reason;
        await this.say(dc, info.t(`checklist.screen.${reason}`, { max: NOTE_MAX }));
        Object.assign(state, { phase: 'note', runId, stepId });
        return Dialog.EndOfTurn;
      }
      return this.failed(dc, result.reason, runId);
    }
    // Stay on the step the note belongs to.
    const view = { ...result.value, current: result.value.steps.find((s) => s.step.id === stepId) ?? result.value.current };
    return this.showStep(dc, state, view, info.t(clearing ? 'checklist.step.noteCleared' : 'checklist.step.noteSaved'));
  }

  private async editDue(dc: DialogContext, state: State, runId: string, text: string): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const due = await this.dueFromText(dc, text);
    if (due === undefined) {
      Object.assign(state, { phase: 'dueEdit', runId });
      return Dialog.EndOfTurn;
    }
    const result = await this.service.setDue(info.identity, runId, due);
    if (!result.ok) return this.failed(dc, result.reason, runId);
    const notice = due ? info.t('checklist.due.set', { date: formatDay(info.locale, due) }) : info.t('checklist.due.cleared');
    return this.showStep(dc, state, result.value, notice);
  }

  private async back(dc: DialogContext, state: State, runId: string): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const result = await this.service.back(info.identity, runId);
    if (!result.ok) return this.failed(dc, result.reason, runId);
    return this.showStep(dc, state, result.value, info.t('checklist.step.back', { n: result.value.current.index + 1 }));
  }

  private async pause(dc: DialogContext, runId: string): Promise<DialogTurnResult> {
    const info = this.info(dc);
    const opened = await this.service.open(info.identity, runId);
    if (!opened.ok) return this.failed(dc, opened.reason, runId);
    const v = opened.value;
    await this.say(dc, info.t('checklist.step.paused', { done: v.done + v.skipped, total: v.total }));
    return dc.endDialog();
  }

  // -------------------------------------------------------------------------------------------
  // Deleting
  // -------------------------------------------------------------------------------------------

  private async askDelete(dc: DialogContext, state: State, runId: string): Promise<DialogTurnResult> {
    const { t, identity } = this.info(dc);
    const opened = await this.service.open(identity, runId);
    if (!opened.ok && opened.reason !== 'templateGone') return this.failed(dc, opened.reason, runId);
    Object.assign(state, { phase: 'confirmDelete', runId });
    await this.say(dc, t('checklist.delete.ask', { id: runId }), [
      { title: t('checklist.delete.yes'), value: t('checklist.delete.yes') },
      { title: t('checklist.delete.no'), value: t('checklist.delete.no') },
    ]);
    return Dialog.EndOfTurn;
  }

  private async onConfirmDelete(dc: DialogContext, state: State, norm: string): Promise<DialogTurnResult> {
    const { t, identity } = this.info(dc);
    if (is(norm, WORDS.yes)) {
      const removed = await this.service.remove(identity, state.runId!);
      if (!removed.ok) return this.failed(dc, removed.reason, state.runId);
      await this.say(dc, t('checklist.delete.done', { id: state.runId! }));
      return dc.endDialog();
    }
    if (is(norm, WORDS.no)) {
      await this.say(dc, t('checklist.delete.kept'));
      return dc.endDialog();
    }
    return this.askDelete(dc, state, state.runId!);
  }

  // -------------------------------------------------------------------------------------------

  private async failed(dc: DialogContext, reason: Failure, runId?: string): Promise<DialogTurnResult> {
    const { t } = this.info(dc);
    const id = runId ?? '';
    const text =
      reason === 'notFound' ? t('checklist.notFound', { id })
      : reason === 'finished' ? t('checklist.finished', { id })
      : reason === 'templateGone' ? t('checklist.templateGone', { id })
      : reason === 'limit' ? t('checklist.start.limit', { count: MAX_OPEN_RUNS })
      : reason === 'forbidden' ? t('errors.noAccess')
      : t('errors.turnFailed');
    await this.say(dc, text);
    return dc.endDialog();
  }
}

export function checklistCapabilities(service: ChecklistService): Capability[] {
  const dialog = new ChecklistDialog(service);
  const main: Capability = {
    id: 'checklist',
    phrases: COMMAND_WORDS,
    roles: CHECKLIST_ROLES,
    menu: { label: 'checklist.menu', command: { de: 'checkliste', en: 'checklist' } },
    dialogs: [dialog],
    start: (dc: DialogContext, args: string) => dc.beginDialog(CHECKLIST_DIALOG, { args } satisfies ChecklistDialogOptions),
  };
  const mine: Capability = {
    id: 'checklist.mine',
    phrases: LIST_COMMANDS,
    roles: CHECKLIST_ROLES,
    start: (dc: DialogContext) => dc.beginDialog(CHECKLIST_DIALOG, { list: true } satisfies ChecklistDialogOptions),
  };
  return [main, mine];
}

/** Templates from data/checklists, runs in DATA_DIR/checklists.json, reminders through the scheduler. */
export const openChecklistModule: OpenCapabilityModule = async (ctx) => {
  const templates = loadTemplates();
  const store = await openChecklistStore(ctx.dataDir, ctx.log);
  try {
    const service = new ChecklistService({
      store,
      templates,
      audit: ctx.audit,
      institutions: ctx.institutions,
      scheduler: ctx.scheduler,
      clock: ctx.clock,
      log: ctx.log,
      timeZone: ctx.config.timeZone,
      localeOf: (userKey) => ctx.conversations.get(userKey)?.locale,
    });
    ctx.scheduler.handle(REMINDER_KIND, (job) => service.reminderFor(job));
    await service.upgradeRuns();
    await service.resyncReminders();
    return { capabilities: checklistCapabilities(service), close: () => store.close() };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
};
