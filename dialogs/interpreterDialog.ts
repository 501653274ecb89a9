// Interpreter requests capability (issue 4): "dolmetscher" / "interpreter" asks for what is missing —
// language (a name, a code, or "erkennen" + a pasted sample → detected language to confirm), time,
// duration, mode, purpose — and shows a summary (with the cost hint and matching address-file entries) to
// send, change or cancel. A sentence such as "Ich brauche einen Dolmetscher für Arabisch morgen um 10 Uhr
// per Video" fills what it says. "meine dolmetscher" lists the user's requests; organisers act on their
// card (Action.Execute); "dolmetscher adressen" keeps the institution's interpreter address file;
// "als dolmetscher-eingang registrieren" in a team channel makes it the institution's interpreter inbox.
//
// Only parsed slots are kept in dialog state; a pasted sample is detected and dropped, never stored.
import { CardFactory, MessageFactory, type Activity, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Capability, CapabilityContext, OpenCapabilityModule } from '../src/bot/capability.js';
import { turnInfo, type TurnInfo } from '../src/bot/turn.js';
import { channelAddressOf } from '../src/bot/address.js';
import type { BuiltCard } from '../src/cards/menuCard.js';
import {
  addressListCard,
  changeButtons,
  listCard,
  organiserCard,
  requesterCard,
  summaryCard,
  type CardInfo,
  type DraftView,
} from '../src/cards/interpreterCards.js';
import { CASE_REF_MAX, checkCaseRef } from '../src/checklists/privacy.js';
import { translate, type MessageKey } from '../src/i18n/i18n.js';
import { languageLabel, resolveLanguageName } from '../src/language/languageNames.js';
import type { LanguageService } from '../src/language/types.js';
import type { Logger } from '../src/log/logger.js';
import { resolvePlace } from '../src/roles/places.js';
import { dialogActionFromValue, executeDataSchema, executeFromValue, FIELDS, VERBS, ALL_VERBS, type DialogAction, type Field } from '../src/interpreters/actions.js';
import { loadRates } from '../src/interpreters/cost.js';
import { fold, parseMode, parseOneShot, parsePurpose, parseUrgency, recognizesRequest, wantsDetection, type OneShot } from '../src/interpreters/parse.js';
import { INTERPRETER_ROLES, InterpreterService, type ActionOrigin, type Failure, type Outcome } from '../src/interpreters/service.js';
import { DIALECT_MAX, MODES, PLACE_TEXT_MAX, PURPOSES, openInterpreterStore, type InterpreterRequest, type Mode, type Purpose, type Urgency } from '../src/interpreters/store.js';
import { parseDuration, parseWhen } from '../src/interpreters/when.js';
import type { IsoDate } from '../src/time/zoned.js';
import type { Identity } from '../src/roles/types.js';

export const INTERPRETER_DIALOG = 'interpreter';
export const ADDRESS_DIALOG = 'interpreter.address';

type Phase =
  | 'language'
  | 'languageChoice'
  | 'sample'
  | 'confirmDetection'
  | 'when'
  | 'duration'
  | 'mode'
  | 'purpose'
  | 'summary'
  | 'changeWhich'
  | 'dialect'
  | 'place'
  | 'urgency'
  | 'caseRef';

/** The slots collected so far (no free text beyond the screened dialect and place). */
interface Draft {
  language?: string;
  languageSource?: 'named' | 'detected';
  dialect?: string;
  /** ISO instant of the appointment. */
  start?: string;
  /** The day is known, the time not yet ("morgen"). */
  day?: IsoDate;
  durationMin?: number;
  mode?: Mode;
  placeId?: string;
  placeText?: string;
  purpose?: Purpose;
  urgency: Urgency;
  caseRef?: string;
}

interface State {
  phase?: Phase;
  draft: Draft;
  /** Language codes offered as a choice (ambiguous name or detection alternatives). */
  choices?: string[];
  /** Once the summary was shown, every answer returns to it. */
  review?: boolean;
}

export interface InterpreterDialogOptions {
  args?: string;
  list?: boolean;
}

// Typed words (compared folded: lower case, umlauts folded, ae/oe/ue → a/o/u).
const words = (list: string[]) => new Set(list.map(fold));
const W = {
  send: words(['absenden', 'senden', 'abschicken', 'anfragen', 'ja', 'ok', 'okay', 'passt', 'send', 'submit', 'yes', 'bestätigen', 'confirm']),
  change: words(['ändern', 'bearbeiten', 'korrigieren', 'change', 'edit']),
  none: words(['ohne', 'keine', 'kein', 'keiner', 'keins', 'none', 'no', 'nein', '-', 'egal', 'no dialect']),
  defaultPlace: words(['standard', 'default', 'hier', 'eigene', 'eigene einrichtung', 'own', 'my institution', 'meine einrichtung']),
  yes: words(['ja', 'yes', 'stimmt', 'richtig', 'korrekt', 'ok', 'okay', 'correct', 'right']),
  other: words(['andere', 'andere sprache', 'other', 'other language', 'nein', 'no', 'falsch', 'wrong']),
  mine: words(['meine dolmetscher', 'meine dolmetscheranfragen', 'my interpreters', 'my interpreter requests']),
  list: words(['liste', 'list', 'meine', 'mine', 'übersicht', 'overview']),
  cancelRequest: words(['stornieren', 'storno', 'zurückziehen', 'cancel', 'withdraw']),
  done: words(['erledigt', 'done']),
};
const FIELD_SYNONYMS: Record<Field, string[]> = {
  language: ['sprache', 'language'],
  dialect: ['dialekt', 'dialect', 'variante'],
  when: ['termin', 'zeit', 'datum', 'uhrzeit', 'wann', 'time', 'date', 'when', 'appointment'],
  duration: ['dauer', 'duration', 'länge', 'length'],
  mode: ['art', 'modus', 'mode', 'form', 'vor ort video telefon'],
  place: ['ort', 'place', 'location', 'wo', 'where'],
  purpose: ['zweck', 'anlass', 'purpose', 'reason'],
  urgency: ['dringlichkeit', 'urgency', 'priorität', 'priority'],
  caseRef: ['aktenzeichen', 'buchnummer', 'case reference', 'reference', 'case', 'fallnummer'],
};
const FIELD_OF = new Map<string, Field>();
for (const f of FIELDS) {
  for (const w of [...FIELD_SYNONYMS[f], translate('de', `interpreters.field.${f}` as MessageKey), translate('en', `interpreters.field.${f}` as MessageKey)]) FIELD_OF.set(fold(w), f);
}
const DETECT_PREFIX = /^\s*(?:die\s+)?(?:sprache\s+)?(?:erkennen|detect(?:\s+(?:the\s+)?language)?)\s*:?\s*/i;
const COMMAND_HEADS = words(['dolmetscher', 'dolmetscherin', 'dolmetscheranfrage', 'interpreter']);
const REQUEST_ID_IN_TEXT = /\bDOL-\d{4}-\d{4,}\b/;
const QUICK_LANGUAGES = ['ar', 'tr', 'ru', 'fa', 'ro', 'pl'];
const REQUIRED: Field[] = ['language', 'when', 'duration', 'mode', 'purpose'];

