// The one check for a pseudonymous case reference (a Buchnummer or Aktenzeichen, never a name), used by
// every capability that takes one, and the personal-data patterns free-text screens share with it.
// Rejected text is neither stored nor logged.

export type CaseRefCheck =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'tooLong' | 'name' | 'birthDate' | 'contact' | 'format' };

export const CASE_REF_MAX = 40;

// Words that may appear in a reference (compared lower-case): kinds of numbers, not names.
const REF_WORDS = new Set([
  'buchnummer', 'buchnr', 'gefangenenbuchnummer', 'gbnr', 'aktenzeichen', 'akte', 'fall', 'case', 'ref', 'nr', 'no',
  'vollstreckungsheft', 'vh', 'az', 'bn', 'gbn', 'js', 'ls', 'vrs', 'kls', 'ds',
]);

const HONORIFIC = /(?:^|[\s,;:(])(?:herrn?|frau|hr|fr|mr|mrs|ms|miss|dr|familie|fam)\.?(?=\s|$)/iu;
export const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
const PHONE = /(?:\+|(?<!\d)0)\d[\d /()-]{5,}\d/g;
const PHONE_MARKER = /(?:^|[^\p{L}])(?:tel|telefon|phone|handy|mobil|mobile)\.?\s*:?\s*\+?\d/iu;

/** A phone number: starts with + or 0 and has at least 9 digits (dates such as 05.03.2026 do not count). */
export function hasPhone(text: string): boolean {
  if (PHONE_MARKER.test(text)) return true;
  return [...text.matchAll(PHONE)].some((m) => (m[0].match(/\d/g) ?? []).length >= 9);
}
export const BIRTH_MARKER = /(?:^|[^\p{L}])(?:geb\.?|geboren|geburtsdatum|born|dob|d\.o\.b\.)(?=[^\p{L}]|$)/iu;
const DATE_WITH_YEAR = /^\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}$/;

/**
 * A case reference must look like a number: "123/24", "BN 4711-2026", "AZ-2026-17", "Buchnr. 55/26".
 * Letters are allowed only as short upper-case abbreviations or as the words above, so names such
 * as "Herr Beispiel", "Max Mustermann" or "Mustermann 123" are refused.
 */
export function checkCaseRef(input: string): CaseRefCheck {
  const value = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!value) return { ok: false, reason: 'empty' };
  if (value.length > CASE_REF_MAX) return { ok: false, reason: 'tooLong' };
  if (HONORIFIC.test(value)) return { ok: false, reason: 'name' };
  if (EMAIL.test(value)) return { ok: false, reason: 'contact' };
  if (DATE_WITH_YEAR.test(value) || BIRTH_MARKER.test(value)) return { ok: false, reason: 'birthDate' };
  if (!/^[\p{L}\p{N} ./\-_#:]+$/u.test(value)) return { ok: false, reason: 'format' };
  for (const run of value.match(/\p{L}+/gu) ?? []) {
    if (run.length <= 2) continue;
    if (REF_WORDS.has(run.toLowerCase())) continue;
    if (run.length <= 5 && run === run.toUpperCase()) continue; // JVA, BN, AZ, GBN …
    return { ok: false, reason: 'name' };
  }
  if (!/\p{N}/u.test(value)) return { ok: false, reason: 'format' };
  return { ok: true, value };
}
