// Regression (issue 10): the case-reference keep-pattern of the offline redaction backtracked exponentially
// when a keyword ("Fall", "case", "Ticket" …) was followed by plain words without a digit, and froze the bot.
// Bound on work, not time: the sentences run in a child process where every regex exec has a backtrack
// budget proportional to the input length (test/redactionBudget.ts); before the fix, all of them exceeded it.
import { expect } from 'chai';
import { redactOffline } from '../src/language/offlineRedact.js';
import { runBudgetChild } from './redactionBudgetRun.js';

const NOW = new Date('2026-03-01T10:00:00Z');

describe('offline redaction: the freeze of issue 10', () => {
  it('runs the sentences that froze the bot within a linear backtrack budget, and the budget does catch the old pattern', function () {
    this.timeout(60_000);
    const r = runBudgetChild<{ ourViolations: number; oldPatternViolations: number; outputs: number[]; execs: number }>('freeze');
    expect(r.execs).to.be.greaterThan(20); // the redaction really ran under the budget
    expect(r.ourViolations, JSON.stringify(r)).to.equal(0);
    expect(r.oldPatternViolations, 'the budget must flag the old exponential keep-pattern').to.equal(1);
  });

  it('keeps case references with letters before the number, and no longer keeps plain words after a keyword', () => {
    const kept = ['Az. 4 KLs 12/25', 'Fall-Nr. E-2025-0042', 'Ticket AB-17', 'Buchnummer 123/24', 'case no. 2026-17', 'Fall AZ2026'];
    for (const ref of kept) expect(redactOffline(`Bitte ${ref} prüfen.`, 'de', NOW).text, ref).to.equal(`Bitte ${ref} prüfen.`);
    const r = redactOffline('Der Fall betrifft Herrn Demir der seit 3 Monaten in Haft ist.', 'de', NOW);
    expect(r.text).to.equal('Der Fall betrifft Herrn [Name] der seit 3 Monaten in Haft ist.');
  });
});
