// `node --import tsx bench/storeMigrate.ts [records]`: how long npm run store:migrate takes both ways for a
// DATA_DIR with `records` escalations and as many interpreter requests (default 10000), against PGlite
// (in-process WebAssembly PostgreSQL; a real server is faster) or TEST_DATABASE_URL. Figures, not assertions.
import { mkdtempSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEscalationStore } from '../src/escalations/store.js';
import { openInterpreterStore } from '../src/interpreters/store.js';
import { startTestDatabase } from '../test/harness/pglite.js';
import { seedDataDir } from '../test/harness/privacySeed.js';
import { runScript } from '../test/harness/runScript.js';

const n = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-mig-'));
await seedDataDir(dir);
const escalations = await openEscalationStore(dir);
const sample = Object.values(escalations.data.cases)[0]!;
await escalations.commit((d) => {
  for (let i = 0; i < n; i++) d.cases[`ESK-2025-${i}`] = { ...sample, id: `ESK-2025-${i}` };
});
await escalations.close();
const interpreters = await openInterpreterStore(dir);
const request = Object.values(interpreters.data.requests)[0]!;
await interpreters.commit((d) => {
  for (let i = 0; i < n; i++) d.requests[`DOL-2025-${i}`] = { ...request, id: `DOL-2025-${i}` };
});
await interpreters.close();
const bytes = readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);

const db = await startTestDatabase();
try {
  const env = { DATA_DIR: dir, DATABASE_URL: db.url };
  const timed = async (label: string, args: string[], e: Record<string, string>) => {
    const t0 = performance.now();
    const res = await runScript('store-migrate', args, e);
    if (res.code !== 0) throw new Error(`${label}: exit ${res.code}\n${res.stderr}`);
    console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  console.log(`DATA_DIR with ${n} escalations + ${n} interpreter requests, ${(bytes / 1e6).toFixed(1)} MB`);
  await timed('--to postgres --dry-run', ['--to', 'postgres', '--dry-run'], env);
  await timed('--to postgres', ['--to', 'postgres'], env);
  await timed('--to lowdb', ['--to', 'lowdb'], { ...env, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-back-')) });
} finally {
  await db.close();
}
