// Periods as people type them after "statistik" / "figures": nothing (the year so far), a year, a
// month ("März 2026", "2026-03", "03/2026"), "letzter Monat" / "last month", "dieses Jahr" / "this
// year", "letztes Jahr" / "last year", or two dates ("01.01.2026 bis 30.06.2026", "2026-01-01 to …").
import { normalize } from '../../src/text/normalize.js';
import { addDays } from '../../src/time/zoned.js';
import { previousMonth, yearToDate } from '../../src/figures/period.js';

export type PeriodWords = { from: string; to: string } | { monthly: 'on' | 'off' } | undefined;

const MONTHS: Record<string, number> = {
  januar: 1, january: 1, jan: 1, februar: 2, february: 2, feb: 2, marz: 3, maerz: 3, march: 3, mar: 3, april: 4, apr: 4,
  mai: 5, may: 5, juni: 6, june: 6, jun: 6, juli: 7, july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9,
  oktober: 10, october: 10, okt: 10, oct: 10, november: 11, nov: 11, dezember: 12, december: 12, dez: 12, dec: 12,
};

const DAY_DE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DAY_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The period the words name, relative to `today` (YYYY-MM-DD); undefined when they name none. */
export function parsePeriodWords(text: string, today: string): PeriodWords {
  const words = normalize(text).split(' ').filter(Boolean);
  const joined = words.join(' ');
  if (joined === '') return yearToDate(today);
  if (/^(monatlich|monthly) (aus|ab|off|stop|abbestellen)$/.test(joined)) return { monthly: 'off' };
  if (/^(monatlich|monthly) (an|ein|on|start)$/.test(joined)) return { monthly: 'on' };
  if (['letzter monat', 'letzten monat', 'vormonat', 'last month', 'previous month'].includes(joined)) return previousMonth(today);
  if (['dieses jahr', 'this year', 'jahr', 'year'].includes(joined)) return yearToDate(today);
  if (['letztes jahr', 'vorjahr', 'last year'].includes(joined)) return year(Number(today.slice(0, 4)) - 1);
  if (words.length === 1 && /^\d{4}$/.test(words[0]!)) return year(Number(words[0]));
  const month = monthOf(words);
  if (month) return month;
  const raw = text.trim().split(/\s+/);
  if (raw.length === 3 && ['bis', 'to', '-', '–'].includes(raw[1]!.toLowerCase())) {
    const from = dayOf(raw[0]!);
    const to = dayOf(raw[2]!);
    if (from && to) return { from, to };
  }
  return undefined;
}

function year(y: number): { from: string; to: string } {
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

function monthOf(words: string[]): { from: string; to: string } | undefined {
  let m: number | undefined;
  let y: number | undefined;
  if (words.length === 2 && MONTHS[words[0]!] && /^\d{4}$/.test(words[1]!)) [m, y] = [MONTHS[words[0]!], Number(words[1])];
  // "2026-03" and "03/2026" arrive as two numbers (normalize drops the separators).
  if (words.length === 2 && /^\d{4}$/.test(words[0]!) && /^\d{1,2}$/.test(words[1]!)) [y, m] = [Number(words[0]), Number(words[1])];
  if (words.length === 2 && /^\d{1,2}$/.test(words[0]!) && /^\d{4}$/.test(words[1]!)) [m, y] = [Number(words[0]), Number(words[1])];
  if (!m || !y || m < 1 || m > 12) return undefined;
  const first = `${y}-${String(m).padStart(2, '0')}-01`;
  const nextFirst = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: first, to: addDays(nextFirst, -1) };
}

/** A day as typed; its validity is checked with the period. */
function dayOf(text: string): string | undefined {
  const de = DAY_DE.exec(text);
  if (de) return `${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}`;
  return DAY_ISO.test(text) ? text : undefined;
}