function cardInfo(info: TurnInfo, service: InterpreterService): CardInfo {
  return { t: info.t, fmt: info.fmt, locale: info.locale, timeZone: service.timeZone };
}

async function sendCard(ctx: TurnContext, built: BuiltCard): Promise<void> {
  await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
}

async function say(ctx: TurnContext, text: string, buttons: { title: string; value: string }[] = []): Promise<void> {
  const activity: Partial<Activity> = buttons.length
    ? MessageFactory.suggestedActions(buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.value })), text)
    : MessageFactory.text(text);
  await ctx.sendActivity(activity);
}

export class InterpreterDialog extends Dialog<InterpreterDialogOptions> {
  constructor(
    private readonly service: InterpreterService,
    private readonly language: LanguageService,
    private readonly log: Logger,
  ) {
    super(INTERPRETER_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: InterpreterDialogOptions): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const value = dc.context.activity.value;
    // Buttons of cards (requester's list and notices; organiser buttons in clients without invokes).
    const execute = executeFromValue(value);
    if (execute) {
      await replyExecute(dc.context, this.service, execute.verb, execute.data);
      return dc.endDialog();
    }
    const action = dialogActionFromValue(value);
    if (action && (action.a === 'cancel' || action.a === 'done' || action.a === 'list')) {
      await this.requestAction(dc, action);
      return dc.endDialog();
    }
    if (!this.service.mayRequest(info.identity)) {
      await say(dc.context, info.t(info.identity.role === 'officer' ? 'interpreters.noInstitution' : 'errors.noAccess'));
      return dc.endDialog();
    }
    if (options?.list) {
      await this.showList(dc);
      return dc.endDialog();
    }
    const state = this.state(dc);
    state.draft = { urgency: 'normal' };
    if (action) {
      // A summary button of a dialog that no longer runs (restart, cancelled): start over.
      return this.ask(dc, state, [info.t('interpreters.draftGone')]);
    }
    const args = (options?.args ?? '').trim();
    const id = REQUEST_ID_IN_TEXT.exec(args.toUpperCase())?.[0];
    if (id) {
      const head = fold(args.split(/\s+/)[0] ?? '');
      if (W.cancelRequest.has(head)) await this.requestAction(dc, { a: 'cancel', r: id });
      else if (W.done.has(head)) await this.requestAction(dc, { a: 'done', r: id });
      else await this.showRequest(dc, id);
      return dc.endDialog();
    }
    if (W.list.has(fold(args)) || W.mine.has(fold(args))) {
      await this.showList(dc);
      return dc.endDialog();
    }
    const notes: string[] = [];
    if (args) {
      const shot = parseOneShot(args, this.parseOptions(dc));
      if (shot.detect) {
        // "dolmetscher erkennen <sample>": detect at once; "dolmetscher erkennen morgen 10 Uhr": keep the slots, ask for a sample.
        const sample = args.replace(DETECT_PREFIX, '');
        const saysSlots = Boolean(shot.when || shot.mode || shot.durationMin || shot.purpose || shot.caseRef || shot.urgency);
        if (sample !== args && looksLikeSample(sample) && (!saysSlots || mostlyNonLatin(sample))) return this.detect(dc, state, sample);
        this.apply(dc, state, shot, notes, { overwrite: true });
        state.phase = 'sample';
        await say(dc.context, [...notes, info.t('interpreters.ask.sample')].join('\n\n'));
        return Dialog.EndOfTurn;
      }
      this.apply(dc, state, shot, notes, { overwrite: true });
    }
    return this.ask(dc, state, notes);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = this.state(dc);
    const info = turnInfo(dc.context);
    const value = dc.context.activity.value;
    const execute = executeFromValue(value);
    if (execute) {
      await replyExecute(dc.context, this.service, execute.verb, execute.data);
      return Dialog.EndOfTurn;
    }
    const action = dialogActionFromValue(value);
    if (action) return this.onAction(dc, state, action);
    const text = (dc.context.activity.text ?? '').trim();
    const folded = fold(text);
    if (W.mine.has(folded)) {
      await this.showList(dc);
      return Dialog.EndOfTurn;
    }
    // The command word again ("dolmetscher Türkisch morgen 9 Uhr"): start over with what it says.
    const head = text.split(/\s+/)[0] ?? '';
    if (COMMAND_HEADS.has(fold(head))) {
      return dc.replaceDialog(INTERPRETER_DIALOG, { args: text.slice(head.length).trim() } satisfies InterpreterDialogOptions);
    }
    if (!text) return this.ask(dc, state, []);
    switch (state.phase) {
      case 'language':
        return this.onLanguage(dc, state, text);
      case 'languageChoice':
        return this.onLanguageChoice(dc, state, text);
      case 'sample':
        return this.detect(dc, state, text);
      case 'confirmDetection':
        return this.onConfirmDetection(dc, state, text);
      case 'when':
        return this.onWhen(dc, state, text);
      case 'duration':
        return this.onDuration(dc, state, text);
      case 'mode':
        return this.onMode(dc, state, text);
      case 'purpose':
        return this.onPurpose(dc, state, text);
      case 'summary':
        return this.onSummary(dc, state, text);
      case 'changeWhich':
        return this.onChangeWhich(dc, state, text);
      case 'dialect':
        return this.onDialect(dc, state, text);
      case 'place':
        return this.onPlace(dc, state, text);
      case 'urgency':
        return this.onUrgency(dc, state, text);
      case 'caseRef':
        return this.onCaseRef(dc, state, text);
      default:
        await say(dc.context, info.t('errors.turnFailed'));
        return dc.endDialog();
    }
  }

  private state(dc: DialogContext): State {
    const s = dc.activeDialog!.state as State;
    s.draft ??= { urgency: 'normal' };
    return s;
  }

  private parseOptions(dc: DialogContext) {
    const info = turnInfo(dc.context);
    return { locale: info.locale, now: this.service.now(), timeZone: this.service.timeZone, institutions: this.service.institutions };
  }

  // -------------------------------------------------------------------------------------------
  // Filling slots
  // -------------------------------------------------------------------------------------------

