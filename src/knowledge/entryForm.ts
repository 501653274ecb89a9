// The entry form (card inputs, import rows): validated on the server, field by field, so the card can
// say which field is wrong. Topics come from the directory's topic lexicon (id, label or synonym).
import { z } from 'zod';
import type { TopicMatcher } from '../directory/topics.js';
import { parseDate } from '../directory/validate.js';
import { cleanText } from './text.js';
import { LIMITS } from './types.js';

export const ENTRY_FIELDS = ['question_de', 'question_en', 'answer_de', 'answer_en', 'topics', 'source', 'valid_from'] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

export interface EntryFields {
  question: { de: string; en?: string };
  answer: { de: string; en?: string };
  topics: string[];
  source?: string;
  validFrom: string;
}

export type FieldProblem = { field: EntryField; code: 'required' | 'tooShort' | 'tooLong' | 'unknownTopic' | 'badDate' | 'tooMany'; value?: string };

const raw = z.record(z.string(), z.unknown());

function text(v: unknown): string {
  return typeof v === 'string' ? cleanText(v) : typeof v === 'number' ? String(v) : '';
}

function checkLength(field: EntryField, value: string, min: number, max: number, required: boolean, out: FieldProblem[]): void {
  if (!value) {
    if (required) out.push({ field, code: 'required' });
  } else if (value.length < min) out.push({ field, code: 'tooShort' });
  else if (value.length > max) out.push({ field, code: 'tooLong' });
}

/** Topic cell or input: ids, labels or synonyms separated by "," or ";" (or an array, from JSON). */
export function parseTopics(value: unknown, topics: TopicMatcher, out: FieldProblem[]): string[] {
  const parts = (Array.isArray(value) ? value.map(text) : text(value).split(/[;,]/)).map((p) => p.trim()).filter(Boolean);
  const ids: string[] = [];
  for (const part of parts) {
    const topic = topics.resolve(part);
    if (!topic) out.push({ field: 'topics', code: 'unknownTopic', value: part.slice(0, 40) });
    else if (!ids.includes(topic.id)) ids.push(topic.id);
  }
  if (ids.length > LIMITS.topics) out.push({ field: 'topics', code: 'tooMany' });
  return ids;
}

/** Validates a form or import record; `today` fills a missing valid-from date. */
export function validateEntryFields(input: unknown, topics: TopicMatcher, today: string): { value?: EntryFields; problems: FieldProblem[] } {
  const parsed = raw.safeParse(input);
  const record = parsed.success ? parsed.data : {};
  const problems: FieldProblem[] = [];
  const questionDe = text(record.question_de);
  const questionEn = text(record.question_en);
  const answerDe = text(record.answer_de);
  const answerEn = text(record.answer_en);
  const source = text(record.source);
  checkLength('question_de', questionDe, LIMITS.questionMin, LIMITS.question, true, problems);
  checkLength('question_en', questionEn, LIMITS.questionMin, LIMITS.question, false, problems);
  checkLength('answer_de', answerDe, LIMITS.answerMin, LIMITS.answer, true, problems);
  checkLength('answer_en', answerEn, LIMITS.answerMin, LIMITS.answer, false, problems);
  checkLength('source', source, 1, LIMITS.source, false, problems);
  const topicIds = parseTopics(record.topics, topics, problems);
  const dateText = text(record.valid_from);
  const validFrom = dateText ? parseDate(dateText) : today;
  if (!validFrom) problems.push({ field: 'valid_from', code: 'badDate', value: dateText.slice(0, 20) });
  if (problems.length > 0 || !validFrom) return { problems };
  return {
    value: {
      question: { de: questionDe, ...(questionEn ? { en: questionEn } : {}) },
      answer: { de: answerDe, ...(answerEn ? { en: answerEn } : {}) },
      topics: topicIds,
      ...(source ? { source } : {}),
      validFrom,
    },
    problems,
  };
}
