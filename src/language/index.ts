// The language service as the rest of the bot sees it (DESIGN §7):
//   createLanguageService(config, log, clock) → LanguageService
// LANGUAGE_ENDPOINT + LANGUAGE_KEY set → Azure AI Language with the offline service as fallback
// (timeout + circuit breaker); absent → the offline service alone.
import type { Logger } from '../log/logger.js';
import { systemClock, type Clock } from '../time/clock.js';
import { AzureLanguageService } from './azureLanguage.js';
import type { CircuitBreakerOptions } from './circuitBreaker.js';
import type { DetectorSpec } from './offlineDetect.js';
import { OfflineLanguageService } from './offlineLanguage.js';
import { ResilientLanguageService } from './resilientLanguage.js';
import type { LanguageService } from './types.js';

export interface LanguageServiceOptions extends CircuitBreakerOptions {
  /** Azure deadline per call (default 5000 ms). */
  timeoutMs?: number;
  /** Azure SDK retries for 429/5xx (default 2). */
  maxRetries?: number;
  /** Offline detector (default: the measured choice, CHOSEN_DETECTOR). */
  detector?: DetectorSpec;
}

export function createLanguageService(
  config: { language?: { endpoint: string; key: string } },
  log: Logger,
  clock: Clock = systemClock,
  options: LanguageServiceOptions = {},
): LanguageService {
  const offline = new OfflineLanguageService({ log, clock, detector: options.detector });
  if (!config.language) {
    log.info('language.service', { primary: 'offline' });
    return offline;
  }
  const azure = new AzureLanguageService({ ...config.language, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, clock });
  log.info('language.service', { primary: 'azure', fallback: 'offline' });
  return new ResilientLanguageService(azure, offline, log, clock, options);
}

export type { Detection, LanguageCandidate, LanguageService, LanguageSource, PiiCategory, RedactedEntity, Redaction, RedactionLocale, FailureReason } from './types.js';
export { LanguageServiceError } from './types.js';
export { resolveLanguageName, languageLabel, findLanguageMentions, type LanguageNameResult, type ResolvedLanguage, type LanguageLabel, type LanguageMention } from './languageNames.js';
export { OfflineLanguageService } from './offlineLanguage.js';
export { AzureLanguageService } from './azureLanguage.js';
export { ResilientLanguageService } from './resilientLanguage.js';
