// Rule-based redaction of personal data in German and English free text (escalation summaries,
// interpreter-request notes) before it is stored. It errs on the side of removing: a false hit costs a
// word, a miss costs a person's data. It also runs on top of Azure's answer (defence in depth).
//
// Removed: personal names anywhere in the text (src/privacy/redaction/names.ts), e-mail addresses, phone numbers, IBANs, dates of birth (after a cue such as "geb." or
// "date of birth", or any full date at least 14 years back), German street addresses (with house number
// and an optional postcode + town), names after "Herr/Frau/Mr/Ms …", first + last name after cues such as
// "Gefangener", "Inhaftierte(r)", "inmate", any words after "Name:", and ID numbers after "Ausweis-Nr.",
// "Pass-Nr.", "passport no." and the like.
// KEPT on purpose: Buchnummern, Aktenzeichen and case references ("Buchnummer 123/24", "Az. 4 KLs 12/25",
// "Fall-Nr. E-2025-0042", a bare "1234/24"): they are the pseudonymous reference the process needs, and
// they identify no one outside the prison's own files.
import type { PiiCategory, RedactedEntity, RedactionLocale } from './types.js';
import { translate, type MessageKey } from '../i18n/i18n.js';
import { findNames } from '../privacy/redaction/names.js';

export interface Span {
  category: PiiCategory;
  start: number;
  end: number;
}

