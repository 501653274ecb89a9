// `npm run store:migrate`: copies a whole installation between the engines and proves the copy.
//   toPostgres: DATA_DIR (locked for the run) → an empty database, in ONE transaction that also reads the
//               copy back and compares it; any difference rolls everything back.
//   toLowdb:    the database (one consistent snapshot, read-only) → an empty DATA_DIR, written through the
//               JSON store; then the files are read back with the key and compared.
// A dry run reads the source and reports what it would copy; it writes nothing.
import { readdir } from 'node:fs/promises';
import { silentLogger, type Logger } from '../../log/logger.js';
import { listStoreFiles, openDataDir } from '../dataDir.js';
import type { KeyRing } from '../encryption.js';
import { Database } from '../postgres/database.js';
import { MIGRATION_LOCK_KEY, SCHEMA_VERSION, migrate } from '../postgres/migrations.js';
import { compareSummaries, summarize, type PartSummary, type VerifiedPart } from './checksum.js';
import { readDataDir, writeDataDir } from './dataDirSide.js';
import { existingRows, readSnapshot, schemaVersionOf, writeSnapshot } from './databaseSide.js';
import { MigrationRefusal, VerificationError } from './refusal.js';
import { AUDIT_FILE, isPlainStoreName, type Snapshot } from './snapshot.js';

export interface MigrationOptions {
  dataDir: string;
  ring: KeyRing | undefined;
  databaseUrl: string;
  dryRun: boolean;
  log?: Logger;
}

export type MigrationReport =
  | { dryRun: true; source: PartSummary[]; target: string }
  | { dryRun: false; parts: VerifiedPart[] };

/** A migration may copy for a long time; the engine's 15 s statement limit is for turns. */
const STATEMENT_TIMEOUT_MS = 30 * 60_000;

const connect = (opts: MigrationOptions) =>
  Database.connect({ url: opts.databaseUrl, poolMax: 1, log: opts.log ?? silentLogger, statementTimeoutMs: STATEMENT_TIMEOUT_MS });

const describeRows = (rows: Record<string, number>) =>
  Object.entries(rows).filter(([, n]) => n > 0).map(([table, n]) => `${table} ${n}`).join(', ');

function refuseUnlessEmpty(rows: Record<string, number>): void {
  const held = describeRows(rows);
  if (held) {
    throw new MigrationRefusal(`The database in DATABASE_URL is not empty (${held} rows). store:migrate copies only into an empty database; nothing was written.`);
  }
}

function verified(parts: VerifiedPart[], where: string): VerifiedPart[] {
  const bad = parts.filter((p) => !p.ok).map((p) => p.source.name || p.copy?.name);
  if (bad.length > 0) throw new VerificationError(`The copy in ${where} differs from the source (${bad.join(', ')}).`, parts);
  return parts;
}

export async function migrateToPostgres(opts: MigrationOptions): Promise<MigrationReport> {
  const log = opts.log ?? silentLogger;
  if ((await listStoreFiles(opts.dataDir)).length === 0) throw new MigrationRefusal(`DATA_DIR ${opts.dataDir} holds no store files (wrong DATA_DIR?). Nothing was copied.`);
  // The lock keeps the bot from starting on DATA_DIR meanwhile; LockHeldError if it runs now.
  const dir = await openDataDir(opts.dataDir, { ring: opts.ring, log });
  try {
    const source = await readDataDir(dir.dir, opts.ring);
    const sourceSummary = summarize(source, AUDIT_FILE);
    const db = await connect(opts);
    try {
      if (opts.dryRun) {
        const version = await db.transaction(schemaVersionOf);
        const held = describeRows(await db.transaction(existingRows));
        const target = held ? `the database is NOT empty (${held} rows): the migration would refuse` : `the database is empty${version < SCHEMA_VERSION ? ' (its schema would be created first)' : ''}`;
        return { dryRun: true, source: sourceSummary, target };
      }
      await migrate(db);
      const parts = await db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]); // one migration at a time
        refuseUnlessEmpty(await existingRows(client));
        await writeSnapshot(client, source);
        // Read back inside the same transaction: a difference rolls the whole copy back.
        return verified(compareSummaries(sourceSummary, summarize(await readSnapshot(client), AUDIT_FILE)), 'the database');
      });
      log.info('store.migrated_to_postgres', { stores: source.stores.length, auditEntries: source.audit.length });
      return { dryRun: false, parts };
    } finally {
      await db.close();
    }
  } finally {
    await dir.release();
  }
}

async function entriesOf(dir: string): Promise<string[]> {
  return readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
}

async function readDatabase(opts: MigrationOptions): Promise<Snapshot> {
  const db = await connect(opts);
  try {
    return await db.transaction(async (client) => {
      // One snapshot of every table, even while instances keep writing.
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const version = await schemaVersionOf(client);
      if (version === 0) throw new MigrationRefusal('The database in DATABASE_URL holds no Integrationslotse data (no schema). Nothing was written.');
      if (version > SCHEMA_VERSION) {
        throw new MigrationRefusal(`The database schema has version ${version}, written by a newer version of Integrationslotse; this version knows up to ${SCHEMA_VERSION}. Nothing was written.`, 1);
      }
      return readSnapshot(client);
    });
  } finally {
    await db.close();
  }
}

export async function migrateToLowdb(opts: MigrationOptions): Promise<MigrationReport> {
  const log = opts.log ?? silentLogger;
  const present = await entriesOf(opts.dataDir);
  if (present.length > 0) {
    throw new MigrationRefusal(`DATA_DIR ${opts.dataDir} is not empty (${present.length} entries). --to lowdb writes only into an empty directory; nothing was written.`);
  }
  const source = await readDatabase(opts);
  const badName = source.stores.find((s) => !isPlainStoreName(s.name));
  if (badName) throw new MigrationRefusal(`The database holds a store named "${badName.name.slice(0, 80)}", which is not a store file name. Nothing was written.`, 1);
  const sourceSummary = summarize(source, AUDIT_FILE);
  if (opts.dryRun) return { dryRun: true, source: sourceSummary, target: `DATA_DIR ${opts.dataDir} is empty${opts.ring ? ' (files would be encrypted)' : ' (files would be plain text: no STORE_KEY_FILE)'}` };
  const dir = await openDataDir(opts.dataDir, { ring: opts.ring, log });
  try {
    // Written by another process between the check and the lock: refuse rather than mix.
    if ((await entriesOf(dir.dir)).some((n) => n !== '.lock')) throw new MigrationRefusal(`DATA_DIR ${dir.dir} was written to meanwhile; nothing was written.`);
    await writeDataDir(dir, source);
    const copy = summarize(await readDataDir(dir.dir, opts.ring), AUDIT_FILE);
    const parts = verified(compareSummaries(sourceSummary, copy), `DATA_DIR ${dir.dir}`);
    log.info('store.migrated_to_lowdb', { stores: source.stores.length, auditEntries: source.audit.length });
    return { dryRun: false, parts };
  } finally {
    await dir.release();
  }
}
