// Core of `npm run checklists:validate`: every template file, coverage of the seed tasks, and whether
// docs/coverage.md matches the templates. Returns lines to print; the script only does I/O and exit codes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageRows, renderCoverageMarkdown, uncovered } from './coverage.js';
import { CHECKLISTS_DIR, validateTemplateDir } from './templates.js';

export const COVERAGE_DOC = fileURLToPath(new URL('../../docs/coverage.md', import.meta.url));

export interface ValidateResult {
  ok: boolean;
  problems: string[];
  summary: string;
  /** The coverage Markdown for the valid templates (written with --write-coverage). */
  coverage?: string;
}

export function validateChecklists(opts: { dir?: string; coverageDoc?: string | null } = {}): ValidateResult {
  const dir = opts.dir ?? CHECKLISTS_DIR;
  const report = validateTemplateDir(dir);
  const problems = [...report.problems];
  const ids = new Map<string, number>();
  for (const t of report.templates) ids.set(t.id, (ids.get(t.id) ?? 0) + 1);
  if (report.problems.length === 0) {
    for (const item of uncovered(coverageRows(report.templates))) {
      problems.push(`coverage: "${item.id}" (${item.label}) is supported by no checklist step ("covers") and no capability`);
    }
  }
  let coverage: string | undefined;
  if (report.problems.length === 0) {
    coverage = renderCoverageMarkdown(report.templates);
    const doc = opts.coverageDoc === undefined ? COVERAGE_DOC : opts.coverageDoc;
    if (doc) {
      const current = existsSync(doc) ? readFileSync(doc, 'utf8') : undefined;
      if (current !== coverage) problems.push(`${path.relative(process.cwd(), doc) || doc}: out of date – run \`npm run checklists:validate -- --write-coverage\``);
    }
  }
  const steps = report.templates.reduce((n, t) => n + t.steps.length, 0);
  const summary = problems.length
    ? `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${report.files} template file${report.files === 1 ? '' : 's'}`
    : `OK: ${report.templates.length} templates, ${steps} steps, every seed task covered`;
  return { ok: problems.length === 0, problems, summary, ...(coverage ? { coverage } : {}) };
}
