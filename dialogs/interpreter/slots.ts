// The slots of an interpreter request as a table: for each field, the question (with answer buttons) and
// how an answer is understood — what it changes in the draft, or the note to ask again with.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnInfo } from '../../src/bot/turn.js';
import { CASE_REF_MAX, checkCaseRef } from '../../src/privacy/caseRef.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { languageLabel } from '../../src/language/languageNames.js';
import { parseMode, parseOneShot, parsePurpose, parseUrgency } from '../../src/interpreters/parse.js';
import { fold } from '../../src/text/normalize.js';
import { DIALECT_MAX, MODES, PLACE_TEXT_MAX, PURPOSES } from '../../src/interpreters/store.js';
import type { Field } from '../../src/interpreters/types.js';
import { parseDuration, parseWhen } from '../../src/interpreters/when.js';
import type { IsoDate } from '../../src/time/zoned.js';
import type { Draft } from './draft.js';
import { answerLanguage } from './languageSteps.js';
import { say, type ReplyButton as Button } from '../../src/bot/reply.js';
import type { RequestTurn } from './requestTurn.js';
import { byLocale, QUICK_LANGUAGES, W } from './words.js';

export interface Prompt {
  text: string;
  buttons?: Button[];
}

/** An answer understood: how it changes the draft, or the note to ask again with. */
type Understood = { apply(d: Draft): void } | { note: string };

interface Slot {
  ask(turn: RequestTurn): Prompt;
  answer(turn: RequestTurn, text: string): Promise<DialogTurnResult>;
}

/** The usual answer: understood → written into the draft, then on to the next slot; else asked again. */
function understood(field: Field, understand: (turn: RequestTurn, text: string) => Understood): Slot['answer'] {
  return async (turn, text) => {
    const result = understand(turn, text);
    if ('note' in result) return turn.askField(field, [result.note]);
    result.apply(turn.state.draft);
    return turn.next();
  };
}

const labelButtons = (info: TurnInfo, prefix: string, values: readonly string[]): Button[] =>
  values.map((v) => ({ title: info.t(`${prefix}.${v}` as MessageKey), value: info.t(`${prefix}.${v}` as MessageKey) }));

function dayText(info: TurnInfo, day: IsoDate): string {
  return info.fmt.weekday(day);
}

function durationTitle(info: TurnInfo, minutes: number): string {
  return minutes < 60 ? info.t('interpreters.duration.minutes', { count: minutes }) : info.t('interpreters.duration.hours', { hours: info.fmt.number(minutes / 60) });
}

function ownInstitutionName(turn: RequestTurn): string {
  const id = turn.info.identity.institutionId;
  return id ? turn.deps.service.institutionName(id) : '';
}

async function answerWhen(turn: RequestTurn, text: string): Promise<DialogTurnResult> {
  const { info, state, deps } = turn;
  const d = state.draft;
  const parsed = parseWhen(text, { locale: info.locale, now: deps.service.now(), timeZone: deps.service.timeZone, ...(d.day ? { day: d.day } : {}) });
  if (parsed.ok) {
    d.start = parsed.start.toISOString();
    delete d.day;
    // The same answer may say more ("morgen 10 Uhr per Video für eine Stunde").
    const notes: string[] = [];
    turn.apply({ ...parseOneShot(text, turn.parseOptions()), when: undefined, languages: undefined }, notes, { overwrite: false });
    return turn.next(notes);
  }
  if (parsed.reason === 'noTime') {
    d.day = parsed.day;
    delete d.start;
    return turn.askField('when', []);
  }
  if (parsed.reason === 'impossibleDate') return turn.askField('when', [info.t('dates.impossible', { typed: parsed.date })]);
  const key = parsed.reason === 'past' ? 'interpreters.when.past' : parsed.reason === 'tooFar' ? 'interpreters.when.tooFar' : 'interpreters.when.unrecognised';
  return turn.askField('when', [info.t(key)]);
}

