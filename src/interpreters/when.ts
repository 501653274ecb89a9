// Appointment times and durations typed in German or English: "morgen um 10 Uhr", "Freitag 14:15",
// "20.3. 9 Uhr", "tomorrow at 10am", "in 2 Stunden"; "für 90 Minuten", "1,5 h", "eine Stunde", "2 hours".
// chrono-node computes in the machine's zone, so it gets a reference whose local fields equal the wall
// clock in `timeZone` (localMirror) and only the calendar and clock fields of its answer are used,
// converted back to an instant in `timeZone` (instantAt). Past times are refused.
import * as chrono from 'chrono-node';
import type { Locale } from '../text/locale.js';
import { dateIn, daysBetween, instantAt, isValidIsoDate, iso, localMirror, parseIso, type IsoDate } from '../time/zoned.js';
import { DURATION_MAX, DURATION_MIN } from './store.js';

/** How far ahead an appointment may lie. */
export const MAX_AHEAD_DAYS = 366;
/** "jetzt" / "now" is a few seconds old by the time it is checked. */
const PAST_SLACK_MS = 5 * 60_000;

export type WhenParse =
  | { ok: true; start: Date }
  | { ok: false; reason: 'unrecognised' | 'past' | 'tooFar' }
  /** A day without a clock time ("morgen", "Freitag"): ask for the time. */
  | { ok: false; reason: 'noTime'; day: IsoDate };

export interface WhenOptions {
  locale: Locale;
  now: Date;
  timeZone: string;
  /** The day already known (the answer is a time only). */
  day?: IsoDate;
}

const parsers: Record<Locale, chrono.Chrono> = { de: chrono.de.casual, en: chrono.en.casual };

/** "12.3." / "12.03." (no year) → the next such day from today, so chrono (which needs a year here) reads it. */
function withYears(text: string, today: IsoDate): string {
  const { year } = parseIso(today);
  return text.replace(/(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?!\d)/g, (whole, d: string, m: string) => {
    for (const y of [year, year + 1]) {
      const candidate = iso(y, Number(m), Number(d));
      if (isValidIsoDate(candidate) && daysBetween(today, candidate) >= 0) return `${Number(d)}.${Number(m)}.${y}`;
    }
    return whole;
  });
}

/** A bare clock time ("10", "10.30", "9:15") as the answer to "um wie viel Uhr?". */
function bareTime(text: string): string {
  const m = /^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr|h)?\s*$/i.exec(text);
  return m ? `um ${m[1]}:${m[2] ?? '00'} Uhr` : text;
}

/** Parses an appointment time. Duration phrases ("für 2 Stunden") are ignored, not read as "in 2 hours". */
export function parseWhen(text: string, opts: WhenOptions): WhenParse {
  const raw = text.trim().slice(0, 400);
  if (!raw) return { ok: false, reason: 'unrecognised' };
  const today = dateIn(opts.now, opts.timeZone);
  const input = withoutDurations(withYears(bareTime(raw), today));
  const ref = localMirror(opts.now, opts.timeZone);
  const order: Locale[] = opts.locale === 'en' ? ['en', 'de'] : ['de', 'en'];
  let best: chrono.ParsedResult | undefined;
  for (const loc of order) {
    for (const hit of parsers[loc].parse(input, ref, { forwardDate: true })) {
      if (!best || hit.text.length > best.text.length) best = hit;
    }
  }
  if (!best) return { ok: false, reason: 'unrecognised' };
  const s = best.start;
  const dayKnown = s.isCertain('day') || s.isCertain('weekday') || s.isCertain('month');
  let day = iso(s.get('year')!, s.get('month')!, s.get('day')!);
  if (opts.day && !dayKnown) day = opts.day;
  if (!isValidIsoDate(day)) return { ok: false, reason: 'unrecognised' };
  if (!s.isCertain('hour')) {
    if (!dayKnown) return { ok: false, reason: 'unrecognised' };
    return daysBetween(today, day) < 0 ? { ok: false, reason: 'past' } : { ok: false, reason: 'noTime', day };
  }
  const start = instantAt(day, s.get('hour') ?? 0, opts.timeZone, s.get('minute') ?? 0);
  if (start.getTime() < opts.now.getTime() - PAST_SLACK_MS) return { ok: false, reason: 'past' };
  if (daysBetween(today, day) > MAX_AHEAD_DAYS) return { ok: false, reason: 'tooFar' };
  return { ok: true, start };
}

// ---- durations ------------------------------------------------------------------------------

