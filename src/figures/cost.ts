// The JVEG estimate of src/interpreters/cost.ts, computed per wall-clock hour instead of per minute:
// the surcharge (23–6 h, Sundays, NRW holidays) can only change on a full hour, so an appointment
// needs at most nine zone look-ups. Figures sum it over 100 000 requests; a test keeps both equal.
import { isSurchargedTime, type RateTable } from '../interpreters/cost.js';
import { dateIn } from '../time/zoned.js';

const HOUR_MS = 3_600_000;

export function surchargedCostEur(rates: RateTable, input: { start: Date; durationMin: number; at: Date; timeZone: string }): number | undefined {
  const rate = rates.inForce(dateIn(input.at, input.timeZone));
  const minutes = Math.round(input.durationMin);
  if (!rate || !Number.isFinite(minutes) || minutes <= 0) return undefined;
  const startMs = input.start.getTime();
  const endMs = startMs + minutes * 60_000;
  let surcharged = 0;
  for (let t = startMs; t < endMs; ) {
    // Europe/Berlin and every zone the bot supports change hour on a UTC hour boundary.
    const next = Math.min(endMs, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS);
    if (isSurchargedTime(new Date(t), input.timeZone)) surcharged += Math.round((next - t) / 60_000);
    t = next;
  }
  const billedHours = Math.ceil(minutes / 30) / 2;
  const factor = 1 + (rate.surchargePercent / 100) * (surcharged / minutes);
  return Math.round(rate.hourlyEur * billedHours * factor * 100) / 100;
}
