// `npm run store:migrate -- --to postgres | --to lowdb [--dry-run]`: moves an installation between the engines.
//   --to postgres  copies every store file of DATA_DIR (as listed in .store-files.json; sealed files are read
//                  with STORE_KEY_FILE), the dialog state and the audit log into the EMPTY database in
//                  DATABASE_URL, in one transaction, and verifies record counts and checksums before it commits.
//   --to lowdb     the way back (e.g. after a trial): copies the database into an EMPTY DATA_DIR, written like
//                  the bot writes (envelopes, checksums, encryption with STORE_KEY_FILE, manifest), and verifies.
//   --dry-run      reads the source and prints what would be copied; writes nothing.
// Refused while the bot holds DATA_DIR. Exit codes: 0 copied and verified, 1 a source problem or the copy
// differs (nothing kept), 2 usage/configuration or a non-empty target, 3 DATA_DIR busy.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { loadStoreKey } from '../src/store/encryption.js';
import { LockHeldError } from '../src/store/errors.js';
import { sourceTable, verifiedTable } from '../src/store/migrate/reportTable.js';
import { VerificationError } from '../src/store/migrate/refusal.js';
import { migrateToLowdb, migrateToPostgres } from '../src/store/migrate/runMigration.js';
import { isStartupRefusal } from '../src/startupErrors.js';
import { exitWithUsage, parseCliArgs } from './lib/cliArgs.js';

const USAGE = 'Usage: npm run store:migrate -- --to postgres|lowdb [--dry-run]   (DATA_DIR, DATABASE_URL and, for encrypted files, STORE_KEY_FILE must be set)';

const args = parseCliArgs(USAGE, { to: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } });
if (args.to !== 'postgres' && args.to !== 'lowdb') exitWithUsage('--to must be postgres or lowdb.', USAGE);

if (existsSync('.env')) process.loadEnvFile('.env');
let config: Config;
try {
  // Both directions need DATABASE_URL; validated by the same rules as STORE=postgres, whatever STORE says now.
  config = loadConfig({ ...process.env, STORE: 'postgres' });
  // The DATA_DIR written by --to lowdb must start under STORE=lowdb: the same rules (a key in production) apply now.
  if (args.to === 'lowdb') loadConfig({ ...process.env, STORE: 'lowdb', DATABASE_URL: '' });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  exitWithUsage(err.message, USAGE);
}
if (config.store.engine !== 'postgres') throw new Error('unreachable: STORE was set to postgres');

const log = createLogger('warn', (line) => process.stderr.write(line + '\n'));
const dryRun = args['dry-run'];
const [from, to] = args.to === 'postgres' ? [`DATA_DIR ${config.dataDir}`, 'PostgreSQL (DATABASE_URL)'] : ['PostgreSQL (DATABASE_URL)', `DATA_DIR ${config.dataDir}`];

let exitCode = 0;
try {
  const ring = await loadStoreKey(config.storeKeyFile);
  const options = { dataDir: config.dataDir, ring, databaseUrl: config.store.url, dryRun, log };
  const report = args.to === 'postgres' ? await migrateToPostgres(options) : await migrateToLowdb(options);
  if (report.dryRun) {
    console.log(`Dry run: would copy ${from} → ${to}. Nothing was written.\n${sourceTable(report.source)}\nTarget: ${report.target}.`);
  } else {
    console.log(`Copied ${from} → ${to}; every record count and checksum of the copy matches the source.\n${verifiedTable(report.parts)}`);
    console.log(args.to === 'postgres'
      ? 'Next: set STORE=postgres (keep DATABASE_URL) and start the bot. Keep DATA_DIR untouched as the way back until the trial is over.'
      : 'Next: set STORE=lowdb, remove DATABASE_URL and start the bot on this DATA_DIR.');
  }
} catch (err) {
  if (err instanceof LockHeldError) {
    console.error(`Migration refused: ${err.message}\nThe bot (or another command) holds this DATA_DIR. Stop it, then run the command again. Nothing was copied.`);
    exitCode = 3;
  } else if (err instanceof VerificationError) {
    console.error(`Migration failed: ${err.message} ${args.to === 'postgres' ? 'The transaction was rolled back; the database is as before.' : 'Empty DATA_DIR before running again.'}\n${verifiedTable(err.parts)}`);
    exitCode = 1;
  } else {
    // Database errors name the statement's problem, not stored content.
    const refusal = isStartupRefusal(err) ?? { message: (err as Error).message, exitCode: 1 };
    const undo = args.to === 'postgres' ? '' : ' If DATA_DIR got files, empty it before running again.';
    console.error(`Migration ${dryRun ? 'dry run ' : ''}${refusal.exitCode === 2 ? 'refused' : 'stopped'}: ${refusal.message}${refusal.exitCode === 1 ? undo : ''}`);
    exitCode = refusal.exitCode;
  }
}
process.exit(exitCode);
