// Issue 13, PostgreSQL vs lowdb, every ratio against the lowdb figure of the same run:
//   a) full bot turns over HTTP at BENCH_PG_USERS (default 50) users × BENCH_TURNS turns: lowdb (durable file
//      state) vs PostgreSQL with one instance vs two instances behind a round-robin (median of BENCH_ROUNDS rounds);
//   b) one commit's latency at 1 k / 10 k / 100 k records per engine (bench/pgCommit.ts);
//   c) outbox drain, 1 worker vs 2 workers on PostgreSQL, 1 worker on lowdb (bench/pgOutbox.ts).
// The server: BENCH_DATABASE_URL (its public schema is dropped between scenarios!), else a throwaway
// cluster of Debian's PostgreSQL, else PGlite, which the output then names (bench/postgresServer.ts).
//   node --import tsx bench/pgBench.ts      or      BENCH_ONLY=pg npm run bench
import { pathToFileURL } from 'node:url';
import { FakeConnector } from '../test/harness/fakeConnector.js';
import { runLoad, startProcess, type LoadResult } from './httpLoad.js';
import { commitLatency, type CommitLatency } from './pgCommit.js';
import { drainOutbox, type PgOutboxResult } from './pgOutbox.js';
import { startPostgres, type BenchDatabase } from './postgresServer.js';

export interface PgBenchResult {
  database: { kind: BenchDatabase['kind']; label: string };
  users: number;
  turns: number;
  rounds: number;
  http: LoadResult[];
  commits: CommitLatency[];
  outbox: PgOutboxResult[];
  outboxLatencyMs: number;
}

const TEXTS = ['wer bin ich', 'hilfe'];
/** The outbox runs again with every worker passing this often: what the shared store lets through. */
const OUTBOX_TICK_MS = 100;

async function httpScenarios(db: BenchDatabase, users: number, turns: number, rounds: number): Promise<LoadResult[]> {
  const connector = await new FakeConnector().start();
  const pgEnv = { STORE: 'postgres', DATABASE_URL: db.url, DATABASE_POOL_MAX: String(db.poolMax) };
  const scenarios: [string, number][] = [
    ['lowdb, durable file state', 0],
    ['PostgreSQL, 1 instance', 1],
    ['PostgreSQL, 2 instances, round-robin', 2],
  ];
  const samples = new Map<string, LoadResult[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < scenarios.length; i++) {
        const [name, instances] = scenarios[(i + round) % scenarios.length]!;
        if (instances > 0) await db.reset(); // every scenario starts on an empty database, as lowdb on an empty DATA_DIR
        const procs = [];
        try {
          // One after the other: the first migrates the empty database, the second finds it done.
          if (instances === 0) procs.push(await startProcess('bench/lotseServer.ts', ['file']));
          for (let n = 0; n < instances; n++) procs.push(await startProcess('bench/lotseServer.ts', ['file'], pgEnv));
          const result = await runLoad(name, procs.map((p) => p.port), connector, users, turns, TEXTS);
          samples.set(name, [...(samples.get(name) ?? []), result]);
        } finally {
          for (const p of procs) await p.stop();
        }
      }
    }
  } finally {
    await connector.stop();
  }
  return scenarios.map(([name]) => {
    const runs = samples.get(name)!.sort((a, b) => a.throughput - b.throughput);
    return runs[Math.floor(runs.length / 2)]!;
  });
}