export const SLOTS: Record<Field, Slot> = {
  language: {
    ask: ({ info }) => ({
      text: info.t('interpreters.ask.language'),
      buttons: [
        ...QUICK_LANGUAGES.map((c) => ({ title: languageLabel(c, info.locale), value: languageLabel(c, info.locale) })),
        { title: info.t('interpreters.ask.detectButton'), value: byLocale(info.locale, 'erkennen', 'detect') },
      ],
    }),
    answer: answerLanguage,
  },
  when: {
    ask: ({ info, state }) => ({ text: state.draft.day ? info.t('interpreters.ask.time', { day: dayText(info, state.draft.day) }) : info.t('interpreters.ask.when') }),
    answer: answerWhen,
  },
  duration: {
    ask: ({ info }) => ({ text: info.t('interpreters.ask.duration'), buttons: [30, 60, 90, 120].map((m) => ({ title: durationTitle(info, m), value: String(m) })) }),
    answer: understood('duration', ({ info }, text) => {
      const parsed = parseDuration(text);
      if (!parsed.ok) return { note: info.t(`interpreters.duration.${parsed.reason}` as MessageKey) };
      return { apply: (d) => (d.durationMin = parsed.minutes) };
    }),
  },
  mode: {
    ask: ({ info }) => ({ text: info.t('interpreters.ask.mode'), buttons: labelButtons(info, 'interpreters.mode', MODES) }),
    answer: understood('mode', ({ info }, text) => {
      const mode = parseMode(text) ?? MODES.find((m) => fold(info.t(`interpreters.mode.${m}` as MessageKey)) === fold(text));
      return mode ? { apply: (d) => (d.mode = mode) } : { note: info.t('interpreters.mode.unrecognised') };
    }),
  },
  purpose: {
    ask: ({ info }) => ({ text: info.t('interpreters.ask.purpose'), buttons: labelButtons(info, 'interpreters.purpose', PURPOSES) }),
    answer: understood('purpose', ({ info }, text) => {
      const purpose = PURPOSES.find((p) => fold(info.t(`interpreters.purpose.${p}` as MessageKey)) === fold(text)) ?? parsePurpose(text, { allowNumber: true });
      return purpose ? { apply: (d) => (d.purpose = purpose) } : { note: info.t('interpreters.purpose.unrecognised') };
    }),
  },
  dialect: {
    ask: ({ info }) => ({ text: info.t('interpreters.ask.dialect', { max: DIALECT_MAX }), buttons: [{ title: info.t('interpreters.ask.noneButton'), value: byLocale(info.locale, 'keiner', 'none') }] }),
    answer: understood('dialect', ({ info, deps }, text) => {
      if (W.none.has(fold(text))) return { apply: (d) => delete d.dialect };
      const screened = deps.service.screenDialect(text);
      if (!screened.ok) return { note: info.t(`interpreters.screen.${screened.reason}` as MessageKey, { max: DIALECT_MAX }) };
      return { apply: (d) => (d.dialect = screened.text) };
    }),
  },
  place: {
    ask: (turn) => {
      const own = ownInstitutionName(turn);
      return { text: turn.info.t('interpreters.ask.place', { institution: own }), buttons: [{ title: own, value: byLocale(turn.info.locale, 'standard', 'default') }] };
    },
    answer: understood('place', (turn, text) => {
      if (W.defaultPlace.has(fold(text)) || fold(text) === fold(ownInstitutionName(turn))) {
        return { apply: (d) => (delete d.placeId, delete d.placeText) };
      }
      const place = turn.deps.service.resolvePlace(text);
      if (!place.ok) return { note: turn.info.t(`interpreters.screen.${place.reason}` as MessageKey, { max: PLACE_TEXT_MAX }) };
      if ('placeId' in place) return { apply: (d) => ((d.placeId = place.placeId), delete d.placeText) };
      return { apply: (d) => ((d.placeText = place.placeText), delete d.placeId) };
    }),
  },
  urgency: {
    ask: ({ info }) => ({ text: info.t('interpreters.ask.urgency'), buttons: labelButtons(info, 'interpreters.urgency', ['normal', 'dringend']) }),
    answer: understood('urgency', ({ info }, text) => {
      const urgency = parseUrgency(text, { allowNormal: true });
      return urgency ? { apply: (d) => (d.urgency = urgency) } : { note: info.t('interpreters.urgency.unrecognised') };
    }),
  },
  caseRef: {
    ask: ({ info }) => ({ text: info.t('interpreters.ask.caseRef'), buttons: [{ title: info.t('interpreters.ask.noCaseRefButton'), value: byLocale(info.locale, 'ohne', 'none') }] }),
    answer: understood('caseRef', ({ info }, text) => {
      if (W.none.has(fold(text))) return { apply: (d) => delete d.caseRef };
      const checked = checkCaseRef(text);
      // Refused text is neither stored nor logged.
      if (!checked.ok) return { note: info.t(`checklist.caseRef.${checked.reason}` as MessageKey, { max: CASE_REF_MAX }) };
      return { apply: (d) => (d.caseRef = checked.value) };
    }),
  },
};

/** Asks for one slot: the dialog now waits for its answer. */
export async function askField(turn: RequestTurn, field: Field, notes: string[]): Promise<DialogTurnResult> {
  turn.state.phase = field;
  const prompt = SLOTS[field].ask(turn);
  const prefix = notes.length ? notes.join(' ') + '\n\n' : '';
  await say(turn.dc.context, prefix + prompt.text, prompt.buttons ?? []);
  return Dialog.EndOfTurn;
}
