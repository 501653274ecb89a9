// `npm run privacy:erase -- --case-ref <ref> | --user <user key> [--dry-run]`: deletes everything stored
// about a case reference (its escalations, interpreter requests, checklist runs and their outbox rows and
// jobs) or a user (the records they own, their dialog state, address, role and display name, rows to
// them). Records of other people that merely name the user are listed, not changed. Audit entries stay
// (JVollzDSG NRW § 35: kept two years, then deleted by retention). Every deletion is audited by id.
// Run by an administrator on the server, with the bot stopped.
import { collect, erase, erasedIds, selectorId } from '../src/privacy/access.js';
import { exitWithUsage, parseCliArgs } from './lib/cliArgs.js';
import { openOperatorCore } from './lib/operatorCore.js';
import { parseSelector } from './lib/selector.js';

const USAGE = 'Usage: npm run privacy:erase -- --case-ref <reference> | --user <user key> [--dry-run]';

const args = parseCliArgs(USAGE, { 'case-ref': { type: 'string' }, user: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } });
const selector = parseSelector(args);
if (typeof selector === 'string') exitWithUsage(selector, USAGE);

const { core, context } = await openOperatorCore('Privacy erase');
let exitCode = 0;
try {
  const found = await collect(context, core.audit, selector, new Date());
  const dryRun = args['dry-run'];
  const ids = dryRun ? erasedIds(found) : await erase(context, core.audit, found, 'cli');
  if (dryRun) await core.audit.record({ actor: 'cli', action: 'privacy.erase_dry_run', record: selectorId(selector), role: 'admin', outcome: 'ok' });
  console.log(`${dryRun ? 'Would delete' : 'Deleted'} ${ids.length} records:${ids.length > 0 ? `\n  ${ids.join('\n  ')}` : ''}`);
  if (found.mentionedIn.length > 0) console.log(`Kept (other people's records naming this user): ${found.mentionedIn.join(', ')}`);
  console.log(`Audit entries about it (kept, § 35 JVollzDSG NRW): ${found.audit.length}`);
  if (dryRun) console.log('Dry run: nothing was changed.');
} catch (err) {
  console.error(`Privacy erase failed: ${(err as Error).message}`);
  exitCode = 1;
} finally {
  await core.close();
}
process.exit(exitCode);
