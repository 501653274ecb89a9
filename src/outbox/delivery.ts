// Persistent proactive delivery (DESIGN §8): one store file, DATA_DIR/delivery.json, holds the outbox
// rows and the scheduled jobs. enqueue()/schedule() are durable before they resolve; a worker sends
// due rows through a DeliveryPort with retries, pacing and a serviceUrl allow-list.
//
// Delivery semantics
// - Idempotent keys: the same key enqueued twice is one row and one message.
// - Per target (directory key) rows go out in order, one at a time; at most one message per
//   conversation per second and `globalPerSecond` in any second overall (Teams: 7/s per thread,
//   50 RPS per app per tenant; research/stack.md §5).
// - 429 (after Retry-After), 412, 408, 5xx, network errors and time-outs are retried with
//   exponential backoff and full jitter, at most `maxAttempts` times, then the row is `failed`
//   (logged, audited, listed by undelivered(), requeued by retry()).
// - 403/404 on a send make the target dead: the row and every later row to it are `dead` without
//   a request, until an incoming activity from that conversation (ConversationDirectory.remember),
//   a changed address, or revive() brings it back — then its parked rows are sent after all.
// - A serviceUrl whose host is not allow-listed (exact host, https; http only for loopback) is
//   never contacted: the row is `dead`, a security log line and an audit entry are written.
// - At least once across crashes: a row is marked `sending` durably before its request and
//   `sent` after it. A row found `sending` at start-up was interrupted by a crash mid-request;
//   it is sent again (logged as in doubt). Losing an escalation notice is worse than a rare
//   duplicate after a hard crash; a graceful stop waits for requests in flight, so it causes none.
// - Payload text is stored only until the row is sent (the recipient must get it); logs and audit
//   entries carry keys and ids only.
import path from 'node:path';
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog.js';
import type { ConversationDirectory } from '../conversations/conversationDirectory.js';
import type { ConversationRecord } from '../conversations/types.js';
import { errorFields, type Logger } from '../log/logger.js';
import { JsonStore, type JsonStoreOptions } from '../store/jsonStore.js';
import {
  DeliveryError,
  type Clock,
  type DeliveryPort,
  type Notifier,
  type OutboxPayload,
  type OutboxRequest,
  type OutboxTarget,
  type ScheduledJob,
  type Scheduler,
} from './types.js';

export const DELIVERY_SCHEMA_VERSION = 1;
export const DELIVERY_FILE = 'delivery.json';

// ---- schema ---------------------------------------------------------------------------------

/** Keys, ids and kinds: no whitespace or control characters, ≤ 200 chars (as in the audit log). */
const ID = /^[^\s\p{C}]{1,200}$/u;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const idSchema = z
  .string()
  .regex(ID, 'must be 1–200 characters without spaces or control characters')
  .refine((v) => !RESERVED.has(v), 'is a reserved name');
const isoSchema = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'must be an ISO date-time');

/** Teams refuses messages over ~100 KB (413); keep the stored payload well below. */
const MAX_PAYLOAD_CHARS = 60_000;
const payloadSchema = z
  .object({ text: z.string().min(1).max(20_000), card: z.record(z.string(), z.unknown()).optional() })
  .strict()
  .refine((p) => JSON.stringify(p).length <= MAX_PAYLOAD_CHARS, `must be at most ${MAX_PAYLOAD_CHARS} characters as JSON`);
const targetSchema = z.union([z.object({ userKey: idSchema }).strict(), z.object({ conversationKey: idSchema }).strict()]);
const requestSchema = z
  .object({ target: targetSchema, payload: payloadSchema, key: idSchema, replaces: idSchema.optional() })
  .strict()
  .refine((r) => r.replaces !== r.key, 'a message cannot replace itself');
const requestsSchema = z.array(requestSchema).max(1000);

const jobSchema = z
  .object({ id: idSchema, kind: idSchema, dueAt: isoSchema, data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) })
  .strict();