  /**
   * Puts what a sentence said into the draft. With `overwrite` (the first message, or a correction at
   * the summary) named slots replace earlier values; otherwise only empty slots are filled.
   */
  private apply(dc: DialogContext, state: State, shot: OneShot, notes: string[], opts: { overwrite: boolean; only?: Field }): string[] {
    const { t } = turnInfo(dc.context);
    const d = state.draft;
    const filled: string[] = [];
    const may = (f: Field, empty: boolean) => (opts.only ? opts.only === f : opts.overwrite || empty);
    if (shot.languages && may('language', !d.language)) {
      if (shot.languages.length === 1) {
        d.language = shot.languages[0];
        d.languageSource = 'named';
        filled.push('language');
      } else {
        state.choices = shot.languages;
      }
    }
    if (shot.dialect && may('dialect', !d.dialect)) {
      const screened = this.service.screenDialect(shot.dialect);
      if (screened.ok) {
        d.dialect = screened.text;
        filled.push('dialect');
      } else notes.push(t(`interpreters.screen.${screened.reason}` as MessageKey, { max: DIALECT_MAX }));
    }
    if (shot.when && may('when', !d.start)) {
      if (shot.when.ok) {
        d.start = shot.when.start.toISOString();
        delete d.day;
        filled.push('when');
      } else if (shot.when.reason === 'noTime') {
        d.day = shot.when.day;
        delete d.start;
      } else if (shot.when.reason === 'past') notes.push(t('interpreters.when.past'));
      else if (shot.when.reason === 'tooFar') notes.push(t('interpreters.when.tooFar'));
    }
    if (shot.durationMin && may('duration', !d.durationMin)) {
      d.durationMin = shot.durationMin;
      filled.push('duration');
    } else if (shot.durationRefused) notes.push(t(`interpreters.duration.${shot.durationRefused}` as MessageKey));
    if (shot.mode && may('mode', !d.mode)) {
      d.mode = shot.mode;
      filled.push('mode');
    }
    if (shot.purpose && may('purpose', !d.purpose)) {
      d.purpose = shot.purpose;
      filled.push('purpose');
    }
    if (shot.urgency && may('urgency', true)) {
      d.urgency = shot.urgency;
      filled.push('urgency');
    }
    if (shot.caseRef && may('caseRef', !d.caseRef)) {
      d.caseRef = shot.caseRef;
      filled.push('caseRef');
    } else if (shot.caseRefRefused) notes.push(t('interpreters.caseRef.refusedInText'));
    if (shot.placeId && may('place', !d.placeId && !d.placeText)) {
      d.placeId = shot.placeId;
      delete d.placeText;
      filled.push('place');
    }
    return filled;
  }

  /** Asks for the first missing slot, or shows the summary when all are there. */
  private async ask(dc: DialogContext, state: State, notes: string[]): Promise<DialogTurnResult> {
    const d = state.draft;
    if (!d.language && state.choices?.length) return this.askChoice(dc, state, notes, 'interpreters.ask.languageChoice');
    const missing = REQUIRED.find((f) => (f === 'language' ? !d.language : f === 'when' ? !d.start : f === 'duration' ? !d.durationMin : f === 'mode' ? !d.mode : !d.purpose));
    if (!missing) return this.showSummary(dc, state, notes);
    return this.askField(dc, state, missing, notes);
  }

