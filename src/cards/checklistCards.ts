// Checklist cards: template choice, progress (one step with its source), open runs, summary, reminder.
// Template texts are our own shipped data (TextBlock); case references, notes and skip reasons are user
// text and go only through userText(). Buttons are Action.Submit with `{cmd, checklist}`: `cmd` routes
// the click to the checklist capability even when no dialog is active (old card, after a restart).
import type { Formatter } from '../i18n/format.js';
import type { Translate } from '../i18n/i18n.js';
import type { Locale } from '../text/locale.js';
import type { ChecklistAction } from '../checklists/actions.js';
import type { RunView, StepView } from '../checklists/types.js';
import type { ChecklistRun } from '../checklists/store.js';
import type { ChecklistTemplate } from '../checklists/templates.js';
import type { IsoDate } from '../checklists/dueDate.js';
import { card, heading, paragraph, userText, type CardAction, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';

export interface CardInfo {
  t: Translate;
  fmt: Formatter;
  locale: Locale;
}

export const CHECKLIST_COMMAND: Readonly<Record<Locale, string>> = { de: 'checkliste', en: 'checklist' };

export function actionButton(info: CardInfo, title: string, action: ChecklistAction, style?: 'positive' | 'destructive'): CardAction {
  return { type: 'Action.Submit', title, ...(style ? { style } : {}), data: { cmd: CHECKLIST_COMMAND[info.locale], checklist: action } };
}

function dueText(info: CardInfo, date: IsoDate, inDays: number | undefined): string {
  const { t } = info;
  const day = info.fmt.day(date);
  if (inDays === undefined) return t('checklist.card.due', { date: day });
  if (inDays < 0) return t('checklist.card.overdue', { date: day });
  if (inDays === 0) return t('checklist.card.dueToday', { date: day });
  return t('checklist.card.due', { date: day });
}

export function sourceText(info: CardInfo, step: StepView['step']): string {
  const { t } = info;
  const list = step.sources.join('; ');
  if (step.derived) return list ? t('checklist.card.derivedFrom', { sources: list }) : t('checklist.card.derived');
  return t('checklist.card.source', { sources: list });
}

function topicCommand(locale: Locale, topic: string): string {
  return locale === 'de' ? `zuständig ${topic}` : `who is responsible ${topic}`;
}

function progressLine(info: CardInfo, view: RunView): string {
  return info.t('checklist.card.progress', { done: view.done, skipped: view.skipped, total: view.total });
}

function runHeader(info: CardInfo, view: RunView, today: IsoDate): CardElement[] {
  const { t } = info;
  const out: CardElement[] = [heading(view.template.title[info.locale])];
  out.push(paragraph(`${view.run.id} · ${progressLine(info, view)}`, { subtle: true, small: true }));
  if (view.run.caseRef) out.push(userText(t('checklist.card.caseRef', { ref: view.run.caseRef })));
  if (view.run.dueDate) out.push(paragraph(dueText(info, view.run.dueDate, daysFrom(today, view.run.dueDate)), { small: true }));
  return out;
}

function daysFrom(today: IsoDate, date: IsoDate): number {
  const a = Date.parse(`${today}T00:00:00Z`);
  const b = Date.parse(`${date}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** One step of a run, with its source, hint, directory topic, due date and the owner's note. */
export function progressCard(info: CardInfo, view: RunView, opts: { today: IsoDate; notice?: string }): BuiltCard {
  const { t, locale } = info;
  const s = view.current;
  const body: CardElement[] = [];
  if (opts.notice) body.push(paragraph(opts.notice, { subtle: true }));
  body.push(...runHeader(info, view, opts.today));
  const stepItems: CardElement[] = [
    { type: 'TextBlock', text: t('checklist.card.stepOf', { n: s.index + 1, total: view.total, title: s.step.title[locale] }), weight: 'Bolder', wrap: true },
    paragraph(s.step.text[locale]),
    paragraph(sourceText(info, s.step), { subtle: true, small: true }),
  ];
  if (s.step.hint) stepItems.push(paragraph(t('checklist.card.hint', { hint: s.step.hint[locale] }), { small: true }));
  if (s.step.topic) {
    const topic = s.step.topic[locale];
    stepItems.push(paragraph(t('checklist.card.topic', { topic, command: topicCommand(locale, topic) }), { small: true }));
  }
  if (s.dueDate && s.state === 'open') {
    const inDays = daysFrom(opts.today, s.dueDate);
    const key = inDays < 0 ? 'checklist.card.stepOverdue' : inDays === 0 ? 'checklist.card.stepDueToday' : 'checklist.card.stepDue';
    stepItems.push(paragraph(t(key, { date: info.fmt.day(s.dueDate) }), { small: true }));
  }
  if (s.state === 'done' && s.at) stepItems.push(paragraph(t('checklist.card.wasDone'), { small: true, subtle: true }));
  if (s.state === 'skipped') {
    stepItems.push(paragraph(t('checklist.card.wasSkipped'), { small: true, subtle: true }));
    if (s.reason) stepItems.push(userText(s.reason));
  }
  if (s.note) stepItems.push(paragraph(t('checklist.card.note'), { small: true, subtle: true }), userText(s.note));
  body.push({ type: 'Container', separator: true, spacing: 'Medium', items: stepItems });

  const ref = { r: view.run.id, s: s.step.id };
  const actions: CardAction[] = [
    actionButton(info, t('checklist.actions.done'), { a: 'done', ...ref }, 'positive'),
    actionButton(info, t('checklist.actions.skip'), { a: 'skip', ...ref }),
    actionButton(info, t('checklist.actions.note'), { a: 'note', ...ref }),
    actionButton(info, t('checklist.actions.later'), { a: 'later', ...ref }),
    actionButton(info, t('checklist.actions.due'), { a: 'due', ...ref }),
  ];
  if (s.index > 0) actions.push(actionButton(info, t('checklist.actions.back'), { a: 'back', ...ref }));
  const summary = t('checklist.card.summary', { id: view.run.id, n: s.index + 1, total: view.total, title: s.step.title[locale], progress: progressLine(info, view) });
  return { card: card(body, actions), summary: opts.notice ? `${opts.notice} ${summary}` : summary };
}

/** The templates this user may start, numbered (typing the number works too). */
export function templateListCard(info: CardInfo, templates: readonly ChecklistTemplate[]): BuiltCard {
  const { t, locale } = info;
  const body: CardElement[] = [heading(t('checklist.choose.title')), paragraph(t('checklist.choose.intro'), { subtle: true, small: true })];
  templates.forEach((tpl, i) => {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        { type: 'TextBlock', text: `${i + 1}. ${tpl.title[locale]}`, weight: 'Bolder', wrap: true },
        paragraph(tpl.description[locale], { small: true }),
        paragraph(`${t(`checklist.audience.${tpl.audience}`)} · ${t('checklist.choose.steps', { count: tpl.steps.length })}`, { subtle: true, small: true }),
        // The title names the template: screen readers read buttons without their container.
        { type: 'ActionSet', actions: [actionButton(info, t('checklistPicker.start', { title: tpl.title[locale] }), { a: 'start', t: tpl.id })] },
      ],
    });
  });
  return { card: card(body), summary: t('checklist.choose.summary', { items: templates.map((tpl, i) => `${i + 1}. ${tpl.title[locale]}`).join('; ') }) };
}

/** At most this many runs on one card (Teams limits a card's size); the rest are opened by id. */
export const LIST_MAX = 15;

/** The user's open runs with progress and due dates; resume or delete each, or start a new one. */
export function runListCard(info: CardInfo, views: readonly RunView[], orphans: readonly ChecklistRun[], opts: { today: IsoDate; offerResume: boolean }): BuiltCard {
  const { t, locale } = info;
  const body: CardElement[] = [heading(t('checklist.list.title'))];
  body.push(paragraph(views.length || orphans.length ? t(opts.offerResume ? 'checklist.list.resumeOffer' : 'checklist.list.intro') : t('checklist.list.empty'), { subtle: true, small: true }));
  views.slice(0, LIST_MAX).forEach((v, i) => {
    const items: CardElement[] = [
      { type: 'TextBlock', text: `${i + 1}. ${v.template.title[locale]}`, weight: 'Bolder', wrap: true },
      paragraph(`${v.run.id} · ${progressLine(info, v)}`, { small: true }),
    ];
    if (v.run.caseRef) items.push(userText(t('checklist.card.caseRef', { ref: v.run.caseRef })));
    items.push(paragraph(v.run.dueDate ? dueText(info, v.run.dueDate, daysFrom(opts.today, v.run.dueDate)) : t('checklist.list.noDue'), { small: true, subtle: !v.run.dueDate }));
    items.push({
      type: 'ActionSet',
      actions: [actionButton(info, t('checklist.actions.resume'), { a: 'resume', r: v.run.id }, 'positive'), actionButton(info, t('checklist.actions.delete'), { a: 'delete', r: v.run.id })],
    });
    body.push({ type: 'Container', separator: true, items });
  });
  if (views.length > LIST_MAX) {
    body.push(paragraph(t('checklist.list.more', { count: views.length - LIST_MAX, id: views[LIST_MAX]!.run.id }), { small: true, subtle: true }));
  }
  for (const run of orphans.slice(0, LIST_MAX)) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        paragraph(t('checklist.list.orphan', { id: run.id }), { small: true }),
        { type: 'ActionSet', actions: [actionButton(info, t('checklist.actions.delete'), { a: 'delete', r: run.id })] },
      ],
    });
  }
  const summaryItems = views.map((v) => `${v.run.id} ${v.template.title[locale]} (${v.done + v.skipped}/${v.total})`);
  const summary = views.length ? t('checklist.list.summary', { items: summaryItems.join('; ') }) : t('checklist.list.empty');
  return { card: card(body, [actionButton(info, t('checklist.actions.new'), { a: 'new' })]), summary };
}

/** Shown when the last open step is resolved. */
export function summaryCard(info: CardInfo, view: RunView): BuiltCard {
  const { t, locale } = info;
  const body: CardElement[] = [
    heading(t('checklist.summary.title', { title: view.template.title[locale] })),
    paragraph(`${view.run.id} · ${progressLine(info, view)}`, { subtle: true, small: true }),
  ];
  if (view.run.caseRef) body.push(userText(t('checklist.card.caseRef', { ref: view.run.caseRef })));
  // One date style in the sentence: the start is a calendar day, the end an instant; both are written alike.
  const started = info.fmt.day(view.run.startDate);
  body.push(paragraph(t('checklist.summary.period', { started, finished: view.run.finishedAt ? info.fmt.date(new Date(view.run.finishedAt)) : '–' }), { small: true }));
  const skipped = view.steps.filter((s) => s.state === 'skipped');
  if (skipped.length) {
    body.push({ type: 'TextBlock', text: t('checklist.summary.skipped'), weight: 'Bolder', wrap: true, spacing: 'Medium' });
    for (const s of skipped) {
      body.push(paragraph(`${s.index + 1}. ${s.step.title[locale]}`, { small: true }));
      if (s.reason) body.push(userText(s.reason));
    }
  }
  const notes = view.steps.filter((s) => s.note).length;
  if (notes) body.push(paragraph(t('checklist.summary.notes', { count: notes }), { small: true, subtle: true }));
  body.push(paragraph(t('checklist.summary.privacy'), { small: true, subtle: true }));
  const actions = [
    actionButton(info, t('checklist.actions.new'), { a: 'new' }),
    actionButton(info, t('checklist.actions.list'), { a: 'list' }),
    actionButton(info, t('checklist.actions.delete'), { a: 'delete', r: view.run.id }),
  ];
  const summary = t('checklist.summary.text', { id: view.run.id, title: view.template.title[locale], done: view.done, skipped: view.skipped, total: view.total });
  return { card: card(body, actions), summary };
}

/** The proactive reminder for a due run or step. */
export function reminderCard(info: CardInfo, view: RunView, opts: { dueDate: IsoDate; stepTitle?: string; today: IsoDate }): BuiltCard {
  const { t, locale } = info;
  const title = view.template.title[locale];
  const day = info.fmt.day(opts.dueDate);
  const text = opts.stepTitle
    ? t('checklist.reminder.step', { step: opts.stepTitle, title, id: view.run.id, date: day })
    : t('checklist.reminder.run', { title, id: view.run.id, date: day, done: view.done + view.skipped, total: view.total });
  const body: CardElement[] = [heading(t('checklist.reminder.title')), paragraph(text)];
  if (view.run.caseRef) body.push(userText(t('checklist.card.caseRef', { ref: view.run.caseRef })));
  body.push(paragraph(progressLine(info, view), { small: true, subtle: true }));
  return { card: card(body, [actionButton(info, t('checklist.actions.resume'), { a: 'resume', r: view.run.id }, 'positive')]), summary: text };
}