export type RowStatus = 'pending' | 'sending' | 'sent' | 'dead' | 'failed';
const rowSchema = z
  .object({
    key: idSchema,
    /** Enqueue order; rows to one target go out in this order. */
    seq: z.number().int().nonnegative(),
    target: targetSchema,
    /** Dropped once sent. */
    payload: payloadSchema.optional(),
    replaces: idSchema.optional(),
    status: z.enum(['pending', 'sending', 'sent', 'dead', 'failed']),
    attempts: z.number().int().nonnegative(),
    nextAttemptAt: isoSchema,
    /** HTTP status or error code only, never a message. */
    lastError: z.string().max(60).optional(),
    activityId: z.string().max(500).optional(),
    /** The in-place update of `replaces` failed (message gone): send a new message instead. */
    sendNew: z.literal(true).optional(),
    createdAt: isoSchema,
    sentAt: isoSchema.optional(),
    /** When the row became dead or failed. */
    closedAt: isoSchema.optional(),
  })
  .strict();
export type OutboxRow = z.infer<typeof rowSchema>;

const deadTargetSchema = z
  .object({
    reason: z.enum(['forbidden', 'not_found', 'no_address']),
    status: z.number().int().optional(),
    since: isoSchema,
    /** The address that failed; a different one in the directory revives the target. */
    conversationId: z.string().optional(),
    serviceUrl: z.string().optional(),
  })
  .strict();

const deliveryDataSchema = z
  .object({
    seq: z.number().int().nonnegative(),
    rows: z.record(z.string(), rowSchema),
    jobs: z.record(z.string(), jobSchema),
    deadTargets: z.record(z.string(), deadTargetSchema),
  })
  .strict();
export type DeliveryData = z.infer<typeof deliveryDataSchema>;

const emptyData = (): DeliveryData => ({ seq: 0, rows: {}, jobs: {}, deadTargets: {} });

// ---- public surface -------------------------------------------------------------------------

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
  audit: AuditLog;
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
}

const DEFAULTS = {
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

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The allow-list rule for a stored serviceUrl: exact host; https, or http to a loopback host. */
export function checkServiceUrl(serviceUrl: string, allowedHosts: readonly string[]): { ok: true } | { ok: false; host: string; reason: string } {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return { ok: false, host: 'unparsable', reason: 'unparsable' };
  }
  const host = url.hostname.toLowerCase();
  if (url.username || url.password) return { ok: false, host, reason: 'credentials_in_url' };
  if (!allowedHosts.includes(host)) return { ok: false, host, reason: 'host_not_allowed' };
  if (url.protocol === 'https:') return { ok: true };
  if (url.protocol === 'http:' && LOOPBACK.has(host)) return { ok: true };
  return { ok: false, host, reason: 'scheme_not_allowed' };
}

export async function openDelivery(opts: DeliveryOptions): Promise<Delivery> {
  const store = await JsonStore.open<DeliveryData>({
    file: opts.file,
    schemaVersion: DELIVERY_SCHEMA_VERSION,
    initial: emptyData,
    validate: (data) => deliveryDataSchema.parse(data),
    migrations: {},
    log: opts.log,
    beforeStep: opts.beforeStep,
  });
  const delivery = new DeliveryWorker(store, opts);
  await delivery.recover();
  return delivery;
}

// ---- implementation -------------------------------------------------------------------------

const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);
const targetKeyOf = (t: OutboxTarget): string => ('userKey' in t ? t.userKey : t.conversationKey);
const isOpen = (r: OutboxRow) => r.status === 'pending' || r.status === 'sending';
/** Row errors that mean "the target was unreachable", so a revived target sends the row after all. */
const PARKED = new Set(['target_dead', 'no_address', '403', '404']);
const CODE = /^[A-Za-z0-9_.:-]{1,40}$/;

type Outcome =
  | { kind: 'sent'; activityId?: string }
  | { kind: 'retry'; code: string; retryAfterMs?: number }
  | { kind: 'dead'; status: 403 | 404 }
  | { kind: 'updateGone'; code: string }
  | { kind: 'permanent'; code: string };

