// Which languages an institution actually needed: the interpreter requests of the last 12 months. The
// material library sees them only through this port (counts per language, nothing else); the wiring
// passes in the implementation below, which reads the interpreter capability's durable file read-only.
import path from 'node:path';
import { readStoreDocument } from '../store/storeReader.js';
import { INTERPRETER_FILE, INTERPRETER_SCHEMA_VERSION, interpreterDataSchema } from '../interpreters/store.js';

export interface LanguageDemandPort {
  /** language code → number of interpreter requests created at `institutionId` since `since`. */
  requestsByLanguage(institutionId: string, since: Date): Promise<Map<string, number>>;
}

/**
 * Reads DATA_DIR/interpreters.json (or its rows in the database) as last written durably (the interpreter capability owns and writes
 * it; this never writes). A missing file means no requests yet.
 */
export function interpreterFileDemand(dataDir: string): LanguageDemandPort {
  const file = path.join(dataDir, INTERPRETER_FILE);
  return {
    async requestsByLanguage(institutionId, since) {
      const counts = new Map<string, number>();
      const envelope = await readStoreDocument(file, INTERPRETER_SCHEMA_VERSION);
      if (!envelope) return counts;
      const data = interpreterDataSchema.parse(envelope.data);
      const from = since.toISOString();
      for (const r of Object.values(data.requests)) {
        if (r.institutionId !== institutionId || r.createdAt < from) continue;
        counts.set(r.language, (counts.get(r.language) ?? 0) + 1);
      }
      return counts;
    },
  };
}
