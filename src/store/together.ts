// One command, one commit across stores: a case change, the notices it causes in the outbox and the
// command's audit entries are written together or not at all.
// - PostgreSQL: one transaction. Every store's head row is locked in name order (two commands on
//   different instances never wait for each other crosswise), each store catches up first, and the
//   audit entries are inserted in the same transaction.
// - JSON files: memory changes in one synchronous step; each file's write waits for the previous
//   store's write and is rolled back if that failed, so the first store is never behind the
//   others. A crash can still fall between two file writes: put the record first and keep what
//   follows it repairable (escalations re-enqueue unnotified versions at start-up). Audit entries
//   are appended once every file is durable.
import type { AuditEntry } from '../audit/auditLog.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { DocumentStore } from './documentStore.js';
import type { JsonStore } from './jsonStore.js';
import type { PgDocumentStore } from './postgres/pgDocumentStore.js';
import { pgCommitTogether } from './postgres/pgJointCommit.js';

export type Drafts<T extends readonly DocumentStore<any>[]> = { [K in keyof T]: T[K] extends DocumentStore<infer D> ? D : never };

export interface TogetherOptions<R> {
  audit?: AuditTrail;
  /** The command's audit entries, from the mutator's result (none when it changed nothing). */
  entries?: (result: R) => AuditEntry[];
}

const isPg = (s: DocumentStore<any>): s is PgDocumentStore<any> => typeof (s as Partial<PgDocumentStore<any>>).holdLane === 'function';

export async function commitTogether<const T extends readonly DocumentStore<any>[], R>(
  stores: T,
  mutator: (...drafts: Drafts<T>) => R,
  options: TogetherOptions<R> = {},
): Promise<R> {
  if (new Set(stores.map((s) => s.name)).size !== stores.length) throw new TypeError('commitTogether: a store is named twice');
  const run = mutator as (...drafts: unknown[]) => R;
  if (stores.every(isPg)) {
    return pgCommitTogether(stores as unknown as PgDocumentStore<any>[], run, options);
  }
  if (stores.some(isPg)) throw new TypeError('commitTogether: the stores belong to different engines');
  const result = await commitInOrder(stores as unknown as JsonStore<any>[], run);
  const entries = options.entries?.(result) ?? [];
  for (const entry of entries) await options.audit!.record(entry);
  return result;
}

/** JSON stores: every mutator's part applied in one synchronous step; store i+1's write waits for store i's. */
function commitInOrder<R>(stores: JsonStore<any>[], mutator: (...drafts: unknown[]) => R): Promise<R> {
  const drafts: unknown[] = [];
  const durable: Promise<unknown>[] = [];
  let result!: R;
  let failure: { err: unknown } | undefined;
  const step = (i: number): void => {
    if (i === stores.length) {
      result = mutator(...drafts);
      if (result instanceof Promise) throw new TypeError('commitTogether: the mutator must be synchronous');
      return;
    }
    let applied = false;
    durable[i] = stores[i]!.commit((draft) => {
      applied = true;
      drafts[i] = draft;
      try {
        step(i + 1);
      } catch (err) {
        failure ??= { err };
        throw err;
      }
    }, i > 0 ? () => durable[i - 1]! : undefined); // read when the write starts: durable[i - 1] is set by then
    if (failure) throw failure.err;
    if (!applied) throw new TypeError(`commitTogether: store ${stores[i]!.name} does not apply commits at once`);
  };
  try {
    step(0);
  } catch (err) {
    for (const p of durable) p?.catch(() => {});
    return Promise.reject(err);
  }
  // Every promise is awaited, so a later store's rejection is never left unhandled.
  return Promise.allSettled(durable).then((settled) => {
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return result;
  });
}