  private async askField(dc: DialogContext, state: State, field: Field, notes: string[]): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const { t, locale } = info;
    const prefix = notes.length ? notes.join(' ') + '\n\n' : '';
    const d = state.draft;
    switch (field) {
      case 'language': {
        state.phase = 'language';
        const buttons = QUICK_LANGUAGES.map((c) => ({ title: languageLabel(c, locale), value: languageLabel(c, locale) }));
        buttons.push({ title: t('interpreters.ask.detectButton'), value: locale === 'de' ? 'erkennen' : 'detect' });
        await say(dc.context, prefix + t('interpreters.ask.language'), buttons);
        break;
      }
      case 'when':
        state.phase = 'when';
        if (d.day) await say(dc.context, prefix + t('interpreters.ask.time', { day: dayText(info, d.day) }));
        else await say(dc.context, prefix + t('interpreters.ask.when'));
        break;
      case 'duration': {
        state.phase = 'duration';
        const options = [30, 60, 90, 120].map((m) => ({ title: durationTitle(info, m), value: String(m) }));
        await say(dc.context, prefix + t('interpreters.ask.duration'), options);
        break;
      }
      case 'mode':
        state.phase = 'mode';
        await say(dc.context, prefix + t('interpreters.ask.mode'), MODES.map((m) => ({ title: t(`interpreters.mode.${m}` as MessageKey), value: t(`interpreters.mode.${m}` as MessageKey) })));
        break;
      case 'purpose':
        state.phase = 'purpose';
        await say(dc.context, prefix + t('interpreters.ask.purpose'), PURPOSES.map((p) => ({ title: t(`interpreters.purpose.${p}` as MessageKey), value: t(`interpreters.purpose.${p}` as MessageKey) })));
        break;
      case 'dialect':
        state.phase = 'dialect';
        await say(dc.context, prefix + t('interpreters.ask.dialect', { max: DIALECT_MAX }), [{ title: t('interpreters.ask.noneButton'), value: locale === 'de' ? 'keiner' : 'none' }]);
        break;
      case 'place': {
        state.phase = 'place';
        const own = this.ownInstitutionName(info.identity);
        await say(dc.context, prefix + t('interpreters.ask.place', { institution: own }), [{ title: own, value: locale === 'de' ? 'standard' : 'default' }]);
        break;
      }
      case 'urgency':
        state.phase = 'urgency';
        await say(dc.context, prefix + t('interpreters.ask.urgency'), (['normal', 'dringend'] as const).map((u) => ({ title: t(`interpreters.urgency.${u}`), value: t(`interpreters.urgency.${u}`) })));
        break;
      case 'caseRef':
        state.phase = 'caseRef';
        await say(dc.context, prefix + t('interpreters.ask.caseRef'), [{ title: t('interpreters.ask.noCaseRefButton'), value: locale === 'de' ? 'ohne' : 'none' }]);
        break;
    }
    return Dialog.EndOfTurn;
  }

  private async askChoice(dc: DialogContext, state: State, notes: string[], key: MessageKey, params: Record<string, string> = {}): Promise<DialogTurnResult> {
    const { t, locale } = turnInfo(dc.context);
    state.phase = 'languageChoice';
    const buttons = (state.choices ?? []).map((c) => ({ title: languageLabel(c, locale), value: languageLabel(c, locale) }));
    buttons.push({ title: t('interpreters.ask.otherLanguageButton'), value: locale === 'de' ? 'andere' : 'other' });
    await say(dc.context, [...notes, t(key, params)].join(' '), buttons);
    return Dialog.EndOfTurn;
  }

  /** After a slot was answered: the next missing one, or back to the summary. */
  private after(dc: DialogContext, state: State, notes: string[] = []): Promise<DialogTurnResult> {
    return this.ask(dc, state, notes);
  }

  private async onLanguage(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    if (wantsDetection(text) && text.length < 40) {
      state.phase = 'sample';
      await say(dc.context, t('interpreters.ask.sample'));
      return Dialog.EndOfTurn;
    }
    const resolved = resolveLanguageName(text);
    if ('code' in resolved) return this.setLanguage(dc, state, resolved.code, 'named');
    if ('ambiguous' in resolved) {
      state.choices = resolved.ambiguous.map((r) => r.code);
      return this.askChoice(dc, state, [], 'interpreters.ask.languageChoice');
    }
    // A sentence naming the language ("für Farsi bitte"), with more slots perhaps.
    const shot = parseOneShot(text, this.parseOptions(dc));
    if (shot.languages) {
      const notes: string[] = [];
      this.apply(dc, state, shot, notes, { overwrite: false });
      if (state.draft.language) {
        state.choices = undefined;
        return this.after(dc, state, notes);
      }
      return this.askChoice(dc, state, notes, 'interpreters.ask.languageChoice');
    }
    // Not a name: a sample in the unknown language?
    if (looksLikeSample(text)) return this.detect(dc, state, text);
    await say(dc.context, t('interpreters.language.unknown', { value: text.slice(0, 40) }), [
      { title: t('interpreters.ask.detectButton'), value: turnInfo(dc.context).locale === 'de' ? 'erkennen' : 'detect' },
    ]);
    return Dialog.EndOfTurn;
  }

  private async setLanguage(dc: DialogContext, state: State, code: string, source: 'named' | 'detected'): Promise<DialogTurnResult> {
    state.draft.language = code;
    state.draft.languageSource = source;
    state.choices = undefined;
    return this.after(dc, state);
  }

  private async onLanguageChoice(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { locale } = turnInfo(dc.context);
    const choices = state.choices ?? [];
    const folded = fold(text);
    const n = /^\d$/.test(folded) ? Number(folded) : NaN;
    const byNumber = choices[n - 1];
    if (byNumber) return this.setLanguage(dc, state, byNumber, 'named');
    const byLabel = choices.find((c) => fold(languageLabel(c, locale)) === folded || fold(languageLabel(c, locale === 'de' ? 'en' : 'de')) === folded || c === folded);
    if (byLabel) return this.setLanguage(dc, state, byLabel, 'named');
    if (W.other.has(folded)) {
      state.choices = undefined;
      return this.askField(dc, state, 'language', []);
    }
    state.choices = undefined;
    return this.onLanguage(dc, state, text);
  }

  /** Detects the language of a pasted sample; the sample itself is neither stored nor logged. */
  private async detect(dc: DialogContext, state: State, sample: string): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const { t, locale } = info;
    const detection = await this.language.detect(sample.slice(0, 2000));
    this.log.info('interpreter.detected', { source: detection.source, language: detection.language, confidence: Math.round(detection.confidence * 100) / 100 });
    const candidates: string[] = [];
    const add = (code: string) => {
      const r = resolveLanguageName(code);
      const codes = 'code' in r ? [r.code] : 'ambiguous' in r ? r.ambiguous.map((a) => a.code) : [];
      for (const c of codes) if (!candidates.includes(c)) candidates.push(c);
    };
    if (detection.language !== 'und' && detection.confidence > 0) add(detection.language);
    for (const alt of detection.alternatives ?? []) add(alt.language);
    if (candidates.length === 0) {
      state.phase = 'language';
      await say(dc.context, t('interpreters.detect.none'), [{ title: t('interpreters.ask.detectButton'), value: locale === 'de' ? 'erkennen' : 'detect' }]);
      return Dialog.EndOfTurn;
    }
    state.choices = candidates.slice(0, 4);
    state.phase = 'confirmDetection';
    const best = candidates[0]!;
    const params = {
      language: languageLabel(best, locale),
      confidence: Math.round(detection.confidence * 100),
      source: t(detection.source === 'azure' ? 'interpreters.detect.sourceAzure' : 'interpreters.detect.sourceOffline'),
    };
    const buttons = [{ title: t('interpreters.detect.yes', { language: params.language }), value: locale === 'de' ? 'ja' : 'yes' }];
    for (const c of state.choices.slice(1)) buttons.push({ title: languageLabel(c, locale), value: languageLabel(c, locale) });
    buttons.push({ title: t('interpreters.ask.otherLanguageButton'), value: locale === 'de' ? 'andere' : 'other' });
    const key = detection.confidence < 0.5 ? 'interpreters.detect.unsure' : 'interpreters.detect.found';
    await say(dc.context, t(key, params), buttons);
    return Dialog.EndOfTurn;
  }

  private async onConfirmDetection(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { locale } = turnInfo(dc.context);
    const folded = fold(text);
    const choices = state.choices ?? [];
    if (W.yes.has(folded) && choices[0]) return this.setLanguage(dc, state, choices[0], 'detected');
    const picked = choices.find((c) => fold(languageLabel(c, locale)) === folded);
    if (picked) return this.setLanguage(dc, state, picked, 'detected');
    if (W.other.has(folded)) {
      state.choices = undefined;
      return this.askField(dc, state, 'language', []);
    }
    state.choices = undefined;
    return this.onLanguage(dc, state, text);
  }

  private async onWhen(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const d = state.draft;
    const parsed = parseWhen(text, { locale: info.locale, now: this.service.now(), timeZone: this.service.timeZone, ...(d.day ? { day: d.day } : {}) });
    const notes: string[] = [];
    if (parsed.ok) {
      d.start = parsed.start.toISOString();
      delete d.day;
      // The same answer may say more ("morgen 10 Uhr per Video für eine Stunde").
      this.apply(dc, state, { ...parseOneShot(text, this.parseOptions(dc)), when: undefined, languages: undefined }, notes, { overwrite: false });
      return this.after(dc, state, notes);
    }
    if (parsed.reason === 'noTime') {
      d.day = parsed.day;
      delete d.start;
      return this.askField(dc, state, 'when', []);
    }
    const key = parsed.reason === 'past' ? 'interpreters.when.past' : parsed.reason === 'tooFar' ? 'interpreters.when.tooFar' : 'interpreters.when.unrecognised';
    return this.askField(dc, state, 'when', [info.t(key)]);
  }

  private async onDuration(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    const parsed = parseDuration(text);
    if (!parsed.ok) return this.askField(dc, state, 'duration', [t(`interpreters.duration.${parsed.reason}` as MessageKey)]);
    state.draft.durationMin = parsed.minutes;
    return this.after(dc, state);
  }

  private async onMode(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    const mode = parseMode(text) ?? MODES.find((m) => fold(t(`interpreters.mode.${m}` as MessageKey)) === fold(text));
    if (!mode) return this.askField(dc, state, 'mode', [t('interpreters.mode.unrecognised')]);
    state.draft.mode = mode;
    return this.after(dc, state);
  }

  private async onPurpose(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    const purpose = PURPOSES.find((p) => fold(t(`interpreters.purpose.${p}` as MessageKey)) === fold(text)) ?? parsePurpose(text, { allowNumber: true });
    if (!purpose) return this.askField(dc, state, 'purpose', [t('interpreters.purpose.unrecognised')]);
    state.draft.purpose = purpose;
    return this.after(dc, state);
  }

  private async onDialect(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    if (W.none.has(fold(text))) {
      delete state.draft.dialect;
      return this.after(dc, state);
    }
    const screened = this.service.screenDialect(text);
    if (!screened.ok) return this.askField(dc, state, 'dialect', [t(`interpreters.screen.${screened.reason}` as MessageKey, { max: DIALECT_MAX })]);
    state.draft.dialect = screened.text;
    return this.after(dc, state);
  }

  private async onPlace(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    const d = state.draft;
    if (W.defaultPlace.has(fold(text)) || fold(text) === fold(this.ownInstitutionName(turnInfo(dc.context).identity))) {
      delete d.placeId;
      delete d.placeText;
      return this.after(dc, state);
    }
    const place = this.service.resolvePlace(text);
    if (!place.ok) return this.askField(dc, state, 'place', [t(`interpreters.screen.${place.reason}` as MessageKey, { max: PLACE_TEXT_MAX })]);
    if ('placeId' in place) {
      d.placeId = place.placeId;
      delete d.placeText;
    } else {
      d.placeText = place.placeText;
      delete d.placeId;
    }
    return this.after(dc, state);
  }

  private async onUrgency(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    const urgency = parseUrgency(text, { allowNormal: true });
    if (!urgency) return this.askField(dc, state, 'urgency', [t('interpreters.urgency.unrecognised')]);
    state.draft.urgency = urgency;
    return this.after(dc, state);
  }

  private async onCaseRef(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    if (W.none.has(fold(text))) {
      delete state.draft.caseRef;
      return this.after(dc, state);
    }
    const checked = checkCaseRef(text);
    // Refused text is neither stored nor logged.
    if (!checked.ok) return this.askField(dc, state, 'caseRef', [t(`checklist.caseRef.${checked.reason}` as MessageKey, { max: CASE_REF_MAX })]);
    state.draft.caseRef = checked.value;
    return this.after(dc, state);
  }

  // -------------------------------------------------------------------------------------------
  // Summary: send, change, cancel
  // -------------------------------------------------------------------------------------------

  private draftView(dc: DialogContext, state: State): DraftView {
    const d = state.draft;
    const placeId = d.placeId ?? (d.placeText ? undefined : turnInfo(dc.context).identity.institutionId);
    return {
      ...(d.language ? { language: d.language } : {}),
      ...(d.languageSource ? { languageSource: d.languageSource } : {}),
      ...(d.dialect ? { dialect: d.dialect } : {}),
      ...(d.start ? { start: new Date(d.start) } : {}),
      ...(d.durationMin ? { durationMin: d.durationMin } : {}),
      ...(d.mode ? { mode: d.mode } : {}),
      ...(placeId ? { placeName: this.institutionName(placeId) } : {}),
      ...(d.placeText ? { placeText: d.placeText } : {}),
      ...(d.purpose ? { purpose: d.purpose } : {}),
      urgency: d.urgency,
      ...(d.caseRef ? { caseRef: d.caseRef } : {}),
    };
  }

  private async showSummary(dc: DialogContext, state: State, notes: string[]): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const d = state.draft;
    state.phase = 'summary';
    state.review = true;
    const estimate = d.start && d.durationMin ? this.service.estimate(new Date(d.start), d.durationMin) : undefined;
    const suggestions = d.language ? await this.service.suggestions(info.identity, d.language, d.mode) : [];
    const built = summaryCard(cardInfo(info, this.service), this.draftView(dc, state), {
      ...(estimate ? { estimate } : {}),
      suggestions,
      ...(notes.length ? { notice: notes.join(' ') } : {}),
    });
    await sendCard(dc.context, built);
    return Dialog.EndOfTurn;
  }

  private async onAction(dc: DialogContext, state: State, action: DialogAction): Promise<DialogTurnResult> {
    switch (action.a) {
      case 'send':
        return state.phase === 'summary' || state.review ? this.send(dc, state) : this.ask(dc, state, []);
      case 'change':
        return this.askWhich(dc, state);
      case 'field':
        return this.askField(dc, state, action.f, []);
      case 'detect':
        state.phase = 'sample';
        await say(dc.context, turnInfo(dc.context).t('interpreters.ask.sample'));
        return Dialog.EndOfTurn;
      case 'list':
      case 'cancel':
      case 'done':
        await this.requestAction(dc, action);
        return Dialog.EndOfTurn;
    }
  }

  private async askWhich(dc: DialogContext, state: State): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    state.phase = 'changeWhich';
    await say(dc.context, info.t('interpreters.change.which'), changeButtons(cardInfo(info, this.service)));
    return Dialog.EndOfTurn;
  }

  private async onChangeWhich(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const field = FIELD_OF.get(fold(text));
    if (field) return this.askField(dc, state, field, []);
    return this.onSummary(dc, state, text);
  }

  private async onSummary(dc: DialogContext, state: State, text: string): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const folded = fold(text);
    if (W.send.has(folded)) return this.send(dc, state);
    if (W.change.has(folded)) return this.askWhich(dc, state);
    const field = FIELD_OF.get(folded);
    if (field) return this.askField(dc, state, field, []);
    // A correction in words: "lieber per Telefon", "um 11 Uhr", "Dialekt: Syrisch", "dringend".
    const notes: string[] = [];
    const filled = this.apply(dc, state, parseOneShot(text, this.parseOptions(dc)), notes, { overwrite: true });
    if (filled.length > 0 || notes.length > 0 || state.choices?.length) {
      if (filled.length > 0) notes.unshift(info.t('interpreters.change.applied'));
      return this.ask(dc, state, notes);
    }
    await say(dc.context, info.t('interpreters.summary.help'));
    return Dialog.EndOfTurn;
  }

  private async send(dc: DialogContext, state: State): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const d = state.draft;
    if (!d.language || !d.start || !d.durationMin || !d.mode || !d.purpose) return this.ask(dc, state, []);
    const result = await this.service.create(info.identity, {
      language: d.language,
      languageSource: d.languageSource ?? 'named',
      ...(d.dialect ? { dialect: d.dialect } : {}),
      start: new Date(d.start),
      durationMin: d.durationMin,
      mode: d.mode,
      ...(d.placeId ? { placeId: d.placeId } : {}),
      ...(d.placeText ? { placeText: d.placeText } : {}),
      purpose: d.purpose,
      urgency: d.urgency,
      ...(d.caseRef ? { caseRef: d.caseRef } : {}),
    });
    if (!result.ok) {
      if (result.reason === 'past') {
        delete d.start;
        return this.askField(dc, state, 'when', [info.t('interpreters.when.past')]);
      }
      if (result.reason === 'forbidden') {
        await say(dc.context, info.t('errors.noAccess'));
        return dc.endDialog();
      }
      if (result.reason === 'limit') {
        await say(dc.context, info.t('interpreters.limit'));
        return dc.endDialog();
      }
      return this.showSummary(dc, state, [info.t('interpreters.invalid')]);
    }
    const request = result.value;
    const to = request.organisers.some((o) => 'conversationKey' in o)
      ? info.t('interpreters.sent.toInbox')
      : request.organisers.length === 1 && 'userKey' in request.organisers[0]! && request.organisers[0].userKey === request.requester
        ? info.t('interpreters.sent.toSelf')
        : info.t('interpreters.sent.toOfficers', { count: request.organisers.length });
    await sendCard(dc.context, requesterCard(cardInfo(info, this.service), this.service.view(request), info.t('interpreters.sent.done', { id: request.id, to })));
    return dc.endDialog(request.id);
  }

  // -------------------------------------------------------------------------------------------
  // Existing requests
  // -------------------------------------------------------------------------------------------

  private async showList(dc: DialogContext): Promise<void> {
    const info = turnInfo(dc.context);
    const requests = await this.service.listOwn(info.identity);
    await sendCard(dc.context, listCard(cardInfo(info, this.service), requests.map((r) => this.service.view(r))));
  }

  private async showRequest(dc: DialogContext, id: string): Promise<void> {
    const info = turnInfo(dc.context);
    const got = await this.service.get(info.identity, id, origin(dc.context));
    if (!got.ok) return say(dc.context, info.t('interpreters.notFound', { id }));
    const ci = cardInfo(info, this.service);
    const view = this.service.view(got.value.request);
    if (got.value.as === 'requester') return sendCard(dc.context, requesterCard(ci, view));
    const suggestions = await this.service.organiserSuggestions(info.identity.userKey, view.request);
    return sendCard(dc.context, organiserCard(ci, view, { suggestions }));
  }

  private async requestAction(dc: DialogContext, action: DialogAction): Promise<void> {
    const info = turnInfo(dc.context);
    if (action.a === 'list') return this.showList(dc);
    if (action.a !== 'cancel' && action.a !== 'done') return;
    const result =
      action.a === 'cancel'
        ? await this.service.cancel(info.identity, action.r, action.v)
        : await this.service.markDone(info.identity, { id: action.r, ...(action.v ? { version: action.v } : {}) }, origin(dc.context));
    const ci = cardInfo(info, this.service);
    if (result.ok) {
      const key = action.a === 'cancel' ? 'interpreters.requester.cancelled' : 'interpreters.requester.doneNotice';
      return sendCard(dc.context, requesterCard(ci, this.service.view(result.value), info.t(key, { id: result.value.id })));
    }
    if (result.current) return sendCard(dc.context, requesterCard(ci, this.service.view(result.current), outcomeText(info, result.reason, action.r)));
    return say(dc.context, outcomeText(info, result.reason, action.r));
  }

  private institutionName(id: string): string {
    return this.service.institutionName(id);
  }

  private ownInstitutionName(identity: Identity): string {
    return identity.institutionId ? this.institutionName(identity.institutionId) : '';
  }
}

