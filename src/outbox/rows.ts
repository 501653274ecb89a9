// The outbox rows: enqueue (idempotent keys), the outcome of a send, requeue of failed rows, recovery
// after a crash (at least once) and pruning of closed rows after the retention time.
import type { OutboxPayload, OutboxRequest } from './types.js';
import { closeRow, type OutboxCore } from './core.js';
import { backoffMs, type Outcome } from './retryPolicy.js';
import { leaseExpired, own, requestsSchema, type DeliveryData, type ValidRequest } from './schema.js';
import type { DeadTargets } from './targets.js';
import type { ConversationRecord } from '../conversations/types.js';

/** One request the worker starts: a row's payload to a resolved address. */
export interface SendJob {
  key: string;
  target: string;
  address: ConversationRecord;
  payload: OutboxPayload;
  /** The activity to update in place, if any. */
  updateId?: string;
}

/** Adds rows for keys not seen before; returns the added keys. Runs inside a commit. */
export function insertRows(draft: DeliveryData, requests: readonly ValidRequest[], now: number): string[] {
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

export class OutboxRows {
  private lastPruneAt = 0;

  constructor(
    private readonly core: OutboxCore,
    private readonly targets: DeadTargets,
  ) {}

  /** Start-up: rows interrupted mid-request go back to pending (at least once), old rows are pruned. */
  async recover(): Promise<void> {
    const now = this.core.now();
    // With several instances a \`sending\` row may be another living instance's: only expired claims are ours to resume.
    const interrupted = Object.values(this.core.store.data.rows)
      .filter((r) => r.status === 'sending' && (this.core.o.leaseMs === undefined || leaseExpired(r, now)))
      .map((r) => r.key);
    if (interrupted.length > 0) {
      await this.core.store.commit((draft) => {
        for (const key of interrupted) {
          const row = own(draft.rows, key)!;
          if (row.status !== 'sending') continue; // finished meanwhile by its instance
          row.status = 'pending';
          row.nextAttemptAt = new Date(now).toISOString();
        }
      });
      for (const key of interrupted) this.core.log.warn('outbox.resumed_in_doubt', { key });
    }
    await this.prune(now);
  }

  async enqueue(requests: OutboxRequest | OutboxRequest[]): Promise<void> {
    const list = requestsSchema.parse(Array.isArray(requests) ? requests : [requests]);
    this.enqueued(await this.core.store.commit((draft) => insertRows(draft, list, this.core.now())));
  }

  /** Inside a commit together with another store (OutboxStage). Validates like enqueue(). */
  insert(draft: DeliveryData, requests: OutboxRequest[]): string[] {
    return insertRows(draft, requestsSchema.parse(requests), this.core.now());
  }

  enqueued(keys: string[]): void {
    if (keys.length > 0) this.core.log.info('outbox.enqueued', { keys: keys.join(',').slice(0, 1000), count: keys.length });
    this.core.kick();
  }

  /** The Teams activity id of a delivered row, for in-place updates. */
  deliveredActivityId(key: string): string | undefined {
    const row = own(this.core.store.data.rows, key);
    return row?.status === 'sent' ? row.activityId : undefined;
  }

  async recordOutcome(job: SendJob, outcome: Outcome): Promise<void> {
    const now = this.core.now();
    const at = new Date(now).toISOString();
    const { key, target } = job;
    switch (outcome.kind) {
      case 'sent': {
        await this.core.store.commit((draft) => {
          const row = own(draft.rows, key)!;
          row.status = 'sent';
          row.sentAt = at;
          if (outcome.activityId) row.activityId = outcome.activityId;
          delete row.payload;
          delete row.lastError;
          delete row.sendNew;
        });
        if (job.updateId) this.core.counters.updated++;
        else this.core.counters.sent++;
        this.core.log.info(job.updateId ? 'outbox.updated' : 'outbox.sent', { key, attempts: own(this.core.store.data.rows, key)?.attempts });
        return;
      }
      case 'dead': {
        await this.targets.markDead(target, key, { reason: outcome.status === 403 ? 'forbidden' : 'not_found', status: outcome.status, address: job.address }, String(outcome.status));
        return;
      }
      case 'permanent': {
        await closeRow(this.core, key, 'failed', outcome.code);
        return;
      }
      case 'updateGone':
      case 'retry': {
        const row = own(this.core.store.data.rows, key)!;
        if (row.attempts >= this.core.o.maxAttempts) {
          await closeRow(this.core, key, 'failed', outcome.code);
          return;
        }
        const delay = outcome.kind === 'updateGone' ? 0 : backoffMs(row.attempts, outcome.retryAfterMs, this.core.o);
        await this.core.store.commit((draft) => {
          const r = own(draft.rows, key)!;
          r.status = 'pending';
          r.lastError = outcome.code;
          r.nextAttemptAt = new Date(now + delay).toISOString();
          if (outcome.kind === 'updateGone') r.sendNew = true;
        });
        this.core.counters.retried++;
        this.core.log.info('outbox.retry', { key, error: outcome.code, attempt: row.attempts, delayMs: Math.round(delay) });
        return;
      }
    }
  }

  async retry(keys?: string[]): Promise<number> {
    const wanted = keys ? new Set(keys) : undefined;
    const now = new Date(this.core.now()).toISOString();
    const n = await this.core.store.commit((draft) => {
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
    this.core.log.info('outbox.requeued', { count: n });
    this.core.kick();
    return n;
  }

  async prune(now: number): Promise<void> {
    this.lastPruneAt = now;
    const cutoff = now - this.core.o.retentionDays * 24 * 60 * 60_000;
    const old = Object.values(this.core.store.data.rows)
      .filter((r) => {
        const closed = r.status === 'sent' ? r.sentAt : r.status === 'dead' || r.status === 'failed' ? r.closedAt : undefined;
        return closed !== undefined && Date.parse(closed) < cutoff;
      })
      .map((r) => r.key);
    if (old.length === 0) return;
    await this.core.store.commit((draft) => {
      for (const key of old) delete draft.rows[key];
    });
    this.core.log.info('outbox.pruned', { rows: old.length });
  }

  /** Pruning runs at most once an hour. */
  async pruneIfDue(now: number): Promise<void> {
    if (now - this.lastPruneAt > 60 * 60_000) await this.prune(now);
  }

}
