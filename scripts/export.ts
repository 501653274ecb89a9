// `npm run export -- [--format csv|json] [--out <dir>]`: writes the contact directory (DATA_DIR, or the
// database with STORE=postgres) as contacts.csv + responsibilities.csv (default; cells a spreadsheet would
// execute are neutralised) or the same as JSON — the formats `npm run import` reads. Read-only on the
// store, so it works while the bot runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit } from '../src/config/env.js';
import { exportCsv, exportJson } from '../src/directory/export.js';
import { DIRECTORY_FILE, readDirectoryFile } from '../src/directory/service.js';
import { exitWithUsage, parseCliArgs } from './lib/cliArgs.js';
import { exitRefused, openScriptStorage, type ScriptStorage } from './lib/scriptStorage.js';

const USAGE = `Usage: npm run export -- [--format csv|json] [--out <dir>]   (default: csv into ./directory-export)`;

const args = parseCliArgs(USAGE, { format: { type: 'string', default: 'csv' }, out: { type: 'string', default: 'directory-export' } });
const format = args.format;
if (format !== 'csv' && format !== 'json') exitWithUsage('--format must be csv or json.', USAGE);

const config = loadConfigOrExit();
let storage: ScriptStorage;
try {
  storage = await openScriptStorage(config, { lock: false }); // read-only next to the bot: the key, not the lock
} catch (err) {
  exitRefused(err, 'Export', 'Nothing was exported.');
}

const where = storage.kind === 'postgres' ? 'the database' : `${config.dataDir} (${DIRECTORY_FILE})`;
const data = await readDirectoryFile(config.dataDir).then(
  (found) => found ?? `There is no directory in ${where} yet (the bot creates it on its first start; or run npm run import).`,
  (err: Error) => err.message,
);
if (typeof data === 'string') {
  console.error(data);
  await storage.release();
  process.exit(1);
}

const out = path.resolve(args.out!);
mkdirSync(out, { recursive: true });
const files = format === 'csv' ? exportCsv(data) : exportJson(data);
const contactsFile = path.join(out, `contacts.${format}`);
const responsibilitiesFile = path.join(out, `responsibilities.${format}`);
writeFileSync(contactsFile, files.contacts, { mode: 0o600 });
writeFileSync(responsibilitiesFile, files.responsibilities, { mode: 0o600 });

// One entry for the bulk read (appends; safe next to a running bot).
const audit = await storage.openAudit();
try {
  await audit.record({ actor: 'cli', action: 'directory.export', role: 'admin', outcome: 'ok' });
} finally {
  await audit.close();
  await storage.release();
}
console.log(`Exported ${Object.keys(data.contacts).length} contacts and ${data.responsibilities.length} responsibilities:\n  ${contactsFile}\n  ${responsibilitiesFile}`);
