// A bound on regex WORK, not on time: every RegExp execution in this process runs on a twin built with V8's
// backtrack limit (%NewRegExpWithBacktrackLimit, needs `node --allow-natives-syntax`), with a budget of
// BACKTRACKS_PER_CHAR × (length + 1) backtracks per exec call. A linear pattern stays far below it; an
// exponential or quadratic one on adversarial text blows through it and is recorded as a violation instead
// of running on (so a bad pattern makes the test fail, never hang).
//
// V8 treats an exceeded limit as "no match", which alone cannot be told from a real miss. The twin therefore
// ends in a sentinel alternative `|()(?![^])` (an empty match at the end of the input, tried only after the
// pattern failed at every position; for sticky patterns `|()`, an empty match at lastIndex): the twin always
// matches unless the budget ran out, and a sentinel match is turned back into the real "no match".
// Every String/RegExp method (test, match, matchAll, replace, split, search) goes through `exec` once the
// prototype is modified (ECMAScript RegExpExec), so patching `exec` covers them all.

export const BACKTRACKS_PER_CHAR = 200;

export interface BudgetViolation {
  source: string;
  flags: string;
  inputLength: number;
}

type Limited = (pattern: string, flags: string, limit: number) => RegExp;

export function installRegexBudget(perChar = BACKTRACKS_PER_CHAR): { violations: BudgetViolation[]; execs: () => number } {
  let makeLimited: Limited;
  try {
    makeLimited = new Function('p', 'f', 'l', 'return %NewRegExpWithBacktrackLimit(p, f, l)') as Limited;
  } catch {
    throw new Error('the regex budget needs node --allow-natives-syntax');
  }
  const violations: BudgetViolation[] = [];
  const nativeExec = RegExp.prototype.exec;
  // Keyed by pattern, not by object: matchAll and split clone their regex on every call.
  const twins = new Map<string, RegExp>();
  let count = 0;

  function twinOf(re: RegExp, length: number): RegExp {
    // Budgets in powers of two of the input length, so one pattern needs only a few twins.
    const bucket = 2 ** Math.ceil(Math.log2(length + 1));
    const key = `${bucket}/${re.flags}/${re.source}`;
    let twin = twins.get(key);
    if (!twin) {
      const sentinel = re.sticky ? '|()' : '|()(?![^])';
      twin = makeLimited(`(?:${re.source})${sentinel}`, re.flags, Math.min(perChar * (bucket + 1), 2 ** 31 - 1));
      twins.set(key, twin);
    }
    return twin;
  }

  RegExp.prototype.exec = function budgetedExec(this: RegExp, input: string): RegExpExecArray | null {
    count++;
    const text = String(input);
    const twin = twinOf(this, text.length);
    twin.lastIndex = this.lastIndex;
    const result = nativeExec.call(twin, text);
    const resets = this.global || this.sticky;
    if (result === null) {
      violations.push({ source: this.source, flags: this.flags, inputLength: text.length });
      if (resets) this.lastIndex = 0;
      return null;
    }
    if (result[result.length - 1] !== undefined) {
      if (resets) this.lastIndex = 0; // the sentinel matched: a real "no match"
      return null;
    }
    result.pop();
    if (result.indices) result.indices.pop();
    if (resets) this.lastIndex = twin.lastIndex;
    return result;
  };
  return { violations, execs: () => count };
}