const CAP = String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*`;
const PARTICLE = String.raw`(?:von|van|de|del|der|den|da|di|dos|du|bin|ibn|al|el|ben|ter|zu)`;
/** A personal name: one to three capitalised words, particles allowed between them ("Ali el Amrani"). */
const NAME = String.raw`${CAP}(?:[ \t]+(?:${PARTICLE}[ \t]+)?${CAP}){0,2}`;
/** First and last name at least (after cues where a single capitalised word would be a German noun). */
const FULL_NAME = String.raw`${CAP}(?:[ \t]+(?:${PARTICLE}[ \t]+)?${CAP}){1,2}`;

const MONTHS = String.raw`(?:Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|January|February|March|May|June|July|October|December|Jan|Feb|Mär|Mar|Apr|Jun|Jul|Aug|Sept?|Okt|Oct|Nov|Dez|Dec)\.?`;
const DATE = String.raw`(?<!\p{L})(?:\d{1,2}\.[ ]?\d{1,2}\.[ ]?(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.?[ ]+${MONTHS}[ ]+\d{4}|${MONTHS}[ ]+\d{1,2},?[ ]+\d{4})`;

interface Rule {
  category: PiiCategory;
  re: RegExp;
  /** Which capture group is the personal data (0 = the whole match). */
  group?: number;
  /** Only without the name detection (`names: false`), which covers this case with its word lists. */
  rulesOnly?: boolean;
}

const STREET_SUFFIX = String.raw`(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|pfad|wall|graben|steig)`;
const STREET_WORD = String.raw`(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee)`;
const HOUSE = String.raw`[ ]*\d{1,4}[ ]?[a-zA-Z]?(?:[ ]*[-/][ ]*\d{1,4}[a-zA-Z]?)?\b`;
const TOWN = String.raw`(?:,?[ ]+\d{5}[ ]+${CAP}(?:[ -]+(?:am|an der|${CAP}))*(?:[ ]+${CAP})?)?`;

const RULES: Rule[] = [
  { category: 'email', re: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu },
  { category: 'iban', re: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g },
  // International (+49 …, 0049 …), then national numbers starting with 0 (030 1234567, 0171/1234567).
  { category: 'phone', re: /(?<![\p{L}\p{N}+])(?:\+|00)[1-9]\d{0,2}[ ./-]?(?:\(0\)[ ./-]?)?\d{1,5}(?:[ ./-]?\d{2,}){1,5}/gu },
  { category: 'phone', re: /(?<![\p{L}\p{N}/.])(?:\(0\d{2,5}\)|0\d{2,5})(?:[ /-]?\d){5,10}(?![\p{N}/])/gu },
  { category: 'phone', re: /\b(?:Tel(?:efon)?\.?|Telefonnummer|Handy(?:nummer)?|Mobil(?:nummer)?|Phone|Mobile|Cell)(?:[ ]*(?:Nr\.?|No\.?|number))?(?:[ ]*:)?[ ]*(\d[\d ./-]{4,18}\d)/giu, group: 1 },
  // Dates of birth after a cue (the age-based rule for other dates is in findPii).
  {
    category: 'birthDate',
    re: new RegExp(String.raw`\b(?:geb(?:oren)?\.?(?:[ ]+am)?|Geburtsdatum|Geb\.?-?Dat(?:um|\.)?|Geburtstag|date of birth|DOB|D\.O\.B\.|born(?:[ ]+on)?)(?:[ ]*:)?[ ]*(${DATE})`, 'giu'),
    group: 1,
  },
  {
    category: 'address',
    re: new RegExp(String.raw`(?<![\p{L}-])(?:\p{Lu}[\p{Ll}ß]+(?:-\p{Lu}?[\p{Ll}ß]+)*${STREET_SUFFIX}|(?:\p{Lu}[\p{Ll}ß]+[ ]){1,2}${STREET_WORD})${HOUSE}${TOWN}`, 'gu'),
  },
  { category: 'address', re: /\b(?:Anschrift|Adresse|Wohnanschrift|Meldeadresse|address)[ ]*:[ ]*([^\n;]{4,120})/giu, group: 1 },
  // Names after an honorific, and first + last name after a role cue.
  { category: 'person', re: new RegExp(String.raw`\b(?:Herrn?|Frau|Hr\.|Fr\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?)[ ]+(?:(?:Dr|Prof)\.[ ]+)?(${NAME})`, 'gu'), group: 1 },
  // Professionals are people too (issue 12): "Anwalt Dr. Peters", "Dr. Peters"; official contacts are kept only when marked.
  { category: 'person', re: new RegExp(String.raw`\b(?:(?:Rechts)?[Aa]nw(?:alt|ältin)[ ]+)?(?:Dr|Prof)\.[ ]+(?:(?:med|jur|rer|phil)\.[ ]+)?(${NAME})`, 'gu'), group: 1 },
  {
    category: 'person',
    // Superseded by the name detection (which knows "Gefangene Sprachkurse" are no person); kept for the rules-only baseline.
    rulesOnly: true,
    re: new RegExp(
      String.raw`\b(?:Gefangene[rn]?|Gefangene\(r\)|Strafgefangene[rn]?|Untersuchungsgefangene[rn]?|Inhaftierte[rn]?|Inhaftierte\(r\)|Insass(?:e|in|en)|Patient(?:in)?|Antragsteller(?:in)?|Betroffene[rn]?|Klient(?:in)?|[Ii]nmate|[Pp]risoner|[Dd]etainee|[Pp]atient)(?:[ ]*:)?[ ]+(${FULL_NAME})`,
      'gu',
    ),
    group: 1,
  },
  {
    category: 'person',
    re: /\b(?:Name|Vorname|Nachname|Familienname|Vor- und Nachname|Geburtsname|[Ff]irst name|[Ss]urname|[Ll]ast name|[Ff]ull name)[ ]*:[ ]*([\p{L}'’-]+(?:[ ]+[\p{L}'’-]+){0,3})/gu,
    group: 1,
  },
  {
    category: 'idNumber',
    re: /\b(?:Ausweis(?:nummer|-?Nr\.?)|Personalausweis(?:nummer|-?Nr\.?)?|Pass(?:nummer|-?Nr\.?)|Reisepass(?:nummer|-?Nr\.?)?|Aufenthaltstitel(?:nummer|-?Nr\.?)?|Steuer-?ID|Sozialversicherungsnummer|SV-Nummer|[Pp]assport(?:[ ]+(?:number|no\.?))?|ID[ ]+(?:number|no\.?))(?:[ ]*:)?[ ]*([A-Z0-9][A-Z0-9 -]{4,16}[A-Z0-9])/gu,
    group: 1,
  },
];

/**
 * References that stay: the Buchnummer and its relatives (see the header). At most two short letter groups
 * may stand between the keyword and the first digit ("Az. 4 KLs 12/25", "Fall-Nr. E-2025-0042", "Ticket
 * AB-17"), each ending in a separator or right before the digit, so there is one way to split them: a
 * keyword followed by plain words ("Der Fall betrifft einen jungen Mann …") fails after a few steps instead
 * of trying every split of every word (that backtracked exponentially and froze the bot).
 */
const KEEP: RegExp[] = [
  /\b(?:Gefangenenbuch(?:nummer|-?Nr\.?)|Buch(?:nummer|-?Nr\.?)|Gef\.?-?Buch-?Nr\.?|B-?Nr\.?|Aktenzeichen|Az\.?|Gz\.?|Geschäftszeichen|Vorgang(?:snummer|s-?Nr\.?)?|Fall(?:nummer|-?Nr\.?)?|Ticket(?:-?Nr\.?)?|[Cc]ase(?:[ ]+(?:number|no\.?|ref(?:erence)?))?|[Rr]eference|[Rr]ef\.?)[ ]*(?:[:#][ ]*)?(?:[A-Za-z]{1,6}\.?[ -])?(?:[A-Za-z]{1,6}\.?[ -]|[A-Za-z]{1,6}(?=\d))?\d[\w/.-]*(?:[ ]+\d+\/\d+)?/gu,
  // A bare "1234/25" (not "0221/98760", a phone number with its area code).
  /(?<![\p{L}\p{N}/.])[1-9]\d{0,5}\/\d{2,4}(?![\p{N}/.-])/gu,
];

/** Drops trailing blanks and punctuation; a loop, because `/[\s.,;:]+$/` rescans a long run from every start. */
function trimTrailingPunctuation(part: string): string {
  let end = part.length;
  while (end > 0 && /[\s.,;:]/u.test(part[end - 1]!)) end--;
  return part.slice(0, end);
}

function collect(text: string, rules: Rule[]): Span[] {
  const spans: Span[] = [];
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const part = m[rule.group ?? 0];
      if (!part) continue;
      const start = m.index + (rule.group ? m[0].indexOf(part) : 0);
      const trimmed = trimTrailingPunctuation(part);
      if (trimmed) spans.push({ category: rule.category, start, end: start + trimmed.length });
    }
  }
  return spans;
}

function keepSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const re of KEEP) for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** Dates (not after a birth cue) whose year lies at least `minYears` back: almost always a birth date in a note. */
function oldDates(text: string, now: Date, minYears = 14): Span[] {
  const spans: Span[] = [];
  const re = new RegExp(DATE, 'giu');
  for (const m of text.matchAll(re)) {
    const year = /\d{4}/.exec(m[0])?.[0];
    if (year && Number(year) <= now.getUTCFullYear() - minYears) spans.push({ category: 'birthDate', start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/**
 * `options.names === false` leaves out the name detection of src/privacy/redaction (the rules alone, as the
 * redaction was before; the bench measures both); `rulesOnly: false` then also leaves out the rules it replaced.
 * Sorted, non-overlapping spans: the earliest start wins, then the longest; nothing that touches a kept
 * reference. `extra` are spans found elsewhere (Azure) to merge with the rules' own.
 */
export function findPii(text: string, now: Date, extra: Span[] = [], options: { names?: boolean; rulesOnly?: boolean } = {}): Span[] {
  const keep = keepSpans(text);
  const names = options.names === false ? [] : findNames(text).map((n): Span => ({ category: 'person', ...n }));
  const rules = (options.rulesOnly ?? options.names === false) ? RULES : RULES.filter((r) => !r.rulesOnly);
  const all = [...collect(text, rules), ...oldDates(text, now), ...names, ...extra]
    .filter((s) => s.end > s.start && !keep.some((k) => overlaps(k, s)))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const span of all) {
    const last = out[out.length - 1];
    if (last && span.start < last.end) {
      // Overlap: extend the earlier span so nothing of either is left visible.
      if (span.end > last.end) last.end = span.end;
      continue;
    }
    out.push({ ...span });
  }
  return out;
}

/** Replaces each span with its placeholder ("[Name]", "[Telefon]" …) in the given locale. */
export function applyRedaction(text: string, spans: Span[], locale: RedactionLocale): { text: string; entities: RedactedEntity[] } {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + translate(locale, `language.redaction.${s.category}` as MessageKey);
    at = s.end;
  }
  out += text.slice(at);
  return { text: out, entities: spans.map((s) => ({ category: s.category, offset: s.start, length: s.end - s.start })) };
}

export function redactOffline(text: string, locale: RedactionLocale, now: Date): { text: string; entities: RedactedEntity[] } {
  return applyRedaction(text, findPii(text, now), locale);
}
