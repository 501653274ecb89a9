// The storage of an operator script (import, export, knowledge, figures:export), whichever engine STORE
// chose. lowdb: with `lock`, DATA_DIR as the bot opens it (lock, key, record of store files), refused
// while the bot holds it; without, only the key, for reading next to a running bot (appending to the
// audit log is safe: lines are written whole). PostgreSQL: the database either way — no lock, every
// commit is a transaction. Stores then open (or are read) through the capability's normal functions.
import path from 'node:path';
import { AuditLog } from '../../src/audit/auditLog.js';
import type { AuditTrail } from '../../src/audit/auditTrail.js';
import type { Config } from '../../src/config/env.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import { useStoreKey } from '../../src/store/dataDir.js';
import { loadStoreKey } from '../../src/store/encryption.js';
import { LockHeldError } from '../../src/store/errors.js';
import { openStorage } from '../../src/store/storage.js';
import { isStartupRefusal } from '../../src/startupErrors.js';

export interface ScriptStorage {
  readonly kind: 'lowdb' | 'postgres';
  openAudit(): Promise<AuditTrail>;
  /** Records the store files opened so far as belonging to DATA_DIR (lowdb with the lock). */
  opened(): Promise<void>;
  /** Lock released / key unregistered / pool ended. */
  release(): Promise<void>;
}

/** Warnings only, as JSON lines on stderr: the script prints its results itself. */
export const scriptLogger = (): Logger => createLogger('warn', (line) => process.stderr.write(line + '\n'));

export async function openScriptStorage(config: Config, opts: { lock: boolean; log?: Logger }): Promise<ScriptStorage> {
  const log = opts.log ?? scriptLogger();
  if (config.store.engine === 'postgres' || opts.lock) return openStorage(config, log);
  const unregister = useStoreKey(config.dataDir, await loadStoreKey(config.storeKeyFile, (event) => log.warn(event, {})));
  return {
    kind: 'lowdb',
    openAudit: () => AuditLog.open(path.join(config.dataDir, 'audit.jsonl'), log),
    opened: async () => {},
    release: async () => unregister(),
  };
}

/**
 * Says why the storage could not be opened and exits: 3 while the bot (or another command) holds
 * DATA_DIR, the refusal's own code for a key, store or database problem. Anything else is a bug: rethrown.
 */
export function exitRefused(err: unknown, command: string, nothingDone: string): never {
  if (err instanceof LockHeldError) {
    console.error(`${command} refused: ${err.message}\nThe bot (or another command) holds this DATA_DIR. Stop it, then run the command again. ${nothingDone}`);
    process.exit(3);
  }
  const refusal = isStartupRefusal(err);
  if (!refusal) throw err;
  console.error(`${command} refused: ${refusal.message} ${nothingDone}`);
  process.exit(refusal.exitCode);
}
