// Understanding what an officer types for an interpreter request: one sentence ("Ich brauche einen
// Dolmetscher für Arabisch morgen um 10 Uhr per Video") fills every slot it names; answers to single
// questions (mode, purpose, urgency) use the same word lists. Pure functions, no I/O. Nothing here
// stores text: the dialog keeps only the parsed slots.
import { findLanguageMentions } from '../language/languageNames.js';
import { checkCaseRef } from '../privacy/caseRef.js';
import type { Locale } from '../text/locale.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { fold } from '../text/normalize.js';
import { DURATION_MAX, DURATION_MIN, PURPOSES, type Mode, type Purpose, type Urgency } from './store.js';
import { findDuration, parseWhen, type WhenParse } from './when.js';

function padded(text: string): string {
  return ` ${fold(text)} `;
}

const MODE_WORDS: Record<Mode, string[]> = {
  vor_ort: ['vor ort', 'vorort', 'prasenz', 'in prasenz', 'personlich', 'in person', 'on site', 'onsite', 'on premises', 'face to face', 'vor ort termin'],
  video: ['video', 'per video', 'videodolmetschen', 'videodolmetscher', 'videocall', 'video call', 'videokonferenz', 'videoschalte', 'teams video', 'remote video'],
  telefon: ['telefon', 'telefonisch', 'per telefon', 'am telefon', 'phone', 'by phone', 'telephone', 'over the phone', 'telefondolmetschen'],
};

/** Word stems per purpose (folded); a token that starts with one counts. */
const PURPOSE_STEMS: Record<Purpose, string[]> = {
  zugang: ['zugang', 'aufnahme', 'admission', 'intake', 'erstgesprach'],
  medizin: ['arzt', 'arztlich', 'arztin', 'medizin', 'krankenhaus', 'klinik', 'doctor', 'medical', 'behandlung', 'zahnarzt', 'psychiat', 'treatment', 'hospital', 'sanitat'],
  vollzugsplanung: ['vollzugsplan', 'vollzugsplanung', 'vollzugsplankonferenz', 'sentence', 'forderplan'],
  auslaenderrecht: ['auslanderrecht', 'auslanderrechtlich', 'auslanderbehord', 'abschiebung', 'aufenthalt', 'asyl', 'immigration', 'deportation', 'residence', 'ausweisung', 'duldung'],
  krise: ['krise', 'krisen', 'krisengesprach', 'suizid', 'crisis', 'suicid', 'notfall'],
  information: ['information', 'informationsveranstaltung', 'infoveranstaltung', 'infostunde', 'briefing', 'aufklarung', 'sprechstunde', 'dolmetschersprechstunde'],
  sonstiges: ['sonstig', 'sonstiges', 'other', 'anderes'],
};

const URGENT_WORDS = ['dringend', 'dringlich', 'eilig', 'eilt', 'sofort', 'asap', 'urgent', 'urgently', 'emergency', 'schnellstmoglich', 'so schnell wie moglich', 'as soon as possible'];
const NORMAL_WORDS = ['normal', 'nicht dringend', 'not urgent', 'regular', 'standard', 'nein', 'no'];

function hasPhrase(text: string, phrases: readonly string[]): boolean {
  const p = padded(text);
  return phrases.some((w) => p.includes(` ${w} `));
}

export function parseMode(text: string): Mode | undefined {
  const p = padded(text);
  const found = (Object.keys(MODE_WORDS) as Mode[]).filter((m) => MODE_WORDS[m].some((w) => p.includes(` ${w} `)));
  return found.length === 1 ? found[0] : undefined;
}

/** A purpose from a word ("Zugangsgespräch", "Arzt", "crisis") or its number in the list (1–7). */
export function parsePurpose(text: string, opts: { allowNumber?: boolean } = {}): Purpose | undefined {
  const folded = fold(text);
  if (opts.allowNumber && /^[1-7]$/.test(folded)) return PURPOSES[Number(folded) - 1];
  const tokens = folded.split(' ');
  const found = (Object.keys(PURPOSE_STEMS) as Purpose[]).filter((p) => PURPOSE_STEMS[p].some((stem) => tokens.some((t) => t.startsWith(stem))));
  return found.length === 1 ? found[0] : undefined;
}

export function parseUrgency(text: string, opts: { allowNormal?: boolean } = {}): Urgency | undefined {
  if (hasPhrase(text, URGENT_WORDS) && !hasPhrase(text, ['nicht dringend', 'not urgent'])) return 'dringend';
  if (opts.allowNormal && hasPhrase(text, NORMAL_WORDS)) return 'normal';
  return undefined;
}

// ---- one sentence ---------------------------------------------------------------------------

