// `npm run import -- [--replace] [--dry-run] [--lang de] <file>…`: imports contacts.csv / responsibilities.csv
// (or the same as JSON) into the directory store (DATA_DIR/directory.json, or the database with STORE=postgres).
// All-or-nothing: any problem in any row → nothing is imported and every problem is listed with file, row
// and column. On the JSON files it refuses while the bot holds DATA_DIR; on PostgreSQL the import is one transaction.
// Exit codes: 0 imported (or dry run clean), 1 problems in the files, 2 usage/configuration, 3 DATA_DIR busy.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
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
import { isStartupRefusal } from '../src/startupErrors.js';
import { exitRefused, openScriptStorage, type ScriptStorage } from './lib/scriptStorage.js';

const USAGE = `Usage: npm run import -- [--replace] [--dry-run] [--lang de|en] <contacts.csv|responsibilities.csv|*.json> …

  Imports the contact directory into DATA_DIR/${DIRECTORY_FILE} (stop the bot first), or into the database (STORE=postgres).
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
const dryRun = args.values['dry-run'];
const target = config.store.engine === 'postgres' ? 'the database' : path.join(config.dataDir, DIRECTORY_FILE);

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

let storage: ScriptStorage;
try {
  // The dry run reads without the lock (the key only); the import opens DATA_DIR as the bot does (lock, key,
  // record of store files: an import into an empty DATA_DIR is a new install). PostgreSQL: the database.
  storage = await openScriptStorage(config, { lock: !dryRun });
} catch (err) {
  exitRefused(err, 'Import', 'Nothing was imported.');
}

if (dryRun) {
  // Read-only: no store created.
  const changes = await check();
  await storage.release();
  if (!changes) process.exit(1);
  console.log(`Dry run, nothing changed. Would import into ${target}: ${summary(changes)}`);
  process.exit(0);
}

let exitCode = 0;
const audit = await storage.openAudit();
await storage.opened(); // the audit log now belongs to this DATA_DIR, even if the import is rejected
// Checked before the store is opened: a bad file leaves a new DATA_DIR without directory.json.
if (!(await check())) {
  await audit.record({ actor: actor.userKey, action: 'directory.import', role: actor.role, outcome: 'rejected' });
  await audit.close();
  await storage.release();
  process.exit(1);
}
try {
  const service = await DirectoryService.open({ dataDir: config.dataDir, institutions, audit, clock: systemClock, timeZone: config.timeZone, initial: 'empty' });
  await storage.opened();
  try {
    const result = await service.importFiles(actor, files, mode);
    if (!result.ok) {
      report(result.issues);
      exitCode = 1;
    } else {
      if (result.replacedSample) console.log('The sample directory was replaced by this import.');
      console.log(`Imported into ${target}: ${summary(result.changes)}`);
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
  await storage.release();
}
process.exit(exitCode);
