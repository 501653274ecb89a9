// Runs screening functions under the regex work budget (see redactionBudget.ts) in a child process started
// with --allow-natives-syntax, and prints one JSON line: { execs, violations, ... }.
//   mode "freeze": the sentences that froze the bot, plus the old keep-pattern as a check that the budget bites.
import { installRegexBudget } from './redactionBudget.js';

const budget = installRegexBudget();
const mode = process.argv[2];

/** The case-reference keep-pattern before the fix (exponential on a keyword followed by plain words). */
const OLD_KEEP = /\b(?:Fall(?:nummer|-?Nr\.?)?|[Cc]ase)[ ]*[:#]?[ ]*(?:[A-Za-z]{1,6}[ -]?)*\d[\w/.-]*/gu;

export const FREEZE_SENTENCES = [
  'Der Fall betrifft einen jungen Mann der seit drei Monaten in Haft ist und kaum Deutsch spricht.',
  `Fall: ${'abcdef '.repeat(300)}`,
  `case ${'word-'.repeat(500)}!`,
  `Ticket ${' '.repeat(5000)}x`,
  `Tel. ${' '.repeat(3000)}Nr ${' '.repeat(3000)}x`,
];

async function freeze(): Promise<Record<string, unknown>> {
  const { redactOffline } = await import('../src/language/offlineRedact.js');
  const now = new Date('2026-03-01T10:00:00Z');
  const outputs = FREEZE_SENTENCES.map((s) => redactOffline(s, 'de', now).text.length);
  const ours = budget.violations.length;
  OLD_KEEP.lastIndex = 0;
  OLD_KEEP.exec(FREEZE_SENTENCES[0]!);
  return { outputs, ourViolations: ours, oldPatternViolations: budget.violations.length - ours, violations: budget.violations.slice(0, 5) };
}

const result = mode === 'freeze' ? await freeze() : { error: `unknown mode ${mode}` };
process.stdout.write(`${JSON.stringify({ execs: budget.execs(), ...result })}\n`);
