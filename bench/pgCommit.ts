// One commit's latency at 1 k / 10 k / 100 k records: the JSON store (whole file rewritten, fsync'd)
// vs the PostgreSQL engine (one row per record: a commit writes the rows it changed). Same document
// shape as bench/storeCost.ts; every commit changes one record; median and p99 after seeding.
import path from 'node:path';
import type { DocumentStore } from '../src/store/documentStore.js';
import { JsonStore } from '../src/store/jsonStore.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { tempDir } from '../test/harness/botProcess.js';
import { percentile } from './httpLoad.js';
import type { BenchDatabase } from './postgresServer.js';
import { makeData, type Data } from './storeCost.js';

export interface CommitLatency {
  engine: 'lowdb' | 'postgres';
  records: number;
  commits: number;
  seedSeconds: number;
  medianMs: number;
  p99Ms: number;
}

async function measure(store: DocumentStore<Data>, records: number, commits: number): Promise<{ medianMs: number; p99Ms: number }> {
  const samples: number[] = [];
  const WARM_UP = 5; // first statements of a connection (parse, plan, JIT of the client) are not a commit's cost
  for (let i = -WARM_UP; i < commits; i++) {
    const id = `REC-2026-${String(((i + records) * 7919) % records).padStart(6, '0')}`; // spread over the records
    const t0 = performance.now();
    await store.commit((d) => void (d.records[id]!.count += 1));
    if (i >= 0) samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: percentile(samples, 50), p99Ms: percentile(samples, 99) };
}

const spec = (file: string, n: number) => ({ file, schemaVersion: 1, initial: () => makeData(n), validate: (d: unknown) => d as Data });

/** `commits` per size on PostgreSQL; the JSON store gets fewer at 100 k (each commit rewrites the whole file). */
export async function commitLatency(db: BenchDatabase, sizes = [1_000, 10_000, 100_000], commits = Number(process.env.BENCH_PG_COMMITS ?? 200)): Promise<CommitLatency[]> {
  const out: CommitLatency[] = [];
  await db.reset();
  const engine = await PgEngine.open({ url: db.url, poolMax: db.poolMax });
  try {
    for (const n of sizes) {
      const jsonCommits = n >= 100_000 ? Math.min(commits, 50) : commits;
      let t0 = performance.now();
      const json = await JsonStore.open<Data>(spec(path.join(tempDir('lotse-bench-commit-'), 'records.json'), n));
      const jsonSeed = (performance.now() - t0) / 1000;
      out.push({ engine: 'lowdb', records: n, commits: jsonCommits, seedSeconds: jsonSeed, ...(await measure(json, n, jsonCommits)) });
      await json.close();
      t0 = performance.now();
      const rows = await engine.open<Data>(spec(`/bench/records-${n}.json`, n)); // seeded in one transaction (writeAllRows)
      const pgSeed = (performance.now() - t0) / 1000;
      out.push({ engine: 'postgres', records: n, commits, seedSeconds: pgSeed, ...(await measure(rows, n, commits)) });
      await rows.close();
    }
  } finally {
    await engine.close();
  }
  return out;
}
