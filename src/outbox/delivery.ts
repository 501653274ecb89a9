// Persistent proactive delivery: one store file, DATA_DIR/delivery.json, holds the outbox
// rows and the scheduled jobs. enqueue()/schedule() are durable before they resolve; a worker sends
// due rows through a DeliveryPort with retries, pacing and a serviceUrl allow-list.
//
// Delivery semantics
// - Idempotent keys: the same key enqueued twice is one row and one message.
// - Per target (directory key) rows go out in order, one at a time; at most one message per
//   conversation per second and `globalPerSecond` in any second overall (Teams: 7/s per thread,
//   50 RPS per app per tenant; learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit).
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
//
// The parts: schema.ts (the file), rows.ts (enqueue, outcomes, requeue, pruning), targets.ts (dead
// targets), jobs.ts (the Scheduler), worker.ts (the send loop), retryPolicy.ts, serviceUrl.ts, views.ts.
import { errorFields } from '../log/logger.js';
import { openStore } from '../store/engine.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { Delivery, DeliveryOptions } from './contract.js';
import { createCore, type OutboxCore } from './core.js';
import { JobScheduler } from './jobs.js';
import { OutboxRows } from './rows.js';
import { DELIVERY_SCHEMA_VERSION, deliveryDataSchema, emptyDeliveryData, own, type DeliveryData } from './schema.js';
import { DeadTargets } from './targets.js';
import { deadTargetsOf, statsOf, undeliveredOf } from './views.js';
import { DeliveryWorker } from './worker.js';

export type { DeadTarget, Delivery, DeliveryOptions, DeliveryStats, PacingOptions, UndeliveredRow } from './contract.js';
export { DELIVERY_FILE, DELIVERY_SCHEMA_VERSION, type DeliveryData, type OutboxRow, type RowStatus } from './schema.js';
export { checkServiceUrl } from './serviceUrl.js';

export async function openDelivery(opts: DeliveryOptions): Promise<Delivery> {
  const store = await openStore<DeliveryData>({
    file: opts.file,
    schemaVersion: DELIVERY_SCHEMA_VERSION,
    initial: emptyDeliveryData,
    validate: (data) => deliveryDataSchema.parse(data),
    migrations: {},
    log: opts.log,
    beforeStep: opts.beforeStep,
  });
  const delivery = new OutboxDelivery(store, opts);
  await delivery.rows.recover();
  return delivery;
}

/** The outbox as the app sees it: Notifier and Scheduler for capabilities, the worker, the admin actions. */
class OutboxDelivery implements Delivery {
  readonly notifier: Delivery['notifier'];
  readonly scheduler: JobScheduler;
  readonly rows: OutboxRows;
  private readonly core: OutboxCore;
  private readonly targets: DeadTargets;
  private readonly worker: DeliveryWorker;

  constructor(
    private readonly store: DocumentStore<DeliveryData>,
    opts: DeliveryOptions,
  ) {
    this.core = createCore(store, opts, () => this.worker.kick());
    this.targets = new DeadTargets(this.core);
    this.rows = new OutboxRows(this.core, this.targets);
    this.scheduler = new JobScheduler(this.core);
    this.worker = new DeliveryWorker(this.core, this.rows, this.targets, this.scheduler);
    this.notifier = {
      enqueue: (requests) => this.rows.enqueue(requests),
      deliveredActivityId: (key) => this.rows.deliveredActivityId(key),
      stage: {
        store,
        insert: (draft, requests) => this.rows.insert(draft as DeliveryData, requests),
        enqueued: (keys) => this.rows.enqueued(keys),
      },
    };
    opts.conversations.onRemember(async (key) => {
      if (this.worker.isClosed || !own(this.store.data.deadTargets, key)) return;
      try {
        await this.targets.revive(key, 'activity');
      } catch (err) {
        this.core.log.error('outbox.revive_failed', { target: key, ...errorFields(err) });
      }
    });
  }

  start(): void {
    this.worker.start();
  }

  stop(graceMs?: number): Promise<void> {
    return this.worker.stop(graceMs);
  }

  async close(): Promise<void> {
    if (this.worker.isClosed) return;
    await this.worker.shutDown();
    await this.store.close();
  }

  tick(): Promise<void> {
    return this.worker.tick();
  }

  revive(target: string): Promise<boolean> {
    return this.targets.revive(target, 'admin');
  }

  retry(keys?: string[]): Promise<number> {
    return this.rows.retry(keys);
  }

  deadTargets() {
    return deadTargetsOf(this.store.data);
  }

  undelivered() {
    return undeliveredOf(this.store.data);
  }

  stats() {
    return statsOf(this.store.data, this.worker.inFlightCount, this.core.counters);
  }
}
