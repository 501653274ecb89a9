// DATA_DIR/escalations.json: the cases, their id counters and coordinators' display names. Owned by
// this capability; validated on open, written durably through JsonStore (group commit).
import type { Logger } from '../log/logger.js';
import { openCapabilityStore } from '../store/capabilityStore.js';
import type { DocumentStore } from '../store/documentStore.js';
import { emptyEscalationData, escalationDataSchema, type EscalationData } from './types.js';

export const ESCALATIONS_FILE = 'escalations.json';
export const ESCALATIONS_SCHEMA_VERSION = 1;

/** Pure migrations: key n upgrades schema version n to n + 1. */
export const escalationMigrations: Record<number, (data: any) => any> = {};

export function openEscalationStore(dataDir: string, log?: Logger): Promise<DocumentStore<EscalationData>> {
  return openCapabilityStore(
    dataDir,
    { fileName: ESCALATIONS_FILE, schemaVersion: ESCALATIONS_SCHEMA_VERSION, schema: escalationDataSchema, initial: emptyEscalationData, migrations: escalationMigrations },
    log ? { log } : {},
  );
}
