// `npm run export -- [--format csv|json] [--out <dir>]`: writes the contact directory of DATA_DIR as
// contacts.csv + responsibilities.csv (default; cells a spreadsheet would execute are neutralised) or the
// same as JSON — the formats `npm run import` reads. Read-only on the store, so it works while the bot runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../src/audit/auditLog.js';
import { loadConfigOrExit } from '../src/config/env.js';
import { exportCsv, exportJson } from '../src/directory/export.js';
import { DIRECTORY_FILE, readDirectoryFile } from '../src/directory/service.js';
import { useStoreKey } from '../src/store/dataDir.js';
import { loadStoreKey } from '../src/store/encryption.js';
import { exitWithUsage, parseCliArgs } from './lib/cliArgs.js';

const USAGE = `Usage: npm run export -- [--format csv|json] [--out <dir>]   (default: csv into ./directory-export)`;

const args = parseCliArgs(USAGE, { format: { type: 'string', default: 'csv' }, out: { type: 'string', default: 'directory-export' } });
const format = args.format;
if (format !== 'csv' && format !== 'json') exitWithUsage('--format must be csv or json.', USAGE);

const config = loadConfigOrExit();
try {
  useStoreKey(config.dataDir, await loadStoreKey(config.storeKeyFile)); // read-only next to the bot: the key, not the lock
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

let data;
try {
  data = await readDirectoryFile(config.dataDir);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
if (!data) {
  console.error(`There is no ${DIRECTORY_FILE} in ${config.dataDir} yet (the bot creates it on its first start; or run npm run import).`);
  process.exit(1);
}

const out = path.resolve(args.out!);
mkdirSync(out, { recursive: true });
const files = format === 'csv' ? exportCsv(data) : exportJson(data);
const contactsFile = path.join(out, `contacts.${format}`);
const responsibilitiesFile = path.join(out, `responsibilities.${format}`);
writeFileSync(contactsFile, files.contacts, { mode: 0o600 });
writeFileSync(responsibilitiesFile, files.responsibilities, { mode: 0o600 });

// One entry for the bulk read (appends; safe next to a running bot, lines are written whole).
const audit = await AuditLog.open(path.join(config.dataDir, 'audit.jsonl'));
await audit.record({ actor: 'cli', action: 'directory.export', role: 'admin', outcome: 'ok' });
await audit.close();
console.log(`Exported ${Object.keys(data.contacts).length} contacts and ${data.responsibilities.length} responsibilities:\n  ${contactsFile}\n  ${responsibilitiesFile}`);