const NUM = String.raw`(\d{1,3}(?:[.,]\d{1,2})?)`;
const HOURS = String.raw`(?:h|std\.?|stunden?|stündig|hours?|hrs?)`;
const MINUTES = String.raw`(?:min\.?|minuten?|minutes?|mins?)`;
/** Not after "in ": "in 2 Stunden" is a start time. */
const NOT_IN = String.raw`(?<!\bin\s{1,3})(?<![\d:.,])`;
const DURATION_PATTERNS: { re: RegExp; minutes: (m: RegExpExecArray) => number }[] = [
  // "1 Stunde 30 Minuten", "1 h 30 min", "2 Std. 15"
  { re: new RegExp(String.raw`${NOT_IN}(\d{1,2})\s*${HOURS}\s*(?:und\s+|and\s+)?(\d{1,2})\s*${MINUTES}?(?![\p{L}\d])`, 'iu'), minutes: (m) => Number(m[1]) * 60 + Number(m[2]) },
  { re: new RegExp(String.raw`${NOT_IN}${NUM}\s*${HOURS}(?![\p{L}\d])`, 'iu'), minutes: (m) => Math.round(Number(m[1]!.replace(',', '.')) * 60) },
  { re: new RegExp(String.raw`${NOT_IN}(\d{1,3})\s*${MINUTES}(?![\p{L}\d])`, 'iu'), minutes: (m) => Number(m[1]) },
  { re: /(?<!\bin\s{1,3})\b(?:eineinhalb|anderthalb)\s+stunden\b|\b(?:one|an?)\s+and\s+a\s+half\s+hours?\b/iu, minutes: () => 90 },
  { re: /(?<!\bin\s{1,3})\b(?:eine|einer|einen)\s+halben?\s+stunde\b|\bhalf\s+an\s+hour\b|\bhalbe\s+stunde\b/iu, minutes: () => 30 },
  { re: /(?<!\bin\s{1,3})\b(?:eine|einer|one|an)\s+(?:stunde|hour)\b/iu, minutes: () => 60 },
];

export interface DurationHit {
  minutes: number;
  index: number;
  length: number;
}

/** The first duration phrase in a text (any value; the caller checks the range). */
const NUMBER_WORDS: Record<string, number> = {
  zwei: 2, drei: 3, vier: 4, fuenf: 5, 'fünf': 5, sechs: 6, sieben: 7, acht: 8, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8,
};

/** "zwei Stunden" → "2    Stunden": number words as digits, padded so indices stay the same. */
function digitsForWords(text: string): string {
  return text.replace(/\b(zwei|drei|vier|fuenf|fünf|sechs|sieben|acht|two|three|four|five|six|seven|eight)(?=\s+(?:stunden|hours)\b)/giu, (w: string) =>
    String(NUMBER_WORDS[w.toLowerCase()]).padEnd(w.length, ' '),
  );
}

export function findDuration(input: string): DurationHit | undefined {
  const text = digitsForWords(input);
  let best: DurationHit | undefined;
  for (const p of DURATION_PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const hit = { minutes: p.minutes(m), index: m.index, length: m[0].length };
    // "morgen 10 h" is a clock time, not ten hours.
    if (/\d\s*h$/i.test(m[0]) && hit.minutes > DURATION_MAX) continue;
    if (!best || hit.index < best.index || (hit.index === best.index && hit.length > best.length)) best = hit;
  }
  return best;
}

export type DurationParse = { ok: true; minutes: number } | { ok: false; reason: 'unrecognised' | 'tooShort' | 'tooLong' };

/** A duration answer: "90", "90 Minuten", "1,5 h", "eine Stunde"; a bare number is minutes (≤ 8: hours). */
export function parseDuration(text: string): DurationParse {
  const raw = text.trim();
  const bare = /^(\d{1,3}(?:[.,]\d{1,2})?)$/.exec(raw);
  let minutes: number | undefined;
  if (bare) {
    const n = Number(bare[1]!.replace(',', '.'));
    minutes = n <= 8 ? Math.round(n * 60) : Math.round(n);
  } else {
    minutes = findDuration(raw)?.minutes;
  }
  if (minutes === undefined || !Number.isFinite(minutes)) return { ok: false, reason: 'unrecognised' };
  if (minutes < DURATION_MIN) return { ok: false, reason: 'tooShort' };
  if (minutes > DURATION_MAX) return { ok: false, reason: 'tooLong' };
  return { ok: true, minutes };
}

/** The text with duration phrases blanked out (same length), so chrono does not read them as times. */
export function withoutDurations(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) {
    const hit = findDuration(out);
    if (!hit) break;
    out = out.slice(0, hit.index) + ' '.repeat(hit.length) + out.slice(hit.index + hit.length);
  }
  // "für" / "for" left before a blanked duration is harmless for chrono.
  return out;
}
