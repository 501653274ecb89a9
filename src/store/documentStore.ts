// What services see of a store, whichever engine runs it (lowdb file or PostgreSQL rows).
// `data` is this instance's current view; `commit` applies a synchronous mutator and resolves once
// the change is durable. On PostgreSQL the mutator runs inside a transaction after catching up with
// other instances, so a compare-and-set inside it holds across instances too.
export interface DocumentStore<D extends object> {
  /** Read-only view; do not keep references across commits (a rollback or catch-up replaces parts). */
  readonly data: D;
  /** The store's name, e.g. "escalations.json" (the file name under lowdb, the store key under PostgreSQL). */
  readonly name: string;
  commit<R>(mutator: (draft: D) => R): Promise<R>;
  /** Resolves when everything committed so far is durable. */
  flush(): Promise<void>;
  /** Flushes, then refuses further commits. */
  close(): Promise<void>;
}
