// The storage of one bot process, whichever engine STORE chose: the data directory of JSON files
// (lowdb: lock, key, manifest) or PostgreSQL (shared by every instance). The app asks it to catch up
// before each turn and worker pass, whether it is reachable, and for the audit trail; capabilities
// never see it — their stores open through openStore(), which finds the engine registered here.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/env.js';
import type { Logger } from '../log/logger.js';
import { AuditLog } from '../audit/auditLog.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { PgAuditLog } from '../audit/pgAuditLog.js';
import { openDataDir } from './dataDir.js';
import { loadStoreKey } from './encryption.js';
import { registerEngine, type StoreLookup } from './engine.js';
import { PgEngine } from './postgres/pgEngine.js';

export interface Storage {
  readonly kind: 'lowdb' | 'postgres';
  /** The open stores by name, for retention and the access export. */
  readonly stores: StoreLookup;
  /** False while the database is unreachable (always true for the JSON files). */
  readonly available: boolean;
  /** Catches up with commits of other instances; throws DatabaseUnavailableError when the database is gone. */
  sync(): Promise<void>;
  /** For /readyz. */
  ready(): Promise<{ ok: boolean; detail: string }>;
  openAudit(): Promise<AuditTrail>;
  /** Once every store is open: records them (lowdb manifest). */
  opened(): Promise<void>;
  /** After every store is closed: lock released / pool ended. */
  release(): Promise<void>;
}

export async function openStorage(config: Config, log: Logger, opts: { storeInit?: boolean } = {}): Promise<Storage> {
  if (config.store.engine === 'postgres') {
    await mkdir(config.dataDir, { recursive: true }); // logs of the console chat; no store file goes here
    const engine = await PgEngine.open({ url: config.store.url, poolMax: config.store.poolMax, log });
    const unregister = registerEngine(config.dataDir, engine);
    return {
      kind: 'postgres',
      stores: engine,
      get available() {
        return engine.available;
      },
      sync: () => engine.sync(),
      ready: () => engine.ready(),
      openAudit: async () => new PgAuditLog(engine.db),
      opened: async () => {},
      async release() {
        unregister();
        await engine.close();
      },
    };
  }
  const ring = await loadStoreKey(config.storeKeyFile, (event) => log.warn(event, {}));
  const dataDir = await openDataDir(config.dataDir, { ring, init: opts.storeInit, log });
  return {
    kind: 'lowdb',
    stores: dataDir.context,
    available: true,
    sync: async () => {},
    ready: async () => ({ ok: true, detail: 'lowdb' }),
    openAudit: () => AuditLog.open(path.join(config.dataDir, 'audit.jsonl'), log),
    opened: () => dataDir.saveManifest(),
    release: () => dataDir.release(),
  };
}
