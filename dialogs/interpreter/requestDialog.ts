// "dolmetscher" / "interpreter": asks for what is missing — language (a name, a code, or "erkennen" + a
// pasted sample → detected language to confirm), time, duration, mode, purpose — and shows a summary to
// send, change or cancel. A sentence such as "Ich brauche einen Dolmetscher für Arabisch morgen um 10 Uhr
// per Video" fills what it says. The dialog waits in one phase; each phase's answer comes from the slot
// table (slots.ts) or one of the steps around it.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { dialogActionFromValue, executeFromValue, type DialogAction } from '../../src/interpreters/actions.js';
import { parseOneShot } from '../../src/interpreters/parse.js';
import { fold } from '../../src/text/normalize.js';
import { replyExecute } from './cardActions.js';
import { applyShot, firstMissing, looksLikeSample, mostlyNonLatin, type Phase, type RequestState } from './draft.js';
import { parseSubCommand, runSubCommand } from './commands.js';
import { requestAction, showList } from './existingRequests.js';
import { answerConfirmDetection, answerLanguageChoice, askChoice, askSample, detect } from './languageSteps.js';
import { say } from '../../src/bot/reply.js';
import type { RequestDeps, RequestTurn } from './requestTurn.js';
import { askField, SLOTS } from './slots.js';
import { answerChangeWhich, answerSummary, askWhich, send, showSummary } from './summaryStep.js';
import { DETECT_PREFIX, W } from './words.js';

export const INTERPRETER_DIALOG = 'interpreter';

export interface InterpreterDialogOptions {
  args?: string;
  list?: boolean;
}

type Answer = (turn: RequestTurn, text: string) => Promise<DialogTurnResult>;

/** What an answer means in each phase. */
const ANSWERS: Record<Phase, Answer> = {
  ...(Object.fromEntries(Object.entries(SLOTS).map(([field, slot]) => [field, slot.answer])) as Record<keyof typeof SLOTS, Answer>),
  languageChoice: answerLanguageChoice,
  sample: detect,
  confirmDetection: answerConfirmDetection,
  summary: answerSummary,
  changeWhich: answerChangeWhich,
};

/** Asks for the first missing slot, or shows the summary when all are there. */
function next(turn: RequestTurn, notes: string[]): Promise<DialogTurnResult> {
  const d = turn.state.draft;
  if (!d.language && turn.state.choices?.length) return askChoice(turn, notes);
  const missing = firstMissing(d);
  return missing ? askField(turn, missing, notes) : showSummary(turn, notes);
}

/** "dolmetscher erkennen <sample>": detect at once; "dolmetscher erkennen morgen 10 Uhr": keep the slots, ask for a sample. */
async function startWithDetection(turn: RequestTurn, args: string, shot: ReturnType<typeof parseOneShot>): Promise<DialogTurnResult> {
  const sample = args.replace(DETECT_PREFIX, '');
  const saysSlots = Boolean(shot.when || shot.mode || shot.durationMin || shot.purpose || shot.caseRef || shot.urgency);
  if (sample !== args && looksLikeSample(sample) && (!saysSlots || mostlyNonLatin(sample))) return detect(turn, sample);
  const notes: string[] = [];
  turn.apply(shot, notes, { overwrite: true });
  return askSample(turn, notes);
}

export class InterpreterDialog extends Dialog<InterpreterDialogOptions> {
  private readonly deps: RequestDeps;

  constructor(service: RequestDeps['service'], language: RequestDeps['language'], log: RequestDeps['log']) {
    super(INTERPRETER_DIALOG);
    this.deps = { service, language, log };
  }

