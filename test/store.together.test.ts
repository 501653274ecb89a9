// Issue 13 item 1: one command = one commit across stores (record + counter + outbox row + audit entry).
// On PostgreSQL one transaction; on the JSON files one synchronous memory step with each file's write
// waiting for the previous one (the first store is never behind the others).
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AuditLog, type AuditEntry } from '../src/audit/auditLog.js';
import type { AuditTrail } from '../src/audit/auditTrail.js';
import { PgAuditLog } from '../src/audit/pgAuditLog.js';
import type { DocumentStore } from '../src/store/documentStore.js';
import { StoreWriteError } from '../src/store/errors.js';
import { nextSequenceId } from '../src/store/ids.js';
import { JsonStore, type JsonStoreOptions } from '../src/store/jsonStore.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { commitTogether } from '../src/store/together.js';
import { sqlAt, useTestDatabase, type TestDatabase } from './harness/pglite.js';
import { rejects } from './harness/tempFiles.js';

const recordsSchema = z.strictObject({ rows: z.record(z.string(), z.string()), counters: z.record(z.string(), z.number().int()) });
type Records = z.infer<typeof recordsSchema>;

const spec = (dir: string, name: string, beforeStep?: JsonStoreOptions<Records>['beforeStep']): JsonStoreOptions<Records> => ({
  file: path.join(dir, name),
  schemaVersion: 1,
  initial: () => ({ rows: {}, counters: {} }),
  validate: (d) => recordsSchema.parse(d),
  beforeStep,
});

interface Instance {
  cases: DocumentStore<Records>;
  outbox: DocumentStore<Records>;
  audit: AuditTrail;
}

interface Side {
  kind: 'lowdb' | 'postgres';
  /** An instance (a reopen under lowdb); `failing` names a store whose file writes fail (lowdb). */
  open(failing?: { name: string }): Promise<Instance>;
  close(): Promise<void>;
}

const entry = (record: string): AuditEntry => ({ actor: 'demo-officer', action: 'test.together', record, role: 'officer', outcome: 'ok' });
const audited = async (i: Instance) => (await i.audit.entries()).filter((e) => e.action === 'test.together').map((e) => e.record);

/** The command of these tests: a case with a numbered id, its notice in the outbox, one audit entry. */
function fileCase(i: Instance, title: string): Promise<string> {
  return commitTogether([i.cases, i.outbox], (cases, outbox) => {
    const id = nextSequenceId(cases.counters, 'C');
    cases.rows[id] = title;
    outbox.rows[`notice:${id}`] = `${title} filed`;
    return id;
  }, { audit: i.audit, entries: (id) => [entry(id)] });
}

