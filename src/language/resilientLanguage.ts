// Azure first, offline as the fallback (DESIGN §7). Every failure of the primary — timeout, 401, 429
// after the SDK's retries, 5xx, network, malformed answer — is answered by the fallback instead, logged
// as an event with a reason code (never the text), and invisible to the user apart from
// `Detection.source`/`Redaction.source`. A circuit breaker stops calling Azure after repeated failures
// and lets one probe through after the cool-down.
import type { Logger } from '../log/logger.js';
import { systemClock, type Clock } from '../time/clock.js';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuitBreaker.js';
import { checkLocale, checkText } from './input.js';
import { LanguageServiceError, type Detection, type FailureReason, type LanguageService, type Redaction, type RedactionLocale } from './types.js';

/** Reasons that show the service answered: the input was the problem, not Azure's health. */
const HEALTHY_ANSWERS: ReadonlySet<FailureReason> = new Set(['document', 'request']);

export class ResilientLanguageService implements LanguageService {
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly primary: LanguageService,
    private readonly fallback: LanguageService,
    private readonly log: Logger,
    clock: Clock = systemClock,
    options: CircuitBreakerOptions = {},
  ) {
    this.breaker = new CircuitBreaker(clock, options, (to, failures) => {
      if (to === 'open') log.warn('language.circuit.open', { failures, coolDownMs: this.breaker.coolDownMs });
      else if (to === 'halfOpen') log.info('language.circuit.halfOpen');
      else log.info('language.circuit.closed');
    });
  }

  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  async detect(text: string): Promise<Detection> {
    checkText(text);
    return this.run('detect', (service) => service.detect(text));
  }

  async redactPii(text: string, locale?: RedactionLocale): Promise<Redaction> {
    checkText(text);
    const lang = checkLocale(locale);
    return this.run('redact', (service) => service.redactPii(text, lang));
  }

  private async run<T>(op: 'detect' | 'redact', call: (service: LanguageService) => Promise<T>): Promise<T> {
    if (!this.breaker.tryAcquire()) {
      this.log.debug('language.fallback', { op, reason: 'circuit_open' satisfies FailureReason });
      return call(this.fallback);
    }
    try {
      const answer = await call(this.primary);
      this.breaker.success();
      return answer;
    } catch (err) {
      const reason: FailureReason = err instanceof LanguageServiceError ? err.reason : 'unavailable';
      if (HEALTHY_ANSWERS.has(reason)) this.breaker.success();
      else this.breaker.failure();
      this.log.warn('language.fallback', {
        op,
        reason,
        statusCode: err instanceof LanguageServiceError ? err.statusCode : undefined,
        circuit: this.breaker.state,
      });
      return call(this.fallback);
    }
  }
}
