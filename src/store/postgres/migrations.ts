// Versioned SQL migrations of the PostgreSQL store, run at start-up under an advisory lock so that
// instances starting together migrate once. A database newer than this code refuses the start.
import type pg from 'pg';
import { StartupRefusal } from '../../startup/refusal.js';
import type { Database } from './database.js';

/** pg_advisory_xact_lock key of schema changes ("lotse" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6c6f747365;

/** migrations[i] takes the schema from version i to i + 1. Never edit a shipped entry; append. */
export const SQL_MIGRATIONS: readonly string[] = [
  `CREATE TABLE lotse_schema (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL);
   INSERT INTO lotse_schema VALUES (1, 0);
   -- One row per store (capability): the sequence of its last commit and its record schema version.
   CREATE TABLE doc_heads (store text PRIMARY KEY, seq bigint NOT NULL, schema_version int NOT NULL,
     shape jsonb NOT NULL); -- top-level key → "map" (one row per key) or "value" (one row)
   -- One row per record (or per top-level value) of a store, stamped with the commit that wrote it.
   CREATE TABLE doc_rows (store text NOT NULL, coll text NOT NULL, key text NOT NULL, value jsonb NOT NULL,
     seq bigint NOT NULL, PRIMARY KEY (store, coll, key));
   CREATE INDEX doc_rows_by_seq ON doc_rows (store, seq);
   -- Deleted keys, so other instances catching up learn of deletions; pruned after a day.
   CREATE TABLE doc_deletions (store text NOT NULL, coll text NOT NULL, key text NOT NULL, seq bigint NOT NULL,
     at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (store, coll, key));
   CREATE INDEX doc_deletions_by_seq ON doc_deletions (store, seq);
   -- Append-only audit trail (JVollzDSG § 35): ids and fixed codes only.
   CREATE TABLE audit_log (id bigserial PRIMARY KEY, time timestamptz NOT NULL, entry jsonb NOT NULL);
   -- botbuilder Storage (dialog and user state) is the store "state.json": one row per key in doc_rows,
   -- so retention, the access export and migration treat it like every store. This view shows it as a table.
   CREATE VIEW bot_state AS SELECT key, value->>'eTag' AS etag, value->'value' AS value, value->>'at' AS updated_at
     FROM doc_rows WHERE store = 'state.json' AND coll = 'items';`,
];

export const SCHEMA_VERSION = SQL_MIGRATIONS.length;

async function currentVersion(client: pg.PoolClient): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('lotse_schema') IS NOT NULL AS present`);
  if (!exists.rows[0].present) return 0;
  return (await client.query('SELECT version FROM lotse_schema WHERE id = 1')).rows[0]?.version ?? 0;
}

/** Brings the database to SCHEMA_VERSION; returns the versions applied. */
export async function migrate(db: Database): Promise<{ from: number; to: number }> {
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const from = await currentVersion(client);
    if (from > SCHEMA_VERSION) {
      throw new StartupRefusal(
        `The database schema has version ${from}, written by a newer version of Integrationslotse; this version knows up to ${SCHEMA_VERSION}. ` +
          'Refusing to start; the database is untouched.',
      );
    }
    for (let v = from; v < SCHEMA_VERSION; v++) {
      await client.query(SQL_MIGRATIONS[v]!);
      await client.query('UPDATE lotse_schema SET version = $1 WHERE id = 1', [v + 1]);
    }
    return { from, to: SCHEMA_VERSION };
  });
}