function mostlyNonLatin(text: string): boolean {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  return letters.length > 0 && letters.filter((c) => !/\p{Script=Latin}/u.test(c)).length / letters.length > 0.5;
}

/** A sample rather than a name: other scripts, or a longer text. */
function looksLikeSample(text: string): boolean {
  const letters = [...text].filter((c) => /\p{L}/u.test(c)).length;
  return mostlyNonLatin(text) || (text.trim().split(/\s+/).length >= 4 && letters >= 15);
}

function dayText(info: TurnInfo, day: IsoDate): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(info.locale === 'de' ? 'de-DE' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

function durationTitle(info: TurnInfo, minutes: number): string {
  return minutes < 60 ? info.t('interpreters.duration.minutes', { count: minutes }) : info.t('interpreters.duration.hours', { hours: info.fmt.number(minutes / 60) });
}

function origin(ctx: TurnContext): ActionOrigin {
  const id = ctx.activity.conversation?.id;
  return id ? { conversationId: id } : {};
}

function outcomeText(info: TurnInfo, reason: Failure, id: string): string {
  switch (reason) {
    case 'stale':
      return info.t('interpreters.outcome.stale', { id });
    case 'wrongStatus':
      return info.t('interpreters.outcome.wrongStatus', { id });
    case 'invalid':
      return info.t('interpreters.outcome.invalid');
    case 'forbidden':
      return info.t('errors.noAccess');
    default:
      return info.t('interpreters.notFound', { id });
  }
}

// -------------------------------------------------------------------------------------------------
// Organiser card actions (Action.Execute; the console chat sends them as message values)
// -------------------------------------------------------------------------------------------------

type ExecuteResult = { card: BuiltCard } | { text: string; status: number };

export async function runExecute(ctx: TurnContext, service: InterpreterService, verb: string, data: unknown): Promise<ExecuteResult> {
  const info = turnInfo(ctx);
  const { identity, t } = info;
  if (identity.userKey === 'anonymous') return { text: t('errors.noAccess'), status: 403 };
  const parsed = executeDataSchema.safeParse(data);
  if (!parsed.success || !ALL_VERBS.includes(verb)) return { text: t('interpreters.outcome.invalid'), status: 400 };
  const d = parsed.data;
  const from = origin(ctx);
  const ci = cardInfo(info, service);
  const organiserView = async (request: InterpreterRequest, notice?: string): Promise<ExecuteResult> => ({
    card: organiserCard(ci, service.view(request), {
      suggestions: await service.organiserSuggestions(identity.userKey, request),
      inChannel: ctx.activity.conversation?.conversationType === 'channel',
      ...(notice ? { notice } : {}),
    }),
  });
  if (verb === VERBS.refresh) {
    const got = await service.get(identity, d.dol.r, from);
    if (!got.ok) return { text: t('interpreters.notFound', { id: d.dol.r }), status: 404 };
    if (got.value.as === 'requester' && !service.organiserRole(identity, got.value.request, from)) return { card: requesterCard(ci, service.view(got.value.request)) };
    return organiserView(got.value.request);
  }
  const ref = { id: d.dol.r, version: d.dol.v ?? 0 };
  let result: Outcome<InterpreterRequest>;
  let done: MessageKey;
  if (verb === VERBS.confirm) {
    result = await service.confirm(identity, ref, { ...(d.dolEntry ? { entryId: d.dolEntry } : {}), ...(d.dolInterpreter ? { interpreter: d.dolInterpreter } : {}), ...(d.dolNote ? { note: d.dolNote } : {}) }, from);
    done = 'interpreters.organiser.confirmedNotice';
  } else if (verb === VERBS.decline) {
    result = await service.decline(identity, ref, { ...(d.dolNote ? { note: d.dolNote } : {}) }, from);
    done = 'interpreters.organiser.declinedNotice';
  } else {
    result = await service.markDone(identity, ref, from);
    done = 'interpreters.organiser.doneNotice';
  }
  if (result.ok) return organiserView(result.value, t(done, { id: result.value.id }));
  if (result.current) return organiserView(result.current, outcomeText(info, result.reason, d.dol.r));
  if (result.reason === 'invalid') {
    const got = await service.get(identity, d.dol.r, from);
    if (got.ok) return organiserView(got.value.request, t('interpreters.outcome.invalid'));
  }
  return { text: outcomeText(info, result.reason, d.dol.r), status: result.reason === 'forbidden' ? 403 : result.reason === 'invalid' ? 400 : 404 };
}

async function replyExecute(ctx: TurnContext, service: InterpreterService, verb: string, data: unknown): Promise<void> {
  const result = await runExecute(ctx, service, verb, data);
  if ('card' in result) await sendCard(ctx, result.card);
  else await say(ctx, result.text);
}

export async function onCardAction(service: InterpreterService, ctx: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
  const result = await runExecute(ctx, service, verb, data);
  if ('card' in result) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card.card as never };
  if (result.status >= 400 && result.status !== 403 && result.status !== 404) {
    return { statusCode: result.status, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: result.text } as never };
  }
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.text as never };
}

