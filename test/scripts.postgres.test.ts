// Issue 13: the operator scripts that work on stores (npm run import, export, knowledge, figures:export)
// with STORE=postgres, run as real processes: they read and write the database — checked with SQL —
// and create no store file in DATA_DIR. The same scripts on the JSON files: directory.import, knowledge.io,
// figures.export tests.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { SAMPLE_DIR } from '../src/directory/service.js';
import { listStoreFiles } from '../src/store/dataDir.js';
import { registerEngine } from '../src/store/engine.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { tempDir } from './harness/botProcess.js';
import { DASHBOARD_SEED, seedStores } from './harness/figuresSeed.js';
import { sqlAt, useTestDatabase } from './harness/pglite.js';
import { runScript } from './harness/runScript.js';
import { OFFICER, REF_OLD, seedDataDir } from './harness/privacySeed.js';
import { tempDirPerTest } from './harness/tempFiles.js';

const sampleContacts = path.join(SAMPLE_DIR, 'contacts.csv');
const sampleResponsibilities = path.join(SAMPLE_DIR, 'responsibilities.csv');

describe('operator scripts on PostgreSQL (STORE=postgres)', function () {
  this.timeout(120_000);
  const holder = useTestDatabase();
  let dataDir = '';
  let out = '';
  tempDirPerTest('lotse-pgscripts-', (d) => {
    dataDir = path.join(d, 'data');
    out = path.join(d, 'out');
  });
  const run = (name: string, ...args: string[]) =>
    runScript(name, args, { DATA_DIR: dataDir, STORE: 'postgres', DATABASE_URL: holder.db.url, DATABASE_POOL_MAX: String(holder.db.poolMax) });

  const sql = <R extends pg.QueryResultRow = any>(text: string, values?: unknown[]) => sqlAt<R>(holder.db.url, text, values);
  const keysOf = async (store: string, coll: string) =>
    (await sql<{ key: string }>('SELECT key FROM doc_rows WHERE store = $1 AND coll = $2 ORDER BY key', [store, coll])).map((r) => r.key);
  const audited = async () => (await sql<{ action: string; outcome: string }>(`SELECT entry->>'action' AS action, entry->>'outcome' AS outcome FROM audit_log ORDER BY id`)).map((r) => `${r.action}:${r.outcome}`);
  const hasStore = async (store: string) => (await sql('SELECT 1 FROM doc_heads WHERE store = $1', [store])).length === 1;
  const noStoreFiles = async () => expect(await listStoreFiles(dataDir), 'no store file in DATA_DIR').to.deep.equal([]);

  it('npm run import: the dry run reads the database and creates nothing; a bad file imports nothing; the import writes rows and audits', async () => {
    const dry = await run('import', '--dry-run', sampleContacts, sampleResponsibilities);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.contain('Would import into the database').and.match(/contacts: [1-9]\d* new/);
    expect(await hasStore('directory.json'), 'a dry run creates no store').to.equal(false);

    const bad = path.join(out, '..', 'bad.csv');
    writeFileSync(bad, 'id,name,category,institution,region,topics,languages,email,phone,url,notes,last_confirmed\nx1,Mail,function,,,,,nope,,,,\n');
    const refused = await run('import', bad);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('row 2, column email').and.contain('Nothing was imported');
    expect(await hasStore('directory.json'), 'a rejected import creates no store').to.equal(false);

    const ok = await run('import', sampleContacts, sampleResponsibilities);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain('Imported into the database');
    const ids = readFileSync(sampleContacts, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]!).sort();
    expect(await keysOf('directory.json', 'contacts')).to.deep.equal(ids);
    expect(await audited()).to.include.members(['directory.import:rejected', 'directory.import:ok']);

    const again = await run('import', '--dry-run', sampleContacts);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout, 'the dry run sees the imported rows').to.match(new RegExp(`contacts: 0 new, 0 changed, ${ids.length} unchanged`));
    await noStoreFiles();
  });

  it('npm run export: writes the directory of the database as the CSV it was imported from, audited in the database', async () => {
    const none = await run('export', '--out', out);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.contain('There is no directory in the database yet');
    expect(await hasStore('directory.json')).to.equal(false);

    expect((await run('import', sampleContacts, sampleResponsibilities)).code).to.equal(0);
    const exported = await run('export', '--out', out);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(readFileSync(path.join(out, 'contacts.csv'), 'utf8')).to.equal(readFileSync(sampleContacts, 'utf8'));
    expect(readFileSync(path.join(out, 'responsibilities.csv'), 'utf8')).to.equal(readFileSync(sampleResponsibilities, 'utf8'));
    expect(await audited()).to.include('directory.export:ok');
    await noStoreFiles();
  });

  it('npm run knowledge: import (dry run creates nothing) and export go to the database', async () => {
    const entries = path.join(out, '..', 'entries.csv');
    writeFileSync(entries, 'question_de,answer_de,topics\n"Wo finde ich die Hausordnung?","Im Intranet der Anstalt unter Formulare.",info-material\n');
    const dry = await run('knowledge', 'import', '--dry-run', entries);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.contain('Would import into the database (new store)').and.contain('entries: 1 new');
    expect(await hasStore('knowledge.json'), 'a dry run creates no store').to.equal(false);

    const ok = await run('knowledge', 'import', entries);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain('Imported into the database (new store)');
    const rows = await sql<{ question: string }>(`SELECT value->'question'->>'de' AS question FROM doc_rows WHERE store = 'knowledge.json' AND coll = 'entries'`);
    expect(rows.map((r) => r.question)).to.deep.equal(['Wo finde ich die Hausordnung?']);

    const exported = await run('knowledge', 'export', '--format', 'json', '--out', out);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(JSON.parse(readFileSync(path.join(out, 'entries.json'), 'utf8')).map((e: { question_de: string }) => e.question_de)).to.deep.equal(['Wo finde ich die Hausordnung?']);
    expect(await audited()).to.include.members(['knowledge.import:ok', 'knowledge.export:ok']);
    await noStoreFiles();
  });

  it('npm run figures:export: the figures of the stores in the database, audited there', async () => {
    // Seeded through the capability stores with the engine registered: the rows the bot would have written.
    const seedDir = tempDir('lotse-pgscripts-seed-');
    const engine = await PgEngine.open({ url: holder.db.url, poolMax: holder.db.poolMax });
    const unregister = registerEngine(seedDir, engine);
    try {
      await seedStores(seedDir, { ...DASHBOARD_SEED, contacts: undefined });
    } finally {
      unregister();
      await engine.close();
    }
    const r = await run('figures-export', '--from', '2026-01-01', '--to', '2026-11-30', '--format', 'json', '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(readFileSync(path.join(out, 'kennzahlen-nrw-2026-01-01-2026-11-30.json'), 'utf8'));
    expect(json.tables.find((t: { id: string }) => t.id === 'interpreters.languageByMonth').total.count).to.equal(306);
    const records = await sql<{ record: string }>(`SELECT entry->>'record' AS record FROM audit_log WHERE entry->>'action' = 'figures.export'`);
    expect(records.map((x) => x.record)).to.deep.equal(['state@2026-01-01..2026-11-30']);
    await noStoreFiles();
  });

  it('npm run store:init and store:rekey refuse with STORE=postgres: they are about the JSON files', async () => {
    for (const name of ['store-init', 'store-rekey']) {
      const result = await run(name);
      expect(result.code, name).to.equal(2);
      expect(result.stderr, name).to.contain('with STORE=postgres there are none').and.contain('Nothing was done');
    }
    await noStoreFiles();
  });

  it('npm run retention, privacy:export and privacy:erase work on the database', async () => {
    await seedDataDir(dataDir, undefined, undefined, { STORE: 'postgres', DATABASE_URL: holder.db.url, DATABASE_POOL_MAX: String(holder.db.poolMax) });
    const dry = await run('retention', '--dry-run', '--json');
    expect(dry.code, dry.stderr).to.equal(0);
    const plan = JSON.parse(dry.stdout).plan;
    expect(plan.escalations).to.include('ESK-2020-0001').and.not.include('ESK-2026-0003');
    expect(JSON.parse(dry.stdout).auditEntries).to.equal(2);
    expect(await keysOf('escalations.json', 'cases')).to.include('ESK-2020-0001'); // a dry run deletes nothing

    const out = path.join(tempDir('lotse-pgexport-'), 'user.json');
    const exported = await run('privacy-export', '--user', OFFICER, '--out', out);
    expect(exported.code, exported.stderr).to.equal(0);
    const found = JSON.parse(readFileSync(out, 'utf8'));
    expect(found.records.escalations.map((c: { id: string }) => c.id)).to.deep.equal(['ESK-2020-0001', 'ESK-2026-0003']);
    expect(found.audit.map((e: { record: string }) => e.record)).to.include('ESK-2026-0003');

    const erased = await run('privacy-erase', '--case-ref', REF_OLD);
    expect(erased.code, erased.stderr).to.equal(0);
    const cases = await keysOf('escalations.json', 'cases');
    expect(cases).not.to.include('ESK-2020-0001');
    expect(cases).to.include('ESK-2026-0003');
    expect(await audited()).to.include('privacy.erase:ok');

    const applied = await run('retention');
    expect(applied.code, applied.stderr).to.equal(0);
    expect(await keysOf('checklists.json', 'runs')).to.deep.equal(['CL-2026-0002']); // CL-2020-0001, finished 500 days ago, is gone
    expect(await audited()).to.include('retention.deleted:ok');
    await noStoreFiles();
  });
});
