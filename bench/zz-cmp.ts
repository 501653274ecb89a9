// Temporary (not committed): turn throughput of the pre-restructure tree vs this tree, alternating rounds.
import { spawn } from 'node:child_process';
import { FakeConnector } from '../test/harness/fakeConnector.js';
import { tempDir } from '../test/harness/botProcess.js';
import { runLoad, type LoadResult } from './httpLoad.js';

async function start(cwd: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lotseServer.ts', 'file'], {
    cwd, env: { ...process.env, NODE_ENV: 'development', PORT: '0', DATA_DIR: tempDir('cmp-'), LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => { let b = ''; child.stdout!.on('data', (d) => { b += d; const m = /"port":(\d+)/.exec(b); if (m) resolve(Number(m[1])); }); });
  return { port, stop: () => new Promise<void>((r) => { child.kill('SIGTERM'); child.once('exit', () => r()); }) };
}
const connector = await new FakeConnector().start();
const trees = [['before (87f9761)', '/work/wt/before'], ['after (main)', '/work/main']] as const;
const res = new Map<string, LoadResult[]>();
for (let round = 0; round < 3; round++) for (let i = 0; i < 2; i++) {
  const [name, cwd] = trees[(i + round) % 2]!;
  const p = await start(cwd);
  res.set(name, [...(res.get(name) ?? []), await runLoad(name, p.port, connector, 20, 50, ['wer bin ich', 'hilfe'])]);
  await p.stop();
}
await connector.stop();
const med = (n: string) => res.get(n)!.sort((a, b) => a.throughput - b.throughput)[1]!;
for (const [n] of trees) { const r = med(n); console.log(`| ${n} | ${r.throughput.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`); }
console.log(`ratio after/before: ${(med('after (main)').throughput / med('before (87f9761)').throughput).toFixed(2)}`);
