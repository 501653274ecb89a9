// One turn of the request dialog as the slot table and the steps see it: the state, the turn's facts, the
// capability's services, and the moves back into the flow (passed in, so no file imports the dialog).
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnInfo } from '../../src/bot/turn.js';
import type { LanguageService } from '../../src/language/types.js';
import type { Logger } from '../../src/log/logger.js';
import type { OneShot, OneShotOptions } from '../../src/interpreters/parse.js';
import type { InterpreterService } from '../../src/interpreters/service.js';
import type { Field } from '../../src/interpreters/types.js';
import type { ApplyOptions, RequestState } from './draft.js';

export interface RequestDeps {
  service: InterpreterService;
  language: LanguageService;
  log: Logger;
}

export interface RequestTurn {
  dc: DialogContext;
  state: RequestState;
  info: TurnInfo;
  deps: RequestDeps;
  /** Asks for the first missing slot, or shows the summary when all are there. */
  next(notes?: string[]): Promise<DialogTurnResult>;
  /** Asks for one slot (with notes in front of the question). */
  askField(field: Field, notes: string[]): Promise<DialogTurnResult>;
  /** What a sentence says about a request, read in this turn's language and time. */
  parseOptions(): OneShotOptions;
  /** Puts what a sentence said into the draft (see applyShot). */
  apply(shot: OneShot, notes: string[], opts: ApplyOptions): Field[];
}
