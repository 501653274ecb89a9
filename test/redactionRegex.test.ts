// Every regular expression in src/ and dialogs/ is proven free of super-linear backtracking (issue 10):
// literals are read from the source with the TypeScript parser, patterns built with `new RegExp` are
// collected at run time (test/redactionRegexChild.ts), and each is analysed by recheck (automaton-based
// ReDoS checker; its native backend when installed, else its pure JS one).
// Why recheck and not safe-regex2: on this code base safe-regex2 (star height) passed all 9 patterns that
// recheck found polynomial (e.g. `\s*[:#]?\s*`, `\S+@\S+`, `-+$`) and refused about 40 linear ones
// (`^\d+(\.\d+)?$`, `(?:-\p{Lu}?\p{Ll}+)*`); recheck decides both, and gives an attack string for each finding.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from 'recheck';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Regex literals and the number of `new RegExp(…)` sites, from the source. */
function fromSource(): { literals: Pattern[]; constructed: number } {
  const literals: Pattern[] = [];
  let constructed = 0;
  for (const file of [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'dialogs'))]) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        literals.push({ where: `${path.relative(ROOT, file)}:${line + 1}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'RegExp') constructed++;
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { literals, constructed };
}

function fromRuntime(): Pattern[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/redactionRegexChild.ts'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(child.stderr.slice(0, 2000));
  return (JSON.parse(child.stdout.trim().split('\n').pop()!) as Omit<Pattern, 'where'>[]).map((p) => ({ ...p, where: 'new RegExp' }));
}

describe('regular expressions: linear time (static check)', () => {
  it('recheck proves every pattern in src/ and dialogs/ safe', async function () {
    this.timeout(900_000);
    const { literals, constructed } = fromSource();
    const built = fromRuntime();
    expect(literals.length).to.be.greaterThan(150);
    // Each `new RegExp` site must have been reached at run time (a new site may need a call in the child).
    const ownBuilt = new Set(built.map((p) => `${p.flags}/${p.source}`));
    expect(ownBuilt.size, 'patterns built at run time vs new RegExp sites').to.be.at.least(constructed);
    const unique = new Map<string, Pattern>();
    for (const p of [...literals, ...built]) unique.set(`${p.flags.replace(/[gyd]/g, '')}/${p.source}`, p);
    const findings: string[] = [];
    for (const p of unique.values()) {
      const flags = p.flags.replace(/[gyd]/g, '');
      const r = await check(p.source, flags, { timeout: 60_000 });
      if (r.status !== 'safe') {
        const detail = r.status === 'vulnerable' ? `${r.complexity.type}, attack ${JSON.stringify(r.attack.pattern)}` : 'undecided';
        findings.push(`${p.where} /${p.source}/${p.flags}: ${r.status} (${detail})`);
      }
    }
    expect(findings, findings.join('\n')).to.deep.equal([]);
  });
});
