// `npm run checklists:validate [-- --dir <folder>] [--write-coverage]`
// Checks every data/checklists/*.json (a broken file is named with the field and the reason), that every
// task of the seed documents is covered, and that docs/coverage.md is current. Exit 0 = valid, 1 = not.
// --write-coverage regenerates docs/coverage.md from valid templates; --dir checks another folder
// (then docs/coverage.md is not compared).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COVERAGE_DOC, validateChecklists } from '../src/checklists/validate.js';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, 'write-coverage': { type: 'boolean', default: false } },
  allowPositionals: false,
});
const dir = values.dir ? path.resolve(values.dir) : undefined;
const write = values['write-coverage'] === true;

const result = validateChecklists({ ...(dir ? { dir } : {}), coverageDoc: dir || write ? null : COVERAGE_DOC });
if (write && result.coverage && result.problems.length === 0) {
  mkdirSync(path.dirname(COVERAGE_DOC), { recursive: true });
  writeFileSync(COVERAGE_DOC, result.coverage);
  process.stdout.write(`wrote ${path.relative(process.cwd(), COVERAGE_DOC)}\n`);
}
for (const p of result.problems) process.stderr.write(`  - ${p}\n`);
(result.ok ? process.stdout : process.stderr).write(`${result.summary}\n`);
process.exit(result.ok ? 0 : 1);
