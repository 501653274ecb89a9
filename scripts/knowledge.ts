// `npm run knowledge -- import [--replace] [--dry-run] [--lang de] <entries.csv|material.csv|*.json> …`
// `npm run knowledge -- export [--format csv|json] [--out <dir>]`
// Imports into / exports from the knowledge store (knowledge entries and material library): DATA_DIR/
// knowledge.json, or the database with STORE=postgres. The import is all-or-nothing like the directory's:
// any problem in any row → nothing is imported and every problem is listed with file, row and column; on
// the JSON files it refuses while the bot holds DATA_DIR. The export and the dry run are read-only.
// Exit codes: 0 done (or dry run clean), 1 problems in the files, 2 usage/configuration, 3 DATA_DIR busy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../src/config/env.js';
import type { Locale } from '../src/text/locale.js';
import { exportKnowledge, type KnowledgeChanges } from '../src/knowledge/io.js';
import { formatKnowledgeIssue } from './lib/knowledgeIssue.js';
import { KnowledgeService } from '../src/knowledge/service.js';
import { KNOWLEDGE_FILE, KNOWLEDGE_SCHEMA_VERSION, knowledgeFile, knowledgeMigrations, openKnowledgeStore } from '../src/knowledge/store.js';
import { systemClock } from '../src/time/clock.js';
import type { Identity } from '../src/roles/types.js';
import type { DocumentStore } from '../src/store/documentStore.js';
import { readOnlyStore, readStoreDocument, storeExists } from '../src/store/storeReader.js';
import { emptyKnowledge, knowledgeDataSchema, type KnowledgeData } from '../src/knowledge/types.js';
import { exitRefused, openScriptStorage, type ScriptStorage } from './lib/scriptStorage.js';

const USAGE = `Usage:
  npm run knowledge -- import [--replace] [--dry-run] [--lang de|en] <entries.csv|material.csv|*.json> …
  npm run knowledge -- export [--format csv|json] [--out <dir>]     (default: csv into ./knowledge-export)

  import    into DATA_DIR/${KNOWLEDGE_FILE} (stop the bot first) or the database (STORE=postgres); default merge: rows with an id update
            that entry or item, rows without one are added. --replace: the files replace all entries
            (or all material) of the kinds given. --dry-run: check only.
  export    entries.csv + material.csv (or .json), the formats import reads; works while the bot runs.`;

function readArgs() {
  try {
    return parseArgs({
      options: {
        replace: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, lang: { type: 'string', default: 'en' },
        format: { type: 'string', default: 'csv' }, out: { type: 'string', default: 'knowledge-export' }, help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const args = readArgs();
const [command, ...names] = args.positionals;
if (args.values.help || (command !== 'import' && command !== 'export') || (command === 'import' && names.length === 0)) {
  console.error(USAGE);
  process.exit(args.values.help ? 0 : 2);
}
const locale: Locale = args.values.lang === 'de' ? 'de' : 'en';
const config = loadConfigOrExit();
const actor: Identity = { userKey: 'cli', role: 'admin' };
const target = config.store.engine === 'postgres' ? 'the database' : knowledgeFile(config.dataDir);

/** Opens the storage or exits: export reads next to the bot (key only); import takes DATA_DIR as the bot does. */
async function open(lock: boolean, nothingDone: string): Promise<ScriptStorage> {
  try {
    return await openScriptStorage(config, { lock });
  } catch (err) {
    exitRefused(err, command === 'export' ? 'Export' : 'Import', nothingDone);
  }
}

/** The store as it is, migrated and validated in memory, refusing commits: a dry run creates and changes nothing. */
async function dryRunStore(): Promise<DocumentStore<KnowledgeData>> {
  const found = await readStoreDocument(knowledgeFile(config.dataDir), KNOWLEDGE_SCHEMA_VERSION);
  if (!found) return readOnlyStore(KNOWLEDGE_FILE, emptyKnowledge());
  let data = found.data;
  for (let v = found.schemaVersion; v < KNOWLEDGE_SCHEMA_VERSION; v++) data = knowledgeMigrations[v]!(data);
  return readOnlyStore(KNOWLEDGE_FILE, knowledgeDataSchema.parse(data));
}

function summary(c: KnowledgeChanges): string {
  return `entries: ${c.entries.created} new, ${c.entries.updated} changed, ${c.entries.removed} replaced; material: ${c.material.created} new, ${c.material.updated} changed, ${c.material.removed} replaced`;
}

async function runExport(): Promise<number> {
  const format = args.values.format;
  if (format !== 'csv' && format !== 'json') {
    console.error(`--format must be csv or json.\n\n${USAGE}`);
    return 2;
  }
  const storage = await open(false, 'Nothing was exported.');
  try {
    const found = await readStoreDocument(knowledgeFile(config.dataDir), KNOWLEDGE_SCHEMA_VERSION);
    if (!found) {
      console.error(`There is no knowledge store in ${target} yet (the bot creates it on its first start).`);
      return 1;
    }
    const files = exportKnowledge(knowledgeDataSchema.parse(found.data), format);
    const out = path.resolve(args.values.out!);
    mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(out, `${name}.${format}`), text, { mode: 0o600 });
    const audit = await storage.openAudit();
    try {
      await audit.record({ actor: actor.userKey, action: 'knowledge.export', role: actor.role, outcome: 'ok' });
    } finally {
      await audit.close();
    }
    console.log(`Exported to ${out}: entries.${format}, material.${format}`);
    return 0;
  } finally {
    await storage.release();
  }
}

async function runImport(): Promise<number> {
  const files: { file: string; bytes: Uint8Array }[] = [];
  for (const name of names) {
    try {
      files.push({ file: path.resolve(name), bytes: await readFile(path.resolve(name)) });
    } catch (err) {
      console.error(`${name}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}). Nothing was imported.`);
      return 1;
    }
  }
  const storage = await open(true, 'Nothing was imported.');
  const audit = await storage.openAudit();
  const dryRun = args.values['dry-run'] === true;
  try {
    const fresh = !(await storeExists(knowledgeFile(config.dataDir)));
    const store = dryRun ? await dryRunStore() : await openKnowledgeStore({ dataDir: config.dataDir });
    await storage.opened();
    try {
      const service = new KnowledgeService({ store, audit, clock: systemClock, timeZone: config.timeZone });
      const result = await service.importFiles(actor, files, args.values.replace ? 'replace' : 'merge', dryRun);
      if (!result.ok) {
        for (const issue of result.issues) console.error(formatKnowledgeIssue(issue, locale));
        console.error(`\n${result.issues.length} problem(s). Nothing was imported.`);
        return 1;
      }
      console.log(`${dryRun ? 'Dry run, nothing changed. Would import' : 'Imported'} into ${target}${fresh ? ' (new store)' : ''}: ${summary(result.changes)}`);
      return 0;
    } finally {
      await store.close();
    }
  } finally {
    await audit.close();
    await storage.release();
  }
}

process.exit(command === 'export' ? await runExport() : await runImport());
