// What the parts of the outbox share: the store, the resolved options, the log, the counters, the
// clock, and the wake-up of the worker. Closing a row is here because rows, targets and the worker do it.
import path from 'node:path';
import type { AuditTrail } from '../audit/auditTrail.js';
import { errorFields, type Logger } from '../log/logger.js';
import type { DocumentStore } from '../store/documentStore.js';
import { resolveOptions, type Counters, type DeliveryOptions, type ResolvedOptions } from './contract.js';
import { own, type DeliveryData } from './schema.js';

export interface OutboxCore {
  readonly store: DocumentStore<DeliveryData>;
  readonly o: ResolvedOptions;
  readonly log: Logger;
  readonly counters: Counters;
  now(): number;
  /** Wakes the worker (coalesced); a no-op until it is started. */
  kick(): void;
}

export function createCore(store: DocumentStore<DeliveryData>, opts: DeliveryOptions, kick: () => void): OutboxCore {
  const o = resolveOptions(opts);
  return {
    store,
    o,
    log: opts.log.child({ component: 'outbox', file: path.basename(opts.file) }),
    counters: { sent: 0, updated: 0, retried: 0, failed: 0, dead: 0, refused: 0 },
    now: () => o.clock.now().getTime(),
    kick,
  };
}

/** An audit entry that must not fail a delivery: a failed write is logged. */
export async function auditSafe(core: OutboxCore, entry: Parameters<AuditTrail['record']>[0]): Promise<void> {
  try {
    await core.o.audit.record(entry);
  } catch (err) {
    core.log.error('outbox.audit_failed', { action: entry.action, ...errorFields(err) });
  }
}

export async function closeRow(core: OutboxCore, key: string, status: 'dead' | 'failed', code: string): Promise<void> {
  const at = new Date(core.now()).toISOString();
  await core.store.commit((draft) => {
    const row = own(draft.rows, key)!;
    row.status = status;
    row.lastError = code;
    row.closedAt = at;
  });
  if (code === 'host_refused') return; // refuse() reports it
  if (status === 'failed') {
    core.counters.failed++;
    core.log.error('outbox.failed', { key, error: code, attempts: own(core.store.data.rows, key)?.attempts });
    await auditSafe(core, { actor: 'system', action: 'outbox.failed', record: key, outcome: 'rejected' });
  } else {
    core.counters.dead++;
    core.log.warn('outbox.dead', { key, error: code });
  }
}
