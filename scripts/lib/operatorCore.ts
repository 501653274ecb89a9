// Opens a DATA_DIR for an operator command (retention, privacy export/erase, store init) the way the
// bot does — lock, key, every store — but without HTTP and without sending anything. Refuses while
// the bot (or another command) holds the lock. Exit codes: 1 store problem, 2 usage/configuration, 3 DATA_DIR busy.
import { openCore, type AppCore } from '../../src/app.js';
import { loadConfigOrExit, type Config } from '../../src/config/env.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import type { DeliveryPort } from '../../src/outbox/types.js';
import { listStoreFiles } from '../../src/store/dataDir.js';
import type { StoreLookup } from '../../src/store/engine.js';
import { LockHeldError } from '../../src/store/errors.js';
import { isStartupRefusal } from '../../src/startupErrors.js';

export interface OperatorCore {
  config: Config;
  core: AppCore;
  /** The open stores (JSON files of DATA_DIR, or the database's). */
  context: StoreLookup;
  log: Logger;
}

/** Operator commands never send: the delivery worker is not started and this port refuses. */
const noSending: DeliveryPort = {
  send: () => Promise.reject(new Error('operator commands do not send messages')),
  update: () => Promise.reject(new Error('operator commands do not send messages')),
  accepts: () => false,
};

export async function openOperatorCore(command: string, opts: { storeInit?: boolean } = {}): Promise<OperatorCore> {
  const config = loadConfigOrExit();
  // Operator output goes to stderr as JSON lines only for warnings; results are printed by the command.
  const log = createLogger('warn', (line) => process.stderr.write(line + '\n'));
  if (config.store.engine === 'lowdb' && !opts.storeInit && (await listStoreFiles(config.dataDir)).length === 0) {
    console.error(`${command}: DATA_DIR ${config.dataDir} holds no store files (wrong DATA_DIR?). Nothing was done.`);
    process.exit(2);
  }
  let core: AppCore;
  try {
    core = await openCore(config, log, { deliveryPort: noSending, dailyRetention: false, storeInit: opts.storeInit });
  } catch (err) {
    if (err instanceof LockHeldError) {
      console.error(`${command} refused: ${err.message}\nThe bot (or another command) holds this DATA_DIR. Stop it, then run the command again. Nothing was done.`);
      process.exit(3);
    }
    const refusal = isStartupRefusal(err);
    if (refusal) {
      console.error(`${command}: ${refusal.message}`);
      process.exit(refusal.exitCode);
    }
    throw err;
  }
  return { config, core, context: core.storage.stores, log };
}
