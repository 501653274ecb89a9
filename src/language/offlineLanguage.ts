// The offline LanguageService: the default without LANGUAGE_ENDPOINT/LANGUAGE_KEY and the fallback
// behind Azure. Detection models load once, lazily, on the first `detect` (or `warmUp`), and the load
// is logged with its memory cost. Redaction is rule-based and needs no model.
import type { Logger } from '../log/logger.js';
import { systemClock, type Clock } from '../time/clock.js';
import { checkLocale, checkText } from './input.js';
import { CHOSEN_DETECTOR, OfflineDetector, type DetectorSpec, type LoadStats } from './offlineDetect.js';
import { redactOffline } from './offlineRedact.js';
import type { Detection, LanguageService, Redaction, RedactionLocale } from './types.js';

export interface OfflineLanguageOptions {
  log?: Logger;
  /** Its date decides which dates count as dates of birth (at least 14 years back). */
  clock?: Clock;
  /** Which detector to run (the bench compares several); default: the measured choice. */
  detector?: DetectorSpec;
}

export function describeDetector(spec: DetectorSpec): string {
  return [spec.rules ? 'rules' : '', spec.eld !== 'none' ? `eld-${spec.eld}` : '', spec.franc !== 'none' ? `franc-${spec.franc}` : '']
    .filter(Boolean)
    .join('+');
}

export class OfflineLanguageService implements LanguageService {
  private loading?: Promise<OfflineDetector>;
  private readonly clock: Clock;
  private readonly spec: DetectorSpec;

  constructor(private readonly options: OfflineLanguageOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.spec = options.detector ?? CHOSEN_DETECTOR;
  }

  async detect(text: string): Promise<Detection> {
    const input = checkText(text);
    const detector = await this.detector();
    return { ...detector.detect(input), source: 'offline' };
  }

  async redactPii(text: string, locale?: RedactionLocale): Promise<Redaction> {
    const input = checkText(text);
    return { ...redactOffline(input, checkLocale(locale), this.clock.now()), source: 'offline' };
  }

  /** Loads the detection models now instead of on the first `detect`; resolves with their cost. */
  async warmUp(): Promise<LoadStats> {
    return (await this.detector()).loadStats;
  }

  private detector(): Promise<OfflineDetector> {
    this.loading ??= OfflineDetector.load(this.spec).then(
      (detector) => {
        this.options.log?.info('language.offline.loaded', {
          detector: describeDetector(this.spec),
          rssDeltaMb: Math.round(detector.loadStats.rssDeltaBytes / 1e5) / 10,
          loadMs: Math.round(detector.loadStats.loadMs),
        });
        return detector;
      },
      (err: unknown) => {
        this.loading = undefined; // a failed import may be retried on the next call
        throw err;
      },
    );
    return this.loading;
  }
}
