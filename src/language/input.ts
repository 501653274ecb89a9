// Input checks shared by every LanguageService implementation: a bad argument is the caller's bug and
// fails at once (a ZodError), before any network call, breaker bookkeeping or fallback.
import { z } from 'zod';
import type { RedactionLocale } from './types.js';

/** Longest text accepted (UTF-16 code units). Detection reads only the beginning; redaction reads all. */
export const MAX_TEXT = 50_000;

const textSchema = z.string().max(MAX_TEXT, `text longer than ${MAX_TEXT} characters`);
const localeSchema = z.enum(['de', 'en']).default('de');

export function checkText(text: unknown): string {
  return textSchema.parse(text);
}

export function checkLocale(locale: unknown): RedactionLocale {
  return localeSchema.parse(locale);
}
