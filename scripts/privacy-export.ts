// `npm run privacy:export -- --case-ref <ref> | --user <user key> [--out <file>]`: writes everything stored
// about a case reference or a user — records with their history, outbox rows, scheduled jobs, dialog
// state, address and role, and the audit entries — as one JSON file (mode 0600). For the data-protection
// officer's access requests; run by an administrator on the server, with the bot stopped. Audited.
import { open } from 'node:fs/promises';
import path from 'node:path';
import { collect, erasedIds, selectorId } from '../src/privacy/access.js';
import { exitWithUsage, parseCliArgs } from './lib/cliArgs.js';
import { openOperatorCore } from './lib/operatorCore.js';
import { parseSelector } from './lib/selector.js';

const USAGE = 'Usage: npm run privacy:export -- --case-ref <reference> | --user <user key> [--out <file.json>]';

const args = parseCliArgs(USAGE, { 'case-ref': { type: 'string' }, user: { type: 'string' }, out: { type: 'string' } });
const selector = parseSelector(args);
if (typeof selector === 'string') exitWithUsage(selector, USAGE);

const { core, context } = await openOperatorCore('Privacy export');
let exitCode = 0;
try {
  const found = await collect(context, core.audit, selector, new Date());
  const out = path.resolve(args.out ?? `privacy-export-${new Date().toISOString().slice(0, 10)}.json`);
  // 'wx': never overwrite an earlier export; 0600: it holds personal data.
  const fh = await open(out, 'wx', 0o600);
  try {
    await fh.writeFile(JSON.stringify(found, null, 2) + '\n', 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await core.audit.record({ actor: 'cli', action: 'privacy.export', record: selectorId(selector), role: 'admin', outcome: 'ok' });
  console.log(`Exported ${erasedIds(found).length} records and ${found.audit.length} audit entries to ${out}`);
  if (found.mentionedIn.length > 0) console.log(`Named in ${found.mentionedIn.length} other records (listed under "mentionedIn").`);
} catch (err) {
  console.error(`Privacy export failed: ${(err as NodeJS.ErrnoException).code === 'EEXIST' ? 'the output file exists already; choose another --out' : (err as Error).message}`);
  exitCode = 1;
} finally {
  await core.close();
}
process.exit(exitCode);
