// Contracts for proactive delivery. Capabilities only see Notifier, Scheduler and Clock;
// how a message reaches Teams (CloudAdapter, console) is a DeliveryPort implemented in src/bot.
import type { ConversationRecord } from '../conversations/types.js';
import type { DocumentStore } from '../store/documentStore.js';

/** What to show: a text summary always (notifications, screen readers), a card optionally. */
export interface OutboxPayload {
  text: string;
  card?: Record<string, unknown>;
}

/**
 * Where to: a user's 1:1 conversation (by user key) or any other known conversation (by the key it
 * was remembered under in the ConversationDirectory, e.g. "inbox:kfi" for a unit's team channel).
 */
export type OutboxTarget = { userKey: string } | { conversationKey: string };

export interface OutboxRequest {
  target: OutboxTarget;
  payload: OutboxPayload;
  /** Idempotency key: enqueuing the same key twice sends once. */
  key: string;
  /** Replace the message sent earlier under this key (update in place) instead of sending a new one. */
  replaces?: string;
}

/**
 * The outbox as part of a bigger commit (commitTogether): a record, the messages it causes and the
 * audit entries are written together or not at all.
 */
export interface OutboxStage {
  readonly store: DocumentStore<object>;
  /** Inside the commit, on the outbox store's draft: adds the rows (a key already there is skipped); returns the keys added. */
  insert(draft: object, requests: OutboxRequest[]): string[];
  /** After the commit: logs the keys and wakes the worker. */
  enqueued(keys: string[]): void;
}

export interface Notifier {
  /** Persisted before it resolves; delivery happens in the background with retries. */
  enqueue(requests: OutboxRequest | OutboxRequest[]): Promise<void>;
  /** For commits together with a capability's record; the real outbox has it, recording fakes need not. */
  readonly stage?: OutboxStage;
  /** The Teams activity id of a delivered message, for later in-place updates. */
  deliveredActivityId(key: string): string | undefined;
}

export interface ScheduledJob {
  /** Unique; scheduling an existing id replaces it (e.g. a changed due date). */
  id: string;
  kind: string;
  dueAt: string;
  data: Record<string, string | number | boolean>;
}

/**
 * Persisted timers. When a job is due its kind's handler returns the messages to send; the job's
 * removal and those outbox rows are committed together, so a restart neither loses nor repeats it.
 */
export interface Scheduler {
  schedule(job: ScheduledJob): Promise<void>;
  cancel(id: string): Promise<void>;
  handle(kind: string, handler: (job: ScheduledJob) => OutboxRequest[] | Promise<OutboxRequest[]>): void;
}

/** Delivery failure with the HTTP status the Bot Connector answered (429, 403, …) when known. */
export class DeliveryError extends Error {
  constructor(message: string, readonly status?: number, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Sends to a conversation; implemented over botbuilder in src/bot. */
export interface DeliveryPort {
  send(address: ConversationRecord, payload: OutboxPayload): Promise<{ activityId?: string }>;
  update(address: ConversationRecord, activityId: string, payload: OutboxPayload): Promise<void>;
  /**
   * Whether this port can reach the address at all (default: yes). Rows it cannot reach stay pending
   * for a process whose port can: the console chat leaves Teams conversations to the server and
   * the server leaves console conversations to the chat.
   */
  accepts?(address: ConversationRecord): boolean;
  /**
   * True only for a port that never uses the network and holds no credentials (the console chat);
   * the serviceUrl allow-list, which keeps the bot's token from reaching foreign hosts, is then moot.
   */
  readonly local?: boolean;
}
