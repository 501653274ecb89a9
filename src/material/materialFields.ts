// One material record from an import row (CSV cells or JSON values), validated field by field so the
// import can name every problem with its row and column. Links must be http(s); languages are names or
// codes ("Arabisch", "ar"); formats and audiences as in the library.
import type { TopicMatcher } from '../directory/topics.js';
import { parseDate } from '../directory/validate.js';
import { resolveLanguageName } from '../language/languageNames.js';
import { cleanText } from '../knowledge/text.js';
import { httpUrl, LIMITS, MATERIAL_AUDIENCES, MATERIAL_FORMATS, type MaterialAudience, type MaterialFormat } from '../knowledge/types.js';

export const MATERIAL_COLUMNS = ['id', 'title', 'topic', 'languages', 'format', 'edition', 'valid_until', 'translated_by', 'checked_by', 'link', 'audience'] as const;
export const REQUIRED_MATERIAL_COLUMNS = ['title', 'topic', 'languages', 'format', 'link', 'audience'];

export interface MaterialFields {
  title: string;
  topic: string;
  languages: string[];
  format: MaterialFormat;
  edition?: string;
  validUntil?: string;
  translatedBy?: string;
  checkedBy?: string;
  link: string;
  audience: MaterialAudience;
}

export type MaterialProblem = { field: string; code: 'required' | 'tooShort' | 'tooLong' | 'unknownTopic' | 'badDate' | 'badLink' | 'badLanguage' | 'badFormat' | 'badAudience' | 'tooMany'; value?: string };

const text = (v: unknown): string => (typeof v === 'string' ? cleanText(v) : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : text(v).split(/[;,]/)).map((s) => s.trim()).filter(Boolean);

function optional(field: string, value: string, max: number, out: MaterialProblem[]): string | undefined {
  if (value.length > max) out.push({ field, code: 'tooLong' });
  return value || undefined;
}

export function validateMaterialFields(record: Record<string, unknown>, topics: TopicMatcher): { value?: MaterialFields; problems: MaterialProblem[] } {
  const problems: MaterialProblem[] = [];
  const title = text(record.title);
  if (!title) problems.push({ field: 'title', code: 'required' });
  else if (title.length < 3) problems.push({ field: 'title', code: 'tooShort' });
  else if (title.length > LIMITS.title) problems.push({ field: 'title', code: 'tooLong' });
  const topicText = text(record.topic);
  const topic = topicText ? topics.resolve(topicText) : undefined;
  if (!topicText) problems.push({ field: 'topic', code: 'required' });
  else if (!topic) problems.push({ field: 'topic', code: 'unknownTopic', value: topicText.slice(0, 40) });
  const languages: string[] = [];
  for (const name of list(record.languages)) {
    const found = resolveLanguageName(name, { generic: true });
    if ('code' in found) {
      if (!languages.includes(found.code)) languages.push(found.code);
    } else problems.push({ field: 'languages', code: 'badLanguage', value: name.slice(0, 40) });
  }
  if (languages.length === 0 && !problems.some((p) => p.field === 'languages')) problems.push({ field: 'languages', code: 'required' });
  if (languages.length > LIMITS.languages) problems.push({ field: 'languages', code: 'tooMany' });
  const format = text(record.format).toLowerCase() as MaterialFormat;
  if (!MATERIAL_FORMATS.includes(format)) problems.push({ field: 'format', code: 'badFormat', value: format.slice(0, 40) });
  const audience = text(record.audience).toLowerCase() as MaterialAudience;
  if (!MATERIAL_AUDIENCES.includes(audience)) problems.push({ field: 'audience', code: 'badAudience', value: audience.slice(0, 40) });
  const link = httpUrl.safeParse(text(record.link));
  if (!link.success) problems.push({ field: 'link', code: 'badLink', value: text(record.link).slice(0, 60) });
  const untilText = text(record.valid_until);
  const validUntil = untilText ? parseDate(untilText) : undefined;
  if (untilText && !validUntil) problems.push({ field: 'valid_until', code: 'badDate', value: untilText.slice(0, 20) });
  const edition = optional('edition', text(record.edition), LIMITS.edition, problems);
  const translatedBy = optional('translated_by', text(record.translated_by), LIMITS.person, problems);
  const checkedBy = optional('checked_by', text(record.checked_by), LIMITS.person, problems);
  if (problems.length > 0 || !topic || !link.success) return { problems };
  return {
    value: {
      title, topic: topic.id, languages, format, link: link.data, audience,
      ...(edition ? { edition } : {}), ...(validUntil ? { validUntil } : {}), ...(translatedBy ? { translatedBy } : {}), ...(checkedBy ? { checkedBy } : {}),
    },
    problems,
  };
}