const CASE_REF = /\b(buchnummer|buchnr\.?|gefangenenbuchnummer|gbnr\.?|gbn|bn|az\.?|aktenzeichen|akte|case|ref\.?)\s*[:#]?\s*([A-Za-z]{0,5}[\s-]?\d[\w./-]{0,30})/iu;
const DIALECT = /\b(?:dialekt|dialect|variante|variety|mundart)\s*[:=]?\s*([\p{L}][\p{L}-]{1,30}(?:\s+\((?:[\p{L}\s-]{1,30})\))?)/iu;

export interface OneShot {
  /** One code, several to choose from (Kurdisch), or nothing. */
  languages?: string[];
  dialect?: string;
  when?: WhenParse;
  durationMin?: number;
  /** A duration was named but out of range. */
  durationRefused?: 'tooShort' | 'tooLong';
  mode?: Mode;
  purpose?: Purpose;
  urgency?: Urgency;
  caseRef?: string;
  /** A case reference was named but refused (looks like a name, …): not taken, the user is told. */
  caseRefRefused?: boolean;
  placeId?: string;
  /** "erkennen" / "detect": the language is to be detected from a sample. */
  detect?: boolean;
}

export interface OneShotOptions {
  locale: Locale;
  now: Date;
  timeZone: string;
  institutions?: InstitutionDirectory;
}

const DETECT_WORDS = ['erkennen', 'sprache erkennen', 'erkennung', 'detect', 'detect language', 'identify', 'unbekannt', 'unknown', 'unbekannte sprache', 'unknown language'];

export function wantsDetection(text: string): boolean {
  return hasPhrase(text, DETECT_WORDS);
}

/** Everything a free sentence says about a request. Slots it does not mention stay undefined. */
export function parseOneShot(input: string, opts: OneShotOptions): OneShot {
  let text = input.slice(0, 600);
  const out: OneShot = {};

  const ref = CASE_REF.exec(text);
  if (ref) {
    const checked = checkCaseRef(`${ref[1]} ${ref[2]}`.trim());
    if (checked.ok) out.caseRef = checked.value;
    else out.caseRefRefused = true;
    text = text.slice(0, ref.index) + ' ' + text.slice(ref.index + ref[0].length);
  }
  const dialect = DIALECT.exec(text);
  if (dialect) {
    out.dialect = dialect[1]!.trim();
    text = text.slice(0, dialect.index) + ' ' + text.slice(dialect.index + dialect[0].length);
  }

  const mentions = findLanguageMentions(text).filter((m) => !(m.codes.length === 1 && m.codes[0] === 'de'));
  if (mentions.length > 0) out.languages = mentions[0]!.codes;
  if (wantsDetection(text) && !out.languages) out.detect = true;

  const duration = findDuration(text);
  if (duration) {
    if (duration.minutes < DURATION_MIN) out.durationRefused = 'tooShort';
    else if (duration.minutes > DURATION_MAX) out.durationRefused = 'tooLong';
    else out.durationMin = duration.minutes;
  }
  const when = parseWhen(text, { locale: opts.locale, now: opts.now, timeZone: opts.timeZone });
  if (when.ok || when.reason !== 'unrecognised') out.when = when;

  const mode = parseMode(text);
  if (mode) out.mode = mode;
  const purpose = parsePurpose(text);
  if (purpose) out.purpose = purpose;
  const urgency = parseUrgency(text);
  if (urgency) out.urgency = urgency;

  if (opts.institutions) {
    for (const m of opts.institutions.scanText(text).mentions) {
      const places = m.institutions.filter((i) => i.kind === 'jva' || i.kind === 'bezirksregierung');
      if (places.length === 1 && m.institutions.length === 1) {
        out.placeId = places[0]!.id;
        break;
      }
    }
  }
  return out;
}

// ---- free text the capability claims --------------------------------------------------------

const INTERPRETER_STEMS = ['dolmetsch', 'sprachmittl', 'interpreter', 'interpreting', 'ubersetzer', 'translator', 'videodolmetsch'];
/** Question words: "Wer ist zuständig für Dolmetscher in Köln?" is a directory question, not a request. */
const QUESTION_CUES = new Set([
  'wer', 'wen', 'wem', 'wo', 'welche', 'welcher', 'welches', 'zustandig', 'zustandigkeit', 'ansprechpartner', 'ansprechpartnerin',
  'ansprechperson', 'kontakt', 'kontakte', 'who', 'whom', 'where', 'which', 'responsible', 'contact', 'charge',
]);
const REQUEST_WORDS = [
  'brauche', 'brauchen', 'benotige', 'benotigen', 'bestellen', 'bestelle', 'anfragen', 'anfrage', 'buchen', 'organisieren', 'beantragen',
  'mochte', 'hatte gern', 'need', 'needs', 'book', 'request', 'require', 'order', 'arrange',
];

/**
 * Free text without a command word that clearly asks for an interpreter: it names one (Dolmetscher,
 * interpreter, Sprachmittlung …), is no question about who is responsible, and either asks for one
 * (brauche, benötige, need …), names a language, or names a future clock time.
 */
export function recognizesRequest(text: string, opts: { now: Date; timeZone: string; locale: Locale }): boolean {
  if (text.length > 400) return false;
  const folded = fold(text);
  const tokens = folded.split(' ');
  if (!tokens.some((t) => INTERPRETER_STEMS.some((s) => t.startsWith(s)))) return false;
  if (tokens.some((t) => QUESTION_CUES.has(t)) || / in charge | an wen /.test(` ${folded} `)) return false;
  // "Ich möchte eskalieren, weil kein Dolmetscher kommt" is an escalation (its capability recognizes it).
  if (tokens.some((t) => t.startsWith('eskal') || t.startsWith('escalat'))) return false;
  if (tokens.some((t) => REQUEST_WORDS.includes(t)) || hasPhrase(text, REQUEST_WORDS)) return true;
  if (findLanguageMentions(text).some((m) => !(m.codes.length === 1 && m.codes[0] === 'de'))) return true;
  // A clock time in the future: "Dolmetscher Freitag 9 Uhr". A bare day ("heute") is too weak a signal.
  return parseWhen(text, opts).ok;
}
