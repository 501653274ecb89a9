// Interpreter request cards: the summary before sending, the organiser's card (Action.Execute: confirm,
// decline, done — updated in place on every change), the requester's notices, "meine dolmetscher" and the
// interpreter address file. Our own labels go into TextBlock/FactSet; dialect, case reference, a place in
// words, interpreter names, entry names and contacts are user text and go only through userText().
import type { Formatter } from '../i18n/format.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import type { Locale } from '../text/locale.js';
import { languageLabel } from '../language/languageNames.js';
import type { CostEstimate } from '../interpreters/cost.js';
import type { DialogAction } from '../interpreters/actions.js';
import { VERBS, type DraftView, type Field, type OrganiserCardOptions, type RequestView } from '../interpreters/types.js';
import type { AddressEntry, InterpreterRequest, Mode, Purpose, Status, Urgency } from '../interpreters/store.js';
import { card, cleanUserText, commandButton, facts, heading, paragraph, userText, type AdaptiveCard, type CardAction, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';

export interface CardInfo {
  t: Translate;
  fmt: Formatter;
  locale: Locale;
  timeZone: string;
}

export const INTERPRETER_COMMAND: Readonly<Record<Locale, string>> = { de: 'dolmetscher', en: 'interpreter' };

const modeLabel = (t: Translate, m: Mode) => t(`interpreters.mode.${m}` as MessageKey);
const purposeLabel = (t: Translate, p: Purpose) => t(`interpreters.purpose.${p}` as MessageKey);
const urgencyLabel = (t: Translate, u: Urgency) => t(`interpreters.urgency.${u}` as MessageKey);
export const statusLabel = (t: Translate, s: Status) => t(`interpreters.status.${s}` as MessageKey);

export function durationText(info: CardInfo, minutes: number): string {
  if (minutes < 60 || minutes % 30 !== 0) return info.t('interpreters.duration.minutes', { count: minutes });
  return info.t('interpreters.duration.hours', { hours: info.fmt.number(minutes / 60) });
}

export function whenText(info: CardInfo, start: Date, durationMin?: number): string {
  const at = info.fmt.dateTime(start);
  return durationMin ? info.t('interpreters.card.whenWithDuration', { when: at, duration: durationText(info, durationMin) }) : at;
}

export function costLines(info: CardInfo, estimate: CostEstimate): { amount: string; detail: string } {
  const { t, fmt, locale } = info;
  const amount = t('interpreters.cost.amount', { amount: fmt.euro(estimate.amountEur) });
  const parts = [t('interpreters.cost.basis', { hours: fmt.number(estimate.billedHours), rate: fmt.euro(estimate.hourlyEur) })];
  if (estimate.surchargedMinutes > 0) parts.push(t('interpreters.cost.surcharge', { percent: estimate.surchargePercent, minutes: estimate.surchargedMinutes }));
  parts.push(t('interpreters.cost.source', { source: estimate.source[locale] }));
  parts.push(t('interpreters.cost.excludes'));
  return { amount, detail: parts.join(' ') };
}

function submit(info: CardInfo, title: string, action: DialogAction, style?: 'positive' | 'destructive'): CardAction {
  return { type: 'Action.Submit', title, ...(style ? { style } : {}), data: { cmd: INTERPRETER_COMMAND[info.locale], dol: action } };
}

function execute(info: CardInfo, title: string, verb: string, request: InterpreterRequest, style?: 'positive' | 'destructive'): CardAction {
  return {
    type: 'Action.Execute',
    title,
    verb,
    ...(style ? { style } : {}),
    data: { cmd: INTERPRETER_COMMAND[info.locale], dol: { r: request.id, v: request.version } },
  };
}

// ---- the summary before sending ---------------------------------------------------------------

export function summaryCard(
  info: CardInfo,
  draft: DraftView,
  opts: { estimate?: CostEstimate; suggestions: AddressEntry[]; notice?: string },
): BuiltCard {
  const { t } = info;
  const body: CardElement[] = [];
  if (opts.notice) body.push(paragraph(opts.notice, { subtle: true }));
  body.push(heading(t('interpreters.summary.title')));
  const pairs: [string, string][] = [];
  if (draft.language) {
    const lang = languageLabel(draft.language, info.locale);
    pairs.push([t('interpreters.card.language'), draft.languageSource === 'detected' ? t('interpreters.card.detectedLanguage', { language: lang }) : lang]);
  }
  if (draft.start) pairs.push([t('interpreters.card.when'), whenText(info, draft.start, draft.durationMin)]);
  if (draft.mode) pairs.push([t('interpreters.card.mode'), modeLabel(t, draft.mode)]);
  if (draft.placeName) pairs.push([t('interpreters.card.place'), draft.placeName]);
  if (draft.purpose) pairs.push([t('interpreters.card.purpose'), purposeLabel(t, draft.purpose)]);
  pairs.push([t('interpreters.card.urgency'), urgencyLabel(t, draft.urgency)]);
  body.push(facts(pairs));
  if (draft.dialect) body.push(userText(t('interpreters.card.dialect', { dialect: draft.dialect })));
  if (draft.placeText) body.push(userText(t('interpreters.card.placeText', { place: draft.placeText })));
  if (draft.caseRef) body.push(userText(t('interpreters.card.caseRef', { ref: draft.caseRef })));
  if (opts.estimate) {
    const cost = costLines(info, opts.estimate);
    body.push(paragraph(cost.amount, { small: true }), paragraph(cost.detail, { small: true, subtle: true }));
  }
  if (opts.suggestions.length > 0) {
    body.push(paragraph(t('interpreters.summary.suggestions'), { small: true }));
    for (const e of opts.suggestions) body.push(userText(entryLine(info, e)));
  }
  body.push(paragraph(t('interpreters.summary.privacy'), { small: true, subtle: true }));
  const actions = [
    submit(info, t('interpreters.summary.send'), { a: 'send' }, 'positive'),
    submit(info, t('interpreters.summary.change'), { a: 'change' }),
    commandButton(t('interpreters.summary.cancel'), info.locale === 'de' ? 'abbrechen' : 'cancel'),
  ];
  const summary = t('interpreters.summary.text', {
    language: draft.language ? languageLabel(draft.language, info.locale) : '–',
    when: draft.start ? whenText(info, draft.start, draft.durationMin) : '–',
    mode: draft.mode ? modeLabel(t, draft.mode) : '–',
  });
  return { card: card(body, actions), summary: opts.notice ? `${opts.notice} ${summary}` : summary };
}

/** The fields the officer can change, as buttons. */
export function changeButtons(info: CardInfo): { title: string; value: string }[] {
  const fields: Field[] = ['language', 'dialect', 'when', 'duration', 'mode', 'place', 'purpose', 'urgency', 'caseRef'];
  return fields.map((f) => ({ title: info.t(`interpreters.field.${f}` as MessageKey), value: info.t(`interpreters.field.${f}` as MessageKey) }));
}

// ---- a request ---------------------------------------------------------------------------------

function requestBody(info: CardInfo, view: RequestView, opts: { showInstitution: boolean }): CardElement[] {
  const { t } = info;
  const r = view.request;
  const body: CardElement[] = [];
  const pairs: [string, string][] = [
    [t('interpreters.card.status'), statusLabel(t, r.status)],
    [t('interpreters.card.language'), languageLabel(r.language, info.locale)],
    [t('interpreters.card.when'), whenText(info, new Date(r.start), r.durationMin)],
    [t('interpreters.card.mode'), modeLabel(t, r.mode)],
  ];
  if (view.placeName) pairs.push([t('interpreters.card.place'), view.placeName]);
  pairs.push([t('interpreters.card.purpose'), purposeLabel(t, r.purpose)], [t('interpreters.card.urgency'), urgencyLabel(t, r.urgency)]);
  if (opts.showInstitution) pairs.push([t('interpreters.card.requestedBy'), t('interpreters.card.requestedByValue', { institution: view.institutionName })]);
  body.push(facts(pairs));
  if (r.dialect) body.push(userText(t('interpreters.card.dialect', { dialect: r.dialect })));
  if (r.placeText) body.push(userText(t('interpreters.card.placeText', { place: r.placeText })));
  if (r.caseRef) body.push(userText(t('interpreters.card.caseRef', { ref: r.caseRef })));
  if (r.confirmation) {
    body.push(paragraph(t('interpreters.card.confirmedAt', { at: info.fmt.dateTime(new Date(r.confirmation.at)) }), { small: true }));
    if (view.entry) body.push(userText(t('interpreters.card.interpreter', { interpreter: entryLine(info, view.entry) })));
    if (r.confirmation.interpreter) body.push(userText(t('interpreters.card.interpreter', { interpreter: r.confirmation.interpreter })));
    if (r.confirmation.note) body.push(userText(t('interpreters.card.note', { note: r.confirmation.note })));
  }
  if (r.closed) {
    body.push(paragraph(t(`interpreters.card.closed.${r.closed.reason}` as MessageKey, { at: info.fmt.dateTime(new Date(r.closed.at)) }), { small: true }));
    if (r.closed.note) body.push(userText(t('interpreters.card.note', { note: r.closed.note })));
  }
  if (view.estimate && (r.status === 'angefragt' || r.status === 'bestaetigt')) {
    const cost = costLines(info, view.estimate);
    body.push(paragraph(cost.amount, { small: true }), paragraph(cost.detail, { small: true, subtle: true }));
  }
  return body;
}

function requestSummary(info: CardInfo, view: RequestView): string {
  const r = view.request;
  return info.t('interpreters.card.summary', {
    id: r.id,
    language: languageLabel(r.language, info.locale),
    when: info.fmt.dateTime(new Date(r.start)),
    status: statusLabel(info.t, r.status),
  });
}

/**
 * The organiser's card. While "angefragt": suggestions from the address file, a field for the interpreter
 * as given, a note, and confirm / decline. While "bestätigt": done / call off. Closed: no buttons.
 */
export function organiserCard(info: CardInfo, view: RequestView, opts: OrganiserCardOptions): BuiltCard {
  const { t } = info;
  const r = view.request;
  const body: CardElement[] = [];
  if (opts.notice) body.push(paragraph(opts.notice, { subtle: true }));
  body.push(heading(t(r.urgency === 'dringend' ? 'interpreters.organiser.titleUrgent' : 'interpreters.organiser.title', { id: r.id })));
  if (r.status === 'angefragt') body.push(paragraph(t(opts.requesterIsOrganiser ? 'interpreters.organiser.selfHint' : 'interpreters.organiser.hint'), { small: true }));
  body.push(...requestBody(info, view, { showInstitution: true }));
  const actions: CardAction[] = [];
  if (r.status === 'angefragt') {
    if (opts.suggestions.length > 0) {
      body.push({
        type: 'Input.ChoiceSet',
        id: 'dolEntry',
        label: t('interpreters.organiser.pickEntry'),
        style: 'expanded',
        isMultiSelect: false,
        choices: opts.suggestions.map((e) => ({ title: cleanUserText(entryLine(info, e), 200), value: e.id })),
      });
    }
    body.push(
      { type: 'Input.Text', id: 'dolInterpreter', label: t('interpreters.organiser.interpreterLabel'), placeholder: t('interpreters.organiser.interpreterPlaceholder'), maxLength: 120 },
      { type: 'Input.Text', id: 'dolNote', label: t('interpreters.organiser.noteLabel'), placeholder: t('interpreters.organiser.notePlaceholder'), maxLength: 200, isMultiline: true },
    );
    actions.push(execute(info, t('interpreters.organiser.confirm'), VERBS.confirm, r, 'positive'), execute(info, t('interpreters.organiser.decline'), VERBS.decline, r, 'destructive'));
  } else if (r.status === 'bestaetigt') {
    body.push({ type: 'Input.Text', id: 'dolNote', label: t('interpreters.organiser.noteLabel'), placeholder: t('interpreters.organiser.notePlaceholder'), maxLength: 200, isMultiline: true });
    actions.push(execute(info, t('interpreters.organiser.done'), VERBS.done, r, 'positive'), execute(info, t('interpreters.organiser.callOff'), VERBS.decline, r, 'destructive'));
  }
  const built: AdaptiveCard = card(body, actions);
  // Universal Actions: in a 1:1 chat Teams asks for the current state whenever the card is shown.
  if (!opts.inChannel) built.refresh = { action: { type: 'Action.Execute', verb: VERBS.refresh, data: { cmd: INTERPRETER_COMMAND[info.locale], dol: { r: r.id } } } };
  const summary = `${t('interpreters.organiser.summaryPrefix')} ${requestSummary(info, view)}`;
  return { card: built, summary: opts.notice ? `${opts.notice} ${summary}` : summary };
}

/** The requester's view of one request, with cancel / done while open. */
export function requesterCard(info: CardInfo, view: RequestView, notice?: string): BuiltCard {
  const { t } = info;
  const r = view.request;
  const body: CardElement[] = [];
  if (notice) body.push(paragraph(notice, { subtle: true }));
  body.push(heading(t('interpreters.requester.title', { id: r.id })));
  body.push(...requestBody(info, view, { showInstitution: false }));
  const actions: CardAction[] = [];
  if (r.status === 'bestaetigt') actions.push(submit(info, t('interpreters.requester.done'), { a: 'done', r: r.id, v: r.version }, 'positive'));
  if (r.status === 'angefragt' || r.status === 'bestaetigt') actions.push(submit(info, t('interpreters.requester.cancel'), { a: 'cancel', r: r.id, v: r.version }, 'destructive'));
  actions.push(submit(info, t('interpreters.requester.list'), { a: 'list' }));
  const summary = requestSummary(info, view);
  return { card: card(body, actions), summary: notice ? `${notice} ${summary}` : summary };
}

/** The proactive notice to the requester after an organiser acted. */
export function requesterNoticeCard(info: CardInfo, view: RequestView, what: 'confirmed' | 'declined' | 'done'): BuiltCard {
  const r = view.request;
  const notice = info.t(`interpreters.notice.${what}` as MessageKey, { id: r.id, language: languageLabel(r.language, info.locale), when: info.fmt.dateTime(new Date(r.start)) });
  return requesterCard(info, view, notice);
}

/** "meine dolmetscher": open requests first, then the last closed ones. */
export function listCard(info: CardInfo, views: RequestView[]): BuiltCard {
  const { t } = info;
  if (views.length === 0) {
    return {
      card: card([heading(t('interpreters.list.title')), paragraph(t('interpreters.list.empty'))], [commandButton(t('interpreters.list.new'), INTERPRETER_COMMAND[info.locale])]),
      summary: t('interpreters.list.empty'),
    };
  }
  const body: CardElement[] = [heading(t('interpreters.list.title'))];
  for (const view of views) {
    const r = view.request;
    const items: CardElement[] = [
      { type: 'TextBlock', text: `${r.id} · ${languageLabel(r.language, info.locale)} · ${statusLabel(t, r.status)}`, weight: 'Bolder', wrap: true },
      paragraph(`${whenText(info, new Date(r.start), r.durationMin)} · ${modeLabel(t, r.mode)} · ${purposeLabel(t, r.purpose)}`, { small: true }),
    ];
    if (r.caseRef) items.push(userText(t('interpreters.card.caseRef', { ref: r.caseRef })));
    if (r.confirmation?.interpreter) items.push(userText(t('interpreters.card.interpreter', { interpreter: r.confirmation.interpreter })));
    else if (r.confirmation?.entryId && view.entry) items.push(userText(t('interpreters.card.interpreter', { interpreter: entryLine(info, view.entry) })));
    const actions: CardAction[] = [];
    if (r.status === 'bestaetigt') actions.push(submit(info, t('interpreters.requester.done'), { a: 'done', r: r.id, v: r.version }, 'positive'));
    if (r.status === 'angefragt' || r.status === 'bestaetigt') actions.push(submit(info, t('interpreters.requester.cancel'), { a: 'cancel', r: r.id, v: r.version }, 'destructive'));
    if (actions.length) items.push({ type: 'ActionSet', actions });
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items });
  }
  const open = views.filter((v) => v.request.status === 'angefragt' || v.request.status === 'bestaetigt').length;
  return {
    card: card(body, [commandButton(t('interpreters.list.new'), INTERPRETER_COMMAND[info.locale])]),
    summary: t('interpreters.list.summary', { count: views.length, open }),
  };
}