export async function runPgBench(opts: { users?: number; turns?: number; rounds?: number } = {}): Promise<PgBenchResult> {
  const users = opts.users ?? Number(process.env.BENCH_PG_USERS ?? 50);
  const turns = opts.turns ?? Number(process.env.BENCH_TURNS ?? 50);
  const rounds = opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 3);
  const outboxRows = Number(process.env.BENCH_PG_OUTBOX_ROWS ?? 600);
  const outboxLatencyMs = Number(process.env.BENCH_PG_OUTBOX_LATENCY_MS ?? 20);
  const db = await startPostgres();
  try {
    const http = await httpScenarios(db, users, turns, rounds);
    const commits = await commitLatency(db);
    const outbox = [
      await drainOutbox(undefined, 1, outboxRows, outboxLatencyMs),
      await drainOutbox(db, 1, outboxRows, outboxLatencyMs),
      await drainOutbox(db, 2, outboxRows, outboxLatencyMs),
      await drainOutbox(undefined, 1, outboxRows, outboxLatencyMs, OUTBOX_TICK_MS),
      await drainOutbox(db, 1, outboxRows, outboxLatencyMs, OUTBOX_TICK_MS),
      await drainOutbox(db, 2, outboxRows, outboxLatencyMs, OUTBOX_TICK_MS),
    ];
    return { database: { kind: db.kind, label: db.label }, users, turns, rounds, http, commits, outbox, outboxLatencyMs };
  } finally {
    await db.stop();
  }
}

export function formatPgBench(r: PgBenchResult): string[] {
  const f = (n: number, d = 1) => n.toFixed(d);
  const lines = [`PostgreSQL vs lowdb (issue 13). Database: ${r.database.label}`];
  if (r.database.kind === 'pglite') lines.push('!! PGlite fallback: single-connection WebAssembly in the bench process; these are not server figures.');
  const [low] = r.http as [LoadResult];
  lines.push(
    `\nFull bot turns over HTTP: ${r.users} users × ${r.turns} turns, replies to a local fake connector; median of ${r.rounds} rounds`,
    '| scenario | turns/s | p50 ms | p99 ms | turns/s vs lowdb | p99 vs lowdb |\n|---|---:|---:|---:|---:|---:|',
    ...r.http.map((h) => `| ${h.name} | ${f(h.throughput)} | ${f(h.p50)} | ${f(h.p99)} | ${f(h.throughput / low.throughput, 2)} | ${f(h.p99 / low.p99, 2)} |`),
  );
  lines.push(
    '\nOne commit changing one record, after seeding (lowdb: whole file, fsync; PostgreSQL: changed rows, one transaction)',
    '| records | engine | commits | seed s | median ms | p99 ms | median vs lowdb |\n|---:|---|---:|---:|---:|---:|---:|',
  );
  for (const c of r.commits) {
    const base = r.commits.find((x) => x.engine === 'lowdb' && x.records === c.records)!;
    lines.push(`| ${c.records} | ${c.engine} | ${c.commits} | ${f(c.seedSeconds, 2)} | ${f(c.medianMs, 2)} | ${f(c.p99Ms, 2)} | ${f(c.medianMs / base.medianMs, 3)} |`);
  }
  const pg100k = r.commits.find((c) => c.engine === 'postgres' && c.records === 100_000);
  if (pg100k) lines.push(`PostgreSQL at 100 k: median ${f(pg100k.medianMs, 2)} ms, p99 ${f(pg100k.p99Ms, 2)} ms (goal: flat, ≤ 5 ms)`);
  const [lowOut, one, two, lowTick, oneTick, twoTick] = r.outbox as PgOutboxResult[] as [PgOutboxResult, PgOutboxResult, PgOutboxResult, PgOutboxResult, PgOutboxResult, PgOutboxResult];
  lines.push(
    `\nOutbox drain: ${lowOut.messages} messages to ${Math.round(lowOut.messages / 2)} conversations, port latency ${r.outboxLatencyMs} ms, pacing off, ≤ 16 in flight per worker`,
    '| scenario | s | messages/s | per worker | duplicates | vs lowdb |\n|---|---:|---:|---|---:|---:|',
    ...r.outbox.map((o, i) => `| ${o.name} | ${f(o.seconds, 2)} | ${f(o.perSecond)} | ${o.perWorker.join(' / ')} | ${o.duplicates} | ${f(o.perSecond / (i < 3 ? lowOut : lowTick).perSecond, 2)} |`),
    `ratio 2 workers / 1 worker (PostgreSQL): shipped wake-up ${f(two.perSecond / one.perSecond, 2)}, ${OUTBOX_TICK_MS} ms tick ${f(twoTick.perSecond / oneTick.perSecond, 2)}`,
  );
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(formatPgBench(await runPgBench()).join('\n'));
