// Issue 13 item 4: `npm run store:migrate` as a real process against PGlite (or TEST_DATABASE_URL).
// A DATA_DIR seeded through the bot's own stores goes to PostgreSQL and back into a new DATA_DIR; the
// documents, dialog state and audit trail come back deep-equal. Refusals leave both sides untouched.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openEscalationStore } from '../src/escalations/store.js';
import { registerEngine } from '../src/store/engine.js';
import { isSealed, unseal, withNewKey, writeKeyFile, type KeyRing } from '../src/store/encryption.js';
import { JsonStore } from '../src/store/jsonStore.js';
import { acquireLock } from '../src/store/lock.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { compareSummaries, summarize } from '../src/store/migrate/checksum.js';
import { verifiedTable } from '../src/store/migrate/reportTable.js';
import { tempDir } from './harness/botProcess.js';
import { sqlAt, useTestDatabase } from './harness/pglite.js';
import { seedDataDir } from './harness/privacySeed.js';
import { runScript } from './harness/runScript.js';

interface Contents {
  stores: Record<string, { schemaVersion: number; data: unknown }>;
  audit: unknown[];
  manifest: string[];
}

/** Reads a DATA_DIR independently of the migration code: unseal if sealed, parse the envelope, every audit line. */
function contentsOf(dir: string, ring?: KeyRing): Contents {
  const open = (name: string, text: string) => {
    if (!isSealed(text)) return text;
    const res = unseal(ring, name, text);
    if (!res.ok) throw new Error(`${name}: ${res.problem}`);
    return res.plain;
  };
  const stores: Contents['stores'] = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    const env = JSON.parse(open(name, readFileSync(path.join(dir, name), 'utf8')));
    stores[name] = { schemaVersion: env.schemaVersion, data: env.data };
  }
  const lines = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean);
  const manifest = JSON.parse(readFileSync(path.join(dir, '.store-files.json'), 'utf8')).files;
  return { stores, audit: lines.map((l) => JSON.parse(open('audit.jsonl', l))), manifest };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hashes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((n) => [n, sha(readFileSync(path.join(dir, n)))]));

