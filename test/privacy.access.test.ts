// Access and erasure (npm run privacy:export / privacy:erase) on a seeded DATA_DIR with real files,
// for a case reference and for a user; dry run, audit entries, refusal of bad selectors.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readAuditFile } from '../src/audit/auditLog.js';
import { normalizeRef } from '../src/privacy/access.js';
import { DurableJsonFile } from '../src/store/durableFile.js';
import { tempDir } from './harness/botProcess.js';
import { COORD, OFFICER, REF_NEW, REF_OLD, seedDataDir } from './harness/privacySeed.js';
import { runScript } from './harness/runScript.js';

const read = async (dir: string, name: string): Promise<any> => (await new DurableJsonFile(path.join(dir, name), { schemaVersion: 1, ring: null }).readEnvelope())!.data;
const storeHashes = (dir: string) =>
  Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort().map((n) => [n, createHash('sha256').update(readFileSync(path.join(dir, n))).digest('hex')]));

describe('privacy access and erasure on a seeded DATA_DIR', function () {
  this.timeout(60_000);
  let dataDir: string;
  let outDir: string;

  beforeEach(async () => {
    dataDir = tempDir('lotse-access-');
    outDir = tempDir('lotse-export-');
    await seedDataDir(dataDir);
  });

  it('exports everything about a case reference, however it is typed, as JSON (0600) and audits the export', async () => {
    const out = path.join(outDir, 'ref.json');
    const res = await runScript('privacy-export', ['--case-ref', ' bn-2026 4711 ', '--out', out], { DATA_DIR: dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(statSync(out).mode & 0o777).to.equal(0o600);
    const found = JSON.parse(readFileSync(out, 'utf8'));
    expect(found.records.escalations.map((c: any) => c.id)).to.deep.equal(['ESK-2026-0003']);
    expect(found.records.escalations[0].history).to.have.length(2);
    expect(found.records.checklistRuns.map((r: any) => r.id)).to.deep.equal(['CL-2026-0002']);
    expect(found.records.interpreterRequests).to.deep.equal([]);
    expect(found.records.outboxRows.map((r: any) => r.key)).to.deep.equal(['esk:ESK-2026-0003:v2:requester:officer-seed-1']);
    expect(found.records.scheduledJobs.map((j: any) => j.id)).to.deep.equal(['privacy-test:other-run']);
    expect(found.audit.map((e: any) => e.record)).to.deep.equal(['ESK-2026-0003']);
    const audit = await readAuditFile(path.join(dataDir, 'audit.jsonl'), undefined);
    expect(audit.at(-1)).to.include({ actor: 'cli', action: 'privacy.export', record: `caseref:${normalizeRef(REF_NEW)}`, role: 'admin' });
    // Never overwrites an earlier export.
    const again = await runScript('privacy-export', ['--case-ref', REF_NEW, '--out', out], { DATA_DIR: dataDir });
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('exists already');
  });

  it('exports everything about a user: owned records, address, role, dialog state, rows to them, audit entries', async () => {
    const out = path.join(outDir, 'user.json');
    const res = await runScript('privacy-export', ['--user', OFFICER, '--out', out], { DATA_DIR: dataDir });
    expect(res.code, res.stderr).to.equal(0);
    const found = JSON.parse(readFileSync(out, 'utf8'));
    expect(found.records.escalations.map((c: any) => c.id)).to.deep.equal(['ESK-2020-0001', 'ESK-2026-0003']);
    expect(found.records.interpreterRequests.map((r: any) => r.id)).to.deep.equal(['DOL-2020-0001']);
    expect(found.records.checklistRuns.map((r: any) => r.id)).to.deep.equal(['CL-2020-0001', 'CL-2026-0002']);
    expect(found.records.conversation.userId).to.equal(`29:${OFFICER}`);
    expect(found.records.roleAssignment.role).to.equal('officer');
    expect(Object.keys(found.records.dialogState)).to.deep.equal([`msteams/users/29:${OFFICER}`]);
    expect(found.audit.length).to.equal(3);
    expect(found.mentionedIn).to.deep.equal([]);
    const coordinator = path.join(outDir, 'coord.json');
    await runScript('privacy-export', ['--user', COORD, '--out', coordinator], { DATA_DIR: dataDir });
    const mentions = JSON.parse(readFileSync(coordinator, 'utf8'));
    expect(mentions.records.displayName.name).to.equal('Koordination Eins');
    expect(mentions.mentionedIn).to.deep.equal(['ESK-2020-0001', 'ESK-2020-0002', 'ESK-2026-0003', 'ESK-2026-0004']);
  });

  it('erase --dry-run lists what would go and changes nothing; the real erase deletes a case reference and audits each id', async () => {
    const before = storeHashes(dataDir);
    const dry = await runScript('privacy-erase', ['--case-ref', REF_OLD, '--dry-run'], { DATA_DIR: dataDir });
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.contain('Would delete 3 records').and.contain('escalation:ESK-2020-0001').and.contain('interpreter:DOL-2020-0001');
    expect(storeHashes(dataDir)).to.deep.equal(before);

    const res = await runScript('privacy-erase', ['--case-ref', REF_OLD], { DATA_DIR: dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(Object.keys((await read(dataDir, 'escalations.json')).cases)).not.to.include('ESK-2020-0001');
    expect(Object.keys((await read(dataDir, 'interpreters.json')).requests)).to.deep.equal(['DOL-2026-0002']);
    const delivery = await read(dataDir, 'delivery.json');
    expect(JSON.stringify(delivery)).not.to.contain('ESK-2020-0001');
    const audit = await readAuditFile(path.join(dataDir, 'audit.jsonl'), undefined);
    expect(audit.filter((e) => e.action === 'privacy.erased').map((e) => e.record).sort()).to.deep.equal([
      'escalation:ESK-2020-0001', 'interpreter:DOL-2020-0001', 'outbox:esk:ESK-2020-0001:card:coord-seed-1',
    ]);
    expect(audit.some((e) => e.action === 'privacy.erase_dry_run')).to.equal(true);
    expect(audit.at(-1)).to.include({ action: 'privacy.erase', record: `caseref:${normalizeRef(REF_OLD)}` });
    // The audit entries about the case stay (§ 35: two years).
    expect(audit.some((e) => e.record === 'ESK-2020-0001' && e.action === 'escalation.created')).to.equal(true);
  });

  it('erases a user: their records, address, role, dialog state and rows to them; other people\'s records stay', async () => {
    const res = await runScript('privacy-erase', ['--user', OFFICER], { DATA_DIR: dataDir });
    expect(res.code, res.stderr).to.equal(0);
    const everything = ['escalations.json', 'interpreters.json', 'checklists.json', 'state.json', 'delivery.json', 'store.json']
      .map((n) => readFileSync(path.join(dataDir, n), 'utf8'))
      .join('\n');
    expect(everything).not.to.contain(OFFICER);
    expect(Object.keys((await read(dataDir, 'escalations.json')).cases).sort()).to.deep.equal(['ESK-2020-0002', 'ESK-2026-0004']);
    expect(Object.keys((await read(dataDir, 'state.json')).items)).to.have.length(3);
  });

  it('refuses a missing, doubled or malformed selector without opening the store', async () => {
    for (const args of [[], ['--case-ref', 'x', '--user', 'y'], ['--user', 'a b'], ['--case-ref', 'x\u0007']]) {
      const res = await runScript('privacy-erase', args, { DATA_DIR: dataDir });
      expect(res.code, args.join(' ')).to.equal(2);
      expect(res.stderr).to.contain('Usage: npm run privacy:erase');
    }
    const empty = await runScript('privacy-export', ['--user', 'u'], { DATA_DIR: tempDir('lotse-empty-') });
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.contain('holds no store files');
  });
});
