// A capability's store on PostgreSQL: the same data/commit contract as the JSON file, kept as one
// row per record (doc_rows) so a commit writes only what it changed. Commits are serialized across
// instances by locking the store's head row; before the mutator runs, this instance catches up with
// every commit of other instances, so the mutator always sees the latest data.
import type pg from 'pg';
import { errorFields, silentLogger, type Logger } from '../../log/logger.js';
import type { DocumentStore } from '../documentStore.js';
import { StoreCorruptError, StoreVersionError, StoreWriteError } from '../errors.js';
import { ChangeTracker, VALUE_COLLECTION } from './changeTracker.js';
import { DatabaseUnavailableError, type Database } from './database.js';
import { assembleDocument, shapeOf, writeAllRows, type DocumentShape } from './documentRows.js';

export interface PgDocumentSpec<D> {
  name: string;
  schemaVersion: number;
  initial: () => D;
  validate: (data: unknown) => D;
  migrations?: Record<number, (data: any) => any>;
  log?: Logger;
}

/** Mutators one transaction takes at most (a flood of commits is written in several). */
const MAX_BATCH = 256;

interface Queued {
  mutator: (draft: any) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Changes = ReturnType<ChangeTracker<any>['changes']>;

/** The changes of several mutators of one batch, each row once (every tracker read the final data). */
function mergeChanges(list: Changes[]): Changes {
  const id = (r: { coll: string; key: string }) => `${r.coll}\u0000${r.key}`;
  const upserts = new Map<string, Changes['upserts'][number]>();
  const deletes = new Map<string, Changes['deletes'][number]>();
  const replaced = new Set<string>();
  for (const c of list) {
    for (const u of c.upserts) upserts.set(id(u), u);
    for (const d of c.deletes) deletes.set(id(d), d);
    for (const coll of c.replacedCollections) replaced.add(coll);
  }
  for (const key of upserts.keys()) deletes.delete(key);
  return { upserts: [...upserts.values()], deletes: [...deletes.values()], replacedCollections: [...replaced] };
}

interface RowChange {
  kind: 'r' | 'd' | 'h';
  coll: string | null;
  key: string | null;
  value: unknown;
  seq: string;
}

export class PgDocumentStore<D extends object> implements DocumentStore<D> {
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private lastCatchUpAt = Date.now();

  private constructor(
    private readonly db: Database,
    readonly name: string,
    private doc: D,
    private readonly spec: PgDocumentSpec<D>,
    private readonly log: Logger,
  ) {}

  static async open<D extends object>(db: Database, spec: PgDocumentSpec<D>): Promise<PgDocumentStore<D>> {
    const log = (spec.log ?? silentLogger).child({ store: spec.name });
    const { data, seq } = await db.transaction(async (client) => {
      // One instance creates or migrates a store; the others wait here and then read the result.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`store:${spec.name}`]);
      const head = (await client.query('SELECT seq, schema_version FROM doc_heads WHERE store = $1', [spec.name])).rows[0];
      if (!head) {
        const initial = validateOrThrow(spec, spec.initial());
        await client.query('INSERT INTO doc_heads (store, seq, schema_version, shape) VALUES ($1, 1, $2, $3)', [spec.name, spec.schemaVersion, JSON.stringify(shapeOf(initial))]);
        await writeAllRows(client, spec.name, initial, 1);
        log.info('store.created', { schemaVersion: spec.schemaVersion });
        return { data: initial, seq: 1 };
      }
      const found = Number(head.schema_version);
      if (found > spec.schemaVersion) throw new StoreVersionError(`database store ${spec.name}`, found, spec.schemaVersion);
      const loaded = await loadRows(client, spec);
      if (found === spec.schemaVersion) return { data: validateOrThrow(spec, loaded), seq: Number(head.seq) };
      let migrated: unknown = loaded;
      for (let v = found; v < spec.schemaVersion; v++) {
        const step = spec.migrations?.[v];
        if (!step) throw new StoreVersionError(`database store ${spec.name}`, found, spec.schemaVersion, `Database store ${spec.name} has schema version ${found}, but no migration from ${v} to ${v + 1} exists. Refusing to start; the database is untouched.`);
        migrated = step(migrated);
      }
      const data = validateOrThrow(spec, migrated);
      const seq = Number(head.seq) + 1;
      await client.query('DELETE FROM doc_rows WHERE store = $1', [spec.name]);
      await writeAllRows(client, spec.name, data, seq);
      await client.query('UPDATE doc_heads SET seq = $2, schema_version = $3, shape = $4 WHERE store = $1', [spec.name, seq, spec.schemaVersion, JSON.stringify(shapeOf(data))]);
      log.info('store.migrated', { from: found, to: spec.schemaVersion });
      return { data, seq };
    });
    const store = new PgDocumentStore<D>(db, spec.name, data, spec, log);
    store.seq = seq;
    return store;
  }

