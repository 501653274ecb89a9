// commitTogether on PostgreSQL: the stores' changes and the audit entries in one transaction.
import type { AuditEntry } from '../../audit/auditLog.js';
import { insertAuditEntries, type PgAuditLog } from '../../audit/pgAuditLog.js';
import type { TogetherOptions } from '../together.js';
import type { ChangeTracker } from './changeTracker.js';
import type { PgDocumentStore } from './pgDocumentStore.js';

class MutatorError {
  constructor(readonly err: unknown) {}
}

export async function pgCommitTogether<R>(stores: PgDocumentStore<any>[], mutator: (...drafts: unknown[]) => R, options: TogetherOptions<R>): Promise<R> {
  const db = stores[0]!.database;
  if (stores.some((s) => s.database !== db)) throw new TypeError('commitTogether: the stores live in different databases');
  // The audit trail of this database (PgAuditLog) takes the entries inside the transaction.
  const inTransaction = (options.audit as Partial<PgAuditLog> | undefined)?.db === db;
  // Lanes and head rows in name order: the same order in every instance, so no two commands wait crosswise.
  const ordered = [...stores].sort((a, b) => (a.name < b.name ? -1 : 1));
  const hold = (i: number): Promise<R> => (i === ordered.length ? once() : ordered[i]!.holdLane(() => hold(i + 1)));

  const once = async (): Promise<R> => {
    let trackers: ChangeTracker<any>[] = [];
    let result!: R;
    let entries: AuditEntry[] = [];
    const seqs: [PgDocumentStore<any>, number][] = [];
    try {
      await db.transaction(async (client) => {
        for (const store of ordered) await store.lockFor(client);
        trackers = stores.map((s) => s.tracker());
        try {
          result = mutator(...trackers.map((t) => t.draft()));
          if (result instanceof Promise) throw new TypeError('commitTogether: the mutator must be synchronous');
          entries = options.entries?.(result) ?? [];
        } catch (err) {
          throw new MutatorError(err);
        } finally {
          for (const t of trackers) t.finish();
        }
        for (const [i, store] of stores.entries()) {
          const seq = await store.writeTracked(client, [trackers[i]!]);
          if (seq !== undefined) seqs.push([store, seq]);
        }
        if (inTransaction) await insertAuditEntries(client, entries);
      });
    } catch (err) {
      for (const t of [...trackers].reverse()) t.rollback();
      if (err instanceof MutatorError) throw err.err;
      throw stores[0]!.writeFailure(err);
    }
    for (const [store, seq] of seqs) store.applied(seq);
    if (!inTransaction) for (const entry of entries) await options.audit!.record(entry);
    return result;
  };
  return hold(0);
}
