// `npm run retention -- [--dry-run] [--json]`: deletes what data/retention.json says has expired — closed
// escalations, finished interpreter requests and checklist runs, dialog state of inactive users, closed
// outbox rows, audit entries older than two years — with their references (outbox rows, scheduled jobs).
// Every deletion is audited by id. --dry-run lists what would go and changes nothing. The bot runs the
// same daily; this command is refused while the bot holds DATA_DIR.
import { loadRetentionRules, RetentionFileError } from '../src/privacy/retention/rules.js';
import { runRetention, type RetentionReport } from '../src/privacy/retention/run.js';
import { parseCliArgs } from './lib/cliArgs.js';
import { openOperatorCore } from './lib/operatorCore.js';

const USAGE = 'Usage: npm run retention -- [--dry-run] [--json]';

const args = parseCliArgs(USAGE, { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } });

let rules;
try {
  rules = loadRetentionRules();
} catch (err) {
  if (!(err instanceof RetentionFileError)) throw err;
  console.error(err.message);
  process.exit(2);
}

function print(report: RetentionReport): void {
  const p = report.plan;
  const verb = report.dryRun ? 'Would delete' : 'Deleted';
  const list = (label: string, ids: string[]) => console.log(`  ${label}: ${ids.length}${ids.length > 0 ? `\n    ${ids.join('\n    ')}` : ''}`);
  console.log(`${verb} (as of ${report.now}):`);
  list('escalations (closed)', p.escalations);
  list('interpreter requests (finished)', p.interpreters);
  list('checklist runs (finished)', p.checklists);
  list('dialog state items (inactive)', p.state);
  list('outbox rows', p.outboxRows);
  list('scheduled jobs', p.jobs);
  console.log(`  audit entries before ${report.auditBefore}: ${report.auditEntries}`);
  if (p.stateToStamp.length > 0) console.log(`  dialog state items without a timestamp ${report.dryRun ? 'would be' : 'were'} stamped: ${p.stateToStamp.length}`);
  if (report.dryRun) console.log('Dry run: nothing was changed.');
}

const { core, context, log } = await openOperatorCore('Retention');
let exitCode = 0;
try {
  const report = await runRetention({ context, audit: core.audit, rules, now: new Date(), log, actor: 'cli' }, { dryRun: args['dry-run'] });
  if (report.dryRun) await core.audit.record({ actor: 'cli', action: 'retention.dry_run', role: 'admin', outcome: 'ok' });
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else print(report);
} catch (err) {
  console.error(`Retention failed: ${(err as Error).message}`);
  exitCode = 1;
} finally {
  await core.close();
}
process.exit(exitCode);
