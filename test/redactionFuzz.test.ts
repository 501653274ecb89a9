// Fuzz (issue 10): 1,000 random and adversarial texts up to 10,000 characters (redactionFuzzTexts.ts) through
// every function that screens or parses user text: offline redaction and name detection, the case-reference
// and note checks, the interpreter one-shot parser and its date/time/duration parsing, institution lookup,
// directory search and "wer ist zuständig", language names, script counts.
// The bound is on WORK, not time: every regex exec in the child runs with V8's backtrack limit at 200
// backtracks per input character (test/redactionBudget.ts); an exec that needs more is recorded as a violation.
import { expect } from 'chai';
import { runBudgetChild } from './redactionBudgetRun.js';

interface FuzzResult {
  texts: number;
  longest: number;
  execs: number;
  perFunction: Record<string, number>;
  execsPerFunction: Record<string, number>;
  violations: { source: string; flags: string; inputLength: number }[];
}

describe('fuzz: every screening function stays within a linear regex budget', () => {
  it('1,000 texts up to 10,000 characters, no regex exec over budget', function () {
    this.timeout(1_800_000);
    const r = runBudgetChild<FuzzResult>('fuzz');
    expect(r.texts).to.equal(1000);
    expect(r.longest).to.equal(10_000);
    // Each function really ran its patterns on the texts.
    for (const [name, execs] of Object.entries(r.execsPerFunction)) expect(execs, name).to.be.at.least(1000);
    expect(Object.keys(r.perFunction)).to.have.length(14);
    expect(r.violations, JSON.stringify(r.violations, null, 1).slice(0, 3000)).to.deep.equal([]);
  });
});
