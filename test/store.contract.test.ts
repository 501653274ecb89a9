// Issue 13: one contract, two engines. Every store behaves the same on the JSON files (lowdb) and on
// PostgreSQL (PGlite in-process here; Debian's server in CI via TEST_DATABASE_URL).
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { DocumentStore } from '../src/store/documentStore.js';
import { JsonStore, type JsonStoreOptions } from '../src/store/jsonStore.js';
import { StoreVersionError, StoreWriteError } from '../src/store/errors.js';
import { nextSequenceId } from '../src/store/ids.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { rejects } from './harness/tempFiles.js';
import { useTestDatabase } from './harness/pglite.js';

const recordSchema = z.strictObject({ title: z.string(), status: z.string(), tags: z.array(z.string()), owner: z.string().optional() });
const dataSchema = z.strictObject({
  cases: z.record(z.string(), recordSchema),
  counters: z.record(z.string(), z.number().int()),
  order: z.array(z.string()),
  mode: z.string(),
});
type Data = z.infer<typeof dataSchema>;

const spec = (dir: string, version = 1, migrations: Record<number, (d: any) => any> = {}): JsonStoreOptions<Data> => ({
  file: path.join(dir, 'cases.json'),
  schemaVersion: version,
  initial: () => ({ cases: {}, counters: {}, order: [], mode: 'new' }),
  validate: (d) => dataSchema.parse(d),
  migrations,
});

interface Engine {
  open(version?: number, migrations?: Record<number, (d: any) => any>): Promise<DocumentStore<Data>>;
  /** A second handle on the same data (another instance under PostgreSQL, a reopen under lowdb). */
  reopen(): Promise<DocumentStore<Data>>;
  close(): Promise<void>;
}

function lowdbEngine(): { make(): Promise<Engine> } {
  return {
    async make() {
      const dir = await mkdtemp(path.join(tmpdir(), 'contract-'));
      const open: DocumentStore<Data>[] = [];
      const openOne = async (v = 1, m = {}) => {
        for (const s of open.splice(0)) await s.close();
        const s = await JsonStore.open(spec(dir, v, m));
        open.push(s);
        return s;
      };
      return { open: openOne, reopen: () => openOne(), close: async () => { for (const s of open) await s.close(); await rm(dir, { recursive: true, force: true }); } };
    },
  };
}

function postgresEngine(holder: { db: { url: string; poolMax: number } }): { make(): Promise<Engine> } {
  return {
    async make() {
      const engines: PgEngine[] = [];
      const openOne = async (v = 1, m = {}) => {
        const engine = await PgEngine.open({ url: holder.db.url, poolMax: holder.db.poolMax });
        engines.push(engine);
        return engine.open(spec('/unused', v, m));
      };
      return { open: openOne, reopen: () => openOne(), close: async () => { for (const e of engines) await e.close(); } };
    },
  };
}

