// Opens the store a capability owns (DATA_DIR/<fileName>, or its rows in PostgreSQL): validated
// against its zod schema on open, migrated from older schema versions, written durably.
import path from 'node:path';
import type { z } from 'zod';
import type { DocumentStore } from './documentStore.js';
import { openStore } from './engine.js';
import type { JsonStoreOptions } from './jsonStore.js';

/** What a capability declares about its file; the store does the rest. */
export interface CapabilityStoreSpec<D extends object> {
  /** File name inside DATA_DIR, e.g. "checklists.json" (the store's name under PostgreSQL). */
  fileName: string;
  schemaVersion: number;
  schema: z.ZodType<D>;
  /** Data of a new install (no file yet). */
  initial: () => D;
  /** migrations[v] turns version-v data into version v+1 data; pure functions. */
  migrations?: Record<number, (data: any) => any>;
}

/** Everything else the store takes (logger, test hooks, …), passed through unchanged. */
export type CapabilityStoreOptions<D extends object> = Omit<JsonStoreOptions<D>, 'file' | 'schemaVersion' | 'initial' | 'validate' | 'migrations'>;

export function openCapabilityStore<D extends object>(
  dataDir: string,
  spec: CapabilityStoreSpec<D>,
  options: CapabilityStoreOptions<D> = {},
): Promise<DocumentStore<D>> {
  return openStore<D>({
    ...options,
    file: path.join(dataDir, spec.fileName),
    schemaVersion: spec.schemaVersion,
    initial: spec.initial,
    validate: (data) => spec.schema.parse(data),
    migrations: spec.migrations ?? {},
  });
}
