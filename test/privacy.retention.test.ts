// Retention on a seeded, encrypted DATA_DIR with real files: the command's dry run and real run (records
// and their references gone, each deletion audited by id, old audit entries pruned), the refusal while
// the DATA_DIR is held, the daily run inside the bot, and the validation of data/retention.json.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { openCore } from '../src/app.js';
import { StoreStateStorage } from '../src/bot/stateStorage.js';
import { readAuditFile } from '../src/audit/auditLog.js';
import { loadConfig } from '../src/config/env.js';
import { silentLogger } from '../src/log/logger.js';
import { loadRetentionRules, parseRetentionRules, RetentionFileError, RETENTION_FILE } from '../src/privacy/retention/rules.js';
import { startDailyRetention } from '../src/privacy/retention/run.js';
import { storeContextFor } from '../src/store/dataDir.js';
import { DurableJsonFile } from '../src/store/durableFile.js';
import { withNewKey, writeKeyFile, type KeyRing } from '../src/store/encryption.js';
import { acquireLock } from '../src/store/lock.js';
import { tempDir } from './harness/botProcess.js';
import { seedDataDir, ago } from './harness/privacySeed.js';
import { runScript } from './harness/runScript.js';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const hashesBut = (dir: string, skip: string) =>
  Object.fromEntries(readdirSync(dir).filter((n) => n !== skip && n !== '.lock').sort().map((n) => [n, sha(path.join(dir, n))]));
const read = async (dir: string, name: string, ring: KeyRing): Promise<any> =>
  (await new DurableJsonFile(path.join(dir, name), { schemaVersion: 1, ring }).readEnvelope())!.data;

