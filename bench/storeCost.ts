// Store figures: cost of one durable commit at 1k / 10k / 100k records, plain and encrypted (AES-256-GCM),
// beside lowdb's stock JSONFile adapter (atomic rename, no fsync) at the same size, and the file syncs
// that 100 concurrent commits cause.
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { JsonStore } from '../src/store/jsonStore.js';
import { parseKeyFile, withNewKey } from '../src/store/encryption.js';
import { tempDir } from '../test/harness/botProcess.js';
import { percentile } from './httpLoad.js';

export type Data = { records: Record<string, { id: string; owner: string; status: string; createdAt: string; count: number; locale: string }> };

export function makeData(n: number): Data {
  const records: Data['records'] = {};
  for (let i = 0; i < n; i++) {
    const id = `REC-2026-${String(i).padStart(6, '0')}`;
    records[id] = { id, owner: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, status: 'angefragt', createdAt: new Date(1_780_000_000_000 + i).toISOString(), count: i, locale: 'de-DE' };
  }
  return { records };
}

async function median(times: number, fn: () => Promise<void>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return percentile(samples.sort((a, b) => a - b), 50);
}

export async function storeWriteCost(sizes = [1_000, 10_000, 100_000]) {
  const rows = [];
  for (const n of sizes) {
    const dir = tempDir('lotse-bench-store-');
    const store = await JsonStore.open<Data>({ file: path.join(dir, 'store.json'), schemaVersion: 1, initial: () => makeData(n), validate: (d) => d as Data });
    let i = 0;
    const durableMs = await median(n >= 100_000 ? 5 : 15, () => store.commit((d) => void (d.records['REC-2026-000000']!.count = i++)));
    await store.close();
    const low = new Low<Data>(new JSONFile(path.join(dir, 'lowdb.json')), makeData(n));
    const lowdbMs = await median(n >= 100_000 ? 5 : 15, async () => {
      low.data.records['REC-2026-000000']!.count = i++;
      await low.write();
    });
    const ring = parseKeyFile('bench-key.json', JSON.stringify(withNewKey(undefined)));
    const sealed = await JsonStore.open<Data>({ file: path.join(dir, 'sealed.json'), schemaVersion: 1, initial: () => makeData(n), validate: (d) => d as Data, ring });
    const encryptedMs = await median(n >= 100_000 ? 5 : 15, () => sealed.commit((d) => void (d.records['REC-2026-000000']!.count = i++)));
    await sealed.close();
    rows.push({ records: n, durableMs, encryptedMs, lowdbMs, ratio: durableMs / lowdbMs, encryptedRatio: encryptedMs / lowdbMs });
  }
  return rows;
}

export async function groupCommitSyncs(concurrent = 100) {
  const dir = tempDir('lotse-bench-gc-');
  const store = await JsonStore.open<Data>({ file: path.join(dir, 'store.json'), schemaVersion: 1, initial: () => makeData(1000), validate: (d) => d as Data });
  const before = { ...store.stats };
  await Promise.all(Array.from({ length: concurrent }, (_, i) => store.commit((d) => void (d.records['REC-2026-000001']!.count = i))));
  const grouped = { writes: store.stats.writes - before.writes, syncs: store.stats.syncs - before.syncs };
  const seqBefore = { ...store.stats };
  for (let i = 0; i < concurrent; i++) await store.commit((d) => void (d.records['REC-2026-000001']!.count = i));
  const sequential = { writes: store.stats.writes - seqBefore.writes, syncs: store.stats.syncs - seqBefore.syncs };
  await store.close();
  return { concurrent, grouped, sequential };
}
