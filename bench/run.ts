// `npm run bench`: figures, not assertions. Every ratio is against a baseline measured in the same run.
//   BENCH_USERS (default 20) × BENCH_TURNS (default 50) turns per HTTP scenario, BENCH_ROUNDS (default 3) rounds.
//   BENCH_ONLY=pg: only the PostgreSQL section (bench/pgBench.ts), written to bench/results/postgres.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeConnector } from '../test/harness/fakeConnector.js';
import { ROOT } from '../test/harness/botProcess.js';
import { runLoad, startProcess, type LoadResult } from './httpLoad.js';
import { groupCommitSyncs, storeWriteCost } from './storeCost.js';
import { outboxThroughput, printOutbox } from './outbox.js';
import { formatFlood, runFlood } from './flood.js';
import { formatLanguageBench, runLanguageBench, summarizeLanguageBench } from './language.js';
import { formatDirectoryBench, runDirectoryBench } from './directory.js';
import { formatKnowledgeBench, runKnowledgeBench } from './knowledge.js';
import { formatFiguresBench, runFiguresBench } from './figures.js';
import { formatUnderstandingBench, runUnderstandingBench } from './understanding.js';
import { formatPgBench, runPgBench } from './pgBench.js';

const users = Number(process.env.BENCH_USERS ?? 20);
const turns = Number(process.env.BENCH_TURNS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const fmt = (n: number, d = 1) => n.toFixed(d);
const outDir = path.join(ROOT, 'bench', 'results');

if (process.env.BENCH_ONLY !== undefined && process.env.BENCH_ONLY !== 'pg') throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY}: only "pg" is known`);
if (process.env.BENCH_ONLY === 'pg') {
  const postgres = await runPgBench();
  console.log('\n' + formatPgBench(postgres).join('\n'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'postgres.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, postgres }, null, 2));
  console.log(`\nwritten: bench/results/postgres.json`);
  process.exit(0);
}

async function http(): Promise<LoadResult[]> {
  const connector = await new FakeConnector().start();
  const scenarios: [string, string, string[], string[]][] = [
    ['echo bot (bare botbuilder)', 'bench/echoBot.ts', [], ['hallo', 'wie geht es']],
    ['Integrationslotse, in-memory dialog state', 'bench/lotseServer.ts', ['memory'], ['wer bin ich', 'hilfe']],
    ['Integrationslotse, durable dialog state (shipped)', 'bench/lotseServer.ts', ['file'], ['wer bin ich', 'hilfe']],
  ];
  // Rounds with a rotating order, median per scenario: one slow moment of a shared machine does not decide a ratio.
  const samples = new Map<string, LoadResult[]>();
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < scenarios.length; i++) {
      const [name, script, args, texts] = scenarios[(i + round) % scenarios.length]!;
      const proc = await startProcess(script, args);
      try {
        samples.set(name, [...(samples.get(name) ?? []), await runLoad(name, proc.port, connector, users, turns, texts)]);
      } finally {
        await proc.stop();
      }
    }
  }
  await connector.stop();
  return scenarios.map(([name]) => {
    const runs = samples.get(name)!.sort((a, b) => a.throughput - b.throughput);
    return runs[Math.floor(runs.length / 2)]!;
  });
}

const httpResults = await http();
const [echo, memory, durable] = httpResults as [LoadResult, LoadResult, LoadResult];
console.log(`\nHTTP path: ${users} users × ${turns} turns, replies to a local fake connector; median of ${rounds} rounds`);
console.log('| scenario | turns/s | p50 ms | p99 ms |\n|---|---:|---:|---:|');
for (const r of httpResults) console.log(`| ${r.name} | ${fmt(r.throughput)} | ${fmt(r.p50)} | ${fmt(r.p99)} |`);
console.log(`ratio durable / in-memory state: ${fmt(durable.throughput / memory.throughput, 2)} (target ≥ 0.9)`);
console.log(`ratio durable / echo bot:        ${fmt(durable.throughput / echo.throughput, 2)}`);

const store = await storeWriteCost();
console.log('\nStore: one durable commit (temp file → fsync → rename → fsync dir), plain and AES-256-GCM encrypted, vs lowdb JSONFile (no fsync), median ms');
console.log('| records | durable ms | encrypted ms | lowdb JSONFile ms | ratio | encrypted ratio |\n|---:|---:|---:|---:|---:|---:|');
for (const r of store) console.log(`| ${r.records} | ${fmt(r.durableMs)} | ${fmt(r.encryptedMs)} | ${fmt(r.lowdbMs)} | ${fmt(r.ratio, 2)} | ${fmt(r.encryptedRatio, 2)} |`);

const gc = await groupCommitSyncs();
console.log(`\nGroup commit: ${gc.concurrent} concurrent commits → ${gc.grouped.writes} file writes, ${gc.grouped.syncs} fsyncs (target ≤ 5);`);
console.log(`              the same ${gc.concurrent} commits one after another → ${gc.sequential.writes} writes, ${gc.sequential.syncs} fsyncs`);

// Offline language detection: accuracy on short texts vs memory, beside franc alone (bench/language.ts).
const language = await runLanguageBench();
console.log('\n' + formatLanguageBench(language).join('\n'));

// Contact directory: search and "wer ist zuständig" over 10 k synthetic contacts (bench/directory.ts).
const directory = await runDirectoryBench();
console.log('\n' + formatDirectoryBench(directory).join('\n'));

// Understanding free questions: labelled dev / held-out accuracy, time per question (bench/understanding.ts);
// the NLP.js comparison runs in its own process (bench/understandingNlu.ts, skipped if NLP.js is not installed).
const understanding = runUnderstandingBench();
console.log('\n' + formatUnderstandingBench(understanding).join('\n'));
const nlu = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/understandingNlu.ts'], { cwd: ROOT, encoding: 'utf8' });
console.log(nlu.stdout.trim());
// Knowledge base: "frage …" search p50/p99 over 5 000 synthetic entries (bench/knowledge.ts).
const knowledge = await runKnowledgeBench();
console.log('\n' + formatKnowledgeBench(knowledge).join('\n'));

// Outbox: proactive sends to the fake connector through the persisted outbox, beside direct sends (bench/outbox.ts).
const outbox = await outboxThroughput();
printOutbox(outbox);

// Memory under a flood of hostile requests against the real server with authentication on (bench/flood.ts).
const flood = await runFlood();
console.log('\n' + formatFlood(flood).join('\n'));

// Figures: a unit's year over 100 k stored records beside a bare count; the tab's first render in Chromium (bench/figures.ts).
const figures = await runFiguresBench();
console.log('\n' + formatFiguresBench(figures).join('\n'));

console.log((await import('./redaction.js')).runRedactionBench()); // name redaction vs the rules alone, per language group
console.log((await import('./blind.js')).runBlindBench().join('\n')); // both on sets written blind by a second author

// PostgreSQL vs lowdb: turns at 50 users (1 and 2 instances), commit latency at 1 k–100 k records, outbox 1 vs 2 workers (bench/pgBench.ts).
const postgres = await runPgBench();
console.log('\n' + formatPgBench(postgres).join('\n'));

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, users, turns, http: httpResults, store, groupCommit: gc, language: summarizeLanguageBench(language), directory, knowledge, understanding: { ...understanding, errors: understanding.errors.length }, outbox, figures, flood, postgres }, null, 2));
console.log(`\nwritten: bench/results/latest.json`);
