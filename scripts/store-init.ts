// `npm run store:init -- [--generate-key]`: prepares DATA_DIR on purpose — creates every store file that
// is missing (the bot itself creates files only in an empty DATA_DIR, so a lost file is never silently
// replaced by an empty one) and records them in DATA_DIR/.store-files.json.
//   --generate-key  first writes a fresh key to STORE_KEY_FILE (mode 0600); refused if that file exists.
// Refused while the bot holds DATA_DIR.
import { existsSync } from 'node:fs';
import { loadConfigOrExit } from '../src/config/env.js';
import { listStoreFiles } from '../src/store/dataDir.js';
import { withNewKey, writeKeyFile } from '../src/store/encryption.js';
import { parseCliArgs } from './lib/cliArgs.js';
import { openOperatorCore } from './lib/operatorCore.js';

const USAGE = 'Usage: npm run store:init -- [--generate-key]';

const args = parseCliArgs(USAGE, { 'generate-key': { type: 'boolean', default: false } });

const config = loadConfigOrExit();
if (config.store.engine === 'postgres') {
  // The key and the store files are the JSON engine's; the database creates its schema itself and its storage encryption is its own.
  console.error('store:init works on the JSON files in DATA_DIR; with STORE=postgres there are none (the database migrates its schema at start-up, and encryption at rest is the database\'s). Nothing was done.');
  process.exit(2);
}
if (args['generate-key']) {
  if (!config.storeKeyFile) {
    console.error('--generate-key needs STORE_KEY_FILE: set it to where the key file shall be written (outside DATA_DIR and its backups).');
    process.exit(2);
  }
  if (existsSync(config.storeKeyFile)) {
    console.error(`${config.storeKeyFile} exists already; it was left untouched. To rotate the key run npm run store:rekey -- --new-key.`);
    process.exit(2);
  }
  const ring = await writeKeyFile(config.storeKeyFile, withNewKey(undefined));
  console.log(`Wrote a new store key "${ring.current.id}" to ${config.storeKeyFile} (mode 0600). Back it up separately from DATA_DIR: without it the data cannot be read.`);
}

const before = new Set(await listStoreFiles(config.dataDir));
const { core } = await openOperatorCore('Store init', { storeInit: true });
await core.close();
const created = (await listStoreFiles(config.dataDir)).filter((name) => !before.has(name));
console.log(`DATA_DIR ${config.dataDir}: ${created.length > 0 ? `created ${created.join(', ')}` : 'every store file was present'}${config.storeKeyFile ? ' (encrypted)' : ' (plain text: no STORE_KEY_FILE)'}.`);
process.exit(0);
