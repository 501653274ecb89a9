// Escalation cards: the case card in four views, notices, lists and the officer's confirmation. Case cards use Universal Actions (Action.Execute + refresh) so every
// viewer gets the current state in their own view; each Execute also carries `cmd`, the typed command
// doing the same, for clients without Universal Actions (console chat).
// Summaries, questions, answers, notes, case references and display names are user text: they go
// only through userText()/TextRun (no Markdown) and are length-capped. Channel views carry id,
// category, urgency, institution and status only.
import { withPreposition } from '../institutions/grammar.js';
import type { Formatter } from '../i18n/format.js';
import type { InstitutionContact } from '../institutions/contact.js';
import type { Translate } from '../i18n/i18n.js';
import type { Locale } from '../text/locale.js';
import { card, cleanUserText, commandButton, facts, heading, paragraph, userText, type AdaptiveCard, type CardAction, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';
import {
  CARD_VERBS,
  isOpen,
  MESSAGE_MAX,
  NAME_MAX,
  REFRESH_VERB,
  SUMMARY_MAX,
  type CaseView,
  type Category,
  type Escalation,
  type HistoryEntry,
  type ThreadEntry,
  type Urgency,
} from '../escalations/types.js';

export interface EscalationCardInfo {
  t: Translate;
  fmt: Formatter;
  locale: Locale;
}

export interface CaseCardContext {
  now: Date;
  institutionName: string;
  unitName: string;
  /** Display label of a coordinator: roster or Teams name, else a neutral word in the reader's language (never an id). */
  nameOf(userKey: string): string;
  /** Who sent the case (coordinator 1:1 view only): a display name, '' when none is known (never an id). */
  requesterName?: string;
  /** How to reach the requester's institution (coordinator 1:1 view only, when the directory has it). */
  institutionContact?: InstitutionContact;
  /** Coordinators of the unit a case can be assigned to (coordinator view only). */
  members?: { userKey: string; label: string }[];
  /** Teams user ids (MRIs) whose clients refresh the card automatically (channel posts). */
  refreshUserIds?: string[];
  /** A line on top: "inzwischen geändert", "gespeichert", … (our own text). */
  banner?: { text: string; attention?: boolean };
}

/** Newest thread entries a card shows: keeps the worst case well below Teams' ~80 KB (UTF-16) message size. */
export const THREAD_SHOWN = 6;
/** Coordinators offered in the assign list. */
export const ASSIGN_CHOICES_MAX = 30;

/** Typed commands that do what a card button does (both languages are understood either way). */
export const TEXT_COMMANDS = {
  de: { inbox: 'eingang', mine: 'meine eskalationen', answer: 'antwort', withdraw: 'eskalation zurückziehen', take: 'übernehmen', assign: 'zuweisen', ask: 'rückfrage', resolve: 'erledigen', reopen: 'wieder öffnen', escalate: 'eskalation' },
  en: { inbox: 'inbox', mine: 'my escalations', answer: 'answer', withdraw: 'withdraw escalation', take: 'take', assign: 'assign', ask: 'ask', resolve: 'resolve', reopen: 'reopen', escalate: 'escalate' },
} as const;

export function categoryLabel(t: Translate, category: Category): string {
  return t(`escalations.category.${category}`);
}

export function urgencyLabel(t: Translate, urgency: Urgency): string {
  return t(`escalations.urgency.${urgency}`);
}

/** A label (ours) followed by user text on one line, without Markdown. */
function labelled(label: string, value: string, max: number): CardElement {
  return {
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: `${label}: `, weight: 'Bolder' },
      { type: 'TextRun', text: cleanUserText(value, max) },
    ],
  };
}

function bannerBlock(banner: CaseCardContext['banner']): CardElement[] {
  if (!banner) return [];
  return [{ type: 'TextBlock', text: banner.text, wrap: true, weight: 'Bolder', ...(banner.attention ? { color: 'Attention' } : { color: 'Good' }) }];
}

function dueLine(info: EscalationCardInfo, c: Escalation, now: Date): string {
  const { t, fmt } = info;
  if (!isOpen(c.status)) return t('escalations.card.dueClosed');
  if (c.slaPausedAt) return t('escalations.card.duePaused', { due: fmt.dateTime(new Date(c.slaDueAt)) });
  const due = new Date(c.slaDueAt);
  return due.getTime() <= now.getTime() ? t('escalations.card.overdue', { due: fmt.dateTime(due) }) : fmt.dateTime(due);
}

