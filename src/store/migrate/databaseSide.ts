// The PostgreSQL side of a migration: whether the database already holds data, writing a snapshot
// into an empty database (inside the caller's transaction), and reading one back in the row formats
// the engine uses (doc_heads + doc_rows per store, audit_log in id order).
import type pg from 'pg';
import type { StoredAuditEntry } from '../../audit/auditLog.js';
import { assembleDocument, shapeOf, writeAllRows, type DocumentShape } from '../postgres/documentRows.js';
import type { Snapshot, StoreDocument } from './snapshot.js';

/** Tables whose rows mean "this database is in use" (bot_state may be a view over doc_rows; counting works on both). */
const DATA_TABLES = ['doc_heads', 'doc_rows', 'audit_log', 'bot_state'] as const;

/** Rows per data table that exists; an empty object for a database without our schema. */
export async function existingRows(client: pg.ClientBase): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of DATA_TABLES) {
    const present = (await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [table])).rows[0].present;
    // The table name comes from the fixed list above, never from input.
    if (present) rows[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  }
  return rows;
}

/** Audit entries per INSERT: one statement stays well below PostgreSQL's parameter and size limits. */
const AUDIT_CHUNK = 5000;

/** Writes every store (as a new store at seq 1, the way the engine creates one) and the audit trail in order. */
export async function writeSnapshot(client: pg.ClientBase, snapshot: Snapshot): Promise<void> {
  for (const store of snapshot.stores) {
    await client.query('INSERT INTO doc_heads (store, seq, schema_version, shape) VALUES ($1, 1, $2, $3)', [
      store.name,
      store.schemaVersion,
      JSON.stringify(shapeOf(store.data)),
    ]);
    await writeAllRows(client as pg.PoolClient, store.name, store.data, 1);
  }
  // Explicit ids 1…n keep the file's order exactly; the sequence then continues after them.
  for (let i = 0; i < snapshot.audit.length; i += AUDIT_CHUNK) {
    await client.query(
      `INSERT INTO audit_log (id, time, entry)
       SELECT $1::bigint + x.n, (x.e->>'time')::timestamptz, x.e FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(e, n)`,
      [i, JSON.stringify(snapshot.audit.slice(i, i + AUDIT_CHUNK))],
    );
  }
  if (snapshot.audit.length > 0) await client.query(`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), $1)`, [snapshot.audit.length]);
}

/** Every store and the audit trail as the database holds them now (call inside one transaction for a consistent view). */
export async function readSnapshot(client: pg.ClientBase): Promise<Snapshot> {
  const heads = (await client.query<{ store: string; schema_version: number; shape: DocumentShape }>(
    'SELECT store, schema_version, shape FROM doc_heads ORDER BY store',
  )).rows;
  const rowsByStore = new Map<string, { coll: string; key: string; value: unknown }[]>();
  const rows = await client.query<{ store: string; coll: string; key: string; value: unknown }>('SELECT store, coll, key, value FROM doc_rows');
  for (const row of rows.rows) {
    const list = rowsByStore.get(row.store) ?? [];
    list.push(row);
    rowsByStore.set(row.store, list);
  }
  const stores: StoreDocument[] = heads.map((h) => ({
    name: h.store,
    schemaVersion: Number(h.schema_version),
    data: assembleDocument(h.shape, rowsByStore.get(h.store) ?? []),
  }));
  const audit = (await client.query<{ entry: StoredAuditEntry }>('SELECT entry FROM audit_log ORDER BY id')).rows.map((r) => r.entry);
  return { stores, audit };
}

/** The schema version the database was migrated to; 0 when it holds no Integrationslotse schema. */
export async function schemaVersionOf(client: pg.ClientBase): Promise<number> {
  const present = (await client.query(`SELECT to_regclass('lotse_schema') IS NOT NULL AS present`)).rows[0].present;
  if (!present) return 0;
  return Number((await client.query('SELECT version FROM lotse_schema WHERE id = 1')).rows[0]?.version ?? 0);
}
