// Dates the user spelled out ("31.02.", "30. Februar", "2026-13-01", "February 30") that no calendar has.
// Date parsers skip such a token and answer with whatever else they understood ("um 10 Uhr" → tomorrow
// 10:00), so every place that reads a typed date asks here first and refuses with the token as typed.
import { isValidIsoDate, iso } from './zoned.js';

const MONTHS: Record<string, number> = {
  januar: 1, jan: 1, january: 1, jänner: 1, februar: 2, feb: 2, february: 2, märz: 3, maerz: 3, mär: 3, march: 3, mar: 3,
  april: 4, apr: 4, mai: 5, may: 5, juni: 6, jun: 6, june: 6, juli: 7, jul: 7, july: 7, august: 8, aug: 8,
  september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, october: 10, oct: 10, november: 11, nov: 11,
  dezember: 12, dez: 12, december: 12, dec: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

interface Token {
  text: string;
  day: number;
  month: number;
  year?: number;
}

/** Each pattern reads one spelling; none has nested quantifiers. */
const PATTERNS: { re: RegExp; token: (m: RegExpExecArray) => Token }[] = [
  // 31.02. / 31.02.2026 / 31.2.26
  { re: /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])/g, token: (m) => ({ text: m[0], day: +m[1]!, month: +m[2]!, ...yearOf(m[3]) }) },
  // 31/02/2026 (day first, as in both our locales)
  { re: /(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/g, token: (m) => ({ text: m[0], day: +m[1]!, month: +m[2]!, ...yearOf(m[3]) }) },
  // 2026-02-31
  { re: /(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])/g, token: (m) => ({ text: m[0], day: +m[3]!, month: +m[2]!, year: +m[1]! }) },
  // 30. Februar (2026) / 30 February
  {
    re: new RegExp(String.raw`(?<![\d.])(\d{1,2})\.?\s{1,3}(${MONTH_NAMES})\.?(?:\s{1,3}(\d{4}))?(?![\p{L}\d])`, 'giu'),
    token: (m) => ({ text: m[0], day: +m[1]!, month: MONTHS[m[2]!.toLowerCase()]!, ...yearOf(m[3]) }),
  },
  // February 30(th) (2026)
  {
    re: new RegExp(String.raw`(?<![\p{L}])(${MONTH_NAMES})\.?\s{1,3}(\d{1,2})(?:st|nd|rd|th)?(?:,?\s{1,3}(\d{4}))?(?![\p{L}\d:])`, 'giu'),
    token: (m) => ({ text: m[0], day: +m[2]!, month: MONTHS[m[1]!.toLowerCase()]!, ...yearOf(m[3]) }),
  },
];

function yearOf(text: string | undefined): { year?: number } {
  if (!text) return {};
  const n = Number(text);
  return { year: text.length === 2 ? 2000 + n : n };
}

/** Without a year, a day is read as the next such day, so it must exist this year or next (29 February). */
function exists(token: Token, thisYear: number): boolean {
  const years = token.year !== undefined ? [token.year] : [thisYear, thisYear + 1];
  return years.some((y) => isValidIsoDate(iso(y, token.month, token.day)));
}

/** The first date spelled out in `text` that does not exist (as typed), or undefined. */
export function impossibleDate(text: string, thisYear: number): string | undefined {
  const input = text.slice(0, 400);
  for (const { re, token } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(input); m; m = re.exec(input)) {
      const t = token(m);
      // "um 10.30." or "12.00." is a clock time: without a year only a real month makes it a date.
      if (t.year === undefined && (t.month < 1 || t.month > 12)) continue;
      if (!exists(t, thisYear)) return t.text.trim();
    }
  }
  return undefined;
}
