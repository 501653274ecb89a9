// `npm run import -- [--replace] [--dry-run] [--lang de] <file>…`: imports contacts.csv / responsibilities.csv
// (or the same as JSON) into DATA_DIR/directory.json. All-or-nothing: any problem in any row → nothing is
// imported and every problem is listed with file, row and column. Refuses while the bot holds DATA_DIR.
// Exit codes: 0 imported (or dry run clean), 1 problems in the files, 2 usage/configuration, 3 DATA_DIR busy.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog } from '../src/audit/auditLog.js';
import { loadConfigOrExit } from '../src/config/env.js';
import { parseDirectoryFile, type ImportIssue } from '../src/directory/io.js';
import { applyImport, type ImportChanges } from '../src/directory/importApply.js';
import { formatIssue } from '../dialogs/directory/issueText.js';
import { DIRECTORY_FILE, DirectoryService, readDirectoryFile } from '../src/directory/service.js';
import { TopicMatcher } from '../src/directory/topics.js';
import { emptyDirectory, isoDay } from '../src/directory/types.js';
import type { Locale } from '../src/text/locale.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { systemClock } from '../src/time/clock.js';
import type { Identity } from '../src/roles/types.js';
import { LockHeldError } from '../src/store/errors.js';
import { openDataDir, useStoreKey } from '../src/store/dataDir.js';
import { loadStoreKey } from '../src/store/encryption.js';
import { isStartupRefusal } from '../src/startupErrors.js';

const USAGE = `Usage: npm run import -- [--replace] [--dry-run] [--lang de|en] <contacts.csv|responsibilities.csv|*.json> …

  Imports the contact directory into DATA_DIR/${DIRECTORY_FILE} (stop the bot first).
  default     merge: contacts are added or updated by id, responsibilities by institution × topic
  --replace   the files given replace all contacts / all responsibilities
  --dry-run   check the files only; change nothing
  The untouched sample directory a new installation starts with is always replaced, never merged.`;

let args;
try {
  args = parseArgs({
    options: { replace: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, lang: { type: 'string', default: 'en' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.values.help || args.positionals.length === 0) {
  console.error(USAGE);
  process.exit(args.values.help ? 0 : 2);
}
const locale: Locale = args.values.lang === 'de' ? 'de' : 'en';

const config = loadConfigOrExit();
let ring;
try {
  ring = await loadStoreKey(config.storeKeyFile); // the directory file and the audit log are encrypted alike
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const releaseKey = useStoreKey(config.dataDir, ring); // for the dry run, which reads without the lock

const files: { file: string; bytes: Uint8Array }[] = [];
for (const name of args.positionals) {
  const file = path.resolve(name);
  try {
    files.push({ file, bytes: await readFile(file) });
  } catch (err) {
    console.error(`${name}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}). Nothing was imported.`);
    process.exit(1);
  }
}

const institutions = loadInstitutions();
const actor: Identity = { userKey: 'cli', role: 'admin' };
const mode = args.values.replace ? 'replace' : 'merge';

function summary(changes: ImportChanges): string {
  const c = changes.contacts;
  const r = changes.responsibilities;
  return (
    `contacts: ${c.created.length} new, ${c.updated.length} changed, ${c.unchanged} unchanged, ${c.removed.length} removed; ` +
    `responsibilities: ${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged, ${r.removed} removed`
  );
}

function report(issues: ImportIssue[]): void {
  for (const issue of issues) console.error(formatIssue(issue, locale));
  console.error(`\n${issues.length} problem(s). Nothing was imported.`);
}

/** Validates against the current directory without creating or changing anything. */
async function check(): Promise<ImportChanges | undefined> {
  let current;
  try {
    current = (await readDirectoryFile(config.dataDir)) ?? emptyDirectory();
  } catch (err) {
    console.error((err as Error).message);
    return undefined;
  }
  const deps = { institutions, topics: new TopicMatcher(), today: isoDay(new Date(), config.timeZone) };
  const parsed = files.map((f) => parseDirectoryFile(f.file, f.bytes, deps));
  // As DirectoryService.importFiles: the untouched sample is replaced, never merged.
  const sample = current.source === 'sample';
  const result = applyImport(sample ? emptyDirectory() : current, parsed, { mode: sample ? 'replace' : mode, now: new Date() });
  if (!result.data) {
    report(result.issues);
    return undefined;
  }
  return result.changes;
}

if (args.values['dry-run']) {
  // Read-only: no lock, no store file created.
  const changes = await check();
  if (!changes) process.exit(1);
  console.log(`Dry run, nothing changed. Would import into ${path.join(config.dataDir, DIRECTORY_FILE)}: ${summary(changes)}`);
  process.exit(0);
}

releaseKey();
let lock;
try {
  // As the bot opens it: the lock, the key, and the record of store files (an import into an empty DATA_DIR is a new install).
  lock = await openDataDir(config.dataDir, { ring });
} catch (err) {
  if (err instanceof LockHeldError) {
    console.error(`Import refused: ${err.message}\nThe bot (or another import) holds this DATA_DIR. Stop it, then run the import again. Nothing was imported.`);
    process.exit(3);
  }
  const refusal = isStartupRefusal(err);
  if (!refusal) throw err;
  console.error(`Import refused: ${refusal.message}`);
  process.exit(refusal.exitCode);
}

let exitCode = 0;
const audit = await AuditLog.open(path.join(config.dataDir, 'audit.jsonl'));
await lock.saveManifest(); // the audit log now belongs to this DATA_DIR, even if the import is rejected
// Checked before the store is opened: a bad file leaves a new DATA_DIR without directory.json.
if (!(await check())) {
  await audit.record({ actor: actor.userKey, action: 'directory.import', role: actor.role, outcome: 'rejected' });
  await audit.close();
  await lock.release();
  process.exit(1);
}
try {
  const service = await DirectoryService.open({ dataDir: config.dataDir, institutions, audit, clock: systemClock, timeZone: config.timeZone, initial: 'empty' });
  await lock.saveManifest();
  try {
    const result = await service.importFiles(actor, files, mode);
    if (!result.ok) {
      report(result.issues);
      exitCode = 1;
    } else {
      if (result.replacedSample) console.log('The sample directory was replaced by this import.');
      console.log(`Imported into ${path.join(config.dataDir, DIRECTORY_FILE)}: ${summary(result.changes)}`);
    }
  } finally {
    await service.close();
  }
} catch (err) {
  const refusal = isStartupRefusal(err);
  console.error(refusal?.message ?? (err as Error).message);
  exitCode = 1;
} finally {
  await audit.close();
  await lock.release();
}
process.exit(exitCode);
