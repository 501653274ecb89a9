// Issue 13: several instances on one PostgreSQL database — each sees the others' commits, a
// compare-and-set inside a commit holds across instances, migrations run once, a newer schema refuses.
import { expect } from 'chai';
import pg from 'pg';
import { z } from 'zod';
import type { JsonStoreOptions } from '../src/store/jsonStore.js';
import { nextSequenceId } from '../src/store/ids.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { SCHEMA_VERSION } from '../src/store/postgres/migrations.js';
import { StartupRefusal } from '../src/startup/refusal.js';
import { rejects } from './harness/tempFiles.js';
import { useTestDatabase } from './harness/pglite.js';

const dataSchema = z.strictObject({
  cases: z.record(z.string(), z.strictObject({ status: z.string(), owner: z.string().optional() })),
  counters: z.record(z.string(), z.number().int()),
});
type Data = z.infer<typeof dataSchema>;
const spec: JsonStoreOptions<Data> = {
  file: '/unused/cases.json',
  schemaVersion: 1,
  initial: () => ({ cases: {}, counters: {} }),
  validate: (d) => dataSchema.parse(d),
};

describe('PostgreSQL store: several instances', function () {
  this.timeout(60000);
  const holder = useTestDatabase();
  const engines: PgEngine[] = [];
  const instance = async () => {
    const e = await PgEngine.open({ url: holder.db.url, poolMax: holder.db.poolMax });
    engines.push(e);
    return { engine: e, store: await e.open(spec) };
  };
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
  });

  it("shows one instance's commits and deletions to the other after sync", async () => {
    const a = await instance();
    const b = await instance();
    await a.store.commit((d) => {
      d.cases.x = { status: 'open' };
      d.cases.y = { status: 'open' };
    });
    expect(b.store.data.cases).to.deep.equal({});
    await b.engine.sync();
    expect(Object.keys(b.store.data.cases).sort()).to.deep.equal(['x', 'y']);
    await a.store.commit((d) => {
      delete d.cases.x;
      d.cases.y!.status = 'closed';
    });
    await b.engine.sync();
    expect(b.store.data.cases).to.deep.equal({ y: { status: 'closed' } });
  });

  it('lets exactly one of two instances take a case (compare-and-set inside the commit)', async () => {
    const a = await instance();
    const b = await instance();
    await a.store.commit((d) => {
      d.cases.c = { status: 'open' };
    });
    await b.engine.sync();
    // Both decided on stale data that the case is free; the commit catches up before the mutator runs.
    const take = (who: string) => (d: Data) => {
      const c = d.cases.c!;
      if (c.owner) return false;
      c.owner = who;
      return true;
    };
    const [wonA, wonB] = await Promise.all([a.store.commit(take('A')), b.store.commit(take('B'))]);
    expect([wonA, wonB].filter(Boolean)).to.have.length(1);
    await a.engine.sync();
    await b.engine.sync();
    expect(a.store.data.cases.c!.owner).to.equal(b.store.data.cases.c!.owner);
  });

  it('never hands out an id twice across instances', async () => {
    const a = await instance();
    const b = await instance();
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).store.commit((d) => nextSequenceId(d.counters, 'ESK'))));
    expect(new Set(ids).size).to.equal(30);
  });

  it('refuses to start on a database schema newer than the code, leaving it untouched', async () => {
    await instance();
    const client = new pg.Client({ connectionString: holder.db.url });
    await client.connect();
    await client.query('UPDATE lotse_schema SET version = $1', [SCHEMA_VERSION + 1]);
    const err = await rejects(PgEngine.open({ url: holder.db.url, poolMax: 1 }));
    expect(err).to.be.instanceOf(StartupRefusal);
    expect(err.message).to.match(/newer version/);
    expect((await client.query('SELECT version FROM lotse_schema')).rows[0].version).to.equal(SCHEMA_VERSION + 1);
    await client.end();
  });

  it('refuses to start with a clear message when the database cannot be reached', async () => {
    const err = await rejects(PgEngine.open({ url: 'postgres://nobody@127.0.0.1:1/none', poolMax: 1 }));
    expect(err).to.be.instanceOf(StartupRefusal);
    expect(err.message).to.match(/cannot be reached/);
  });
});