/** "Rückfrage · <when> · <who>": the name may be a Teams display name (user text), so it is a TextRun. */
function threadLabel(info: EscalationCardInfo, c: Escalation, e: ThreadEntry, cx: CaseCardContext): CardElement {
  const who = e.by === c.requester ? info.t('escalations.card.requester') : cx.nameOf(e.by);
  return {
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: `${info.t(`escalations.thread.${e.kind}`, { at: info.fmt.dateTime(new Date(e.at)) })} · `, isSubtle: true, size: 'Small' },
      { type: 'TextRun', text: cleanUserText(who, NAME_MAX), isSubtle: true, size: 'Small' },
    ],
  };
}

function execute(title: string, verb: string, data: Record<string, unknown>, style?: 'positive' | 'destructive'): CardAction {
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) };
}

function showCard(title: string, body: CardElement[], actions: CardAction[]): CardAction {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body, actions } };
}

function textInput(id: string, label: string, placeholder: string): CardElement {
  return { type: 'Input.Text', id, label, placeholder, isMultiline: true, maxLength: MESSAGE_MAX, isRequired: true, errorMessage: label };
}

function coordinatorActions(info: EscalationCardInfo, c: Escalation, cx: CaseCardContext): CardAction[] {
  const { t, locale } = info;
  const words = TEXT_COMMANDS[locale];
  const base = (word: string) => ({ caseId: c.id, version: c.version, cmd: `${words.inbox} ${c.id} ${word}` });
  if (c.status === 'erledigt') return [execute(t('escalations.action.reopen'), CARD_VERBS.reopen, base(words.reopen))];
  if (!isOpen(c.status)) return [];
  const actions: CardAction[] = [];
  if (c.status === 'neu' && !c.assignee) actions.push(execute(t('escalations.action.take'), CARD_VERBS.take, base(words.take), 'positive'));
  const others = (cx.members ?? []).filter((m) => m.userKey !== c.assignee);
  if (others.length > 0) {
    actions.push(
      showCard(t('escalations.action.assign'), [
        {
          type: 'Input.ChoiceSet', id: 'assignee', label: t('escalations.action.assignLabel'), isRequired: true, errorMessage: t('escalations.action.assignLabel'),
          choices: others.slice(0, ASSIGN_CHOICES_MAX).map((m) => ({ title: cleanUserText(m.label, NAME_MAX), value: m.userKey })),
        },
      ], [execute(t('escalations.action.assignSend'), CARD_VERBS.assign, base(words.assign))]),
    );
  }
  actions.push(
    showCard(t('escalations.action.ask'), [textInput('question', t('escalations.action.askLabel'), t('escalations.action.askPlaceholder'))],
      [execute(t('escalations.action.askSend'), CARD_VERBS.ask, base(words.ask))]),
    showCard(t('escalations.action.resolve'), [textInput('note', t('escalations.action.resolveLabel'), t('escalations.action.resolvePlaceholder'))],
      [execute(t('escalations.action.resolveSend'), CARD_VERBS.resolve, base(words.resolve), 'positive')]),
  );
  return actions;
}

function requesterActions(info: EscalationCardInfo, c: Escalation): CardAction[] {
  const { t, locale } = info;
  const words = TEXT_COMMANDS[locale];
  if (!isOpen(c.status)) return [];
  const actions: CardAction[] = [];
  if (c.status === 'rueckfrage') {
    actions.push(showCard(t('escalations.action.answer'), [textInput('answer', t('escalations.action.answerLabel'), t('escalations.action.answerPlaceholder'))],
      [execute(t('escalations.action.answerSend'), CARD_VERBS.answer, { caseId: c.id, version: c.version, cmd: `${words.answer} ${c.id}` }, 'positive')]));
  }
  actions.push(showCard(t('escalations.action.withdraw'), [paragraph(t('escalations.action.withdrawConfirm'), { small: true })],
    [execute(t('escalations.action.withdrawSend'), CARD_VERBS.withdraw, { caseId: c.id, version: c.version, cmd: `${words.withdraw} ${c.id}` }, 'destructive')]));
  return actions;
}

/** Directory data (a function mailbox), written on one line without Markdown: name · e-mail · phone · web. */
function contactLine(contact: InstitutionContact): string {
  return [contact.name, contact.email, contact.phone, contact.url].filter(Boolean).join(' · ');
}
const CONTACT_MAX = 400;