  get data(): D {
    return this.doc;
  }

  /** The commit sequence this instance has seen. */
  get version(): number {
    return this.seq;
  }

  commit<R>(mutator: (draft: D) => R): Promise<R> {
    if (this.closed) return Promise.reject(new StoreWriteError(this.name, 'the store is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ mutator, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  /** Applies other instances' commits up to `headSeq` (or whatever is newer). */
  catchUp(headSeq?: number): Promise<void> {
    if (headSeq !== undefined && headSeq <= this.seq) return Promise.resolve();
    return this.serial(() => this.db.transaction((client) => this.catchUpWith(client)));
  }

  flush(): Promise<void> {
    return this.chain.then(() => undefined, () => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Group commit: the mutators queued while a transaction runs go together into the next one. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void this.serial(async () => {
      try {
        while (this.queued.length > 0) await this.commitBatch(this.queued.splice(0, MAX_BATCH));
      } finally {
        this.pumping = false;
        if (this.queued.length > 0) this.pump();
      }
    });
  }

  /**
   * One transaction for a batch: lock the head, catch up, run each mutator on its own tracker (one
   * that throws is rolled back alone and rejected), write the union of their changes. A failed write
   * rolls every mutator back and rejects them all with StoreWriteError.
   */
  private async commitBatch(batch: Queued[]): Promise<void> {
    const done: { entry: Queued; tracker: ChangeTracker<any>; result: unknown }[] = [];
    const refused = new Map<Queued, unknown>();
    let seq: number | undefined;
    try {
      await this.db.transaction(async (client) => {
        await this.lockFor(client);
        for (const entry of batch) {
          const tracker = this.tracker();
          try {
            const result = entry.mutator(tracker.draft());
            if (result instanceof Promise) throw new TypeError('DocumentStore.commit: the mutator must be synchronous');
            tracker.finish();
            done.push({ entry, tracker, result });
          } catch (err) {
            tracker.finish();
            tracker.rollback();
            refused.set(entry, err);
          }
        }
        seq = await this.writeTracked(client, done.map((d) => d.tracker));
      });
    } catch (err) {
      for (const d of [...done].reverse()) d.tracker.rollback();
      const failure = this.writeFailure(err);
      for (const entry of batch) entry.reject(refused.has(entry) ? refused.get(entry) : failure);
      return;
    }
    if (seq !== undefined) this.applied(seq);
    for (const d of done) d.entry.resolve(d.result);
    for (const [entry, err] of refused) entry.reject(err);
  }

  // The hooks below serve a commit together with other stores (pgJointCommit.ts) as well.

  /** The database this store lives in. */
  get database(): Database {
    return this.db;
  }

  /** Runs `work` while no other commit or catch-up of this store runs in this instance. */
  holdLane<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreWriteError(this.name, 'the store is closed'));
    return this.serial(work);
  }

  /** Inside a transaction: locks the store's head row and catches up with other instances' commits. */
  async lockFor(client: pg.PoolClient): Promise<void> {
    const head = (await client.query('SELECT seq FROM doc_heads WHERE store = $1 FOR UPDATE', [this.name])).rows[0];
    if (!head) throw new StoreCorruptError(`database store ${this.name}`, 'its head row is missing');
    if (Number(head.seq) !== this.seq) await this.catchUpWith(client);
  }

  tracker(): ChangeTracker<any> {
    return new ChangeTracker(this.doc as any);
  }

  /** Writes what the trackers recorded under the next sequence number; undefined when nothing changed. */
  async writeTracked(client: pg.PoolClient, trackers: ChangeTracker<any>[]): Promise<number | undefined> {
    const changes = mergeChanges(trackers.map((t) => t.changes()));
    if (changes.upserts.length + changes.deletes.length + changes.replacedCollections.length === 0) return undefined;
    const seq = this.seq + 1;
    await this.writeChanges(client, changes, seq);
    await client.query('UPDATE doc_heads SET seq = $2 WHERE store = $1', [this.name, seq]);
    return seq;
  }

  /** After the transaction committed. */
  applied(seq: number): void {
    this.seq = seq;
  }

  /** The error a failed transaction is reported as (logged unless the database is simply away). */
  writeFailure(err: unknown): StoreWriteError {
    if (!(err instanceof DatabaseUnavailableError)) this.log.error('store.write_failed', errorFields(err));
    return new StoreWriteError(this.name, err instanceof DatabaseUnavailableError ? 'the database is not reachable' : 'the database refused the write', { cause: err });
  }

  private readonly queued: Queued[] = [];
  private pumping = false;

  private async writeChanges(client: pg.PoolClient, changes: Changes, seq: number): Promise<void> {
    const gone = [...changes.deletes];
    for (const coll of changes.replacedCollections) {
      const keep = new Set(Object.keys((this.doc as any)[coll] ?? {}));
      const old = await client.query('SELECT key FROM doc_rows WHERE store = $1 AND coll = $2', [this.name, coll]);
      for (const { key } of old.rows) if (!keep.has(key)) gone.push({ coll, key });
    }
    if (changes.upserts.length > 0) {
      const json = JSON.stringify(changes.upserts);
      await client.query(
        `INSERT INTO doc_rows (store, coll, key, value, seq)
         SELECT $1, x.coll, x.key, x.value, $2 FROM jsonb_to_recordset($3::jsonb) AS x(coll text, key text, value jsonb)
         ON CONFLICT (store, coll, key) DO UPDATE SET value = EXCLUDED.value, seq = EXCLUDED.seq`,
        [this.name, seq, json],
      );
      await client.query(
        `DELETE FROM doc_deletions d USING jsonb_to_recordset($2::jsonb) AS x(coll text, key text)
         WHERE d.store = $1 AND d.coll = x.coll AND d.key = x.key`,
        [this.name, json],
      );
      // Memory keeps plain copies: no proxy or shared reference of the mutator stays in the data.
      for (const row of changes.upserts) {
        const rows = (row.coll === VALUE_COLLECTION ? this.doc : (this.doc as any)[row.coll]) as Record<string, unknown>;
        rows[row.key] = row.value;
      }
    }
    if (gone.length > 0) {
      const json = JSON.stringify(gone);
      await client.query(
        `DELETE FROM doc_rows d USING jsonb_to_recordset($2::jsonb) AS x(coll text, key text)
         WHERE d.store = $1 AND d.coll = x.coll AND d.key = x.key`,
        [this.name, json],
      );
      await client.query(
        `INSERT INTO doc_deletions (store, coll, key, seq)
         SELECT $1, x.coll, x.key, $2 FROM jsonb_to_recordset($3::jsonb) AS x(coll text, key text)
         ON CONFLICT (store, coll, key) DO UPDATE SET seq = EXCLUDED.seq, at = now()`,
        [this.name, seq, json],
      );
    }
  }

  /** Reads every row and deletion newer than this instance's view, in one snapshot, and applies them. */
  private async catchUpWith(client: pg.PoolClient): Promise<void> {
    // A deletion record is pruned after a day; an instance idle that long reloads everything.
    if (Date.now() - this.lastCatchUpAt > 12 * 3600_000) {
      const head = (await client.query('SELECT seq FROM doc_heads WHERE store = $1', [this.name])).rows[0];
      this.doc = validateOrThrow(this.spec, await loadRows(client, this.spec));
      this.seq = Number(head?.seq ?? this.seq);
      this.lastCatchUpAt = Date.now();
      return;
    }
    const { rows } = await client.query<RowChange>(
      `SELECT 'r' AS kind, coll, key, value, seq FROM doc_rows WHERE store = $1 AND seq > $2
       UNION ALL SELECT 'd', coll, key, NULL, seq FROM doc_deletions WHERE store = $1 AND seq > $2
       UNION ALL SELECT 'h', NULL, NULL, NULL, seq FROM doc_heads WHERE store = $1`,
      [this.name, this.seq],
    );
    const doc = this.doc as Record<string, any>;
    for (const row of rows) {
      if (row.kind === 'h') continue;
      const rows = row.coll === VALUE_COLLECTION ? doc : (doc[row.coll!] ??= {});
      if (row.kind === 'r') rows[row.key!] = row.value;
      else delete rows[row.key!];
    }
    const head = rows.find((r) => r.kind === 'h');
    if (head) this.seq = Number(head.seq);
    this.lastCatchUpAt = Date.now();
  }
}

async function loadRows<D>(client: pg.PoolClient, spec: PgDocumentSpec<D>): Promise<Record<string, unknown>> {
  const head = (await client.query('SELECT shape FROM doc_heads WHERE store = $1', [spec.name])).rows[0];
  const { rows } = await client.query('SELECT coll, key, value FROM doc_rows WHERE store = $1', [spec.name]);
  return assembleDocument((head?.shape ?? {}) as DocumentShape, rows);
}

function validateOrThrow<D>(spec: PgDocumentSpec<D>, data: unknown): D {
  try {
    return spec.validate(data);
  } catch (err) {
    const issue = (err as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues?.[0];
    const where = issue ? `at "${(issue.path ?? []).map(String).join('.') || '(root)'}": ${issue.message ?? 'invalid'}` : 'validation failed';
    throw new StoreCorruptError(`database store ${spec.name}`, `the data does not match the expected schema ${where}`, { cause: err });
  }
}
