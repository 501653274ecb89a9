// A consecutive-failure circuit breaker on an injectable Clock (src/time/clock.ts), so tests move
// time by hand. closed → (N failures in a row) → open → (cool-down passed) → half-open: exactly one
// call probes; its success closes the circuit, its failure opens it again for another cool-down.
import type { Clock } from '../time/clock.js';

export type CircuitState = 'closed' | 'open' | 'halfOpen';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 3). */
  failureThreshold?: number;
  /** How long it stays open before one probe is let through (default 60 s). */
  coolDownMs?: number;
}

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly coolDownMs: number;
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;

  constructor(
    private readonly clock: Clock,
    options: CircuitBreakerOptions = {},
    private readonly onChange: (to: CircuitState, failures: number) => void = () => {},
  ) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 3);
    this.coolDownMs = Math.max(0, options.coolDownMs ?? 60_000);
  }

  get state(): CircuitState {
    return this.current;
  }

  /** May the primary be called now? In half-open state only the one probe gets `true`. */
  tryAcquire(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'halfOpen') return false; // the probe is in flight
    if (this.clock.now().getTime() - this.openedAt < this.coolDownMs) return false;
    this.move('halfOpen');
    return true;
  }

  success(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.move('closed');
  }

  failure(): void {
    this.failures++;
    if (this.current === 'halfOpen' || (this.current === 'closed' && this.failures >= this.failureThreshold)) {
      this.openedAt = this.clock.now().getTime();
      this.move('open');
    }
  }

  private move(to: CircuitState): void {
    this.current = to;
    this.onChange(to, this.failures);
  }
}