// -------------------------------------------------------------------------------------------------
// Interpreter address file: a short guided dialog to add an entry
// -------------------------------------------------------------------------------------------------

type AddressPhase = 'kind' | 'name' | 'languages' | 'modes' | 'sworn' | 'contact' | 'confirm';

interface AddressState {
  phase: AddressPhase;
  kind?: 'service' | 'person';
  name?: string;
  languages?: string[];
  modes?: Mode[];
  sworn?: boolean;
  contact?: string;
}

const KIND_WORDS = { service: words(['dienst', 'service', 'agentur', 'büro', 'agency', 'organisation', 'organization']), person: words(['person', 'dolmetscher', 'dolmetscherin', 'dolmetscher/in', 'interpreter', 'einzelperson']) };
const ALL_WORDS = words(['alle', 'all', 'alles']);

export class AddressEntryDialog extends Dialog {
  constructor(private readonly service: InterpreterService) {
    super(ADDRESS_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    if (!this.service.mayRequest(info.identity)) {
      await say(dc.context, info.t('errors.noAccess'));
      return dc.endDialog();
    }
    const state = dc.activeDialog!.state as AddressState;
    state.phase = 'kind';
    return this.prompt(dc, state, []);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const { t } = info;
    const state = dc.activeDialog!.state as AddressState;
    const text = (dc.context.activity.text ?? '').trim();
    const folded = fold(text);
    if (!text) return this.prompt(dc, state, []);
    switch (state.phase) {
      case 'kind': {
        const kind = KIND_WORDS.service.has(folded) || folded === fold(t('interpreters.address.kind.service')) ? 'service' : KIND_WORDS.person.has(folded) || folded === fold(t('interpreters.address.kind.person')) ? 'person' : undefined;
        if (!kind) return this.prompt(dc, state, [t('interpreters.address.ask.kindAgain')]);
        state.kind = kind;
        state.phase = 'name';
        break;
      }
      case 'name': {
        const name = text.replace(/\s+/g, ' ').trim();
        if (name.length > 100) return this.prompt(dc, state, [t('interpreters.address.tooLong', { max: 100 })]);
        state.name = name;
        state.phase = 'languages';
        break;
      }
      case 'languages': {
        const codes: string[] = [];
        const unknown: string[] = [];
        for (const part of text.split(/(?<!\s)\s*(?:,|;|\/|\bund\b|\band\b)\s*/i).filter(Boolean)) {
          const r = resolveLanguageName(part);
          if ('code' in r) codes.push(r.code);
          else if ('ambiguous' in r) codes.push(...r.ambiguous.map((a) => a.code));
          else unknown.push(part.slice(0, 30));
        }
        if (unknown.length > 0 || codes.length === 0) return this.prompt(dc, state, [t('interpreters.address.unknownLanguages', { names: unknown.join(', ') || text.slice(0, 30) })]);
        state.languages = [...new Set(codes)].slice(0, 30);
        state.phase = 'modes';
        break;
      }
      case 'modes': {
        const modes = ALL_WORDS.has(folded) ? [...MODES] : MODES.filter((m) => text.split(/(?<!\s)\s*(?:,|;|\/|\bund\b|\band\b)\s*/i).some((p) => parseMode(p) === m || fold(p) === fold(t(`interpreters.mode.${m}` as MessageKey))));
        if (modes.length === 0) return this.prompt(dc, state, [t('interpreters.mode.unrecognised')]);
        state.modes = modes;
        state.phase = 'sworn';
        break;
      }
      case 'sworn':
        if (W.yes.has(folded) || folded === 'beeidigt' || folded === 'sworn') state.sworn = true;
        else if (W.none.has(folded)) state.sworn = false;
        else return this.prompt(dc, state, []);
        state.phase = 'contact';
        break;
      case 'contact':
        if (W.none.has(folded)) delete state.contact;
        else if (text.length > 200) return this.prompt(dc, state, [t('interpreters.address.tooLong', { max: 200 })]);
        else state.contact = text.replace(/\s+/g, ' ').trim();
        state.phase = 'confirm';
        break;
      case 'confirm': {
        if (W.send.has(folded) || folded === fold(t('interpreters.address.save'))) return this.save(dc, state);
        return this.prompt(dc, state, []);
      }
    }
    return this.prompt(dc, state, []);
  }

  private async prompt(dc: DialogContext, state: AddressState, notes: string[]): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const { t, locale } = info;
    const prefix = notes.length ? notes.join(' ') + '\n\n' : '';
    const yesNo = [
      { title: t('interpreters.address.yes'), value: locale === 'de' ? 'ja' : 'yes' },
      { title: t('interpreters.address.no'), value: locale === 'de' ? 'nein' : 'no' },
    ];
    switch (state.phase) {
      case 'kind':
        await say(dc.context, prefix + t('interpreters.address.ask.kind'), (['service', 'person'] as const).map((k) => ({ title: t(`interpreters.address.kind.${k}`), value: t(`interpreters.address.kind.${k}`) })));
        break;
      case 'name':
        await say(dc.context, prefix + t(state.kind === 'person' ? 'interpreters.address.ask.namePerson' : 'interpreters.address.ask.nameService'));
        break;
      case 'languages':
        await say(dc.context, prefix + t('interpreters.address.ask.languages'));
        break;
      case 'modes':
        await say(dc.context, prefix + t('interpreters.address.ask.modes'), [
          ...MODES.map((m) => ({ title: t(`interpreters.mode.${m}` as MessageKey), value: t(`interpreters.mode.${m}` as MessageKey) })),
          { title: t('interpreters.address.allModes'), value: locale === 'de' ? 'alle' : 'all' },
        ]);
        break;
      case 'sworn':
        await say(dc.context, prefix + t('interpreters.address.ask.sworn'), yesNo);
        break;
      case 'contact':
        await say(dc.context, prefix + t('interpreters.address.ask.contact'), [{ title: t('interpreters.address.noContact'), value: locale === 'de' ? 'keine' : 'none' }]);
        break;
      case 'confirm': {
        const langs = (state.languages ?? []).map((l) => languageLabel(l, locale)).join(', ');
        const modes = (state.modes ?? []).map((m) => t(`interpreters.mode.${m}` as MessageKey)).join('/');
        await say(
          dc.context,
          prefix + t('interpreters.address.ask.confirm', { kind: t(`interpreters.address.kind.${state.kind ?? 'service'}`), languages: langs, modes, sworn: t(state.sworn ? 'interpreters.address.yes' : 'interpreters.address.no') }),
          [{ title: t('interpreters.address.save'), value: t('interpreters.address.save') }, { title: t('interpreters.summary.cancel'), value: locale === 'de' ? 'abbrechen' : 'cancel' }],
        );
        break;
      }
    }
    return Dialog.EndOfTurn;
  }

