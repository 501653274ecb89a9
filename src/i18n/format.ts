// Dates, numbers and lists through Intl, always in an explicit time zone (Europe/Berlin by default).
import type { Locale } from '../text/locale.js';

const intlTag: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

export interface Formatter {
  date(d: Date): string;
  dateTime(d: Date): string;
  number(n: number): string;
  euro(n: number): string;
  list(items: string[]): string;
}

export function formatter(locale: Locale, timeZone = 'Europe/Berlin'): Formatter {
  const tag = intlTag[locale];
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone });
  const number = new Intl.NumberFormat(tag);
  const euro = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' });
  const list = new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' });
  return {
    date: (d) => date.format(d),
    dateTime: (d) => dateTime.format(d),
    number: (n) => number.format(n),
    euro: (n) => euro.format(n),
    list: (items) => list.format(items),
  };
}