// ---- interpreter address file -----------------------------------------------------------------

/** One entry in one line (user text: name and contact as the officer gave them). */
export function entryLine(info: CardInfo, e: AddressEntry): string {
  const { t } = info;
  const langs = e.languages.map((l) => languageLabel(l, info.locale)).join(', ');
  const modes = e.modes.map((m) => modeLabel(t, m)).join('/');
  const parts = [`${e.name} (${t(`interpreters.address.kind.${e.kind}` as MessageKey)})`, langs, modes];
  if (e.sworn) parts.push(t('interpreters.address.sworn'));
  if (e.contact) parts.push(e.contact);
  return parts.join(' · ');
}

export function addressListCard(info: CardInfo, institutionName: string, entries: AddressEntry[], notice?: string): BuiltCard {
  const { t, locale } = info;
  const body: CardElement[] = [];
  if (notice) body.push(paragraph(notice, { subtle: true }));
  body.push(heading(t('interpreters.address.title', { institution: institutionName })));
  body.push(paragraph(t('interpreters.address.hint'), { small: true, subtle: true }));
  if (entries.length === 0) body.push(paragraph(t('interpreters.address.empty')));
  for (const e of entries) {
    const remove = locale === 'de' ? `dolmetscher adresse löschen ${e.id}` : `interpreter address remove ${e.id}`;
    body.push({
      type: 'Container',
      separator: true,
      items: [
        { type: 'TextBlock', text: e.id, weight: 'Bolder', size: 'Small', wrap: true },
        userText(entryLine(info, e)),
        { type: 'ActionSet', actions: [commandButton(t('interpreters.address.remove'), remove)] },
      ],
    });
  }
  const add = locale === 'de' ? 'dolmetscher adresse neu' : 'interpreter address add';
  return {
    card: card(body, [commandButton(t('interpreters.address.add'), add)]),
    summary: t('interpreters.address.summary', { count: entries.length, institution: institutionName }),
  };
}
