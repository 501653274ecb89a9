// Knowledge-base cards (issue 14): the answer to "frage …" with source, last-confirmed date, "veraltet"
// and the "Hat geholfen / Hat nicht geholfen" buttons; one entry with the editors' actions; the entry
// form (validated on the server, problems shown under their field). Pure functions data → card JSON.
import { TOPICS, topicById } from '../directory/topics.js';
import type { FieldProblem } from '../knowledge/entryForm.js';
import type { AnswerView } from '../knowledge/service.js';
import { LIMITS, type Entry } from '../knowledge/types.js';
import { card, commandButton, heading, line, paragraph, type CardAction, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';
import { dateText, execute, fieldError, textInput, type KnowledgeView } from './knowledgeParts.js';

export const KNOWLEDGE_VERBS = {
  feedback: 'knowledge.feedback',
  save: 'knowledge.entry.save',
  confirm: 'knowledge.entry.confirm',
  retire: 'knowledge.entry.retire',
  reactivate: 'knowledge.entry.reactivate',
} as const;

/** Commands the buttons send, per language (must match the capabilities' phrases). */
export const KNOWLEDGE_COMMANDS = {
  de: { show: 'wissen', expert: 'fachfrage', ask: 'frage' },
  en: { show: 'knowledge', expert: 'ask expert', ask: 'ask' },
} as const;

/** Question, answer (English where written and wanted), source, confirmation date, topics, id. */
export function entryBlock(view: KnowledgeView, e: Entry, stale: boolean): CardElement[] {
  const { t, locale, fmt } = view;
  const question = locale === 'en' && e.question.en ? e.question.en : e.question.de;
  const answer = locale === 'en' && e.answer.en ? e.answer.en : e.answer.de;
  const items: CardElement[] = [line(question, { bold: true, max: LIMITS.question }), line(answer, { max: LIMITS.answer })];
  if (locale === 'en' && !e.answer.en) items.push(paragraph(t('knowledge.card.germanOnly'), { subtle: true, small: true }));
  if (e.source) items.push(line(e.source, { label: `${t('knowledge.card.source')}: `, small: true, max: LIMITS.source }));
  const confirmed = t('knowledge.card.confirmed', { date: dateText(fmt, e.lastConfirmed) });
  items.push(paragraph(stale ? `${confirmed} · **${t('knowledge.card.stale')}**` : confirmed, { small: true }));
  const topics = e.topics.map((id) => topicById(id)?.label[locale]).filter(Boolean);
  if (topics.length) items.push(paragraph(`${t('knowledge.card.topics')}: ${topics.join(', ')}`, { small: true, subtle: true }));
  const kind = e.kind === 'practice' ? ` · ${t('knowledge.card.practice')}` : '';
  const retired = e.status === 'retired' ? ` · ${t('knowledge.card.retired')}` : '';
  items.push(paragraph(`${e.id}${kind}${retired}${e.sample ? ` · ${t('knowledge.card.sample')}` : ''}`, { subtle: true, small: true }));
  return items;
}

function feedbackActions(view: KnowledgeView, e: Entry, query: string): CardAction[] {
  const { t } = view;
  return [
    execute(t('knowledge.card.helpful'), KNOWLEDGE_VERBS.feedback, { entryId: e.id, helpful: true }, 'positive'),
    execute(t('knowledge.card.notHelpful'), KNOWLEDGE_VERBS.feedback, { entryId: e.id, helpful: false, q: query.slice(0, 300) }),
  ];
}

function expertButton(view: KnowledgeView, query: string): CardAction[] {
  if (view.identity.role !== 'officer') return [];
  return [commandButton(view.t('knowledge.card.askExpert'), `${KNOWLEDGE_COMMANDS[view.locale].expert} ${query.slice(0, 150)}`.trim())];
}

/** The answer to "frage …", or "nothing fits" with the way to the experts. */
export function answerCard(view: KnowledgeView, answer: AnswerView, query: string): BuiltCard {
  const { t, locale } = view;
  const [best, ...rest] = answer.entries;
  if (!best || !answer.answered) {
    const body: CardElement[] = [heading(t('knowledge.answer.none')), paragraph(t(view.identity.role === 'officer' ? 'knowledge.answer.noneOfficer' : 'knowledge.answer.noneOther'), { small: true })];
    if (best) {
      body.push(paragraph(t('knowledge.answer.maybe'), { small: true }));
      for (const { entry } of answer.entries) body.push(line(entry.question[locale] ?? entry.question.de, { label: `${entry.id}: `, small: true }));
    }
    const more = answer.entries.map(({ entry }) => commandButton(entry.id, `${KNOWLEDGE_COMMANDS[locale].show} ${entry.id}`));
    return { card: card(body, [...expertButton(view, query), ...more].slice(0, 5)), summary: t('knowledge.answer.none') };
  }
  const body: CardElement[] = [heading(t('knowledge.answer.title')), ...entryBlock(view, best.entry, best.stale)];
  if (rest.length) {
    body.push({ ...paragraph(t('knowledge.answer.more'), { small: true }), separator: true });
    for (const { entry } of rest) body.push(line(entry.question[locale] ?? entry.question.de, { label: `${entry.id}: `, small: true }));
  }
  const actions = [...feedbackActions(view, best.entry, query), ...rest.map(({ entry }) => commandButton(entry.id, `${KNOWLEDGE_COMMANDS[locale].show} ${entry.id}`))];
  return { card: card(body, actions.slice(0, 5)), summary: t('knowledge.answer.summary', { id: best.entry.id }) };
}

/** One entry; editors get edit, confirm and retire, readers the feedback buttons. */
export function entryCard(view: KnowledgeView, e: Entry, stale: boolean, canEdit: boolean, notice?: string): BuiltCard {
  const { t } = view;
  const body: CardElement[] = [...(notice ? [paragraph(notice)] : []), ...entryBlock(view, e, stale)];
  const data = { entryId: e.id, version: e.version };
  const actions: CardAction[] = canEdit
    ? [
        { type: 'Action.ShowCard', title: t('knowledge.card.edit'), card: { type: 'AdaptiveCard', ...entryForm(view, e) } },
        execute(t('knowledge.card.confirm'), KNOWLEDGE_VERBS.confirm, data, 'positive'),
        e.status === 'active' ? execute(t('knowledge.card.retire'), KNOWLEDGE_VERBS.retire, data, 'destructive') : execute(t('knowledge.card.reactivate'), KNOWLEDGE_VERBS.reactivate, data),
      ]
    : e.status === 'active' ? feedbackActions(view, e, '') : [];
  return { card: card(body, actions), summary: t('knowledge.answer.summary', { id: e.id }) };
}

function formValues(e: Entry | undefined): Record<string, string> {
  if (!e) return {};
  return {
    question_de: e.question.de, question_en: e.question.en ?? '', answer_de: e.answer.de, answer_en: e.answer.en ?? '',
    topics: e.topics.join(','), source: e.source ?? '', valid_from: e.validFrom,
  };
}

/** Body and actions of the entry form; `values` and `problems` come back from a refused save. */
export function entryForm(view: KnowledgeView, e?: Entry, values?: Record<string, string>, problems: FieldProblem[] = []): { body: CardElement[]; actions: CardAction[] } {
  const { t, locale } = view;
  const v = values ?? formValues(e);
  const body: CardElement[] = [];
  const field = (id: string, el: CardElement) => {
    body.push(el);
    for (const p of problems.filter((x) => x.field === id)) body.push(fieldError(t(`knowledge.form.problem.${p.code}`, { value: p.value ?? '' })));
  };
  field('question_de', textInput('question_de', t('knowledge.form.questionDe'), { value: v.question_de, max: LIMITS.question, required: true }));
  field('question_en', textInput('question_en', t('knowledge.form.questionEn'), { value: v.question_en, max: LIMITS.question }));
  field('answer_de', textInput('answer_de', t('knowledge.form.answerDe'), { value: v.answer_de, max: LIMITS.answer, multiline: true, required: true }));
  field('answer_en', textInput('answer_en', t('knowledge.form.answerEn'), { value: v.answer_en, max: LIMITS.answer, multiline: true }));
  field('topics', {
    type: 'Input.ChoiceSet', id: 'topics', label: t('knowledge.form.topics'), isMultiSelect: true, style: 'filtered', value: v.topics ?? '',
    choices: TOPICS.map((topic) => ({ title: topic.label[locale], value: topic.id })),
  });
  field('source', textInput('source', t('knowledge.form.source'), { value: v.source, max: LIMITS.source, placeholder: t('knowledge.form.sourceHint') }));
  field('valid_from', { type: 'Input.Date', id: 'valid_from', label: t('knowledge.form.validFrom'), value: v.valid_from ?? '' });
  const data = e ? { entryId: e.id, version: e.version } : {};
  return { body, actions: [execute(t('knowledge.form.save'), KNOWLEDGE_VERBS.save, data, 'positive')] };
}

export function entryFormCard(view: KnowledgeView, e?: Entry, values?: Record<string, string>, problems: FieldProblem[] = []): BuiltCard {
  const { t } = view;
  const form = entryForm(view, e, values, problems);
  const intro = problems.length ? [paragraph(t('knowledge.form.invalid'))] : [];
  return { card: card([heading(e ? t('knowledge.form.editTitle', { id: e.id }) : t('knowledge.form.newTitle')), ...intro, ...form.body], form.actions), summary: t('knowledge.form.newTitle') };
}

/** After "Hat geholfen" / "Hat nicht geholfen". */
export function feedbackCard(view: KnowledgeView, e: Entry, stale: boolean, helpful: boolean, query: string): BuiltCard {
  const { t } = view;
  const body = [paragraph(t(helpful ? 'knowledge.feedback.thanks' : 'knowledge.feedback.sorry')), ...entryBlock(view, e, stale)];
  const actions = helpful ? [] : expertButton(view, query || e.question.de);
  return { card: card(body, actions), summary: t(helpful ? 'knowledge.feedback.thanks' : 'knowledge.feedback.sorry') };
}
