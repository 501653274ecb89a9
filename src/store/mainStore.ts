// The main store file (DATA_DIR/store.json): every capability's records, validated on open.
// A capability that adds a collection bumps MAIN_SCHEMA_VERSION and adds a migration below.
import { z } from 'zod';
import { openStore } from './engine.js';
import type { DocumentStore } from './documentStore.js';
import type { Logger } from '../log/logger.js';
import { roleAssignmentSchema } from '../roles/types.js';
import { conversationRecordSchema } from '../conversations/types.js';

export const MAIN_SCHEMA_VERSION = 1;

export const mainDataSchema = z
  .object({
    roleAssignments: z.record(z.string(), roleAssignmentSchema),
    conversations: z.record(z.string(), conversationRecordSchema),
    counters: z.record(z.string(), z.number().int().nonnegative()),
  })
  .strict();

export type MainData = z.infer<typeof mainDataSchema>;

/** Pure migrations: key n upgrades data of schema version n to n + 1. */
export const mainMigrations: Record<number, (data: any) => any> = {};

export function emptyMainData(): MainData {
  return { roleAssignments: {}, conversations: {}, counters: {} };
}

export function openMainStore(file: string, log?: Logger): Promise<DocumentStore<MainData>> {
  return openStore<MainData>({
    file,
    schemaVersion: MAIN_SCHEMA_VERSION,
    initial: emptyMainData,
    validate: (data) => mainDataSchema.parse(data),
    migrations: mainMigrations,
    log,
  });
}