describe('npm run store:migrate (real process, PGlite)', function () {
  this.timeout(120_000);
  const holder = useTestDatabase();

  const sql = <R extends pg.QueryResultRow = any>(text: string, values?: unknown[]) => sqlAt<R>(holder.db.url, text, values);
  const tableExists = async (name: string) => (await sql('SELECT to_regclass($1) IS NOT NULL AS p', [name]))[0].p as boolean;
  const migrate = (to: string, dataDir: string, extra: string[] = [], env: Record<string, string> = {}) =>
    runScript('store-migrate', ['--to', to, ...extra], { DATA_DIR: dataDir, DATABASE_URL: holder.db.url, ...env });

  it('copies every store, the dialog state and the audit log to PostgreSQL and back, deep-equal', async () => {
    const source = tempDir('lotse-mig-src-');
    await seedDataDir(source);
    const before = contentsOf(source);

    const up = await migrate('postgres', source);
    expect(up.stderr).to.equal('');
    expect(up.code).to.equal(0);
    expect(up.stdout).to.contain('every record count and checksum of the copy matches the source').and.not.contain('MISMATCH');
    expect(up.stdout).to.match(/escalations\.json\s+cases 4, [^\n]*names 1\s+[0-9a-f]{12}\s+ok/);
    expect(up.stdout).to.match(/audit\.jsonl\s+entries 3\s+[0-9a-f]{12}\s+ok/);

    const heads = await sql('SELECT store, seq, schema_version FROM doc_heads ORDER BY store');
    expect(heads.map((h) => h.store)).to.deep.equal(Object.keys(before.stores).sort());
    expect(heads.map((h) => h.schema_version)).to.deep.equal(Object.keys(before.stores).sort().map((n) => before.stores[n]!.schemaVersion));
    const stateKeys = await sql(`SELECT key FROM doc_rows WHERE store = 'state.json' AND coll = 'items' ORDER BY key`);
    expect(stateKeys.map((r) => r.key)).to.deep.equal(Object.keys((before.stores['state.json']!.data as any).items).sort());
    const audit = await sql('SELECT id, time, entry FROM audit_log ORDER BY id');
    expect(audit.map((r) => r.entry)).to.deep.equal(before.audit);
    expect(audit.map((r) => Number(r.id))).to.deep.equal([1, 2, 3]);
    expect(new Date(audit[1]!.time).toISOString()).to.equal((before.audit[1] as any).time);

    // The capability's own store, opened by the PostgreSQL engine, validates and sees the records.
    const engine = await PgEngine.open({ url: holder.db.url, poolMax: holder.db.poolMax });
    const elsewhere = tempDir('lotse-mig-pg-');
    const unregister = registerEngine(elsewhere, engine);
    try {
      const escalations = await openEscalationStore(elsewhere);
      expect(escalations.data).to.deep.equal(before.stores['escalations.json']!.data);
    } finally {
      unregister();
      await engine.close();
    }
    // A new audit entry continues after the copied ones.
    await sql(`INSERT INTO audit_log (time, entry) VALUES (now(), '{"actor":"x","action":"y"}')`);
    expect((await sql('SELECT max(id) AS m FROM audit_log'))[0].m).to.equal('4');
    await sql('DELETE FROM audit_log WHERE id = 4');

    const back = tempDir('lotse-mig-back-');
    const down = await migrate('lowdb', back);
    expect(down.stderr).to.equal('');
    expect(down.code).to.equal(0);
    const after = contentsOf(back);
    expect(after.stores).to.deep.equal(before.stores);
    expect(after.audit).to.deep.equal(before.audit);
    expect(after.manifest).to.deep.equal(before.manifest);
    expect(existsSync(path.join(back, '.lock'))).to.equal(false);
    // The bot's own start-up checks accept the copy (manifest, envelopes, checksums): nothing is missing.
    const init = await runScript('store-init', [], { DATA_DIR: back });
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.contain('every store file was present');
  });

  it('reads and writes encrypted DATA_DIRs with STORE_KEY_FILE', async () => {
    const keyFile = path.join(tempDir('lotse-mig-key-'), 'key.json');
    const ring = await writeKeyFile(keyFile, withNewKey(undefined, 'mig'));
    const source = tempDir('lotse-mig-enc-');
    await seedDataDir(source, keyFile, ring);
    const before = contentsOf(source, ring);
    expect(readFileSync(path.join(source, 'store.json'), 'utf8').startsWith('{"enc"')).to.equal(true);

    const noKey = await migrate('postgres', source);
    expect(noKey.code).to.equal(2);
    expect(noKey.stderr).to.contain('no STORE_KEY_FILE is configured');
    expect(await tableExists('doc_heads')).to.equal(false);

    const up = await migrate('postgres', source, [], { STORE_KEY_FILE: keyFile });
    expect(up.code, up.stderr).to.equal(0);
    const back = tempDir('lotse-mig-encback-');
    const down = await migrate('lowdb', back, [], { STORE_KEY_FILE: keyFile });
    expect(down.code, down.stderr).to.equal(0);
    for (const name of readdirSync(back).filter((n) => !n.startsWith('.'))) {
      for (const line of readFileSync(path.join(back, name), 'utf8').split('\n').filter(Boolean)) expect(isSealed(line), name).to.equal(true);
    }
    const after = contentsOf(back, ring);
    expect(after.stores).to.deep.equal(before.stores);
    expect(after.audit).to.deep.equal(before.audit);
  });

  it('refuses to copy into a database that holds data, and leaves it as it was', async () => {
    const first = tempDir('lotse-mig-a-');
    await seedDataDir(first);
    expect((await migrate('postgres', first)).code).to.equal(0);
    const rowsBefore = await sql('SELECT store, coll, key, value FROM doc_rows ORDER BY store, coll, key');

    const second = tempDir('lotse-mig-b-');
    await seedDataDir(second);
    const res = await migrate('postgres', second);
    expect(res.code).to.equal(2);
    const stores = readdirSync(first).filter((n) => n.endsWith('.json') && !n.startsWith('.')).length;
    expect(res.stderr).to.contain('Migration refused').and.contain('is not empty').and.contain(`doc_heads ${stores},`).and.contain('audit_log 3').and.contain('nothing was written');
    expect(res.stderr).not.to.match(/^\s+at /m);
    expect(await sql('SELECT store, coll, key, value FROM doc_rows ORDER BY store, coll, key')).to.deep.equal(rowsBefore);
    expect((await sql('SELECT count(*) AS n FROM audit_log'))[0].n).to.equal('3');
  });

  it('copies nothing when one record cannot be stored: the whole copy is one transaction', async () => {
    const source = tempDir('lotse-mig-tx-');
    await seedDataDir(source);
    // jsonb refuses a NUL character in a string; the store sorts last, so every other store was inserted before it.
    const bad = await JsonStore.open({ file: path.join(source, 'zz-extra.json'), schemaVersion: 1, initial: () => ({ notes: { n1: { text: 'a\u0000b' } } }), validate: (d) => d as object });
    await bad.close();
    const manifestFile = path.join(source, '.store-files.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    writeFileSync(manifestFile, JSON.stringify({ version: 1, files: [...manifest.files, 'zz-extra.json'].sort() }));

    const res = await migrate('postgres', source);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('Migration stopped').and.contain('unsupported Unicode escape sequence');
    expect((await sql('SELECT count(*) AS n FROM doc_heads'))[0].n).to.equal('0');
    expect((await sql('SELECT count(*) AS n FROM audit_log'))[0].n).to.equal('0');
  });

  it('refuses while the bot holds DATA_DIR, and copies nothing', async () => {
    const source = tempDir('lotse-mig-lock-');
    await seedDataDir(source);
    const lock = await acquireLock(source);
    try {
      const res = await migrate('postgres', source);
      expect(res.code).to.equal(3);
      expect(res.stderr).to.contain('Migration refused').and.contain(`is in use by process ${process.pid}`);
    } finally {
      await lock.release();
    }
    expect(await tableExists('doc_heads')).to.equal(false);
  });

  it('--dry-run reports the counts and writes nothing, in either direction', async () => {
    const source = tempDir('lotse-mig-dry-');
    await seedDataDir(source);
    const before = hashes(source);
    const dry = await migrate('postgres', source, ['--dry-run']);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.contain('Nothing was written').and.contain('the database is empty (its schema would be created first)');
    expect(dry.stdout).to.match(/state\.json\s+items 4\s/).and.match(/audit\.jsonl\s+entries 3\s/);
    expect(hashes(source)).to.deep.equal(before);
    expect(await tableExists('lotse_schema')).to.equal(false);

    expect((await migrate('postgres', source)).code).to.equal(0);
    const target = path.join(tempDir('lotse-mig-drydown-'), 'data');
    const down = await migrate('lowdb', target, ['--dry-run']);
    expect(down.code, down.stderr).to.equal(0);
    expect(down.stdout).to.match(/escalations\.json\s+cases 4, [^\n]*names 1\s/);
    expect(existsSync(target)).to.equal(false);
    const again = await migrate('postgres', source, ['--dry-run']);
    expect(again.stdout).to.contain('NOT empty');
  });

  it('--to lowdb refuses a DATA_DIR that is not empty', async () => {
    const source = tempDir('lotse-mig-full-');
    await seedDataDir(source);
    expect((await migrate('postgres', source)).code).to.equal(0);
    const before = hashes(source);
    const res = await migrate('lowdb', source);
    expect(res.code).to.equal(2);
    expect(res.stderr).to.contain('is not empty').and.contain('writes only into an empty directory');
    expect(hashes(source)).to.deep.equal(before);
  });

  it('answers a missing --to or DATABASE_URL with the usage (exit 2)', async () => {
    const res = await runScript('store-migrate', ['--to', 'mysql'], { DATA_DIR: tempDir() });
    expect(res.code).to.equal(2);
    expect(res.stderr).to.contain('--to must be postgres or lowdb').and.contain('Usage: npm run store:migrate');
    const noUrl = await runScript('store-migrate', ['--to', 'postgres'], { DATA_DIR: tempDir() });
    expect(noUrl.code).to.equal(2);
    expect(noUrl.stderr).to.contain('DATABASE_URL: is required when STORE=postgres');
    // The way back writes what production can start on: encrypted, unless switched off explicitly.
    const prod = { NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', ALLOWED_TENANTS: '00000000-0000-4000-8000-000000000001' };
    const target = path.join(tempDir(), 'data');
    const plainProd = await runScript('store-migrate', ['--to', 'lowdb'], { ...prod, DATA_DIR: target, DATABASE_URL: holder.db.url });
    expect(plainProd.code).to.equal(2);
    expect(plainProd.stderr).to.contain('STORE_KEY_FILE: is required in production');
    expect(existsSync(target)).to.equal(false);
  });
});

describe('store:migrate verification', () => {
  const doc = (cases: Record<string, unknown>) => ({ name: 'escalations.json', schemaVersion: 2, data: { cases, mode: 'x' } });

  it('passes only a copy whose counts, checksum and schema version all match', () => {
    const source = summarize({ stores: [doc({ a: { s: 1, t: [1, 2] } })], audit: [] }, 'audit.jsonl');
    // jsonb returns keys in another order: the same data, the same checksum.
    const reordered = summarize({ stores: [{ name: 'escalations.json', schemaVersion: 2, data: { mode: 'x', cases: { a: { t: [1, 2], s: 1 } } } }], audit: [] }, 'audit.jsonl');
    expect(compareSummaries(source, reordered).every((p) => p.ok)).to.equal(true);

    const changed = summarize({ stores: [doc({ a: { s: 2, t: [1, 2] } })], audit: [] }, 'audit.jsonl');
    const parts = compareSummaries(source, changed);
    expect(parts.map((p) => p.ok)).to.deep.equal([false, true]);
    expect(verifiedTable(parts)).to.match(/escalations\.json\s+cases 1, 1 value\s+[0-9a-f]{12} → [0-9a-f]{12}\s+MISMATCH/);

    const otherVersion = summarize({ stores: [{ ...doc({ a: { s: 1, t: [1, 2] } }), schemaVersion: 1 }], audit: [] }, 'audit.jsonl');
    expect(compareSummaries(source, otherVersion)[0]!.ok).to.equal(false);
    const missing = compareSummaries(source, summarize({ stores: [], audit: [] }, 'audit.jsonl'));
    expect(missing[0]!.ok).to.equal(false);
    const extra = compareSummaries(summarize({ stores: [], audit: [] }, 'audit.jsonl'), source);
    expect(extra.map((p) => p.ok)).to.deep.equal([true, false]);
  });

  it('sees a reordered or shortened audit trail', () => {
    const a = { time: '2026-01-01T00:00:00.000Z', actor: 'u1', action: 'x.y' };
    const b = { time: '2026-01-02T00:00:00.000Z', actor: 'u2', action: 'x.y' };
    const source = summarize({ stores: [], audit: [a, b] }, 'audit.jsonl');
    expect(compareSummaries(source, summarize({ stores: [], audit: [b, a] }, 'audit.jsonl'))[0]!.ok).to.equal(false);
    expect(compareSummaries(source, summarize({ stores: [], audit: [a] }, 'audit.jsonl'))[0]!.ok).to.equal(false);
  });
});
