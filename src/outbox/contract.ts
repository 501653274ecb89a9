// The outbox's public contract (what the app, the admin view and the tests use) and its defaults.
import type { AuditTrail } from '../audit/auditTrail.js';
import type { ConversationDirectory } from '../conversations/conversationDirectory.js';
import type { Logger } from '../log/logger.js';
import type { JsonStoreOptions } from '../store/jsonStore.js';
import type { DeliveryData, RowStatus } from './schema.js';
import type { Clock } from '../time/clock.js';
import type { DeliveryPort, Notifier, Scheduler } from './types.js';

export interface DeadTarget {
  /** The directory key: a user key or a conversation key such as "inbox:kfi". */
  target: string;
  reason: 'forbidden' | 'not_found' | 'no_address';
  status?: number;
  since: string;
  /** Rows waiting for the target to come back. */
  parkedRows: number;
}

export interface UndeliveredRow {
  key: string;
  target: string;
  status: 'dead' | 'failed';
  attempts: number;
  lastError?: string;
  createdAt: string;
  closedAt?: string;
}

export interface DeliveryStats {
  rows: Record<RowStatus, number>;
  jobs: number;
  deadTargets: number;
  inFlight: number;
  /** Since this process opened the file. */
  counters: { sent: number; updated: number; retried: number; failed: number; dead: number; refused: number };
}

export interface Delivery {
  notifier: Notifier;
  scheduler: Scheduler;
  /** Runs the worker on a timer (and on every enqueue) until stop(). */
  start(): void;
  /** Stops the timer and waits (up to `graceMs`) for requests in flight. */
  stop(graceMs?: number): Promise<void>;
  /** stop(), then flushes and closes delivery.json. */
  close(): Promise<void>;
  /** One pass: fires due jobs, sends due rows, resolves when those sends have finished. */
  tick(): Promise<void>;
  deadTargets(): DeadTarget[];
  /** Dead and failed rows (keys and codes only), oldest first. */
  undelivered(): UndeliveredRow[];
  /** Admin action: the target is reachable again; its parked rows are sent. */
  revive(target: string): Promise<boolean>;
  /** Admin action: failed rows (all, or these keys) get a fresh set of attempts. */
  retry(keys?: string[]): Promise<number>;
  stats(): DeliveryStats;
}

export interface PacingOptions {
  /** Minimum gap between two messages to one conversation. */
  perConversationMs: number;
  /** Messages started in any one-second window, all conversations together. */
  globalPerSecond: number;
}

export interface DeliveryOptions {
  file: string;
  conversations: ConversationDirectory;
  port: DeliveryPort;
  clock: Clock;
  log: Logger;
  audit: AuditTrail;
  /** Exact hosts a serviceUrl may name (https; http only for loopback hosts). */
  allowedServiceHosts: string[];
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After beyond this is capped (a broken or hostile answer must not park a row for days). */
  maxRetryAfterMs?: number;
  /** `false` turns pacing off (benchmarks). */
  pacing?: PacingOptions | false;
  maxInFlight?: number;
  /** Longest wait between two worker passes after start(). */
  tickIntervalMs?: number;
  sendTimeoutMs?: number;
  /** Sent, dead and failed rows are deleted this long after they closed. */
  retentionDays?: number;
  /** Jitter source (tests make it deterministic). */
  random?: () => number;
  /** Test hook of the store, see JsonStoreOptions. */
  beforeStep?: JsonStoreOptions<DeliveryData>['beforeStep'];
  /** Several instances share the store (PostgreSQL): catch up before every pass. */
  sync?: () => Promise<void>;
  /**
   * Several instances: how long a claimed (\`sending\`) row belongs to its instance. A killed instance's
   * rows are taken over after it; requests time out well before it (at most half), so a living
   * instance never loses a row it is still sending. Unset: one process, rows found \`sending\` at start are resent at once.
   */
  leaseMs?: number;
}

export const DELIVERY_DEFAULTS = {
  maxAttempts: 8,
  backoffBaseMs: 15_000,
  backoffMaxMs: 60 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
  pacing: { perConversationMs: 1000, globalPerSecond: 30 } as PacingOptions,
  maxInFlight: 16,
  tickIntervalMs: 15_000,
  sendTimeoutMs: 30_000,
  retentionDays: 90,
};

export type Counters = DeliveryStats['counters'];
/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<DeliveryOptions, 'beforeStep' | 'pacing' | 'sync' | 'leaseMs'>> &
  Pick<DeliveryOptions, 'sync' | 'leaseMs'> & { pacing: PacingOptions | false };

export function resolveOptions(opts: DeliveryOptions): ResolvedOptions {
  const o = {
    ...DELIVERY_DEFAULTS,
    random: Math.random,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  } as ResolvedOptions;
  if (o.leaseMs !== undefined) o.sendTimeoutMs = Math.min(o.sendTimeoutMs, Math.floor(o.leaseMs / 2));
  return o;
}