describe('retention (npm run retention) on a seeded DATA_DIR', function () {
  this.timeout(60_000);
  let dataDir: string;
  let keyFile: string;
  let ring: KeyRing;
  let env: Record<string, string>;

  before(async () => {
    dataDir = tempDir('lotse-retention-');
    keyFile = path.join(tempDir('lotse-key-'), 'key.json');
    ring = await writeKeyFile(keyFile, withNewKey(undefined));
    await seedDataDir(dataDir, keyFile, ring);
    env = { DATA_DIR: dataDir, STORE_KEY_FILE: keyFile };
  });

  it('--dry-run lists what would go and changes no store file', async () => {
    const before = hashesBut(dataDir, 'audit.jsonl');
    const res = await runScript('retention', ['--dry-run', '--json'], env);
    expect(res.code, res.stderr).to.equal(0);
    const report = JSON.parse(res.stdout);
    expect(report.dryRun).to.equal(true);
    expect(report.plan).to.deep.equal({
      escalations: ['ESK-2020-0001'],
      interpreters: ['DOL-2020-0001'],
      checklists: ['CL-2020-0001'],
      state: ['msteams/users/29:seed-inactive'],
      stateToStamp: ['msteams/users/29:seed-legacy'],
      outboxRows: ['esk:ESK-2020-0001:card:coord-seed-1', 'esk:ESK-2026-0003:v2:requester:officer-seed-1'],
      jobs: ['checklist:CL-2020-0001:sprache'],
    });
    expect(report.auditEntries).to.equal(2);
    expect(hashesBut(dataDir, 'audit.jsonl')).to.deep.equal(before);
    const audit = await readAuditFile(path.join(dataDir, 'audit.jsonl'), ring);
    expect(audit.filter((e) => e.action.startsWith('retention.')).map((e) => e.action)).to.deep.equal(['retention.dry_run']);
  });

  it('is refused while another process holds the DATA_DIR, and changes nothing', async () => {
    const lock = await acquireLock(dataDir);
    try {
      const before = hashesBut(dataDir, '.lock');
      const res = await runScript('retention', [], env);
      expect(res.code).to.equal(3);
      expect(res.stderr).to.contain('Retention refused').and.contain('Stop it');
      expect(hashesBut(dataDir, '.lock')).to.deep.equal(before);
    } finally {
      await lock.release();
    }
  });

  it('deletes expired records with their outbox rows and jobs, prunes old audit entries and audits each deletion by id', async () => {
    const res = await runScript('retention', [], env);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.contain('Deleted').and.contain('ESK-2020-0001');
    const esc = await read(dataDir, 'escalations.json', ring);
    expect(Object.keys(esc.cases).sort()).to.deep.equal(['ESK-2020-0002', 'ESK-2026-0003', 'ESK-2026-0004']);
    expect(Object.keys((await read(dataDir, 'interpreters.json', ring)).requests)).to.deep.equal(['DOL-2026-0002']);
    expect(Object.keys((await read(dataDir, 'checklists.json', ring)).runs)).to.deep.equal(['CL-2026-0002']);
    const state = (await read(dataDir, 'state.json', ring)).items;
    expect(Object.keys(state)).not.to.include('msteams/users/29:seed-inactive');
    expect(state['msteams/users/29:seed-legacy'].at).to.be.a('string');
    const delivery = await read(dataDir, 'delivery.json', ring);
    expect(Object.keys(delivery.rows)).to.deep.equal(['esk:ESK-2026-0004:v2:requester:officer-seed-2']);
    // The figures module schedules its monthly job whenever the core opens; retention leaves it alone.
    expect(Object.keys(delivery.jobs).filter((k) => !k.startsWith('figures.monthly:'))).to.deep.equal(['privacy-test:other-run']);
    expect(JSON.stringify(delivery)).not.to.contain('ESK-2020-0001');

    const audit = await readAuditFile(path.join(dataDir, 'audit.jsonl'), ring);
    expect(audit.filter((e) => Date.parse(e.time) < Date.parse(ago(730)))).to.deep.equal([]);
    const deleted = audit.filter((e) => e.action === 'retention.deleted').map((e) => e.record).sort();
    expect(deleted).to.deep.equal([
      'checklist:CL-2020-0001', 'escalation:ESK-2020-0001', 'interpreter:DOL-2020-0001', 'job:checklist:CL-2020-0001:sprache',
      'outbox:esk:ESK-2020-0001:card:coord-seed-1', 'outbox:esk:ESK-2026-0003:v2:requester:officer-seed-1', 'state:msteams/users/29:seed-inactive',
    ]);
    expect(audit.filter((e) => e.action === 'retention.audit_pruned')).to.have.length(1);

    const again = await runScript('retention', ['--json'], env);
    const plan = JSON.parse(again.stdout).plan;
    expect(Object.values(plan).flat()).to.deep.equal([]);
  });

  it('runs daily inside the bot, through the stores the bot has open', async () => {
    const dir = tempDir('lotse-retention-bot-');
    await seedDataDir(dir);
    const core = await openCore(loadConfig({ DATA_DIR: dir }, process.cwd()), silentLogger, {
      deliveryPort: { send: () => Promise.reject(new Error('no')), update: () => Promise.reject(new Error('no')) },
      dailyRetention: false,
    });
    try {
      const context = storeContextFor(path.join(dir, 'store.json'))!;
      const daily = startDailyRetention({ context, audit: core.audit, log: silentLogger, now: () => new Date(), rules: () => loadRetentionRules() }, { firstDelayMs: 0 });
      await new Promise((resolve) => setTimeout(resolve, 0)); // the first run has started (timers fire in order)
      await daily.close(); // waits for it
      expect(Object.keys((context.storeOf('escalations.json')!.data as any).cases)).not.to.include('ESK-2020-0001');
      const audit = await core.audit.entries();
      expect(audit.filter((e) => e.action === 'retention.deleted' && e.actor === 'retention')).to.have.length(7);
    } finally {
      await core.close();
    }
  });

  it('dialog state records when it was last written (the basis of "inactive")', async () => {
    const file = path.join(tempDir('lotse-state-'), 'state.json');
    const storage = await StoreStateStorage.open(file);
    const before = Date.now();
    await storage.write({ 'msteams/users/29:x': { dialog: 1 } });
    await storage.close();
    const items = ((await new DurableJsonFile(file, { schemaVersion: 1, ring: null }).readEnvelope())!.data as any).items;
    expect(Date.parse(items['msteams/users/29:x'].at)).to.be.at.least(before - 1000);
  });

  it('validates data/retention.json: every rule with a legal source, the audit log at most two years', () => {
    const rules = loadRetentionRules(RETENTION_FILE);
    expect(rules['audit.entries'].days).to.equal(730);
    for (const rule of Object.values(rules)) expect(rule.source).to.match(/JVollzDSG NRW § (35|42)/);
    const text = readFileSync(RETENTION_FILE, 'utf8');
    const longAudit = JSON.parse(text);
    longAudit.rules['audit.entries'].days = 1000;
    expect(() => parseRetentionRules('r.json', JSON.stringify(longAudit))).to.throw(RetentionFileError, /audit\.entries\.days.*§ 35/);
    const missing = JSON.parse(text);
    delete missing.rules['outbox.closed'];
    expect(() => parseRetentionRules('r.json', JSON.stringify(missing))).to.throw(RetentionFileError, /outbox\.closed/);
    const noSource = JSON.parse(text);
    noSource.rules['state.inactive'].source = '';
    expect(() => parseRetentionRules('r.json', JSON.stringify(noSource))).to.throw(RetentionFileError, /state\.inactive\.source/);
  });
});
