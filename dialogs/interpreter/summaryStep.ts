// The summary before sending: shown with the cost hint and matching address-file entries; the officer
// sends, changes a field (by button, by name, or by a correction in words) or cancels.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import { changeButtons, requesterCard, summaryCard } from '../../src/cards/interpreterCards.js';
import type { DraftView } from '../../src/interpreters/types.js';
import { parseOneShot } from '../../src/interpreters/parse.js';
import { fold } from '../../src/text/normalize.js';
import type { InterpreterRequest } from '../../src/interpreters/store.js';
import type { Draft } from './draft.js';
import { requestInputOf } from './draft.js';
import { say, sendCard } from '../../src/bot/reply.js';
import { cardInfo } from './turnFacts.js';
import type { RequestTurn } from './requestTurn.js';
import { FIELD_OF, W } from './words.js';

function draftView(turn: RequestTurn, d: Draft): DraftView {
  const placeId = d.placeId ?? (d.placeText ? undefined : turn.info.identity.institutionId);
  return {
    ...(d.language ? { language: d.language } : {}),
    ...(d.languageSource ? { languageSource: d.languageSource } : {}),
    ...(d.dialect ? { dialect: d.dialect } : {}),
    ...(d.start ? { start: new Date(d.start) } : {}),
    ...(d.durationMin ? { durationMin: d.durationMin } : {}),
    ...(d.mode ? { mode: d.mode } : {}),
    ...(placeId ? { placeName: turn.deps.service.institutionName(placeId) } : {}),
    ...(d.placeText ? { placeText: d.placeText } : {}),
    ...(d.purpose ? { purpose: d.purpose } : {}),
    urgency: d.urgency,
    ...(d.caseRef ? { caseRef: d.caseRef } : {}),
  };
}

export async function showSummary(turn: RequestTurn, notes: string[]): Promise<DialogTurnResult> {
  const { state, info, deps } = turn;
  const d = state.draft;
  state.phase = 'summary';
  state.review = true;
  const estimate = d.start && d.durationMin ? deps.service.estimate(new Date(d.start), d.durationMin) : undefined;
  const suggestions = d.language ? await deps.service.suggestions(info.identity, d.language, d.mode) : [];
  const built = summaryCard(cardInfo(info, deps.service.timeZone), draftView(turn, d), {
    ...(estimate ? { estimate } : {}),
    suggestions,
    ...(notes.length ? { notice: notes.join(' ') } : {}),
  });
  await sendCard(turn.dc.context, built);
  return Dialog.EndOfTurn;
}

export async function askWhich(turn: RequestTurn): Promise<DialogTurnResult> {
  turn.state.phase = 'changeWhich';
  await say(turn.dc.context, turn.info.t('interpreters.change.which'), changeButtons(cardInfo(turn.info, turn.deps.service.timeZone)));
  return Dialog.EndOfTurn;
}

export async function answerChangeWhich(turn: RequestTurn, text: string): Promise<DialogTurnResult> {
  const field = FIELD_OF.get(fold(text));
  if (field) return turn.askField(field, []);
  return answerSummary(turn, text);
}

export async function answerSummary(turn: RequestTurn, text: string): Promise<DialogTurnResult> {
  const { info, state } = turn;
  const folded = fold(text);
  if (W.send.has(folded)) return send(turn);
  if (W.change.has(folded)) return askWhich(turn);
  const field = FIELD_OF.get(folded);
  if (field) return turn.askField(field, []);
  // A correction in words: "lieber per Telefon", "um 11 Uhr", "Dialekt: Syrisch", "dringend".
  const notes: string[] = [];
  const filled = turn.apply(parseOneShot(text, turn.parseOptions()), notes, { overwrite: true });
  if (filled.length > 0 || notes.length > 0 || state.choices?.length) {
    if (filled.length > 0) notes.unshift(info.t('interpreters.change.applied'));
    return turn.next(notes);
  }
  await say(turn.dc.context, info.t('interpreters.summary.help'));
  return Dialog.EndOfTurn;
}

function sentTo(turn: RequestTurn, request: InterpreterRequest): string {
  const { t } = turn.info;
  if (request.organisers.some((o) => 'conversationKey' in o)) return t('interpreters.sent.toInbox');
  const [only] = request.organisers;
  if (request.organisers.length === 1 && only && 'userKey' in only && only.userKey === request.requester) return t('interpreters.sent.toSelf');
  return t('interpreters.sent.toOfficers', { count: request.organisers.length });
}

export async function send(turn: RequestTurn): Promise<DialogTurnResult> {
  const { info, state, deps, dc } = turn;
  const input = requestInputOf(state.draft);
  if (!input) return turn.next([]);
  const result = await deps.service.create(info.identity, input);
  if (!result.ok) {
    if (result.reason === 'past') {
      delete state.draft.start;
      return turn.askField('when', [info.t('interpreters.when.past')]);
    }
    if (result.reason === 'forbidden' || result.reason === 'limit') {
      await say(dc.context, info.t(result.reason === 'forbidden' ? 'errors.noAccess' : 'interpreters.limit'));
      return dc.endDialog();
    }
    return showSummary(turn, [info.t('interpreters.invalid')]);
  }
  const request = result.value;
  const notice = info.t('interpreters.sent.done', { id: request.id, to: sentTo(turn, request) });
  await sendCard(dc.context, requesterCard(cardInfo(info, deps.service.timeZone), deps.service.view(request), notice));
  return dc.endDialog(request.id);
}
