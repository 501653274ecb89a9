// What every part of the bot sees of the audit trail (JVollzDSG NRW § 35), whichever engine keeps it:
// the append-only file DATA_DIR/audit.jsonl (AuditLog) or the audit_log table (PgAuditLog).
import type { AuditEntry, StoredAuditEntry } from './auditLog.js';

export interface AuditTrail {
  /** Resolves once the entry is durable. Rejects (TypeError) on anything but ids and fixed codes. */
  record(entry: AuditEntry): Promise<void>;
  /** Resolves when everything recorded so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Every stored entry, oldest first (access export, retention's dry run). */
  entries(): Promise<StoredAuditEntry[]>;
  /** Keeps only the entries `keep` accepts (retention, erasure), atomically. */
  rewrite(keep: (entry: StoredAuditEntry) => boolean): Promise<{ kept: number; removed: number }>;
}
