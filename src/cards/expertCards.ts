// Cards of the expert questions ("Fachfrage") and practice examples (issue 14): the coordinators' card
// (answer in the card → publish form → published), the officer's notices, the pending list. The
// question text is already redacted; it and every answer are user text (TextRuns only).
import { TOPICS } from '../directory/topics.js';
import type { ExpertQuestion } from '../knowledge/types.js';
import { LIMITS } from '../knowledge/types.js';
import type { FieldProblem } from '../knowledge/entryForm.js';
import { card, commandButton, heading, line, paragraph, type CardAction, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';
import { execute, fieldError, textInput, type KnowledgeView } from './knowledgeParts.js';
import { KNOWLEDGE_COMMANDS } from './knowledgeCards.js';

export const QUESTION_VERBS = {
  answer: 'knowledge.question.answer',
  publish: 'knowledge.question.publish',
  refresh: 'knowledge.question.refresh',
} as const;

export interface QuestionCardContext {
  institutionName: string;
  unitName: string;
  /** Values and problems of a refused publish, shown again. */
  values?: Record<string, string>;
  problems?: FieldProblem[];
  notice?: string;
}

function header(view: KnowledgeView, q: ExpertQuestion, cx: QuestionCardContext): CardElement[] {
  const { t, fmt } = view;
  return [
    heading(t(q.kind === 'practice' ? 'knowledge.question.practiceTitle' : 'knowledge.question.title', { id: q.id })),
    paragraph(t('knowledge.question.meta', { institution: cx.institutionName, unit: cx.unitName, date: fmt.date(new Date(q.createdAt)), status: t(`knowledge.question.status.${q.status}`) }), { small: true, subtle: true }),
    line(q.text, { max: LIMITS.ask }),
    ...(q.redacted > 0 ? [paragraph(t('knowledge.question.redactedNote', { count: q.redacted }), { small: true, subtle: true })] : []),
  ];
}

function publishForm(view: KnowledgeView, q: ExpertQuestion, cx: QuestionCardContext): { body: CardElement[]; actions: CardAction[] } {
  const { t, locale } = view;
  const v = cx.values ?? { question_de: q.kind === 'practice' ? '' : q.text.slice(0, LIMITS.question), answer_de: q.kind === 'practice' ? q.text : (q.answer?.text ?? ''), topics: '', source: '' };
  const body: CardElement[] = [paragraph(t('knowledge.question.publishHint'), { small: true })];
  const field = (id: string, el: CardElement) => {
    body.push(el);
    for (const p of (cx.problems ?? []).filter((x) => x.field === id)) body.push(fieldError(t(`knowledge.form.problem.${p.code}`, { value: p.value ?? '' })));
  };
  field('question_de', textInput('question_de', t(q.kind === 'practice' ? 'knowledge.question.practiceTitleField' : 'knowledge.form.questionDe'), { value: v.question_de, max: LIMITS.question, required: true }));
  field('answer_de', textInput('answer_de', t(q.kind === 'practice' ? 'knowledge.question.practiceText' : 'knowledge.form.answerDe'), { value: v.answer_de, max: LIMITS.answer, multiline: true, required: true }));
  field('topics', {
    type: 'Input.ChoiceSet', id: 'topics', label: t('knowledge.form.topics'), isMultiSelect: true, style: 'filtered', value: v.topics ?? '',
    choices: topicChoices(locale),
  });
  field('source', textInput('source', t('knowledge.form.source'), { value: v.source, max: LIMITS.source }));
  return { body, actions: [execute(t('knowledge.question.publish'), QUESTION_VERBS.publish, { questionId: q.id, version: q.version }, 'positive')] };
}

function topicChoices(locale: 'de' | 'en'): { title: string; value: string }[] {
  return TOPICS.map((topic) => ({ title: topic.label[locale], value: topic.id }));
}

/** The coordinators' card: answer (open question), publish (answered question or practice example), done. */
export function coordinatorCard(view: KnowledgeView, q: ExpertQuestion, cx: QuestionCardContext): BuiltCard {
  const { t } = view;
  const body: CardElement[] = [...(cx.notice ? [paragraph(cx.notice)] : []), ...header(view, q, cx)];
  let actions: CardAction[] = [];
  if (q.answer) body.push(line(q.answer.text, { label: `${t('knowledge.question.answerLabel')}: `, max: LIMITS.answer }));
  if (q.status === 'offen' && q.kind === 'question') {
    body.push(textInput('answer', t('knowledge.question.answerInput'), { max: LIMITS.answer, multiline: true, required: true }));
    actions = [execute(t('knowledge.question.sendAnswer'), QUESTION_VERBS.answer, { questionId: q.id, version: q.version }, 'positive')];
  } else if (q.status !== 'veroeffentlicht') {
    const form = publishForm(view, q, cx);
    body.push(...form.body);
    actions = form.actions;
  } else if (q.published) {
    body.push(paragraph(t('knowledge.question.publishedAs', { id: q.published.entryId }), { small: true }));
    actions = [commandButton(q.published.entryId, `${KNOWLEDGE_COMMANDS[view.locale].show} ${q.published.entryId}`)];
  }
  const built = card(body, actions);
  built.refresh = { action: { type: 'Action.Execute', title: t('knowledge.question.refresh'), verb: QUESTION_VERBS.refresh, data: { questionId: q.id } } };
  return { card: built, summary: t('knowledge.question.summary', { id: q.id, status: t(`knowledge.question.status.${q.status}`) }) };
}

/** What the officer gets: the answer, or the news that it was published. */
export function requesterNotice(view: KnowledgeView, q: ExpertQuestion, cx: QuestionCardContext): BuiltCard {
  const { t } = view;
  const body: CardElement[] = [...header(view, q, cx)];
  if (q.answer) body.push(line(q.answer.text, { label: `${t('knowledge.question.answerFrom', { unit: cx.unitName })}: `, max: LIMITS.answer }));
  if (q.published) body.push(paragraph(t('knowledge.question.publishedNotice', { id: q.published.entryId }), { small: true }));
  const summary = q.published ? t('knowledge.question.publishedNotice', { id: q.published.entryId }) : t('knowledge.question.answeredNotice', { id: q.id, unit: cx.unitName });
  return { card: card(body, q.published ? [commandButton(q.published.entryId, `${KNOWLEDGE_COMMANDS[view.locale].show} ${q.published.entryId}`)] : []), summary };
}
