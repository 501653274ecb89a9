// A clock the test sets by hand (Clock contract): set to an instant, or advanced by a number of ms.
// `now` is a bound property so it can be handed on as a plain function (`clock.now`).
import type { Clock } from '../../src/time/clock.js';

export class TestClock implements Clock {
  /** The current instant in ms since the epoch. */
  t: number;

  constructor(start: Date | string | number = '2026-03-02T09:00:00Z') {
    this.t = toMs(start);
  }

  readonly now = (): Date => new Date(this.t);

  get current(): Date {
    return new Date(this.t);
  }
  set current(value: Date) {
    this.t = value.getTime();
  }

  set(instant: Date | string | number): void {
    this.t = toMs(instant);
  }

  advance(ms: number): void {
    this.t += ms;
  }
}

function toMs(instant: Date | string | number): number {
  return instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : instant;
}
