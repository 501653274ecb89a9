// Starts test/redactionBudgetChild.ts with --allow-natives-syntax and returns its JSON answer.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function runBudgetChild<T>(mode: string): T {
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', 'test/redactionBudgetChild.ts', mode], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`budget child failed (${child.status}): ${child.stderr.slice(0, 2000)}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}
