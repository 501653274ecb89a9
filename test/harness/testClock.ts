// A clock the test sets by hand (outbox Clock contract).
import type { Clock } from '../../src/outbox/types.js';

export class TestClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}
