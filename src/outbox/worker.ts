// The outbox worker: per target one row at a time in enqueue order, paced per conversation and
// overall, at most `maxInFlight` requests at once; every pass first fires the due jobs.
import { errorFields } from '../log/logger.js';
import { closeRow, type OutboxCore } from './core.js';
import { classify, withTimeout, type Outcome } from './retryPolicy.js';
import type { JobScheduler } from './jobs.js';
import type { OutboxRows, SendJob } from './rows.js';
import { isOpenRow, leaseExpired, own, targetKeyOf } from './schema.js';
import { checkServiceUrl } from './serviceUrl.js';
import type { DeadTargets } from './targets.js';

type Step = { kind: 'send'; job: SendJob } | { kind: 'next' } | { kind: 'wait'; until?: number };

export class DeliveryWorker {
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

  constructor(
    private readonly core: OutboxCore,
    private readonly rows: OutboxRows,
    private readonly targets: DeadTargets,
    private readonly jobs: JobScheduler,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

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
    if (gaveUp) this.core.log.warn('outbox.stop_with_requests_in_flight', { count: this.inFlight.size });
  }

  /** stop() unless stopping already; no pass runs afterwards. */
  async shutDown(): Promise<void> {
    if (this.closed) return;
    if (!this.stopping) await this.stop();
    this.closed = true;
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

  kick(): void {
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
    const wait = wakeAt === undefined ? this.core.o.tickIntervalMs : Math.min(this.core.o.tickIntervalMs, Math.max(10, wakeAt - this.core.now()));
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
      await this.core.o.sync?.(); // other instances' rows, jobs and conversation references
      wakes.push(await this.jobs.fireDue());
      const now = this.core.now();
      await this.rows.pruneIfDue(now);
      const sent = await this.sendDue();
      launched = sent.launched;
      wakes = wakes.concat(sent.wakes);
    } catch (err) {
      // A failed commit rolled memory back; the next pass starts from the durable state.
      this.core.log.error('outbox.pass_failed', errorFields(err));
      wakes.push(this.core.now() + 1000);
    }
    const defined = wakes.filter((w): w is number => w !== undefined);
    this.arm(defined.length ? Math.min(...defined) : undefined);
    return launched;
  }

