// Human-readable record ids, counted per prefix in the store's `counters` (saved with the record, so
// call these inside the commit that creates it): yearly ones such as ESK-2026-0001, DOL-2026-0001,
// CL-2026-0001, and plain ones such as DA-0001. At least four digits; more once a count passes 9999.
import { yearIn } from '../time/zoned.js';

export type Counters = Record<string, number>;

/** `<prefix>-<year>-<n>`, the year taken in the bot's time zone (a run started on 31 Dec 23:30 in Berlin counts for that year). */
export function nextYearlyId(counters: Counters, prefix: string, now: Date, timeZone: string): string {
  return nextSequenceId(counters, `${prefix}-${yearIn(now, timeZone)}`);
}

/** `<key>-<n>`: the counter under `key`, incremented. */
export function nextSequenceId(counters: Counters, key: string): string {
  const n = (Object.hasOwn(counters, key) ? counters[key]! : 0) + 1;
  counters[key] = n;
  return `${key}-${String(n).padStart(4, '0')}`;
}
