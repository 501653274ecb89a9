// Reading a store without opening it (exports, dry runs, figures, material demand): the same answers
// from the JSON file and from the database rows, nothing created by a read, newer data refused.
import { expect } from 'chai';
import path from 'node:path';
import { z } from 'zod';
import { StoreVersionError, StoreWriteError } from '../src/store/errors.js';
import { openStore, registerEngine } from '../src/store/engine.js';
import type { JsonStoreOptions } from '../src/store/jsonStore.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { listStoreFiles } from '../src/store/dataDir.js';
import { readOnlyStore, readStoreDocument, storeExists, storeStamp } from '../src/store/storeReader.js';
import { useTestDatabase } from './harness/pglite.js';
import { rejects, tempDirPerTest } from './harness/tempFiles.js';

const dataSchema = z.strictObject({ cases: z.record(z.string(), z.strictObject({ status: z.string() })), order: z.array(z.string()), mode: z.string() });
type Data = z.infer<typeof dataSchema>;
const spec = (dir: string, schemaVersion = 1): JsonStoreOptions<Data> => ({
  file: path.join(dir, 'cases.json'),
  schemaVersion,
  initial: () => ({ cases: {}, order: [], mode: 'new' }),
  validate: (d) => dataSchema.parse(d),
});

function readerContract(name: string, setUp: (dir: string) => Promise<() => Promise<void>>): void {
  describe(`store reader: ${name}`, function () {
    this.timeout(60_000);
    let dir = '';
    let tearDown: () => Promise<void> = async () => {};
    tempDirPerTest('lotse-reader-', (d) => (dir = d));
    beforeEach(async () => {
      tearDown = await setUp(dir);
    });
    afterEach(() => tearDown());

    it('reads nothing, and creates nothing, before the store exists', async () => {
      const file = spec(dir).file;
      expect(await readStoreDocument(file, 1)).to.equal(undefined);
      expect(await storeStamp(file)).to.equal('none');
      expect(await storeExists(file)).to.equal(false);
      expect(await listStoreFiles(dir)).to.deep.equal([]);
    });

    it('reads the committed document whole; the stamp changes with each commit', async () => {
      const store = await openStore(spec(dir));
      await store.commit((d) => {
        d.cases.a = { status: 'open' };
        d.cases.b = { status: 'closed' };
        d.order.push('b', 'a');
        d.mode = 'used';
      });
      await store.flush();
      const first = await storeStamp(spec(dir).file);
      expect(await readStoreDocument(spec(dir).file, 1)).to.deep.equal({ schemaVersion: 1, data: store.data });
      await store.commit((d) => {
        delete d.cases.b;
      });
      await store.flush();
      expect(await storeStamp(spec(dir).file)).to.not.equal(first);
      expect((await readStoreDocument(spec(dir).file, 1))!.data).to.deep.equal({ cases: { a: { status: 'open' } }, order: ['b', 'a'], mode: 'used' });
      expect(await storeExists(spec(dir).file)).to.equal(true);
      await store.close();
    });

    it('refuses data of a newer schema version', async () => {
      const store = await openStore(spec(dir, 3));
      await store.close();
      const err = await rejects(readStoreDocument(spec(dir).file, 2));
      expect(err).to.be.instanceOf(StoreVersionError);
    });
  });
}

readerContract('lowdb', async () => async () => {});
describe('', () => {
  const holder = useTestDatabase();
  readerContract('postgres', async (dir) => {
    const engine = await PgEngine.open({ url: holder.db.url, poolMax: holder.db.poolMax });
    const unregister = registerEngine(dir, engine);
    return async () => {
      unregister();
      await engine.close();
    };
  });
});

describe('read-only store (dry runs)', () => {
  it('shows its data and refuses every commit', async () => {
    const store = readOnlyStore('cases.json', { cases: {}, order: [], mode: 'new' } as Data);
    expect(store.data.mode).to.equal('new');
    const err = await rejects(store.commit((d) => void (d.mode = 'changed')));
    expect(err).to.be.instanceOf(StoreWriteError);
    expect(store.data.mode).to.equal('new');
  });
});