  /** Picks the head row of every target that may send now and starts those requests. */
  private async sendDue(): Promise<{ launched: Promise<void>[]; wakes: (number | undefined)[] }> {
    const now = this.core.now();
    const wakes: (number | undefined)[] = [];
    const queues = new Map<string, string[]>();
    const rows = Object.values(this.core.store.data.rows).filter(isOpenRow).sort((a, b) => a.seq - b.seq);
    for (const row of rows) {
      const target = targetKeyOf(row.target);
      const q = queues.get(target);
      if (q) q.push(row.key);
      else queues.set(target, [row.key]);
    }
    const jobs: SendJob[] = [];
    const pacing = this.core.o.pacing;
    if (pacing) this.sendTimes = this.sendTimes.filter((t) => t > now - 1000);
    if (this.lastSentAt.size > 1000) {
      for (const [conversation, t] of this.lastSentAt) if (!pacing || now - t >= pacing.perConversationMs) this.lastSentAt.delete(conversation);
    }
    let budget = Math.min(pacing ? pacing.globalPerSecond - this.sendTimes.length : Infinity, this.core.o.maxInFlight - this.inFlight.size);
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

    // The claim is a compare-and-set: the commit runs on the store's latest state (with several
    // instances, after catching up under the store's row lock), so a row another instance claimed or
    // finished since this pass read it is skipped, and exactly one instance sends it.
    const leaseMs = this.core.o.leaseMs;
    const claimed = await this.core.store.commit((draft) => {
      const mine = new Set<string>();
      for (const job of jobs) {
        const row = own(draft.rows, job.key);
        if (!row || !(row.status === 'pending' || (row.status === 'sending' && leaseMs !== undefined && leaseExpired(row, now)))) continue;
        row.status = 'sending';
        row.attempts++;
        if (leaseMs !== undefined) row.claimedUntil = new Date(now + leaseMs).toISOString();
        mine.add(job.key);
      }
      return mine;
    });
    // Rows another instance claimed first: pass again at once for the targets it left.
    if (claimed.size < jobs.length) wakes.push(now);
    if (claimed.size > 0) this.core.log.info('outbox.sending', { keys: [...claimed].join(',').slice(0, 1000), count: claimed.size });
    const launched = jobs.filter((job) => claimed.has(job.key)).map((job) => {
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
    const row = own(this.core.store.data.rows, key)!;
    if (row.status === 'sending') {
      // One process: an interrupted write of its outcome, resumed at restart. Several: another
      // instance's claim; taken over once it expires (that instance died or lost the database).
      if (this.core.o.leaseMs === undefined) return { kind: 'wait' };
      if (!leaseExpired(row, now)) return { kind: 'wait', until: Date.parse(row.claimedUntil!) };
      this.core.log.warn('outbox.lease_expired', { key });
    }
    const due = Date.parse(row.nextAttemptAt);
    if (due > now) return { kind: 'wait', until: due };
    const original = row.replaces ? own(this.core.store.data.rows, row.replaces) : undefined;
    // Update only after the (earlier enqueued) original has gone out; a completion kicks the worker.
    if (original && original.seq < row.seq && isOpenRow(original)) return { kind: 'wait' };

    let address = this.core.o.conversations.get(target);
    const dead = own(this.core.store.data.deadTargets, target);
    if (dead) {
      if (address && (address.conversationId !== dead.conversationId || address.serviceUrl !== dead.serviceUrl)) {
        // Its parked rows are older than this one and go first: pick them up in the next pass.
        await this.targets.revive(target, 'address_changed');
        return { kind: 'wait', until: now };
      } else {
        await closeRow(this.core, key, 'dead', 'target_dead');
        return { kind: 'next' };
      }
    }
    if (!address) {
      await this.targets.markDead(target, key, { reason: 'no_address' }, 'no_address');
      return { kind: 'next' };
    }
    if (this.core.o.port.accepts && !this.core.o.port.accepts(address)) return { kind: 'wait' }; // another process's port delivers it
    if (!this.core.o.port.local) {
      const verdict = checkServiceUrl(address.serviceUrl, this.core.o.allowedServiceHosts);
      if (!verdict.ok) {
        await this.targets.refuse(target, key, verdict.host, verdict.reason);
        return { kind: 'next' };
      }
    }
    const pacing = this.core.o.pacing;
    const last = this.lastSentAt.get(address.conversationId);
    if (pacing && last !== undefined && now - last < pacing.perConversationMs) return { kind: 'wait', until: last + pacing.perConversationMs };
    if (!mayLaunch) return { kind: 'wait', until: now + 1000 };
    const updateId = original?.status === 'sent' && original.activityId && !row.sendNew ? original.activityId : undefined;
    return { kind: 'send', job: { key, target, address, payload: row.payload!, ...(updateId ? { updateId } : {}) } };
  }

  private async deliver(job: SendJob): Promise<void> {
    let outcome: Outcome;
    try {
      const port = this.core.o.port;
      const request = job.updateId
        ? port.update(job.address, job.updateId, job.payload).then(() => ({ activityId: job.updateId }))
        : port.send(job.address, job.payload);
      const result = await withTimeout(request, this.core.o.sendTimeoutMs);
      outcome = { kind: 'sent', ...(result.activityId ? { activityId: result.activityId } : {}) };
    } catch (err) {
      outcome = classify(err, job.updateId !== undefined);
    }
    try {
      await this.rows.recordOutcome(job, outcome);
    } catch (err) {
      // Memory was rolled back to `sending`; the row is resent after a restart (at least once).
      this.core.log.error('outbox.outcome_not_saved', { key: job.key, outcome: outcome.kind, ...errorFields(err) });
    }
  }

}
