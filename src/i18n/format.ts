// Dates, numbers and lists through Intl, always in an explicit time zone (Europe/Berlin by default).
// One date style per language for every sentence: a date is "Fr., 04.12.2026" / "Fri 4 Dec 2026"
// whether it is a calendar day (a due date) or the day of an instant (created, confirmed); a moment
// with its time is "Freitag, 4. Dezember 2026 um 15:30" / "Friday, 4 December 2026 at 15:30".
// Placeholders say which one they take (DATE_PLACEHOLDERS), so no sentence mixes the two.
import type { Locale } from '../text/locale.js';

const intlTag: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/** German offices write dates with numbers; English ones name the month, which no reader can misread as US order. */
const DATE_OPTIONS: Record<Locale, Intl.DateTimeFormatOptions> = {
  de: { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' },
  en: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
};

/**
 * How the value of a date placeholder is written, by placeholder name: `date` (and the period ends
 * `started`, `finished`) take Formatter.date/day, `at`, `when`, `due`, `since` take Formatter.dateTime,
 * `day` takes Formatter.weekday. test/i18n.render.test.ts renders every message with these and checks
 * that no sentence mixes two styles.
 */
export const DATE_PLACEHOLDERS = {
  date: 'date', started: 'date', finished: 'date',
  at: 'dateTime', when: 'dateTime', due: 'dateTime', since: 'dateTime',
  day: 'weekday',
} as const satisfies Record<string, 'date' | 'dateTime' | 'weekday'>;

export interface Formatter {
  /** The day of an instant, in the time zone: "Fr., 04.12.2026". */
  date(d: Date): string;
  /** A calendar day (YYYY-MM-DD, no time zone involved), written like date(). */
  day(isoDate: string): string;
  /** A calendar day by weekday and date without year, in a question about that day: "Freitag, 4. Dezember". */
  weekday(isoDate: string): string;
  dateTime(d: Date): string;
  number(n: number): string;
  euro(n: number): string;
  list(items: string[]): string;
}

const noonUtc = (isoDate: string): Date => {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
};

export function formatter(locale: Locale, timeZone = 'Europe/Berlin'): Formatter {
  const tag = intlTag[locale];
  const date = new Intl.DateTimeFormat(tag, { ...DATE_OPTIONS[locale], timeZone });
  const day = new Intl.DateTimeFormat(tag, { ...DATE_OPTIONS[locale], timeZone: 'UTC' });
  const weekday = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone });
  const number = new Intl.NumberFormat(tag);
  const euro = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' });
  const list = new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' });
  return {
    date: (d) => date.format(d),
    day: (isoDate) => day.format(noonUtc(isoDate)),
    weekday: (isoDate) => weekday.format(noonUtc(isoDate)),
    dateTime: (d) => dateTime.format(d),
    number: (n) => number.format(n),
    euro: (n) => euro.format(n),
    list: (items) => list.format(items),
  };
}
