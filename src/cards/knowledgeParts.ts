// Building blocks shared by the knowledge, material and announcement cards. User text (questions,
// answers, sources, titles, announcement texts) goes only into TextRuns: no Markdown, length-capped.
import type { Formatter } from '../i18n/format.js';
import type { Translate } from '../i18n/i18n.js';
import type { Locale } from '../text/locale.js';
import type { Identity } from '../roles/types.js';
import { cleanUserText, type CardAction, type CardElement } from './elements.js';

export interface KnowledgeView {
  t: Translate;
  fmt: Formatter;
  locale: Locale;
  identity: Identity;
}


export function dateText(fmt: Formatter, isoDate: string): string {
  return fmt.day(isoDate);
}

export function execute(title: string, verb: string, data: Record<string, unknown>, style?: 'positive' | 'destructive'): CardAction {
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) };
}

export function openUrl(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}

export function textInput(id: string, label: string, opts: { value?: string; max: number; multiline?: boolean; required?: boolean; placeholder?: string; error?: string }): CardElement {
  return {
    type: 'Input.Text', id, label, value: opts.value ?? '', maxLength: opts.max,
    ...(opts.multiline ? { isMultiline: true } : {}),
    ...(opts.required ? { isRequired: true, errorMessage: opts.error ?? label } : {}),
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
  };
}

/** A server-side problem shown under its field (our text; a quoted value goes through a TextRun). */
export function fieldError(text: string): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: cleanUserText(text, 300), color: 'Attention', size: 'Small' }] };
}
