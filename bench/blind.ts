// Sets written blind by a second author (a helper that never saw the code, the lexicons or the other sets),
// to show how the understanding and the redaction do on text nobody tuned them on. Sets A and B were read
// after their first scoring and used to find weaknesses (they are development data now); C was scored
// before any change made from A and B and is never used for tuning. Figures, not assertions.
//   node --import tsx bench/blind.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { loadLabelled, score } from '../src/understanding/evaluate.js';
import type { Interpretation } from '../src/understanding/types.js';
import { Understander } from '../src/understanding/understand.js';
import { scoreSet, withNames, type LabelledSentence } from './redaction.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures');
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} % (${a}/${b})`;

/**
 * The sets label a question without a place with the asker's institution; the understanding leaves the place
 * open and the directory answers for the asker's own institution, so an open place counts as that one.
 */
function withOwnPlace(got: Interpretation, own: string | undefined, institutions: ReturnType<typeof loadInstitutions>): Interpretation {
  if (!own || (got.kind !== 'responsibility' && got.kind !== 'unknownTopic') || got.institutions.length > 0) return got;
  const institution = institutions.byId(own);
  return institution ? { ...got, institutions: [institution] } : got;
}

export function runBlindBench(): string[] {
  const institutions = loadInstitutions();
  const understander = new Understander(institutions);
  const lines = ['', 'Blind sets (second author; A, B used for finding weaknesses, C never tuned on)', '| set | questions understood | responsibility questions |', '|---|---:|---:|'];
  for (const name of ['a', 'b', 'c']) {
    const items = loadLabelled(path.join(FIXTURES, 'understanding', `blind-${name}.jsonl`));
    const s = score(items, (i) => withOwnPlace(understander.understand(i.text, { role: i.role, ...(i.institutionId ? { institutionId: i.institutionId } : {}) }), i.institutionId, institutions));
    const r = s.byKind.get('responsibility')!;
    lines.push(`| understanding ${name.toUpperCase()} | ${pct(s.correct, s.total)} | ${pct(r.correct, r.total)} |`);
  }
  lines.push('', '| set | name tokens removed | other capitalised terms kept |', '|---|---:|---:|');
  for (const name of ['a', 'b']) {
    const set = readFileSync(path.join(FIXTURES, 'redaction', `blind-${name}.jsonl`), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledSentence);
    const all = scoreSet(set, withNames).get('all')!;
    lines.push(`| redaction ${name.toUpperCase()} | ${pct(all.piiRemoved, all.piiTokens)} | ${pct(all.otherKept, all.otherTerms)} |`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runBlindBench().join('\n'));
