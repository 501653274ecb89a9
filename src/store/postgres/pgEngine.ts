// The PostgreSQL engine: one pool, the schema migrated at start-up, every store of the data directory
// as rows (PgDocumentStore), and sync() — one query that tells which stores other instances changed.
import path from 'node:path';
import { silentLogger, errorFields, type Logger } from '../../log/logger.js';
import type { DocumentStore } from '../documentStore.js';
import type { StoreEngine } from '../engine.js';
import type { JsonStoreOptions } from '../jsonStore.js';
import { Database } from './database.js';
import { migrate } from './migrations.js';
import { PgDocumentStore } from './pgDocumentStore.js';

export interface PgEngineOptions {
  url: string;
  poolMax: number;
  log?: Logger;
}

/** Deletion records older than this are pruned; an instance idle longer reloads a store whole. */
const PRUNE_EVERY_MS = 3600_000;

export class PgEngine implements StoreEngine {
  readonly kind = 'postgres' as const;
  private readonly stores = new Map<string, PgDocumentStore<object>>();
  private lastPruneAt = 0;

  private constructor(
    readonly db: Database,
    private readonly log: Logger,
  ) {}

  static async open(opts: PgEngineOptions): Promise<PgEngine> {
    const log = opts.log ?? silentLogger;
    const db = await Database.connect({ url: opts.url, poolMax: opts.poolMax, log });
    try {
      const { from, to } = await migrate(db);
      if (from !== to) log.info('database.migrated', { from, to });
    } catch (err) {
      await db.close();
      throw err;
    }
    return new PgEngine(db, log);
  }

  get available(): boolean {
    return this.db.available;
  }

  async open<D extends object>(opts: JsonStoreOptions<D>): Promise<DocumentStore<D>> {
    const name = path.basename(opts.file);
    const store = await PgDocumentStore.open<D>(this.db, {
      name,
      schemaVersion: opts.schemaVersion,
      initial: opts.initial,
      validate: opts.validate,
      migrations: opts.migrations,
      log: opts.log ?? this.log,
    });
    this.stores.set(name, store as unknown as PgDocumentStore<object>);
    return store;
  }

  /** The open store of a name such as "escalations.json". */
  storeOf(name: string): PgDocumentStore<object> | undefined {
    return this.stores.get(name);
  }

  async sync(): Promise<void> {
    if (this.stores.size === 0) return;
    const { rows } = await this.db.query<{ store: string; seq: string }>('SELECT store, seq FROM doc_heads WHERE store = ANY($1)', [[...this.stores.keys()]]);
    await Promise.all(rows.map((r) => this.stores.get(r.store)?.catchUp(Number(r.seq))));
    if (Date.now() - this.lastPruneAt > PRUNE_EVERY_MS) {
      this.lastPruneAt = Date.now();
      await this.db.query(`DELETE FROM doc_deletions WHERE at < now() - interval '1 day'`).catch((err) => this.log.warn('database.prune_failed', errorFields(err)));
    }
  }

  async ready(): Promise<{ ok: boolean; detail: string }> {
    const ok = await this.db.ping();
    return { ok, detail: ok ? 'postgres: reachable' : 'postgres: unreachable' };
  }

  async close(): Promise<void> {
    for (const store of this.stores.values()) await store.close().catch(() => {});
    await this.db.close();
  }
}
