// Retry policy of the outbox: which port failures are retried, how long to wait (exponential backoff
// with full jitter on top of Retry-After), and a time-out for every request.
import { DeliveryError } from './types.js';

const CODE = /^[A-Za-z0-9_.:-]{1,40}$/;

export type Outcome =
  | { kind: 'sent'; activityId?: string }
  | { kind: 'retry'; code: string; retryAfterMs?: number }
  | { kind: 'dead'; status: 403 | 404 }
  | { kind: 'updateGone'; code: string }
  | { kind: 'permanent'; code: string };

/** Maps a port failure to what the outbox does next. */
export function classify(err: unknown, wasUpdate: boolean): Outcome {
  const status = err instanceof DeliveryError ? err.status : typeof (err as { statusCode?: unknown })?.statusCode === 'number' ? (err as { statusCode: number }).statusCode : undefined;
  const retryAfterMs = err instanceof DeliveryError ? err.retryAfterMs : undefined;
  if (status === undefined) return { kind: 'retry', code: codeOf(err) };
  const code = String(status);
  if (status === 403 || status === 404) return wasUpdate ? { kind: 'updateGone', code: `update_${code}` } : { kind: 'dead', status };
  if (status === 401 || status === 408 || status === 412 || status === 429 || (status >= 500 && status !== 501 && status !== 505)) {
    return { kind: 'retry', code, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { kind: 'permanent', code };
}

/** A safe token for lastError: an error code or class name, never a message that might quote content. */
function codeOf(err: unknown): string {
  if (err instanceof TimeoutError) return 'timeout';
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  for (const candidate of [e?.code, err instanceof DeliveryError ? e.message : undefined, e?.name]) {
    if (typeof candidate === 'string' && CODE.test(candidate)) return candidate;
  }
  return 'error';
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError('send timed out')), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Full jitter over an exponential ceiling, on top of the server's Retry-After (capped). */
export function backoffMs(
  attempts: number,
  retryAfterMs: number | undefined,
  o: { backoffBaseMs: number; backoffMaxMs: number; maxRetryAfterMs: number; random: () => number },
): number {
  const ceiling = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, o.maxRetryAfterMs);
  return floor + o.random() * ceiling;
}