/** The case card. Summary, case reference and thread appear only in the coordinator (1:1) and requester views. */
export function caseCard(info: EscalationCardInfo, c: Escalation, view: CaseView, cx: CaseCardContext): BuiltCard {
  const { t } = info;
  const category = categoryLabel(t, c.category);
  const urgency = urgencyLabel(t, c.urgency);
  const status = t(`escalations.status.${c.status}`);
  const body: CardElement[] = [
    ...bannerBlock(cx.banner),
    heading(t('escalations.card.title', { id: c.id, category })),
    facts([
      [t('escalations.card.status'), status],
      [t('escalations.card.urgency'), urgency],
      [t('escalations.card.institution'), cx.institutionName],
      ...(cx.requesterName !== undefined ? [[t('requesterLine.label'), t('requesterLine.value', { name: cx.requesterName || t('roles.officer'), institution: cx.institutionName })] as [string, string]] : []),
      [t('escalations.card.unit'), cx.unitName],
      [t('escalations.card.due'), dueLine(info, c, cx.now)],
    ]),
  ];
  const full = view === 'coordinator' || view === 'requester';
  if (cx.institutionContact) body.push(labelled(t('escalations.card.institutionContact'), contactLine(cx.institutionContact), CONTACT_MAX));
  if (c.assignee && view !== 'limited') body.push(labelled(t('escalations.card.assignee'), cx.nameOf(c.assignee), NAME_MAX));
  if (full) {
    if (c.caseRef) body.push(labelled(t('escalations.card.caseRef'), c.caseRef, 40));
    body.push(paragraph(t('escalations.card.summary'), { subtle: true, small: true }), userText(c.summary, SUMMARY_MAX));
    const shown = c.thread.slice(-THREAD_SHOWN);
    if (c.thread.length > shown.length) body.push(paragraph(t('escalations.card.threadOlder', { count: c.thread.length - shown.length }), { subtle: true, small: true }));
    for (const e of shown) body.push(threadLabel(info, c, e, cx), userText(e.text, MESSAGE_MAX));
  } else {
    body.push(paragraph(t(view === 'coordinatorChannel' ? 'escalations.card.channelHint' : 'escalations.card.limitedHint'), { subtle: true, small: true }));
  }
  const actions = view === 'coordinator' || view === 'coordinatorChannel' ? coordinatorActions(info, c, cx) : view === 'requester' ? requesterActions(info, c) : [];
  const built: AdaptiveCard = card(body, actions);
  built.refresh = {
    action: { type: 'Action.Execute', title: t('escalations.action.refresh'), verb: REFRESH_VERB, data: { caseId: c.id } },
    ...(cx.refreshUserIds && cx.refreshUserIds.length > 0 ? { userIds: cx.refreshUserIds.slice(0, 60) } : {}),
  };
  // Inside a sentence the category is written as it is inside a sentence ("religiöse Betreuung").
  const inline = t(`categoryInline.${c.category}`);
  return { card: built, summary: t('escalations.card.summaryLine', { id: c.id, category: inline, urgency, status }) };
}

/** What happened, for the officer's 1:1 notice and the coordinators' notices (our own text, ids only). */
export function eventText(info: EscalationCardInfo, c: Escalation, e: HistoryEntry, unitName: string): string {
  // The unit's article comes from data/grammar.json: "beim KfI", "von der Koordinierungsstelle …".
  const unit = { id: c.unitId, kind: 'coordination' as const };
  const atUnit = withPreposition('bei', unit, unitName, info.locale, { english: 'at' });
  const byUnit = withPreposition('von', unit, unitName, info.locale, { english: 'by' });
  const fromUnit = withPreposition('von', unit, unitName, info.locale, { english: 'from' });
  return info.t(`escalations.event.${e.action}`, { id: c.id, atUnit, byUnit, fromUnit });
}

/**
 * A notice about one change (to the requester, or to a coordinator): the event line, the text that
 * came with it (question, answer, resolution note) and, for a question, the answer actions.
 */
export function noticeCard(info: EscalationCardInfo, c: Escalation, e: HistoryEntry, cx: CaseCardContext, recipient: 'requester' | 'coordinator'): BuiltCard {
  const { t, locale } = info;
  const line = eventText(info, c, e, cx.unitName);
  const body: CardElement[] = [heading(line), facts([
    [t('escalations.card.status'), t(`escalations.status.${c.status}`)],
    [t('escalations.card.urgency'), urgencyLabel(t, c.urgency)],
  ])];
  const said = c.thread.find((x) => x.v === e.v);
  if (said) body.push(threadLabel(info, c, said, cx), userText(said.text, MESSAGE_MAX));
  if (e.action === 'assigned' && e.to && recipient === 'coordinator') body.push(labelled(t('escalations.card.assignee'), cx.nameOf(e.to), NAME_MAX));
  const words = TEXT_COMMANDS[locale];
  const actions: CardAction[] = [];
  if (recipient === 'requester' && c.status === 'rueckfrage' && e.action === 'asked') {
    actions.push(
      showCard(t('escalations.action.answer'), [textInput('answer', t('escalations.action.answerLabel'), t('escalations.action.answerPlaceholder'))],
        [execute(t('escalations.action.answerSend'), CARD_VERBS.answer, { caseId: c.id, version: c.version, cmd: `${words.answer} ${c.id}` }, 'positive')]),
      commandButton(t('escalations.action.answerPrompt'), `${words.answer} ${c.id}`),
    );
  }
  actions.push(commandButton(t('escalations.action.open'), recipient === 'requester' ? `${words.mine} ${c.id}` : `${words.inbox} ${c.id}`));
  return { card: card(body, actions), summary: line };
}

