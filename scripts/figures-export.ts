// `npm run figures:export -- --from 2026-01-01 --to 2026-12-31 [--scope state|unit:<id>|institution:<id>]
//  [--format csv|json|xlsx] [--lang de|en] [--out <dir>]`: the ministry's file — aggregates only, small
// counts withheld, period and generation date inside. Reads the stores without opening them (the files of
// DATA_DIR, or the database with STORE=postgres; works while the bot runs) and audits the export. Exit codes: 0 written, 1 failed, 2 usage (bad period, scope or format).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTemplates } from '../src/checklists/templates.js';
import { loadConfigOrExit } from '../src/config/env.js';
import { EXPORT_FORMATS, exportFigures, type ExportFormat } from '../src/figures/exportFormats.js';
import { openFiguresService } from '../src/figures/open.js';
import { auditRecord } from '../src/figures/service.js';
import { checkPeriod } from '../src/figures/period.js';
import { resolveLocale } from '../src/i18n/i18n.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { systemClock } from '../src/time/clock.js';
import { figureLabels } from '../src/tab/labels.js';
import { exitRefused, openScriptStorage, type ScriptStorage } from './lib/scriptStorage.js';

const USAGE = 'Usage: npm run figures:export -- --from YYYY-MM-DD --to YYYY-MM-DD [--scope state|unit:<id>|institution:<id>] [--format csv|json|xlsx] [--lang de|en] [--out <dir>]';

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      from: { type: 'string' }, to: { type: 'string' }, scope: { type: 'string', default: 'state' },
      format: { type: 'string', default: 'csv' }, lang: { type: 'string', default: 'de' }, out: { type: 'string', default: 'figures-export' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  }));
} catch (err) {
  usage((err as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.from || !values.to) usage('--from and --to are required.');
if (!(EXPORT_FORMATS as readonly string[]).includes(values.format!)) usage('--format must be csv, json or xlsx.');

const config = loadConfigOrExit();
const institutions = loadInstitutions();
let storage: ScriptStorage;
try {
  storage = await openScriptStorage(config, { lock: false }); // read-only next to the bot: the key, not the lock
} catch (err) {
  exitRefused(err, 'Export', 'Nothing was exported.');
}
const audit = await storage.openAudit();
const figures = openFiguresService({ dataDir: config.dataDir, institutions, audit, clock: systemClock, timeZone: config.timeZone });
// The operator runs this on the server: the whole state is theirs to export.
const operator = { userKey: 'cli', role: 'admin' as const };
const scope = figures.policy.resolve(operator, values.scope);
if (!scope.ok) usage(`--scope "${values.scope}" is not known: use state, unit:<id> or institution:<id> (ids in data/institutions.json).`);
const period = checkPeriod(values.from, values.to, figures.today());
if (!period.ok) {
  const why = { badDate: 'is not a valid date YYYY-MM-DD', reversed: 'ends before it starts', future: 'starts in the future', tooLong: 'is longer than five years' }[period.problem];
  usage(`The period ${values.from} – ${values.to} ${why}.`);
}
try {
  const report = await figures.report(scope.scope, period.period);
  const file = await exportFigures(report, values.format as ExportFormat, figureLabels(resolveLocale(values.lang), { institutions, templates: loadTemplates() }));
  const out = path.resolve(values.out!);
  mkdirSync(out, { recursive: true });
  const target = path.join(out, file.fileName);
  writeFileSync(target, file.body, { mode: 0o600 });
  await audit.record({ actor: 'cli', action: 'figures.export', record: auditRecord(scope.scope, period.period), role: 'admin', outcome: 'ok' });
  console.log(`Exported the figures (${values.format}, ${auditRecord(scope.scope, period.period)}): ${target}`);
} catch (err) {
  console.error(`Export failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await audit.close();
  await storage.release();
}
