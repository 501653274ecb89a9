// Runs screening functions under the regex work budget (see redactionBudget.ts) in a child process started
// with --allow-natives-syntax, and prints one JSON line: { execs, violations, ... }.
//   mode "freeze": the sentences that froze the bot, plus the old keep-pattern as a check that the budget bites.
//   mode "fuzz":   1,000 random and adversarial texts (redactionFuzzTexts.ts) through every screening function.
import { installRegexBudget } from './redactionBudget.js';
import { fuzzTexts } from './redactionFuzzTexts.js';

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

/** Every function that screens or parses user text, by name. */
async function screeningFunctions(): Promise<Record<string, (text: string) => unknown>> {
  const now = new Date('2026-03-02T09:00:00Z');
  const { redactOffline } = await import('../src/language/offlineRedact.js');
  const { findNames } = await import('../src/privacy/redaction/names.js');
  const { screenOffline } = await import('../src/checklists/privacy.js');
  const { checkCaseRef } = await import('../src/privacy/caseRef.js');
  const { parseOneShot, parseMode, parsePurpose, parseUrgency, recognizesRequest } = await import('../src/interpreters/parse.js');
  const { parseWhen, parseDuration, withoutDurations } = await import('../src/interpreters/when.js');
  const { loadInstitutions } = await import('../src/institutions/institutions.js');
  const { loadSampleDirectory } = await import('../src/directory/service.js');
  const { DirectoryIndex } = await import('../src/directory/search.js');
  const { ResponsibilityResolver } = await import('../src/directory/resolver.js');
  const { findLanguageMentions, resolveLanguageName } = await import('../src/language/languageNames.js');
  const { scriptCounts } = await import('../src/language/detectText.js');
  const institutions = loadInstitutions();
  const when = { locale: 'de' as const, now, timeZone: 'Europe/Berlin' };
  const sample = loadSampleDirectory(institutions, new Date()); // the sample is dated relative to today
  const index = new DirectoryIndex(institutions);
  index.rebuild(Object.values(sample.contacts));
  const resolver = new ResponsibilityResolver(institutions);
  resolver.load(sample);
  return {
    redactOfflineDe: (t) => redactOffline(t, 'de', now),
    redactOfflineEn: (t) => redactOffline(t, 'en', now),
    findNames: (t) => findNames(t),
    checkCaseRef: (t) => checkCaseRef(t),
    screenOffline: (t) => screenOffline(t, 10_000),
    parseOneShot: (t) => parseOneShot(t, { ...when, institutions }),
    parseSmall: (t) => [parseMode(t), parsePurpose(t), parseUrgency(t), recognizesRequest(t, when)],
    parseWhen: (t) => parseWhen(t, when),
    parseDuration: (t) => [parseDuration(t), withoutDurations(t)],
    institutions: (t) => [institutions.find(t), institutions.scanText(t)],
    directorySearch: (t) => index.search(t.slice(0, 300)), // DirectoryService.search cuts the query there
    directoryResolve: (t) => [resolver.recognizes(t), resolver.resolve(t)],
    languageNames: (t) => [findLanguageMentions(t), resolveLanguageName(t)],
    scripts: (t) => scriptCounts(t),
  };
}

async function fuzz(): Promise<Record<string, unknown>> {
  const functions = await screeningFunctions();
  const texts = fuzzTexts(Number(process.env.FUZZ_TEXTS ?? 1000));
  const perFunction: Record<string, number> = {};
  const execsPerFunction: Record<string, number> = {};
  const msPerFunction: Record<string, number> = {}; // for the report only, never asserted
  for (const [name, fn] of Object.entries(functions)) {
    const before = budget.violations.length;
    const execsBefore = budget.execs();
    const t0 = performance.now();
    for (const text of texts) fn(text);
    perFunction[name] = budget.violations.length - before;
    execsPerFunction[name] = budget.execs() - execsBefore;
    msPerFunction[name] = Math.round(performance.now() - t0);
  }
  const unique = new Map(budget.violations.map((v) => [`${v.flags} ${v.source}`, v]));
  return { texts: texts.length, longest: Math.max(...texts.map((t) => t.length)), perFunction, execsPerFunction, msPerFunction, violations: [...unique.values()] };
}

const result = mode === 'freeze' ? await freeze() : mode === 'fuzz' ? await fuzz() : { error: `unknown mode ${mode}` };
process.stdout.write(`${JSON.stringify({ execs: budget.execs(), ...result })}\n`);