  private async save(dc: DialogContext, state: AddressState): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const result = await this.service.addEntry(info.identity, {
      kind: state.kind ?? 'service',
      name: state.name ?? '',
      languages: state.languages ?? [],
      modes: state.modes ?? [],
      sworn: state.sworn ?? false,
      ...(state.contact ? { contact: state.contact } : {}),
    });
    if (!result.ok) {
      await say(dc.context, result.reason === 'limit' ? info.t('interpreters.address.limit') : result.reason === 'forbidden' ? info.t('errors.noAccess') : info.t('interpreters.outcome.invalid'));
      return dc.endDialog();
    }
    await showAddressFile(dc.context, this.service, info.t('interpreters.address.added', { id: result.value.id }));
    return dc.endDialog(result.value.id);
  }
}

async function showAddressFile(ctx: TurnContext, service: InterpreterService, notice?: string): Promise<void> {
  const info = turnInfo(ctx);
  if (!service.mayRequest(info.identity)) return say(ctx, info.t('errors.noAccess'));
  const entries = await service.entries(info.identity);
  const name = service.institutionName(info.identity.institutionId!);
  await sendCard(ctx, addressListCard(cardInfo(info, service), name, entries, notice));
}

// -------------------------------------------------------------------------------------------------
// Interpreter inbox channel
// -------------------------------------------------------------------------------------------------

