// The audit trail in PostgreSQL (STORE=postgres): one row per entry in audit_log, shared by every
// instance. Same validation as the file (ids and fixed codes only); an insert is durable once it resolves.
import type pg from 'pg';
import type { Database } from '../store/postgres/database.js';
import { validAuditEntry, type AuditEntry, type StoredAuditEntry } from './auditLog.js';
import type { AuditTrail } from './auditTrail.js';

export class PgAuditLog implements AuditTrail {
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(readonly db: Database) {}

  async record(entry: AuditEntry): Promise<void> {
    if (this.closed) throw new Error('AuditLog is closed');
    const stored = validAuditEntry(entry);
    const insert = this.db.query(INSERT, [stored.time, JSON.stringify(stored)]);
    this.pending.add(insert);
    try {
      await insert;
    } finally {
      this.pending.delete(insert);
    }
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  async entries(): Promise<StoredAuditEntry[]> {
    const { rows } = await this.db.query<{ entry: StoredAuditEntry }>('SELECT entry FROM audit_log ORDER BY id');
    return rows.map((r) => r.entry);
  }

  /** Deletes exactly the rejected entries by id; entries other instances add meanwhile stay. */
  async rewrite(keep: (entry: StoredAuditEntry) => boolean): Promise<{ kept: number; removed: number }> {
    if (this.closed) throw new Error('AuditLog is closed');
    await this.flush();
    const { rows } = await this.db.query<{ id: string; entry: StoredAuditEntry }>('SELECT id, entry FROM audit_log ORDER BY id');
    const gone = rows.filter((r) => !keep(r.entry)).map((r) => r.id);
    if (gone.length > 0) await this.db.query('DELETE FROM audit_log WHERE id = ANY($1::bigint[])', [gone]);
    return { kept: rows.length - gone.length, removed: gone.length };
  }
}

const INSERT = 'INSERT INTO audit_log (time, entry) VALUES ($1, $2)';

/** Inside a transaction of the same database: the entries are durable exactly when it commits. */
export async function insertAuditEntries(client: pg.PoolClient, entries: readonly AuditEntry[]): Promise<void> {
  for (const stored of entries.map(validAuditEntry)) await client.query(INSERT, [stored.time, JSON.stringify(stored)]);
}
