// Reads a store's current document without opening it — no lock, nothing created or migrated — for
// readers next to the owner (exports, dry runs, figures, material demand). On the JSON files the owner
// replaces a file atomically, so a read sees one whole, checksum-verified version; on PostgreSQL (the
// engine registered for the directory) the head and rows are read in one snapshot.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DurableJsonFile } from './durableFile.js';
import { engineFor } from './engine.js';
import type { DocumentStore } from './documentStore.js';
import { StoreVersionError, StoreWriteError } from './errors.js';
import { assembleDocument, type DocumentShape } from './postgres/documentRows.js';
import { PgEngine } from './postgres/pgEngine.js';
import type { Database } from './postgres/database.js';

export interface StoredDocument {
  /** The version it was written with (older versions are returned as they are). */
  schemaVersion: number;
  data: unknown;
}

function databaseOf(file: string): Database | undefined {
  const engine = engineFor(path.dirname(path.resolve(file)));
  return engine instanceof PgEngine ? engine.db : undefined;
}

/** The store kept as `file` (its name under PostgreSQL); undefined when there is none yet. Throws StoreVersionError for newer data. */
export async function readStoreDocument(file: string, schemaVersion: number): Promise<StoredDocument | undefined> {
  const db = databaseOf(file);
  if (!db) {
    const env = await new DurableJsonFile<unknown>(file, { schemaVersion }).readEnvelope();
    return env ? { schemaVersion: env.schemaVersion, data: env.data } : undefined;
  }
  const name = path.basename(file);
  return db.transaction(async (client) => {
    // One snapshot for head and rows: a commit of the bot meanwhile is either wholly in or wholly out.
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const head = (await client.query('SELECT schema_version, shape FROM doc_heads WHERE store = $1', [name])).rows[0];
    if (!head) return undefined;
    const found = Number(head.schema_version);
    if (found > schemaVersion) throw new StoreVersionError(`database store ${name}`, found, schemaVersion);
    const { rows } = await client.query('SELECT coll, key, value FROM doc_rows WHERE store = $1', [name]);
    return { schemaVersion: found, data: assembleDocument(head.shape as DocumentShape, rows) };
  });
}

/** Changes whenever the store changes; "none" while there is none. The key of a reader's cache. */
export async function storeStamp(file: string): Promise<string> {
  const db = databaseOf(file);
  if (db) {
    const head = (await db.query('SELECT seq FROM doc_heads WHERE store = $1', [path.basename(file)])).rows[0];
    return head ? `seq:${head.seq}` : 'none';
  }
  try {
    const s = await stat(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw err;
  }
}

export async function storeExists(file: string): Promise<boolean> {
  return (await storeStamp(file)) !== 'none';
}

/** A store that shows `data` and refuses every commit: what a dry run works on, so it cannot change or create anything. */
export function readOnlyStore<D extends object>(name: string, data: D): DocumentStore<D> {
  return {
    name,
    data,
    commit: () => Promise.reject(new StoreWriteError(name, 'this is a dry run; nothing is written')),
    flush: async () => {},
    close: async () => {},
  };
}
