// What a migration carries from one engine to the other: every store document as it is stored (with
// its record schema version; no capability schema is applied, so data is copied exactly) and the
// audit trail in order. Both sides read into and write from this shape.
import type { StoredAuditEntry } from '../../audit/auditLog.js';

export interface StoreDocument {
  /** The store's name: its file name under lowdb ("escalations.json"), its key in doc_heads under PostgreSQL. */
  name: string;
  schemaVersion: number;
  data: Record<string, unknown>;
}

export interface Snapshot {
  /** Sorted by name. */
  stores: StoreDocument[];
  /** Oldest first. */
  audit: StoredAuditEntry[];
}

/** The audit log's file name in DATA_DIR; under PostgreSQL the table audit_log. */
export const AUDIT_FILE = 'audit.jsonl';

/** A store name from the database becomes a file name: a plain *.json name, nothing that leaves DATA_DIR. */
export const isPlainStoreName = (name: string): boolean =>
  name.endsWith('.json') && !name.startsWith('.') && !name.includes('/') && !name.includes('\\') && name.length <= 200;