  override async beginDialog(dc: DialogContext, options?: InterpreterDialogOptions): Promise<DialogTurnResult> {
    const { service } = this.deps;
    const info = turnInfo(dc.context);
    const value = dc.context.activity.value;
    // Buttons of cards (requester's list and notices; organiser buttons in clients without invokes).
    const execute = executeFromValue(value);
    if (execute) {
      await replyExecute(dc.context, service, execute.verb, execute.data);
      return dc.endDialog();
    }
    const action = dialogActionFromValue(value);
    if (action && (action.a === 'cancel' || action.a === 'done' || action.a === 'list')) {
      await requestAction(dc.context, service, action);
      return dc.endDialog();
    }
    if (!service.mayRequest(info.identity)) {
      await say(dc.context, info.t(info.identity.role === 'officer' ? 'interpreters.noInstitution' : 'errors.noAccess'));
      return dc.endDialog();
    }
    if (options?.list) {
      await showList(dc.context, service);
      return dc.endDialog();
    }
    const turn = this.turn(dc);
    turn.state.draft = { urgency: 'normal' };
    // A summary button of a dialog that no longer runs (restart, cancelled): start over.
    if (action) return next(turn, [info.t('interpreters.draftGone')]);
    return this.startWith(turn, (options?.args ?? '').trim());
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const turn = this.turn(dc);
    const value = dc.context.activity.value;
    const execute = executeFromValue(value);
    if (execute) {
      await replyExecute(dc.context, this.deps.service, execute.verb, execute.data);
      return Dialog.EndOfTurn;
    }
    const action = dialogActionFromValue(value);
    if (action) return this.onAction(turn, action);
    const text = (dc.context.activity.text ?? '').trim();
    if (W.mine.has(fold(text))) {
      await showList(dc.context, this.deps.service);
      return Dialog.EndOfTurn;
    }
    // The command word again ("dolmetscher Türkisch morgen 9 Uhr"): start over with what it says.
    const head = text.split(/\s+/)[0] ?? '';
    if (W.commandHeads.has(fold(head))) {
      return dc.replaceDialog(INTERPRETER_DIALOG, { args: text.slice(head.length).trim() } satisfies InterpreterDialogOptions);
    }
    if (!text) return next(turn, []);
    const answer = turn.state.phase ? ANSWERS[turn.state.phase] : undefined;
    if (answer) return answer(turn, text);
    await say(dc.context, turn.info.t('errors.turnFailed'));
    return dc.endDialog();
  }

  /** The first message: a request id with a verb, the list, or a sentence with slots. */
  private async startWith(turn: RequestTurn, args: string): Promise<DialogTurnResult> {
    const command = parseSubCommand(args);
    if (command) {
      await runSubCommand(turn.dc.context, this.deps.service, command);
      return turn.dc.endDialog();
    }
    const notes: string[] = [];
    if (args) {
      const shot = parseOneShot(args, turn.parseOptions());
      if (shot.detect) return startWithDetection(turn, args, shot);
      turn.apply(shot, notes, { overwrite: true });
    }
    return next(turn, notes);
  }

  private async onAction(turn: RequestTurn, action: DialogAction): Promise<DialogTurnResult> {
    switch (action.a) {
      case 'send':
        return turn.state.phase === 'summary' || turn.state.review ? send(turn) : next(turn, []);
      case 'change':
        return askWhich(turn);
      case 'field':
        return askField(turn, action.f, []);
      case 'detect':
        return askSample(turn);
      default:
        await requestAction(turn.dc.context, this.deps.service, action);
        return Dialog.EndOfTurn;
    }
  }

  private turn(dc: DialogContext): RequestTurn {
    const state = dc.activeDialog!.state as RequestState;
    state.draft ??= { urgency: 'normal' };
    const info = turnInfo(dc.context);
    const { service } = this.deps;
    const turn: RequestTurn = {
      dc,
      state,
      info,
      deps: this.deps,
      next: (notes = []) => next(turn, notes),
      askField: (field, notes) => askField(turn, field, notes),
      parseOptions: () => ({ locale: info.locale, now: service.now(), timeZone: service.timeZone, institutions: service.institutions }),
      apply: (shot, notes, opts) => applyShot(state, shot, notes, opts, { t: info.t, screenDialect: (text) => service.screenDialect(text) }),
    };
    return turn;
  }
}