interface SendJob {
  key: string;
  target: string;
  address: ConversationRecord;
  payload: OutboxPayload;
  /** The activity to update in place, if any. */
  updateId?: string;
}

type Step = { kind: 'send'; job: SendJob } | { kind: 'next' } | { kind: 'wait'; until?: number };

class DeliveryWorker implements Delivery {
  readonly notifier: Notifier;
  readonly scheduler: Scheduler;
  private readonly o: Required<Omit<DeliveryOptions, 'beforeStep' | 'pacing'>> & { pacing: PacingOptions | false };
  private readonly log: Logger;
  private readonly handlers = new Map<string, (job: ScheduledJob) => OutboxRequest[] | Promise<OutboxRequest[]>>();
  private readonly unknownKindLogged = new Set<string>();
  private readonly jobRetryAt = new Map<string, { at: number; failures: number }>();
  private readonly lastSentAt = new Map<string, number>();
  private sendTimes: number[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly busyTargets = new Set<string>();
  private lane: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private kickQueued = false;
  private started = false;
  private stopping = false;
  private closed = false;
  private lastPruneAt = 0;
  private readonly counters = { sent: 0, updated: 0, retried: 0, failed: 0, dead: 0, refused: 0 };

  constructor(
    private readonly store: JsonStore<DeliveryData>,
    opts: DeliveryOptions,
  ) {
    this.o = {
      ...DEFAULTS,
      random: Math.random,
      ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    } as DeliveryWorker['o'];
    this.log = opts.log.child({ component: 'outbox', file: path.basename(opts.file) });
    this.notifier = {
      enqueue: (requests) => this.enqueue(requests),
      deliveredActivityId: (key) => {
        const row = own(this.store.data.rows, key);
        return row?.status === 'sent' ? row.activityId : undefined;
      },
    };
    this.scheduler = {
      schedule: (job) => this.schedule(job),
      cancel: (id) => this.cancel(id),
      handle: (kind, handler) => {
        this.handlers.set(kind, handler);
        this.kick();
      },
    };
    opts.conversations.onRemember(async (key) => {
      if (this.closed || !own(this.store.data.deadTargets, key)) return;
      try {
        await this.reviveTarget(key, 'activity');
      } catch (err) {
        this.log.error('outbox.revive_failed', { target: key, ...errorFields(err) });
      }
    });
  }

  /** Start-up: rows interrupted mid-request go back to pending (at least once), old rows are pruned. */
  async recover(): Promise<void> {
    const now = this.now();
    const interrupted = Object.values(this.store.data.rows).filter((r) => r.status === 'sending').map((r) => r.key);
    if (interrupted.length > 0) {
      await this.store.commit((draft) => {
        for (const key of interrupted) {
          const row = own(draft.rows, key)!;
          row.status = 'pending';
          row.nextAttemptAt = new Date(now).toISOString();
        }
      });
      for (const key of interrupted) this.log.warn('outbox.resumed_in_doubt', { key });
    }
    await this.prune(now);
  }

  // ---- Notifier / Scheduler ----

  private async enqueue(requests: OutboxRequest | OutboxRequest[]): Promise<void> {
    const list = requestsSchema.parse(Array.isArray(requests) ? requests : [requests]);
    const added = await this.store.commit((draft) => this.insertRows(draft, list, this.now()));
    if (added.length > 0) this.log.info('outbox.enqueued', { keys: added.join(',').slice(0, 1000), count: added.length });
    this.kick();
  }

  /** Adds rows for keys not seen before; returns the added keys. Runs inside a commit. */
  private insertRows(draft: DeliveryData, requests: z.infer<typeof requestsSchema>, now: number): string[] {
    const added: string[] = [];
    const at = new Date(now).toISOString();
    for (const req of requests) {
      if (own(draft.rows, req.key)) continue;
      draft.rows[req.key] = {
        key: req.key,
        seq: draft.seq++,
        target: req.target,
        payload: structuredClone(req.payload), // the caller may go on mutating its objects
        ...(req.replaces ? { replaces: req.replaces } : {}),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        createdAt: at,
      };
      added.push(req.key);
    }
    return added;
  }

  private async schedule(job: ScheduledJob): Promise<void> {
    const valid = jobSchema.parse(job);
    const known = own(this.store.data.jobs, valid.id);
    if (known && JSON.stringify(known) === JSON.stringify(valid)) return; // e.g. a start-up resync: no write
    await this.store.commit((draft) => {
      draft.jobs[valid.id] = valid;
    });
    this.jobRetryAt.delete(valid.id);
    this.unknownKindLogged.delete(valid.id);
    this.log.info('scheduler.scheduled', { jobId: valid.id, kind: valid.kind });
    this.kick();
  }

  private async cancel(id: string): Promise<void> {
    if (!own(this.store.data.jobs, id)) return;
    await this.store.commit((draft) => {
      delete draft.jobs[id];
    });
    this.log.info('scheduler.cancelled', { jobId: id });
  }

  // ---- worker ----

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.stopping = false;
    this.kick();
  }

  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.exclusive(async () => {}); // a pass in progress finishes its selection
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      Promise.all([...this.inFlight]).then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
    ]);
    clearTimeout(timer);
    // Rows still `sending` are sent again after the next start (at least once).
    if (gaveUp) this.log.warn('outbox.stop_with_requests_in_flight', { count: this.inFlight.size });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (!this.stopping) await this.stop();
    this.closed = true;
    await this.store.close();
  }

  async tick(): Promise<void> {
    if (this.closed) return;
    const launched = await this.exclusive(() => this.pass());
    await Promise.all(launched);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lane.then(fn, fn);
    this.lane = run.catch(() => {});
    return run;
  }

  /** Coalesced: many enqueues in one macrotask cause one pass. */
  private kick(): void {
    if (!this.started || this.stopping || this.kickQueued) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      if (this.started && !this.stopping) void this.tick();
    });
  }

  private arm(wakeAt: number | undefined): void {
    if (!this.started || this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = wakeAt === undefined ? this.o.tickIntervalMs : Math.min(this.o.tickIntervalMs, Math.max(10, wakeAt - this.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, wait);
    this.timer.unref();
  }

  private async pass(): Promise<Promise<void>[]> {
    if (this.stopping || this.closed) return [];
    let wakes: (number | undefined)[] = [];
    let launched: Promise<void>[] = [];
    try {
      wakes.push(await this.fireJobs());
      const now = this.now();
      if (now - this.lastPruneAt > 60 * 60_000) await this.prune(now);
      const sent = await this.sendDue();
      launched = sent.launched;
      wakes = wakes.concat(sent.wakes);
    } catch (err) {
      // A failed commit rolled memory back; the next pass starts from the durable state.
      this.log.error('outbox.pass_failed', errorFields(err));
      wakes.push(this.now() + 1000);
    }
    const defined = wakes.filter((w): w is number => w !== undefined);
    this.arm(defined.length ? Math.min(...defined) : undefined);
    return launched;
  }

  /** Fires due jobs: handler → one commit with the job's removal and its rows. Returns the next due time. */
  private async fireJobs(): Promise<number | undefined> {
    const now = this.now();
    let next: number | undefined;
    const soonest = (t: number) => (next = next === undefined ? t : Math.min(next, t));
    const jobs = Object.values(this.store.data.jobs).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id));
    for (const job of jobs) {
      const due = Date.parse(job.dueAt);
      const handler = this.handlers.get(job.kind);
      if (!handler) {
        if (due <= now && !this.unknownKindLogged.has(job.id)) {
          this.unknownKindLogged.add(job.id);
          this.log.warn('scheduler.unknown_kind', { jobId: job.id, kind: job.kind });
        }
        continue;
      }
      const backoff = this.jobRetryAt.get(job.id);
      if (due > now || (backoff && backoff.at > now)) {
        soonest(Math.max(due, backoff?.at ?? 0));
        continue;
      }
      const snapshot = JSON.stringify(job);
      let requests: z.infer<typeof requestsSchema>;
      try {
        requests = requestsSchema.parse(await handler(structuredClone(job)));
      } catch (err) {
        const failures = (backoff?.failures ?? 0) + 1;
        const at = now + Math.min(60 * 60_000, 60_000 * 2 ** (failures - 1));
        this.jobRetryAt.set(job.id, { at, failures });
        soonest(at);
        this.log.error('scheduler.handler_failed', { jobId: job.id, kind: job.kind, failures, ...errorFields(err) });
        continue;
      }
      const added = await this.store.commit((draft) => {
        const current = own(draft.jobs, job.id);
        // Cancelled or rescheduled while the handler ran: the fired version is void.
        if (!current || JSON.stringify(current) !== snapshot) return undefined;
        delete draft.jobs[job.id];
        return this.insertRows(draft, requests, now);
      });
      this.jobRetryAt.delete(job.id);
      if (added === undefined) this.log.info('scheduler.superseded', { jobId: job.id, kind: job.kind });
      else this.log.info('scheduler.fired', { jobId: job.id, kind: job.kind, rows: added.length });
    }
    return next;
  }

  /** Picks the head row of every target that may send now and starts those requests. */
  private async sendDue(): Promise<{ launched: Promise<void>[]; wakes: (number | undefined)[] }> {
    const now = this.now();
    const wakes: (number | undefined)[] = [];
    const queues = new Map<string, string[]>();
    const rows = Object.values(this.store.data.rows).filter(isOpen).sort((a, b) => a.seq - b.seq);
    for (const row of rows) {
      const target = targetKeyOf(row.target);
      const q = queues.get(target);
      if (q) q.push(row.key);
      else queues.set(target, [row.key]);
    }
    const jobs: SendJob[] = [];
    const pacing = this.o.pacing;
    if (pacing) this.sendTimes = this.sendTimes.filter((t) => t > now - 1000);
    if (this.lastSentAt.size > 1000) {
      for (const [conversation, t] of this.lastSentAt) if (!pacing || now - t >= pacing.perConversationMs) this.lastSentAt.delete(conversation);
    }
    let budget = Math.min(pacing ? pacing.globalPerSecond - this.sendTimes.length : Infinity, this.o.maxInFlight - this.inFlight.size);
    for (const [target, keys] of queues) {
      if (this.busyTargets.has(target)) continue; // its completion kicks the worker
      for (const key of keys) {
        const step = await this.step(target, key, now, budget > 0);
        if (step.kind === 'next') continue;
        if (step.kind === 'wait') wakes.push(step.until);
        else {
          jobs.push(step.job);
          budget--;
          // Claimed now, so a second key of the same conversation waits in this very pass too.
          this.lastSentAt.set(step.job.address.conversationId, now);
        }
        break;
      }
    }
    if (jobs.length === 0) return { launched: [], wakes };

    await this.store.commit((draft) => {
      for (const job of jobs) {
        const row = own(draft.rows, job.key)!;
        row.status = 'sending';
        row.attempts++;
      }
    });
    const launched = jobs.map((job) => {
      this.busyTargets.add(job.target);
      if (pacing) this.sendTimes.push(now);
      const p = this.deliver(job).finally(() => {
        this.inFlight.delete(p);
        this.busyTargets.delete(job.target);
        this.kick();
      });
      this.inFlight.add(p);
      return p;
    });
    if (pacing && this.sendTimes.length >= pacing.globalPerSecond) wakes.push(this.sendTimes[0]! + 1000);
    return { launched, wakes };
  }

  /** Decides what to do with the head row of a target. */
  private async step(target: string, key: string, now: number, mayLaunch: boolean): Promise<Step> {
    const row = own(this.store.data.rows, key)!;
    if (row.status === 'sending') return { kind: 'wait' }; // interrupted write of its outcome; resumed at restart
    const due = Date.parse(row.nextAttemptAt);
    if (due > now) return { kind: 'wait', until: due };
    const original = row.replaces ? own(this.store.data.rows, row.replaces) : undefined;
    // Update only after the (earlier enqueued) original has gone out; a completion kicks the worker.
    if (original && original.seq < row.seq && isOpen(original)) return { kind: 'wait' };

    let address = this.o.conversations.get(target);
    const dead = own(this.store.data.deadTargets, target);
    if (dead) {
      if (address && (address.conversationId !== dead.conversationId || address.serviceUrl !== dead.serviceUrl)) {
        // Its parked rows are older than this one and go first: pick them up in the next pass.
        await this.reviveTarget(target, 'address_changed');
        return { kind: 'wait', until: now };
      } else {
        await this.closeRow(key, 'dead', 'target_dead');
        return { kind: 'next' };
      }
    }
    if (!address) {
      await this.markDead(target, key, { reason: 'no_address' }, 'no_address');
      return { kind: 'next' };
    }
    if (this.o.port.accepts && !this.o.port.accepts(address)) return { kind: 'wait' }; // another process's port delivers it
    if (!this.o.port.local) {
      const verdict = checkServiceUrl(address.serviceUrl, this.o.allowedServiceHosts);
      if (!verdict.ok) {
        await this.refuse(target, key, verdict.host, verdict.reason);
        return { kind: 'next' };
      }
    }
    const pacing = this.o.pacing;
    const last = this.lastSentAt.get(address.conversationId);
    if (pacing && last !== undefined && now - last < pacing.perConversationMs) return { kind: 'wait', until: last + pacing.perConversationMs };
    if (!mayLaunch) return { kind: 'wait', until: now + 1000 };
    const updateId = original?.status === 'sent' && original.activityId && !row.sendNew ? original.activityId : undefined;
    return { kind: 'send', job: { key, target, address, payload: row.payload!, ...(updateId ? { updateId } : {}) } };
  }

  private async deliver(job: SendJob): Promise<void> {
    let outcome: Outcome;
    try {
      const port = this.o.port;
      const request = job.updateId
        ? port.update(job.address, job.updateId, job.payload).then(() => ({ activityId: job.updateId }))
        : port.send(job.address, job.payload);
      const result = await withTimeout(request, this.o.sendTimeoutMs);
      outcome = { kind: 'sent', ...(result.activityId ? { activityId: result.activityId } : {}) };
    } catch (err) {
      outcome = classify(err, job.updateId !== undefined);
    }
    try {
      await this.applyOutcome(job, outcome);
    } catch (err) {
      // Memory was rolled back to `sending`; the row is resent after a restart (at least once).
      this.log.error('outbox.outcome_not_saved', { key: job.key, outcome: outcome.kind, ...errorFields(err) });
    }
  }

  private async applyOutcome(job: SendJob, outcome: Outcome): Promise<void> {
    const now = this.now();
    const at = new Date(now).toISOString();
    const { key, target } = job;
    switch (outcome.kind) {
      case 'sent': {
        await this.store.commit((draft) => {
          const row = own(draft.rows, key)!;
          row.status = 'sent';
          row.sentAt = at;
          if (outcome.activityId) row.activityId = outcome.activityId;
          delete row.payload;
          delete row.lastError;
          delete row.sendNew;
        });
        if (job.updateId) this.counters.updated++;
        else this.counters.sent++;
        this.log.info(job.updateId ? 'outbox.updated' : 'outbox.sent', { key, attempts: own(this.store.data.rows, key)?.attempts });
        return;
      }
      case 'dead': {
        await this.markDead(target, key, { reason: outcome.status === 403 ? 'forbidden' : 'not_found', status: outcome.status, address: job.address }, String(outcome.status));
        return;
      }
      case 'permanent': {
        await this.closeRow(key, 'failed', outcome.code);
        return;
      }
      case 'updateGone':
      case 'retry': {
        const row = own(this.store.data.rows, key)!;
        if (row.attempts >= this.o.maxAttempts) {
          await this.closeRow(key, 'failed', outcome.code);
          return;
        }
        const delay = outcome.kind === 'updateGone' ? 0 : this.backoff(row.attempts, outcome.retryAfterMs);
        await this.store.commit((draft) => {
          const r = own(draft.rows, key)!;
          r.status = 'pending';
          r.lastError = outcome.code;
          r.nextAttemptAt = new Date(now + delay).toISOString();
          if (outcome.kind === 'updateGone') r.sendNew = true;
        });
        this.counters.retried++;
        this.log.info('outbox.retry', { key, error: outcome.code, attempt: row.attempts, delayMs: Math.round(delay) });
        return;
      }
    }
  }

  /** Full jitter over an exponential ceiling, on top of the server's Retry-After. */
  private backoff(attempts: number, retryAfterMs: number | undefined): number {
    const ceiling = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, this.o.maxRetryAfterMs);
    return floor + this.o.random() * ceiling;
  }

  private async closeRow(key: string, status: 'dead' | 'failed', code: string): Promise<void> {
    const at = new Date(this.now()).toISOString();
    await this.store.commit((draft) => {
      const row = own(draft.rows, key)!;
      row.status = status;
      row.lastError = code;
      row.closedAt = at;
    });
    if (code === 'host_refused') return; // refuse() reports it
    if (status === 'failed') {
      this.counters.failed++;
      this.log.error('outbox.failed', { key, error: code, attempts: own(this.store.data.rows, key)?.attempts });
      await this.auditSafe({ actor: 'system', action: 'outbox.failed', record: key, outcome: 'rejected' });
    } else {
      this.counters.dead++;
      this.log.warn('outbox.dead', { key, error: code });
    }
  }

  /** The target is unreachable: this row dead, its other open rows parked (dead) until it revives. */
  private async markDead(
    target: string,
    key: string,
    why: { reason: 'forbidden' | 'not_found' | 'no_address'; status?: number; address?: ConversationRecord },
    code: string,
  ): Promise<void> {
    const at = new Date(this.now()).toISOString();
    const parked = await this.store.commit((draft) => {
      draft.deadTargets[target] = {
        reason: why.reason,
        ...(why.status ? { status: why.status } : {}),
        since: at,
        ...(why.address ? { conversationId: why.address.conversationId, serviceUrl: why.address.serviceUrl } : {}),
      };
      let n = 0;
      for (const row of Object.values(draft.rows)) {
        if (targetKeyOf(row.target) !== target || (row.status !== 'pending' && row.key !== key)) continue;
        row.status = 'dead';
        row.lastError = row.key === key ? code : 'target_dead';
        row.closedAt = at;
        n++;
      }
      return n;
    });
    this.counters.dead += parked;
    this.log.warn('outbox.target_dead', { target, reason: why.reason, status: why.status, key, parkedRows: parked });
    await this.auditSafe({ actor: 'system', action: 'outbox.target_dead', record: target, outcome: 'rejected' });
  }

  private async refuse(target: string, key: string, host: string, reason: string): Promise<void> {
    await this.closeRow(key, 'dead', 'host_refused');
    this.counters.refused++;
    this.log.error('outbox.refused', { security: true, key, target, host: host.slice(0, 253), reason });
    await this.auditSafe({ actor: 'system', action: 'outbox.refused', record: key, outcome: 'rejected' });
  }

  private async reviveTarget(target: string, cause: 'activity' | 'address_changed' | 'admin'): Promise<boolean> {
    if (!own(this.store.data.deadTargets, target)) return false;
    const now = new Date(this.now()).toISOString();
    const requeued = await this.store.commit((draft) => {
      delete draft.deadTargets[target];
      let n = 0;
      for (const row of Object.values(draft.rows)) {
        if (row.status !== 'dead' || targetKeyOf(row.target) !== target || !PARKED.has(row.lastError ?? '')) continue;
        row.status = 'pending';
        row.attempts = 0;
        row.nextAttemptAt = now;
        delete row.lastError;
        delete row.closedAt;
        n++;
      }
      return n;
    });
    this.log.info('outbox.revived', { target, cause, requeued });
    await this.auditSafe({ actor: 'system', action: 'outbox.revived', record: target, outcome: 'ok' });
    this.kick();
    return true;
  }

  async revive(target: string): Promise<boolean> {
    return this.reviveTarget(target, 'admin');
  }

  async retry(keys?: string[]): Promise<number> {
    const wanted = keys ? new Set(keys) : undefined;
    const now = new Date(this.now()).toISOString();
    const n = await this.store.commit((draft) => {
      let count = 0;
      for (const row of Object.values(draft.rows)) {
        if (row.status !== 'failed' || (wanted && !wanted.has(row.key))) continue;
        row.status = 'pending';
        row.attempts = 0;
        row.nextAttemptAt = now;
        delete row.closedAt;
        count++;
      }
      return count;
    });
    this.log.info('outbox.requeued', { count: n });
    this.kick();
    return n;
  }

  private async prune(now: number): Promise<void> {
    this.lastPruneAt = now;
    const cutoff = now - this.o.retentionDays * 24 * 60 * 60_000;
    const old = Object.values(this.store.data.rows)
      .filter((r) => {
        const closed = r.status === 'sent' ? r.sentAt : r.status === 'dead' || r.status === 'failed' ? r.closedAt : undefined;
        return closed !== undefined && Date.parse(closed) < cutoff;
      })
      .map((r) => r.key);
    if (old.length === 0) return;
    await this.store.commit((draft) => {
      for (const key of old) delete draft.rows[key];
    });
    this.log.info('outbox.pruned', { rows: old.length });
  }

  private async auditSafe(entry: Parameters<AuditLog['record']>[0]): Promise<void> {
    try {
      await this.o.audit.record(entry);
    } catch (err) {
      this.log.error('outbox.audit_failed', { action: entry.action, ...errorFields(err) });
    }
  }

  private now(): number {
    return this.o.clock.now().getTime();
  }

  // ---- admin views ----

  deadTargets(): DeadTarget[] {
    const rows = Object.values(this.store.data.rows);
    return Object.entries(this.store.data.deadTargets)
      .map(([target, d]) => ({
        target,
        reason: d.reason,
        ...(d.status ? { status: d.status } : {}),
        since: d.since,
        parkedRows: rows.filter((r) => r.status === 'dead' && targetKeyOf(r.target) === target && PARKED.has(r.lastError ?? '')).length,
      }))
      .sort((a, b) => a.since.localeCompare(b.since));
  }

  undelivered(): UndeliveredRow[] {
    return Object.values(this.store.data.rows)
      .filter((r): r is OutboxRow & { status: 'dead' | 'failed' } => r.status === 'dead' || r.status === 'failed')
      .sort((a, b) => a.seq - b.seq)
      .map((r) => ({
        key: r.key,
        target: targetKeyOf(r.target),
        status: r.status,
        attempts: r.attempts,
        ...(r.lastError ? { lastError: r.lastError } : {}),
        createdAt: r.createdAt,
        ...(r.closedAt ? { closedAt: r.closedAt } : {}),
      }));
  }

  stats(): DeliveryStats {
    const rows: Record<RowStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0, failed: 0 };
    for (const r of Object.values(this.store.data.rows)) rows[r.status]++;
    return {
      rows,
      jobs: Object.keys(this.store.data.jobs).length,
      deadTargets: Object.keys(this.store.data.deadTargets).length,
      inFlight: this.inFlight.size,
      counters: { ...this.counters },
    };
  }
}

/** Maps a port failure to what the outbox does next. */
function classify(err: unknown, wasUpdate: boolean): Outcome {
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError('send timed out')), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
