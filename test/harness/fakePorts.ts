// Fake ports for service tests: a notifier that records what would be enqueued, a scheduler with
// tick(), and a Teams delivery port that records sends and can be told to fail. The real outbox is
// tested on its own (test/outbox*.test.ts).
import type { ConversationRecord } from '../../src/conversations/types.js';
import type { DeliveryError, DeliveryPort, Notifier, OutboxPayload, OutboxRequest, OutboxStage, ScheduledJob, Scheduler } from '../../src/outbox/types.js';
import type { DocumentStore } from '../../src/store/documentStore.js';
import { StoreWriteError } from '../../src/store/errors.js';

/**
 * An outbox store in memory: applies a commit at once (as the JSON store does, so commitTogether
 * can join it) and, while `fail` is set, refuses it with the change undone.
 */
class RecordedOutbox implements DocumentStore<{ rows: OutboxRequest[] }> {
  readonly name = 'recorded-outbox';
  readonly data = { rows: [] as OutboxRequest[] };
  fail = false;
  commit<R>(mutator: (draft: { rows: OutboxRequest[] }) => R): Promise<R> {
    const before = this.data.rows.length;
    const result = mutator(this.data);
    if (!this.fail) return Promise.resolve(result);
    this.data.rows.length = before;
    return Promise.reject(new StoreWriteError(this.name, 'the outbox is down'));
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Records enqueued messages (the real outbox is tested on its own); commits together like the real one. */
export class RecordingNotifier implements Notifier {
  private readonly outbox = new RecordedOutbox();
  readonly stage: OutboxStage = {
    store: this.outbox,
    insert: (draft, requests) => {
      const rows = (draft as RecordedOutbox['data']).rows;
      const fresh = requests.filter((r) => !rows.some((x) => x.key === r.key));
      rows.push(...structuredClone(fresh));
      return fresh.map((r) => r.key);
    },
    enqueued: () => {},
  };

  get sent(): OutboxRequest[] {
    return this.outbox.data.rows;
  }
  set fail(value: boolean) {
    this.outbox.fail = value;
  }
  async enqueue(requests: OutboxRequest | OutboxRequest[]): Promise<void> {
    await this.outbox.commit((draft) => this.stage.insert(draft, Array.isArray(requests) ? requests : [requests]));
  }
  deliveredActivityId(): string | undefined {
    return undefined;
  }
  to(key: string): OutboxRequest[] {
    return this.sent.filter((r) => ('userKey' in r.target ? r.target.userKey : r.target.conversationKey) === key);
  }
  clear(): void {
    this.sent.length = 0;
  }
}

/** An in-memory stand-in for the persisted scheduler: same contract, plus tick() at a given instant. */
export class FakeScheduler implements Scheduler {
  readonly jobs = new Map<string, ScheduledJob>();
  readonly handlers = new Map<string, (job: ScheduledJob) => OutboxRequest[] | Promise<OutboxRequest[]>>();
  scheduled = 0;
  cancelled = 0;

  async schedule(job: ScheduledJob): Promise<void> {
    this.scheduled++;
    this.jobs.set(job.id, structuredClone(job));
  }
  async cancel(id: string): Promise<void> {
    this.cancelled++;
    this.jobs.delete(id);
  }
  handle(kind: string, handler: (job: ScheduledJob) => OutboxRequest[] | Promise<OutboxRequest[]>): void {
    this.handlers.set(kind, handler);
  }
  /** Runs every job due at `now` once (removing it), like the real scheduler; returns what it would enqueue. */
  async tick(now: Date): Promise<OutboxRequest[]> {
    const due = [...this.jobs.values()].filter((j) => Date.parse(j.dueAt) <= now.getTime());
    const out: OutboxRequest[] = [];
    for (const job of due) {
      this.jobs.delete(job.id);
      out.push(...(await this.handlers.get(job.kind)!(job)));
    }
    return out;
  }
}

export interface SentActivity {
  kind: 'send' | 'update';
  conversationId: string;
  activityId?: string;
  payload: OutboxPayload;
}

/** Records what the outbox sends; `failures` answers the next requests with errors (429, 403, …). */
export class RecordingPort implements DeliveryPort {
  readonly sent: SentActivity[] = [];
  readonly failures: DeliveryError[] = [];
  private next = 1;
  async send(address: ConversationRecord, payload: OutboxPayload) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const activityId = `act-${this.next++}`;
    this.sent.push({ kind: 'send', conversationId: address.conversationId, activityId, payload });
    return { activityId };
  }
  async update(address: ConversationRecord, activityId: string, payload: OutboxPayload) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ kind: 'update', conversationId: address.conversationId, activityId, payload });
  }
  to(key: string): SentActivity[] {
    return this.sent.filter((s) => s.conversationId === `a:${key}` || s.conversationId === key);
  }
}