/** SLA reminder / breach notice (ids, category, urgency and due time only: it may go to a channel). */
export function slaCard(info: EscalationCardInfo, c: Escalation, kind: 'reminder' | 'breach', cx: Pick<CaseCardContext, 'institutionName'>, channel: boolean): BuiltCard {
  const { t, fmt, locale } = info;
  const due = fmt.dateTime(new Date(c.slaDueAt));
  const line = t(kind === 'reminder' ? 'escalations.sla.reminder' : 'escalations.sla.breach', { id: c.id, due });
  const body: CardElement[] = [heading(line), facts([
    [t('escalations.card.category'), categoryLabel(t, c.category)],
    [t('escalations.card.urgency'), urgencyLabel(t, c.urgency)],
    [t('escalations.card.institution'), cx.institutionName],
    [t('escalations.card.status'), t(`escalations.status.${c.status}`)],
  ])];
  const actions = channel ? [] : [commandButton(t('escalations.action.open'), `${TEXT_COMMANDS[locale].inbox} ${c.id}`)];
  return { card: card(body, actions), summary: line };
}

export interface ListEntry {
  c: Escalation;
  institutionName: string;
  assigneeLabel?: string;
}

/** The unit's open cases (inbox) or the officer's own cases: ids, category, urgency, status, due; no summaries. */
export function listCard(info: EscalationCardInfo, entries: ListEntry[], kind: 'inbox' | 'own', now: Date, title: string): BuiltCard {
  const { t, locale } = info;
  const words = TEXT_COMMANDS[locale];
  const body: CardElement[] = [heading(title)];
  if (entries.length === 0) body.push(paragraph(t(kind === 'inbox' ? 'escalations.inbox.empty' : 'escalations.mine.empty')));
  const shown = entries.slice(0, 25);
  for (const { c, institutionName, assigneeLabel } of shown) {
    const line = t('escalations.list.line', {
      id: c.id, category: categoryLabel(t, c.category), urgency: urgencyLabel(t, c.urgency), status: t(`escalations.status.${c.status}`), due: dueLine(info, c, now),
    });
    const items: CardElement[] = [paragraph(line, { small: false })];
    const detail = kind === 'inbox' ? institutionName : undefined;
    if (detail) items.push(paragraph(detail, { subtle: true, small: true }));
    if (assigneeLabel) items.push(labelled(t('escalations.card.assignee'), assigneeLabel, NAME_MAX));
    items.push({ type: 'ActionSet', actions: [commandButton(t('escalations.action.open'), kind === 'inbox' ? `${words.inbox} ${c.id}` : `${words.mine} ${c.id}`)] });
    body.push({ type: 'Container', separator: true, items });
  }
  if (entries.length > shown.length) body.push(paragraph(t('escalations.list.more', { count: entries.length - shown.length }), { subtle: true, small: true }));
  const summary = t(kind === 'inbox' ? 'escalations.inbox.summary' : 'escalations.mine.summary', { count: entries.length });
  return { card: card(body), summary };
}

export interface Draft {
  category: Category;
  urgency: Urgency;
  summary: string;
  caseRef?: string;
  unitName: string;
  redactedCount: number;
}

/** The officer checks the redacted text and the target before sending. */
export function confirmCard(info: EscalationCardInfo, d: Draft): BuiltCard {
  const { t } = info;
  const body: CardElement[] = [
    heading(t('escalations.confirm.title')),
    paragraph(t('escalations.confirm.target', { unit: d.unitName })),
    facts([
      [t('escalations.card.category'), categoryLabel(t, d.category)],
      [t('escalations.card.urgency'), urgencyLabel(t, d.urgency)],
    ]),
  ];
  if (d.caseRef) body.push(labelled(t('escalations.card.caseRef'), d.caseRef, 40));
  body.push(paragraph(t('escalations.card.summary'), { subtle: true, small: true }), userText(d.summary, SUMMARY_MAX));
  body.push(paragraph(d.redactedCount > 0 ? t('escalations.confirm.redacted', { count: d.redactedCount }) : t('escalations.confirm.nothingRedacted'), { subtle: true, small: true }));
  const actions = [
    commandButton(t('escalations.confirm.send'), t('escalations.confirm.sendWord')),
    commandButton(t('escalations.confirm.edit'), t('escalations.confirm.editWord')),
    commandButton(t('escalations.confirm.cancel'), t('escalations.confirm.cancelWord')),
  ];
  return { card: card(body, actions), summary: t('escalations.confirm.summaryLine', { unit: d.unitName }) };
}