async function inboxCommand(ctx: TurnContext, service: InterpreterService, deps: CapabilityContext, args: string, register: boolean): Promise<void> {
  const info = turnInfo(ctx);
  const { identity, t } = info;
  let institutionId = identity.role === 'officer' ? identity.institutionId : undefined;
  if (args.trim()) {
    const place = resolvePlace(deps.institutions, args, 'institution');
    if (!place.ok) return say(ctx, t(place.message, place.params));
    institutionId = place.place.id;
  }
  if (!institutionId) return say(ctx, t('interpreters.inbox.usage'));
  const name = deps.institutions.byId(institutionId)?.name ?? institutionId;
  if (!register) {
    const result = await service.unregisterInbox(identity, institutionId);
    return say(ctx, result.ok ? t('interpreters.inbox.unregistered', { institution: name }) : result.reason === 'notFound' ? t('interpreters.inbox.none', { institution: name }) : t('errors.noAccess'));
  }
  const address = channelAddressOf(ctx.activity);
  if (!address) return say(ctx, t('interpreters.inbox.channelOnly'));
  const result = await service.registerInbox(identity, institutionId, address);
  return say(ctx, result.ok ? t('interpreters.inbox.registered', { institution: name }) : t('errors.noAccess'));
}

// -------------------------------------------------------------------------------------------------
// Module
// -------------------------------------------------------------------------------------------------

export const INTERPRETER_PHRASES = {
  main: ['dolmetscher', 'dolmetscherin', 'dolmetscheranfrage', 'interpreter', 'interpreter request'],
  mine: ['meine dolmetscher', 'meine dolmetscheranfragen', 'my interpreters', 'my interpreter requests'],
  addresses: ['dolmetscher adressen', 'dolmetscher adressdatei', 'adressdatei', 'interpreter addresses', 'interpreter address file'],
  addAddress: ['dolmetscher adresse neu', 'dolmetscher adressen neu', 'adressdatei neu', 'interpreter address add', 'add interpreter address'],
  removeAddress: ['dolmetscher adresse löschen', 'dolmetscher adresse loschen', 'dolmetscher adresse entfernen', 'interpreter address remove'],
  register: ['als dolmetscher-eingang registrieren', 'dolmetscher-eingang registrieren', 'register interpreter inbox', 'register as interpreter inbox'],
  unregister: ['dolmetscher-eingang abmelden', 'unregister interpreter inbox'],
};

export function interpreterCapabilities(service: InterpreterService, language: LanguageService, deps: CapabilityContext): Capability[] {
  const dialog = new InterpreterDialog(service, language, deps.log);
  const addressDialog = new AddressEntryDialog(service);
  const main: Capability = {
    id: 'interpreter',
    phrases: INTERPRETER_PHRASES.main,
    roles: INTERPRETER_ROLES,
    menu: { label: 'interpreters.menu', command: { de: 'dolmetscher', en: 'interpreter' } },
    dialogs: [dialog, addressDialog],
    recognizes: (text) => recognizesRequest(text, { now: service.now(), timeZone: service.timeZone, locale: 'de' }),
    start: (dc, args) => dc.beginDialog(INTERPRETER_DIALOG, { args } satisfies InterpreterDialogOptions),
    cardVerbs: ALL_VERBS,
    onCardAction: (ctx, verb, data) => onCardAction(service, ctx, verb, data),
  };
  const mine: Capability = {
    id: 'interpreter.mine',
    phrases: INTERPRETER_PHRASES.mine,
    roles: INTERPRETER_ROLES,
    menu: { label: 'interpreters.menuMine', command: { de: 'meine dolmetscher', en: 'my interpreters' } },
    start: (dc) => dc.beginDialog(INTERPRETER_DIALOG, { list: true } satisfies InterpreterDialogOptions),
  };
  const addresses: Capability = {
    id: 'interpreter.addresses',
    phrases: INTERPRETER_PHRASES.addresses,
    roles: INTERPRETER_ROLES,
    menu: { label: 'interpreters.menuAddresses', command: { de: 'dolmetscher adressen', en: 'interpreter addresses' } },
    start: (dc) => showAddressFile(dc.context, service),
  };
  const addAddress: Capability = {
    id: 'interpreter.addresses.add',
    phrases: INTERPRETER_PHRASES.addAddress,
    roles: INTERPRETER_ROLES,
    start: (dc) => dc.beginDialog(ADDRESS_DIALOG),
  };
  const removeAddress: Capability = {
    id: 'interpreter.addresses.remove',
    phrases: INTERPRETER_PHRASES.removeAddress,
    roles: INTERPRETER_ROLES,
    async start(dc, args) {
      const info = turnInfo(dc.context);
      const id = (args.trim().split(/\s+/)[0] ?? '').toUpperCase();
      const result = await service.removeEntry(info.identity, id);
      if (!result.ok) return say(dc.context, result.reason === 'forbidden' ? info.t('errors.noAccess') : info.t('interpreters.address.notFound', { id: id.slice(0, 20) }));
      return showAddressFile(dc.context, service, info.t('interpreters.address.removed', { id }));
    },
  };
  const register: Capability = {
    id: 'interpreter.inbox.register',
    phrases: INTERPRETER_PHRASES.register,
    roles: ['officer', 'admin'],
    start: (dc, args) => inboxCommand(dc.context, service, deps, args, true),
  };
  const unregister: Capability = {
    id: 'interpreter.inbox.unregister',
    phrases: INTERPRETER_PHRASES.unregister,
    roles: ['officer', 'admin'],
    start: (dc, args) => inboxCommand(dc.context, service, deps, args, false),
  };
  return [main, mine, addresses, addAddress, removeAddress, register, unregister];
}

/** Requests, address file and inboxes in DATA_DIR/interpreters.json; rates from data/interpreter-rates.json. */
export const openInterpreterModule: OpenCapabilityModule = async (ctx) => {
  const rates = loadRates();
  const store = await openInterpreterStore(ctx.dataDir, ctx.log);
  const service = new InterpreterService({
    store,
    audit: ctx.audit,
    institutions: ctx.institutions,
    roles: ctx.roles,
    conversations: ctx.conversations,
    notifier: ctx.notifier,
    clock: ctx.clock,
    log: ctx.log,
    timeZone: ctx.config.timeZone,
    rates,
  });
  return { capabilities: interpreterCapabilities(service, ctx.language, ctx), close: () => store.close() };
};

