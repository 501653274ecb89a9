// Which engine keeps the stores of a data directory: the JSON files (lowdb, default) or PostgreSQL.
// Every store opens through openStore(); services only ever see DocumentStore, so nothing above
// this file knows which engine runs. The engine is registered per DATA_DIR (the key every store
// path already carries), as the encryption key is.
import path from 'node:path';
import type { DocumentStore } from './documentStore.js';
import { JsonStore, type JsonStoreOptions } from './jsonStore.js';

/** The open stores of a data directory by name ("escalations.json"): retention and the access export work on these. */
export interface StoreLookup {
  storeOf(name: string): DocumentStore<object> | undefined;
}

export interface StoreEngine extends StoreLookup {
  readonly kind: 'lowdb' | 'postgres';
  /** Opens (creating or migrating) the store named by the file's base name. */
  open<D extends object>(opts: JsonStoreOptions<D>): Promise<DocumentStore<D>>;
  /** Catches up with commits other instances made (before a turn or a worker pass). */
  sync(): Promise<void>;
  /** For /readyz. */
  ready(): Promise<{ ok: boolean; detail: string }>;
  /** False while the database is unreachable: turns answer "temporarily unavailable" at once. */
  readonly available: boolean;
}

const engines = new Map<string, StoreEngine>();

export function registerEngine(dataDir: string, engine: StoreEngine): () => void {
  const dir = path.resolve(dataDir);
  engines.set(dir, engine);
  return () => {
    if (engines.get(dir) === engine) engines.delete(dir);
  };
}

export function engineFor(dataDir: string): StoreEngine | undefined {
  return engines.get(path.resolve(dataDir));
}

/** Opens a store with the engine registered for its directory; JSON files when none is. */
export function openStore<D extends object>(opts: JsonStoreOptions<D>): Promise<DocumentStore<D>> {
  const engine = engineFor(path.dirname(path.resolve(opts.file)));
  return engine ? engine.open(opts) : JsonStore.open(opts);
}
