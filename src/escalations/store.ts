// DATA_DIR/escalations.json: the cases, their id counters and coordinators' display names. Owned by
// this capability; validated on open, written durably through JsonStore (group commit).
import path from 'node:path';
import { JsonStore } from '../store/jsonStore.js';
import type { Logger } from '../log/logger.js';
import { emptyEscalationData, escalationDataSchema, type EscalationData } from './types.js';

export const ESCALATIONS_FILE = 'escalations.json';
export const ESCALATIONS_SCHEMA_VERSION = 1;

/** Pure migrations: key n upgrades schema version n to n + 1. */
export const escalationMigrations: Record<number, (data: any) => any> = {};

export function openEscalationStore(dataDir: string, log?: Logger): Promise<JsonStore<EscalationData>> {
  return JsonStore.open<EscalationData>({
    file: path.join(dataDir, ESCALATIONS_FILE),
    schemaVersion: ESCALATIONS_SCHEMA_VERSION,
    initial: emptyEscalationData,
    validate: (data) => escalationDataSchema.parse(data),
    migrations: escalationMigrations,
    log,
  });
}