function contract(name: string, factory: () => { make(): Promise<Engine> }): void {
  describe(`store contract: ${name}`, function () {
    this.timeout(60000);
    let engine: Engine;
    beforeEach(async () => {
      engine = await factory().make();
    });
    afterEach(async () => {
      await engine.close();
    });

    it('starts from the initial data and keeps committed records across a reopen', async () => {
      const s = await engine.open();
      expect(s.data).to.deep.equal({ cases: {}, counters: {}, order: [], mode: 'new' });
      const id = await s.commit((d) => {
        const key = nextSequenceId(d.counters, 'ESK');
        d.cases[key] = { title: 'a', status: 'open', tags: [] };
        d.order.push(key);
        d.mode = 'used';
        return key;
      });
      expect(id).to.equal('ESK-0001');
      await s.commit((d) => {
        d.cases[id]!.tags.push('x');
        d.cases[id]!.status = 'taken';
      });
      const again = await engine.reopen();
      expect(again.data).to.deep.equal({ cases: { 'ESK-0001': { title: 'a', status: 'taken', tags: ['x'] } }, counters: { ESK: 1 }, order: ['ESK-0001'], mode: 'used' });
    });

    it('deletes records and replaces whole collections', async () => {
      const s = await engine.open();
      await s.commit((d) => {
        for (const k of ['a', 'b', 'c']) d.cases[k] = { title: k, status: 'open', tags: [] };
      });
      await s.commit((d) => {
        delete d.cases.a;
      });
      await s.commit((d) => {
        d.cases = { c: d.cases.c!, z: { title: 'z', status: 'open', tags: ['n'] } };
      });
      const again = await engine.reopen();
      expect(Object.keys(again.data.cases).sort()).to.deep.equal(['c', 'z']);
      expect(again.data.cases.z!.tags).to.deep.equal(['n']);
    });

    it('rolls back a mutator that throws: nothing in memory, nothing stored', async () => {
      const s = await engine.open();
      await s.commit((d) => {
        d.cases.a = { title: 'a', status: 'open', tags: [] };
      });
      const err = await rejects(s.commit((d) => {
        d.cases.a!.status = 'half';
        d.cases.b = { title: 'b', status: 'open', tags: [] };
        throw new RangeError('refused');
      }));
      expect(err).to.be.instanceOf(RangeError);
      expect(s.data.cases).to.deep.equal({ a: { title: 'a', status: 'open', tags: [] } });
      expect((await engine.reopen()).data.cases).to.deep.equal({ a: { title: 'a', status: 'open', tags: [] } });
    });

    it('commits issued together: the throwing one is rejected and leaves nothing; the others are whole or refused', async () => {
      const s = await engine.open();
      await s.commit((d) => void (d.cases.a = { title: 'a', status: 'open', tags: [] }));
      const results = await Promise.allSettled([
        s.commit((d) => void (d.cases.x = { title: 'x', status: 'open', tags: [] })),
        s.commit((d) => {
          d.cases.a!.status = 'half';
          d.cases.b = { title: 'b', status: 'open', tags: [] };
          throw new RangeError('refused');
        }),
        s.commit((d) => void (d.cases.c = { title: 'c', status: d.cases.a!.status, tags: [] })),
      ]);
      expect(results[1]).to.deep.include({ status: 'rejected' });
      expect((results[1] as PromiseRejectedResult).reason).to.be.instanceOf(RangeError);
      for (const [i, key] of [[0, 'x'], [2, 'c']] as const) {
        const r = results[i]!;
        if (r.status === 'rejected') expect(r.reason, key).to.be.instanceOf(StoreWriteError); // the JSON file rolls back its whole batch
        expect(Object.hasOwn(s.data.cases, key), key).to.equal(r.status === 'fulfilled');
      }
      // PostgreSQL runs each mutator of a batch on its own tracker: only the throwing one fails.
      if (name === 'postgres') expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
      expect(s.data.cases.a).to.deep.equal({ title: 'a', status: 'open', tags: [] });
      expect(s.data.cases.c?.status ?? 'open').to.equal('open');
      expect(Object.hasOwn(s.data.cases, 'b')).to.equal(false);
      expect((await engine.reopen()).data.cases).to.deep.equal(s.data.cases);
    });

    it('lets a mutator copy a record with structuredClone and replace it (as the state machines do)', async () => {
      const s = await engine.open();
      await s.commit((d) => {
        d.cases.a = { title: 'a', status: 'open', tags: ['x'] };
        d.cases.b = { title: 'b', status: 'open', tags: [] };
      });
      const copy = await s.commit((d) => {
        const next = structuredClone(d.cases.a!);
        next.status = 'taken';
        next.tags.push('y');
        d.cases.a = next;
        const seen = Object.values(d.cases).length; // reading every record writes none of them
        return { next: structuredClone(next), seen };
      });
      expect(copy).to.deep.equal({ next: { title: 'a', status: 'taken', tags: ['x', 'y'] }, seen: 2 });
      expect((await engine.reopen()).data.cases).to.deep.equal({ a: { title: 'a', status: 'taken', tags: ['x', 'y'] }, b: { title: 'b', status: 'open', tags: [] } });
    });

    it('hands out every id once under many concurrent commits', async () => {
      const s = await engine.open();
      const ids = await Promise.all(Array.from({ length: 40 }, () => s.commit((d) => nextSequenceId(d.counters, 'X'))));
      expect(new Set(ids).size).to.equal(40);
      expect((await engine.reopen()).data.counters.X).to.equal(40);
    });

    it('refuses data written by a newer version and migrates older data', async () => {
      const s = await engine.open(2, { 1: (d: any) => d });
      await s.commit((d) => {
        d.mode = 'v2';
      });
      expect(await rejects(engine.open(1))).to.be.instanceOf(StoreVersionError);
      const migrated = await engine.open(3, { 2: (d: any) => ({ ...d, mode: `${d.mode}+3` }) });
      expect(migrated.data.mode).to.equal('v2+3');
      expect((await engine.open(3)).data.mode).to.equal('v2+3');
    });

    it('reports a refused write as StoreWriteError and keeps memory as before', async () => {
      const s = await engine.open();
      await s.commit((d) => {
        d.cases.a = { title: 'a', status: 'open', tags: [] };
      });
      // A NUL character: PostgreSQL's jsonb refuses it; lowdb's schema-valid files accept it, so only the
      // PostgreSQL run checks the refusal, while both check that a good commit after it still works.
      const attempt = s.commit((d) => {
        d.cases.a!.title = 'bad\u0000';
      });
      if (name === 'postgres') {
        expect(await rejects(attempt)).to.be.instanceOf(StoreWriteError);
        expect(s.data.cases.a!.title).to.equal('a');
      } else await attempt;
      await s.commit((d) => {
        d.cases.a!.status = 'closed';
      });
      expect((await engine.reopen()).data.cases.a!.status).to.equal('closed');
    });
  });
}

contract('lowdb', lowdbEngine);
describe('', () => {
  const holder = useTestDatabase();
  contract('postgres', () => postgresEngine(holder));
});