function lowdbSide(): Side {
  let dir = '';
  const open: Instance[] = [];
  return {
    kind: 'lowdb',
    async open(failing) {
      for (const i of open.splice(0)) await closeInstance(i);
      dir ||= await mkdtemp(path.join(tmpdir(), 'together-'));
      const fail = (name: string): JsonStoreOptions<Records>['beforeStep'] => async (step) => {
        if (failing?.name === name && step === 'write') throw Object.assign(new Error('simulated disk failure'), { code: 'EIO' });
      };
      const i = { cases: await JsonStore.open(spec(dir, 'cases.json', fail('cases.json'))), outbox: await JsonStore.open(spec(dir, 'outbox.json', fail('outbox.json'))), audit: await AuditLog.open(path.join(dir, 'audit.jsonl')) };
      open.push(i);
      return i;
    },
    async close() {
      for (const i of open.splice(0)) await closeInstance(i);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresSide(holder: { db: TestDatabase }): Side {
  const engines: PgEngine[] = [];
  return {
    kind: 'postgres',
    async open() {
      const engine = await PgEngine.open({ url: holder.db.url, poolMax: holder.db.poolMax });
      engines.push(engine);
      return { cases: await engine.open(spec('/unused', 'cases.json')), outbox: await engine.open(spec('/unused', 'outbox.json')), audit: new PgAuditLog(engine.db) };
    },
    async close() {
      for (const e of engines.splice(0)) await e.close();
    },
  };
}

async function closeInstance(i: Instance): Promise<void> {
  await i.cases.close();
  await i.outbox.close();
  await i.audit.close();
}

function together(make: () => Side, holder?: { db: TestDatabase }): void {
  let side: Side;
  beforeEach(() => {
    side = make();
  });
  afterEach(async () => {
    await side.close();
  });

  it('writes the record, its counter, its outbox row and its audit entry together', async () => {
    const a = await side.open();
    const ids = await Promise.all(['eins', 'zwei', 'drei'].map((t) => fileCase(a, t)));
    expect(ids).to.deep.equal(['C-0001', 'C-0002', 'C-0003']);
    const b = await side.open();
    expect(b.cases.data.rows).to.deep.equal({ 'C-0001': 'eins', 'C-0002': 'zwei', 'C-0003': 'drei' });
    expect(Object.keys(b.outbox.data.rows)).to.have.members(['notice:C-0001', 'notice:C-0002', 'notice:C-0003']);
    expect(await audited(b)).to.have.members(ids);
  });

  it('a mutator that throws leaves every store and the audit trail as they were', async () => {
    const a = await side.open();
    await fileCase(a, 'eins');
    const attempt = commitTogether([a.cases, a.outbox], (cases, outbox) => {
      cases.rows['C-9999'] = 'half';
      outbox.rows['notice:C-9999'] = 'half';
      throw new RangeError('refused by the state machine');
    }, { audit: a.audit, entries: () => [entry('C-9999')] });
    expect(await rejects(attempt)).to.be.instanceOf(RangeError);
    expect(a.cases.data.rows).to.deep.equal({ 'C-0001': 'eins' });
    expect(a.outbox.data.rows).to.deep.equal({ 'notice:C-0001': 'eins filed' });
    expect(await fileCase(a, 'zwei'), 'the stores go on working').to.equal('C-0002');
    const b = await side.open();
    expect(Object.keys(b.cases.data.rows)).to.deep.equal(['C-0001', 'C-0002']);
    expect(await audited(b)).to.deep.equal(['C-0001', 'C-0002']);
  });

  it('a record whose write fails takes its outbox row and audit entry with it', async () => {
    const a = await side.open();
    await fileCase(a, 'eins');
    let attempt: Promise<string>;
    if (side.kind === 'lowdb') {
      const failing = await side.open({ name: 'cases.json' });
      attempt = fileCase(failing, 'zwei');
      expect(await rejects(attempt)).to.be.instanceOf(StoreWriteError);
      expect(failing.outbox.data.rows, 'the outbox file waited for the record and rolled back').to.deep.equal({ 'notice:C-0001': 'eins filed' });
    } else {
      // PostgreSQL: the audit insert fails last, inside the transaction; the stores' rows go with it.
      await sqlAt(holder!.db.url, `ALTER TABLE audit_log ADD CONSTRAINT refuse_test CHECK (entry->>'record' <> 'C-0002')`);
      attempt = fileCase(a, 'zwei');
      expect(await rejects(attempt)).to.be.instanceOf(StoreWriteError);
      expect(a.cases.data.rows, 'memory rolled back').to.deep.equal({ 'C-0001': 'eins' });
      expect(a.outbox.data.rows).to.deep.equal({ 'notice:C-0001': 'eins filed' });
    }
    const b = await side.open();
    expect(b.cases.data.rows).to.deep.equal({ 'C-0001': 'eins' });
    expect(b.outbox.data.rows).to.deep.equal({ 'notice:C-0001': 'eins filed' });
    expect(await audited(b)).to.deep.equal(['C-0001']);
  });

  it('refuses stores named twice or of different engines, before anything changes', async () => {
    const a = await side.open();
    expect(await rejects(commitTogether([a.cases, a.cases], () => 1))).to.be.instanceOf(TypeError);
    expect(a.cases.data.rows).to.deep.equal({});
  });

  if (holder) {
    it('two instances committing the same two stores in opposite order: no deadlock, nothing lost', async () => {
      const a = await side.open();
      const b = await side.open();
      const bump = (i: Instance, first: 'cases' | 'outbox') =>
        commitTogether(first === 'cases' ? [i.cases, i.outbox] : [i.outbox, i.cases], (x, y) => {
          x.counters.n = (x.counters.n ?? 0) + 1;
          y.counters.n = (y.counters.n ?? 0) + 1;
        });
      await Promise.all(Array.from({ length: 30 }, (_, k) => bump(k % 2 ? a : b, k % 3 ? 'cases' : 'outbox')));
      const c = await side.open();
      expect(c.cases.data.counters.n).to.equal(30);
      expect(c.outbox.data.counters.n).to.equal(30);
    });
  } else {
    it('JSON files: when the outbox file fails after the record, the record stays (first store first) and the outbox rolls back', async () => {
      await side.open();
      const failing = await side.open({ name: 'outbox.json' });
      expect(await rejects(fileCase(failing, 'eins'))).to.be.instanceOf(StoreWriteError);
      expect(failing.outbox.data.rows).to.deep.equal({});
      const b = await side.open();
      expect(b.cases.data.rows, 'the record is durable: what follows it must be repairable').to.deep.equal({ 'C-0001': 'eins' });
      expect(b.outbox.data.rows).to.deep.equal({});
      expect(await audited(b), 'no audit entry for a command that did not complete').to.deep.equal([]);
    });
  }
}

describe('commit together (issue 13): lowdb', function () {
  this.timeout(30000);
  together(lowdbSide);
});

describe('commit together (issue 13): postgres', function () {
  this.timeout(60000);
  const holder = useTestDatabase();
  together(() => postgresSide(holder), holder);
});
