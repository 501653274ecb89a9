// What users may type into a checklist run besides the case reference (src/privacy/caseRef.ts): short
// free-text notes and skip reasons, refused when they obviously carry personal data. Rejected text is
// neither stored nor logged.
//
// The note check is a seam (TextScreen): the offline heuristics below are the default; a screen built
// on the language service's redactPii (src/language) can replace it without touching the dialogs.

import { findPii } from '../language/offlineRedact.js';
import type { PiiCategory } from '../language/types.js';
import { findNames } from '../privacy/redaction/names.js';
import { BIRTH_MARKER, EMAIL, hasPhone } from '../privacy/caseRef.js';

export type ScreenResult = { ok: true; text: string } | { ok: false; reason: 'empty' | 'tooLong' | 'name' | 'contact' | 'birthDate' };

/** Screens free text before it is stored. Async so an implementation may call the language service. */
export interface TextScreen {
  screen(text: string, max: number): Promise<ScreenResult>;
}

/** The refusal for what the redaction found; an address, IBAN or ID number is a way to reach or identify someone. */
const REASON_OF: Record<PiiCategory, 'name' | 'contact' | 'birthDate'> = {
  person: 'name', phone: 'contact', email: 'contact', address: 'contact', iban: 'contact', idNumber: 'contact', other: 'contact', birthDate: 'birthDate',
};

/**
 * Titles with a name, e-mail addresses, phone numbers, birth-date markers — and what the redaction finds:
 * its rules (findPii) and a name of two words or more without a title ("Vorname Nachname"; issue 10: such a
 * name reached checklist notes and interpreter requests). A single capitalised word is not refused here:
 * in a short note it is far more often a noun ("Trifft nicht zu", "für Mo") than a name, and a refusal
 * costs the user the whole text, where the redaction would only cost a word.
 */
export function screenOffline(input: string, max: number, now: Date = new Date()): ScreenResult {
  // eslint-disable-next-line no-control-regex
  const text = input.normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g, '').trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > max) return { ok: false, reason: 'tooLong' };
  if (/(?:^|[\s,;:(])(?:herrn?|frau|hr\.|fr\.|mr\.?|mrs\.?|ms\.?|familie|fam\.)\s+\p{Lu}/iu.test(text)) return { ok: false, reason: 'name' };
  if (/\b(?:name|nachname|vorname)\s*[:=]/iu.test(text)) return { ok: false, reason: 'name' };
  if (EMAIL.test(text) || hasPhone(text)) return { ok: false, reason: 'contact' };
  if (BIRTH_MARKER.test(text)) return { ok: false, reason: 'birthDate' };
  const found = findPii(text, now, [], { names: false, rulesOnly: false })[0]; // names: the two-word check below
  if (found) return { ok: false, reason: REASON_OF[found.category] };
  if (findNames(text).some((n) => /\s/.test(text.slice(n.start, n.end)))) return { ok: false, reason: 'name' };
  return { ok: true, text };
}

export const offlineScreen: TextScreen = { screen: async (text, max) => screenOffline(text, max) };
