// `npm run store:rekey -- [--new-key] [--drop-old] [--decrypt]`: key rotation and first encryption.
//   (no flag)   re-encrypts every DATA_DIR file under the current key of STORE_KEY_FILE (also encrypts
//               plain files: the way to switch encryption on for an existing DATA_DIR)
//   --new-key   first adds a fresh key to STORE_KEY_FILE as current (the old keys stay), then re-encrypts
//   --drop-old  afterwards removes every key but the current one from STORE_KEY_FILE
//   --decrypt   writes every file in plain text (then set STORE_ENCRYPTION=off and unset STORE_KEY_FILE)
// Crash-safe: the new key is in the key file before any data file is rewritten, each file is replaced
// atomically, and old keys are dropped only after every file was rewritten. After a crash, run it again.
// Refused while the bot holds DATA_DIR. Exit codes: 1 a file could not be re-encrypted, 2 usage/configuration, 3 busy.
import { loadConfigOrExit } from '../src/config/env.js';
import { keyFileContent, loadKeyFile, withNewKey, writeKeyFile } from '../src/store/encryption.js';
import { LockHeldError } from '../src/store/errors.js';
import { acquireLock } from '../src/store/lock.js';
import { rekeyDataDir } from '../src/store/rekey.js';
import { isStartupRefusal } from '../src/startupErrors.js';
import { exitWithUsage, parseCliArgs } from './lib/cliArgs.js';

const USAGE = 'Usage: npm run store:rekey -- [--new-key] [--drop-old] [--decrypt]   (STORE_KEY_FILE must be set)';

const args = parseCliArgs(USAGE, { 'new-key': { type: 'boolean', default: false }, 'drop-old': { type: 'boolean', default: false }, decrypt: { type: 'boolean', default: false } });
if (args.decrypt && (args['new-key'] || args['drop-old'])) exitWithUsage('--decrypt cannot be combined with --new-key or --drop-old.', USAGE);
const config = loadConfigOrExit();
if (config.store.engine === 'postgres') {
  // The key and the store files are the JSON engine's; the database creates its schema itself and its storage encryption is its own.
  console.error('store:rekey works on the JSON files in DATA_DIR; with STORE=postgres there are none (the database migrates its schema at start-up, and encryption at rest is the database\'s). Nothing was done.');
  process.exit(2);
}
if (!config.storeKeyFile) exitWithUsage('STORE_KEY_FILE is not set. Create a key with npm run store:init -- --generate-key after setting it.', USAGE);

let lock;
try {
  lock = await acquireLock(config.dataDir);
} catch (err) {
  if (err instanceof LockHeldError) {
    console.error(`Rekey refused: ${err.message}\nThe bot (or another command) holds this DATA_DIR. Stop it, then run the command again. Nothing was changed.`);
    process.exit(3);
  }
  throw err;
}

let exitCode = 0;
try {
  let ring = await loadKeyFile(config.storeKeyFile);
  if (args['new-key']) {
    ring = await writeKeyFile(config.storeKeyFile, withNewKey(keyFileContent(ring)));
    console.log(`Added key "${ring.current.id}" to ${config.storeKeyFile} as the current key.`);
  }
  const result = await rekeyDataDir(config.dataDir, ring, args.decrypt ? 'decrypt' : 'encrypt');
  console.log(`${args.decrypt ? 'Decrypted' : `Re-encrypted with key "${ring.current.id}"`}: ${result.rewritten.length} file(s)${result.rewritten.length ? ` (${result.rewritten.join(', ')})` : ''}; already up to date: ${result.unchanged.length}.`);
  if (args['drop-old']) {
    const kept = { current: ring.current.id, keys: { [ring.current.id]: ring.current.key.toString('base64') } };
    await writeKeyFile(config.storeKeyFile, kept);
    console.log(`Removed ${ring.keys.length - 1} old key(s) from ${config.storeKeyFile}.`);
  }
} catch (err) {
  const refusal = isStartupRefusal(err);
  console.error(`Rekey stopped: ${refusal?.message ?? (err as Error).message}\nFiles rewritten so far are whole and readable with the keys in STORE_KEY_FILE; fix the problem and run the command again.`);
  exitCode = 1;
} finally {
  await lock.release();
}
process.exit(exitCode);
