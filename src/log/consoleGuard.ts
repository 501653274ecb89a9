// Libraries (botbuilder's token validation among them) write errors to the console with text that can
// quote request content — token claims an attacker chose, with line breaks that forge log lines.
// In the server, console output becomes one structured event that carries only the method and the
// error class, at most a few per minute.
import { EventLimiter } from '../security/eventLimiter.js';
import type { Logger } from './logger.js';

const PER_MINUTE = 10;

export function routeConsoleToLog(log: Logger, target: Console = console): void {
  const limiter = new EventLimiter(PER_MINUTE, 60_000);
  for (const method of ['error', 'warn', 'log', 'info', 'debug'] as const) {
    target[method] = (...args: unknown[]) => {
      const decision = limiter.take('console');
      if (!decision.allowed) return;
      const first = args[0];
      log.warn('library.console', {
        method,
        errorName: first instanceof Error ? first.name : undefined,
        suppressedBefore: decision.suppressedBefore || undefined,
      });
    };
  }
}
