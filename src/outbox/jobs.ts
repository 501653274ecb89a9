// Persisted timers (the Scheduler contract): a due job's handler returns the messages to send; the
// job's removal and those rows are committed together, so a restart neither loses nor repeats it.
import { errorFields } from '../log/logger.js';
import type { OutboxCore } from './core.js';
import { insertRows } from './rows.js';
import { jobSchema, own, requestsSchema, type ValidRequest } from './schema.js';
import type { OutboxRequest, ScheduledJob, Scheduler } from './types.js';

type JobHandler = (job: ScheduledJob) => OutboxRequest[] | Promise<OutboxRequest[]>;

export class JobScheduler implements Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly unknownKindLogged = new Set<string>();
  private readonly jobRetryAt = new Map<string, { at: number; failures: number }>();

  constructor(private readonly core: OutboxCore) {}

  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
    this.core.kick();
  }

  async schedule(job: ScheduledJob): Promise<void> {
    const valid = jobSchema.parse(job);
    const known = own(this.core.store.data.jobs, valid.id);
    if (known && JSON.stringify(known) === JSON.stringify(valid)) return; // e.g. a start-up resync: no write
    await this.core.store.commit((draft) => {
      draft.jobs[valid.id] = valid;
    });
    this.jobRetryAt.delete(valid.id);
    this.unknownKindLogged.delete(valid.id);
    this.core.log.info('scheduler.scheduled', { jobId: valid.id, kind: valid.kind });
    this.core.kick();
  }

  async cancel(id: string): Promise<void> {
    if (!own(this.core.store.data.jobs, id)) return;
    await this.core.store.commit((draft) => {
      delete draft.jobs[id];
    });
    this.core.log.info('scheduler.cancelled', { jobId: id });
  }

  /** Fires due jobs: handler → one commit with the job's removal and its rows. Returns the next due time. */
  async fireDue(): Promise<number | undefined> {
    const now = this.core.now();
    let next: number | undefined;
    const soonest = (t: number) => (next = next === undefined ? t : Math.min(next, t));
    const jobs = Object.values(this.core.store.data.jobs).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id));
    for (const job of jobs) {
      const due = Date.parse(job.dueAt);
      const handler = this.handlers.get(job.kind);
      if (!handler) {
        if (due <= now && !this.unknownKindLogged.has(job.id)) {
          this.unknownKindLogged.add(job.id);
          this.core.log.warn('scheduler.unknown_kind', { jobId: job.id, kind: job.kind });
        }
        continue;
      }
      const backoff = this.jobRetryAt.get(job.id);
      if (due > now || (backoff && backoff.at > now)) {
        soonest(Math.max(due, backoff?.at ?? 0));
        continue;
      }
      const snapshot = JSON.stringify(job);
      let requests: ValidRequest[];
      try {
        requests = requestsSchema.parse(await handler(structuredClone(job)));
      } catch (err) {
        const failures = (backoff?.failures ?? 0) + 1;
        const at = now + Math.min(60 * 60_000, 60_000 * 2 ** (failures - 1));
        this.jobRetryAt.set(job.id, { at, failures });
        soonest(at);
        this.core.log.error('scheduler.handler_failed', { jobId: job.id, kind: job.kind, failures, ...errorFields(err) });
        continue;
      }
      const added = await this.core.store.commit((draft) => {
        const current = own(draft.jobs, job.id);
        // Cancelled or rescheduled while the handler ran: the fired version is void.
        if (!current || JSON.stringify(current) !== snapshot) return undefined;
        delete draft.jobs[job.id];
        return insertRows(draft, requests, now);
      });
      this.jobRetryAt.delete(job.id);
      if (added === undefined) this.core.log.info('scheduler.superseded', { jobId: job.id, kind: job.kind });
      else this.core.log.info('scheduler.fired', { jobId: job.id, kind: job.kind, rows: added.length });
    }
    return next;
  }
}
