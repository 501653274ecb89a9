import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DurableJsonFile, type WriteStep } from '../src/store/durableFile.js';
import { LockHeldError, StoreCorruptError, StoreMissingError, StoreVersionError, StoreWriteError } from '../src/store/errors.js';
import { MANIFEST_FILE, openDataDir } from '../src/store/dataDir.js';
import { AuditLog } from '../src/audit/auditLog.js';
import { JsonStore, type JsonStoreOptions } from '../src/store/jsonStore.js';
import { acquireLock } from '../src/store/lock.js';
import { rejects, tempDirPerTest } from './harness/tempFiles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.join(root, 'test/fixtures/store/v1.json');

const schema = z.object({ items: z.array(z.object({ id: z.string(), n: z.number() })) });
type Data = z.infer<typeof schema>;

let dir: string;
let file: string;
/** Fresh temp dir per test (inside a describe). */
function useTempDir(): void {
  tempDirPerTest('ilotse-store-', (d) => {
    dir = d;
    file = path.join(dir, 'db.json');
  });
}

function open(extra: Partial<JsonStoreOptions<Data>> = {}) {
  return JsonStore.open<Data>({ file, schemaVersion: 1, initial: () => ({ items: [] }), validate: (d) => schema.parse(d), ...extra });
}
function envelope(schemaVersion: number, data: unknown, seq = 1): string {
  const json = JSON.stringify(data);
  return `{"schemaVersion":${schemaVersion},"seq":${seq},"checksum":"sha256-${sha(json)}","data":${json}}`;
}
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const hashFile = async (f: string) => sha(await readFile(f));
function gate() {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}
function enospc(): Error {
  return Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
}

describe('DurableJsonFile / JsonStore', () => {
  useTempDir();

  describe('durability and format', () => {
    it('a new install writes the initial data at once', async () => {
      const store = await open();
      const env = JSON.parse(await readFile(file, 'utf8'));
      expect(env).to.deep.equal({ schemaVersion: 1, seq: 1, checksum: env.checksum, data: { items: [] } });
      expect(store.stats.writes).to.equal(1);
    });

    it('a commit survives reopening and changes the bytes on disk', async () => {
      const store = await open();
      const before = await hashFile(file);
      const r = await store.commit((d) => d.items.push({ id: 'a', n: 1 }));
      expect(r).to.equal(1); // the mutator's result is passed through
      expect(await hashFile(file)).to.not.equal(before);

      const again = await open();
      expect(again.data).to.deep.equal({ items: [{ id: 'a', n: 1 }] });
    });

    it('writes the envelope with key order, increasing seq and a checksum of the compact data', async () => {
      const store = await open();
      await store.commit((d) => d.items.push({ id: 'ä€😀', n: 2 }));
      const text = await readFile(file, 'utf8');
      const dataJson = JSON.stringify({ items: [{ id: 'ä€😀', n: 2 }] });
      expect(text).to.equal(`{"schemaVersion":1,"seq":2,"checksum":"sha256-${sha(dataJson)}","data":${dataJson}}`);
      const adapter = new DurableJsonFile<Data>(file, { schemaVersion: 1 });
      expect(await adapter.readEnvelope()).to.deep.equal({ schemaVersion: 1, seq: 2, data: JSON.parse(dataJson) });
      expect(await adapter.read()).to.deep.equal(JSON.parse(dataJson));
    });

    it('the adapter returns null for a missing file (lowdb contract)', async () => {
      expect(await new DurableJsonFile(file, { schemaVersion: 1 }).read()).to.equal(null);
    });
  });

  describe('corrupt files are refused and left untouched', () => {
    const valid = envelope(1, { items: [{ id: 'a', n: 1 }] });
    const cases: [string, string | Buffer, RegExp][] = [
      ['truncated JSON', valid.slice(0, valid.length - 20), /not valid JSON/],
      ['0 bytes', '', /empty/],
      ['NUL bytes', Buffer.alloc(512), /NUL bytes/],
      ['literal null', 'null', /not a store envelope/],
      ['bad checksum', valid.replace('"n":1', '"n":2'), /checksum mismatch/],
      ['wrong envelope (plain lowdb file)', JSON.stringify({ items: [] }), /schemaVersion is missing/],
      ['data null', '{"schemaVersion":1,"seq":1,"checksum":"sha256-00","data":null}', /data is missing or null/],
      ['zod-invalid data', envelope(1, { items: [{ id: 'a', n: 'one' }] }), /schema at "items\.0\.n"/],
      ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /UTF-8/],
    ];
    for (const [name, content, reason] of cases) {
      it(name, async () => {
        await writeFile(file, content);
        const before = await hashFile(file);
        const err = await rejects(open());
        expect(err).to.be.instanceOf(StoreCorruptError);
        expect(err.message).to.include(file).and.include('untouched').and.match(reason);
        expect((err as StoreCorruptError).file).to.equal(file);
        expect(await hashFile(file)).to.equal(before);
        expect(await readdir(dir)).to.deep.equal(['db.json']); // no .bak, no defaults, no temp file
      });
    }
  });

  describe('schema versions', () => {
    const migrations = {
      1: (d: any) => ({ ...d, added: [] }),
      2: (d: any) => ({ ...d, requests: d.requests.map((r: any) => ({ ...r, priority: 'normal' })) }),
    };
    const v3 = z.object({
      requests: z.array(z.object({ id: z.string(), status: z.enum(['open', 'closed']), priority: z.enum(['normal', 'high']) }).loose()),
      users: z.record(z.string(), z.object({ locale: z.string() })),
      added: z.array(z.string()),
    });
    const openV3 = () =>
      JsonStore.open({ file, schemaVersion: 3, initial: () => ({ requests: [], users: {}, added: [] }), validate: (d) => v3.parse(d), migrations });

    it('refuses a file written by a newer version and leaves it untouched', async () => {
      await writeFile(file, envelope(5, { items: [] }));
      const before = await hashFile(file);
      const err = await rejects(open({ schemaVersion: 3 }));
      expect(err).to.be.instanceOf(StoreVersionError);
      expect(err.message).to.include('newer version (5)').and.include('knows up to 3').and.include('untouched');
      expect(await hashFile(file)).to.equal(before);
      expect(await readdir(dir)).to.deep.equal(['db.json']);
    });

    it('migrates the v1 fixture to v3 with a backup, and a second open is a no-op', async () => {
      await copyFile(fixture, file);
      const original = await hashFile(file);
      const store = await openV3();
      expect(store.data.added).to.deep.equal([]);
      expect(store.data.requests.map((r) => [r.id, r.priority])).to.deep.equal([
        ['req-0001', 'normal'],
        ['req-0002', 'normal'],
      ]);
      expect(store.data.requests[0]).to.include({ institution: 'jva-koeln', version: 1 });

      const baks = (await readdir(dir)).filter((n) => n.endsWith('.bak'));
      expect(baks).to.have.length(1);
      expect(baks[0]).to.match(/^db\.json\.v1\..+\.bak$/);
      expect(await hashFile(path.join(dir, baks[0]!))).to.equal(original);
      const env = JSON.parse(await readFile(file, 'utf8'));
      expect(env).to.include({ schemaVersion: 3, seq: 18 }); // continues the fixture's seq

      const migrated = await hashFile(file);
      const again = await openV3();
      expect(again.data).to.deep.equal(store.data);
      expect(await hashFile(file)).to.equal(migrated);
      expect((await readdir(dir)).filter((n) => n.endsWith('.bak'))).to.have.length(1);
      expect(again.stats.writes).to.equal(0);
    });

    it('refuses when a migration step is missing, file untouched', async () => {
      await copyFile(fixture, file);
      const before = await hashFile(file);
      const err = await rejects(JsonStore.open({ file, schemaVersion: 3, initial: () => ({}), validate: (d) => d as object, migrations: { 1: migrations[1] } }));
      expect(err).to.be.instanceOf(StoreVersionError);
      expect(err.message).to.include('no migration from 2 to 3');
      expect(await hashFile(file)).to.equal(before);
      expect(await readdir(dir)).to.deep.equal(['db.json']);
    });
  });

  describe('group commit', () => {
    it('100 concurrent commits share at most 2 writes (≤ 5 fsyncs)', async () => {
      const store = await open();
      const base = { ...store.stats };
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.commit((d) => d.items.push({ id: `r${i}`, n: i }))));
      expect(results).to.have.length(100);
      expect(store.stats.writes - base.writes).to.be.at.most(2);
      expect(store.stats.syncs - base.syncs).to.be.at.most(5);
      expect((await open()).data.items).to.have.length(100);
    });

    it('a commit is visible in memory at once; compare-and-set inside a mutator is atomic', async () => {
      const store = await open();
      const claim = () =>
        store.commit((d) => {
          if (d.items.some((i) => i.id === 'claim')) return false;
          d.items.push({ id: 'claim', n: 1 });
          return true;
        });
      const p1 = claim();
      expect(store.data.items).to.have.length(1);
      const p2 = claim();
      expect(await Promise.all([p1, p2])).to.deep.equal([true, false]);
    });

    it('commits arriving while a write is in flight are coalesced into one next write', async () => {
      const g = gate();
      let hold = false;
      const store = await open({
        beforeStep: async (step) => {
          if (step === 'sync' && hold) {
            hold = false;
            await g.wait;
          }
        },
      });
      hold = true;
      const base = store.stats.writes;
      const first = store.commit((d) => d.items.push({ id: 'first', n: 0 }));
      await new Promise((r) => setTimeout(r, 20)); // the first write is now parked in its fsync
      const later = Array.from({ length: 50 }, (_, i) =>
        new Promise((r) => setImmediate(r)).then(() => store.commit((d) => d.items.push({ id: `l${i}`, n: i }))),
      );
      await new Promise((r) => setTimeout(r, 20));
      g.open();
      await Promise.all([first, ...later]);
      expect(store.stats.writes - base).to.equal(2);
      expect((await open()).data.items).to.have.length(51);
    });

    it('resolves only after write → fsync(tmp) → rename → fsync(dir)', async () => {
      const steps: string[] = [];
      const store = await open({ beforeStep: (step: WriteStep, f: string) => void steps.push(`${step}:${path.basename(f)}`) });
      steps.length = 0;
      const syncs = store.stats.syncs;
      await store.commit((d) => d.items.push({ id: 'x', n: 1 }));
      steps.push('resolved');
      expect(steps.map((s) => s.split(':')[0])).to.deep.equal(['open', 'write', 'sync', 'rename', 'syncDir', 'resolved']);
      expect(steps[1]).to.match(/^write:\.db\.json\.\d+\.[0-9a-f]+\.tmp$/);
      expect(steps[2]).to.equal(steps[1]!.replace('write', 'sync'));
      expect(steps[3]).to.equal('rename:db.json');
      expect(steps[4]).to.equal(`syncDir:${path.basename(dir)}`);
      expect(store.stats.syncs - syncs).to.equal(2);
    });

    it('flush waits for pending commits; close refuses further commits', async () => {
      const store = await open();
      void store.commit((d) => d.items.push({ id: 'a', n: 1 }));
      await store.flush();
      expect((await open()).data.items).to.have.length(1);
      await store.flush(); // nothing pending
      await store.close();
      expect(await rejects(store.commit(() => undefined))).to.be.instanceOf(StoreWriteError);
    });
  });

  describe('failures roll back', () => {
    it('a failed write rejects, restores memory and disk, leaves no temp file, and the next commit works', async () => {
      let fail = false;
      const store = await open({
        beforeStep: (step) => {
          if (fail && step === 'write') throw enospc();
        },
      });
      await store.commit((d) => d.items.push({ id: 'kept', n: 1 }));
      const bytes = await hashFile(file);
      fail = true;
      const err = await rejects(store.commit((d) => d.items.push({ id: 'lost', n: 2 })));
      expect(err).to.be.instanceOf(StoreWriteError);
      expect(err.message).to.include('Nothing was saved').and.include('ENOSPC');
      expect(store.data).to.deep.equal({ items: [{ id: 'kept', n: 1 }] });
      expect(await hashFile(file)).to.equal(bytes);
      expect(await readdir(dir)).to.deep.equal(['db.json']);

      fail = false; // disk space came back
      await store.commit((d) => d.items.push({ id: 'next', n: 3 }));
      expect((await open()).data.items.map((i) => i.id)).to.deep.equal(['kept', 'next']);
    });

    it('a failure after the temp file is complete (rename) also cleans up', async () => {
      let fail = false;
      const store = await open({ beforeStep: (step) => { if (fail && step === 'rename') throw enospc(); } });
      const bytes = await hashFile(file);
      fail = true;
      expect(await rejects(store.commit((d) => d.items.push({ id: 'x', n: 1 })))).to.be.instanceOf(StoreWriteError);
      expect(await readdir(dir)).to.deep.equal(['db.json']);
      expect(await hashFile(file)).to.equal(bytes);
      expect(store.data.items).to.deep.equal([]);
    });

    it('a failed write also rejects the commits queued behind it', async () => {
      const g = gate();
      let fail = false;
      const store = await open({
        beforeStep: async (step) => {
          if (fail && step === 'sync') {
            await g.wait;
            throw enospc();
          }
        },
      });
      fail = true;
      const inFlight = rejects(store.commit((d) => d.items.push({ id: 'a', n: 1 })));
      await new Promise((r) => setTimeout(r, 20));
      const queued = rejects(store.commit((d) => d.items.push({ id: 'b', n: 2 })));
      expect(store.data.items).to.have.length(2);
      g.open();
      expect(await inFlight).to.be.instanceOf(StoreWriteError);
      expect(await queued).to.be.instanceOf(StoreWriteError);
      expect(store.data.items).to.deep.equal([]);
      fail = false;
      await store.commit((d) => d.items.push({ id: 'c', n: 3 }));
      expect((await open()).data.items.map((i) => i.id)).to.deep.equal(['c']);
    });

    it('a throwing mutator propagates its error and restores the data', async () => {
      const store = await open();
      await store.commit((d) => d.items.push({ id: 'kept', n: 1 }));
      const sibling = rejects(store.commit((d) => d.items.push({ id: 'same-batch', n: 2 })));
      const boom = new RangeError('boom');
      const err = await rejects(
        store.commit((d) => {
          d.items[0]!.n = 99; // half-done change must not survive
          throw boom;
        }),
      );
      expect(err).to.equal(boom);
      expect(store.data).to.deep.equal({ items: [{ id: 'kept', n: 1 }] });
      expect(await sibling).to.be.instanceOf(StoreWriteError); // it shared the rolled-back batch
      await store.commit((d) => d.items.push({ id: 'after', n: 3 }));
      expect((await open()).data.items.map((i) => [i.id, i.n])).to.deep.equal([['kept', 1], ['after', 3]]);
    });

    it('an async mutator is refused', async () => {
      const store = await open();
      const err = await rejects(store.commit(async (d) => d.items.push({ id: 'x', n: 1 })));
      expect(err).to.be.instanceOf(TypeError);
      expect(store.data.items).to.deep.equal([]);
    });
  });
});

describe('data-dir lock', () => {
  useTempDir();

  const writeLock = (content: object | string) =>
    writeFile(path.join(dir, '.lock'), typeof content === 'string' ? content : JSON.stringify(content));

  it('a second acquire in the same process is refused with the pid; release frees it', async () => {
    const lock = await acquireLock(dir);
    const err = await rejects(acquireLock(dir));
    expect(err).to.be.instanceOf(LockHeldError);
    expect(err.message).to.include(`in use by process ${process.pid}`).and.include('choose another DATA_DIR');
    expect((err as LockHeldError).dir).to.equal(dir);
    await lock.release();
    await (await acquireLock(dir)).release();
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('creates a missing directory and writes pid, host and start time', async () => {
    const sub = path.join(dir, 'a', 'b');
    const lock = await acquireLock(sub);
    const info = JSON.parse(await readFile(path.join(sub, '.lock'), 'utf8'));
    expect(info).to.include({ pid: process.pid, host: hostname() });
    expect(Date.parse(info.startedAt)).to.be.closeTo(Date.now(), 10_000);
    await lock.release();
  });

  it('takes over a lock whose process is gone', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    await writeLock({ pid, host: hostname(), startedAt: '2024-01-01T00:00:00.000Z' });
    const lock = await acquireLock(dir);
    expect(JSON.parse(await readFile(path.join(dir, '.lock'), 'utf8')).pid).to.equal(process.pid);
    await lock.release();
  });

  it('takes over a lock left by an earlier process that had our pid (container restart)', async () => {
    await writeLock({ pid: process.pid, host: hostname(), startedAt: '2024-01-01T00:00:00.000Z' });
    await (await acquireLock(dir)).release();
  });

  it('an unparsable lock is respected for 10 s, then taken over', async () => {
    await writeLock('{"pid":');
    expect(await rejects(acquireLock(dir))).to.be.instanceOf(LockHeldError);
    const old = new Date(Date.now() - 60_000);
    await utimes(path.join(dir, '.lock'), old, old);
    await (await acquireLock(dir)).release();
  });

  it('refuses a lock held on another host', async () => {
    await writeLock({ pid: 1, host: 'other-host.invalid', startedAt: '2024-01-01T00:00:00.000Z' });
    const err = await rejects(acquireLock(dir));
    expect(err).to.be.instanceOf(LockHeldError);
    expect(err.message).to.include('other-host.invalid');
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const lock = await acquireLock(dir);
    await writeLock({ pid: 4242, host: hostname(), startedAt: 'x' });
    await lock.release();
    expect(await readdir(dir)).to.deep.equal(['.lock']);
  });

  it('removes stray temp files once the lock is held', async () => {
    await writeFile(path.join(dir, '.db.json.123.abcdef.tmp'), '{"half');
    await writeFile(path.join(dir, 'db.json'), 'keep');
    const lock = await acquireLock(dir);
    expect((await readdir(dir)).sort()).to.deep.equal(['.lock', 'db.json']);
    await lock.release();
  });

  it('a second process exits non-zero with the message while the first holds the lock', async () => {
    const lock = await acquireLock(dir);
    const script =
      "import { acquireLock } from './src/store/lock.ts';" +
      'try { await acquireLock(process.env.LOCK_DIR); console.log("acquired"); }' +
      'catch (e) { console.error(e.message); process.exit(3); }';
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, LOCK_DIR: dir },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.stdout.on('data', (b) => (stdout += b));
    const code = await new Promise((r) => child.on('exit', r));
    expect(stdout).to.not.include('acquired');
    expect(code).to.equal(3);
    expect(stderr).to.include(`is in use by process ${process.pid}`);
    await lock.release();
  });
});

describe('missing store files (DATA_DIR/.store-files.json)', () => {
  useTempDir();
  const openIn = (name: string) => JsonStore.open<Data>({ file: path.join(dir, name), schemaVersion: 1, initial: () => ({ items: [] }), validate: (d) => schema.parse(d) });
  /** Opens the directory as the bot does: lock, stores, manifest; returns what was created. */
  async function start(names: string[], init = false): Promise<void> {
    const data = await openDataDir(dir, { init });
    try {
      const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
      await audit.close();
      for (const name of names) await (await openIn(name)).close();
      await data.saveManifest();
    } finally {
      await data.release();
    }
  }

  it('an empty DATA_DIR is a new install: every file is created and recorded', async () => {
    await start(['store.json', 'escalations.json']);
    expect(JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')).files).to.deep.equal(['audit.jsonl', 'escalations.json', 'store.json']);
  });

  it('refuses to start when a recorded file is missing, names every missing file and creates nothing', async () => {
    await start(['store.json', 'escalations.json', 'delivery.json']);
    await rm(path.join(dir, 'escalations.json'));
    await rm(path.join(dir, 'delivery.json'));
    const err = await rejects(start(['store.json', 'escalations.json', 'delivery.json']));
    expect(err).to.be.instanceOf(StoreMissingError);
    expect(err.message).to.contain(path.join(dir, 'escalations.json')).and.contain(path.join(dir, 'delivery.json')).and.contain('npm run store:init');
    expect((await readdir(dir)).sort()).to.deep.equal([MANIFEST_FILE, 'audit.jsonl', 'store.json']);
    // The lock was released with the refusal.
    await (await acquireLock(dir)).release();
  });

  it('a store an upgrade adds is created next to recorded files; store:init recreates a lost one on purpose', async () => {
    await start(['store.json']);
    await start(['store.json', 'newcapability.json']);
    expect(JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')).files).to.include('newcapability.json');
    await rm(path.join(dir, 'store.json'));
    await start(['store.json', 'newcapability.json'], true);
    expect(await readdir(dir)).to.include('store.json');
  });

  it('a DATA_DIR from before the file list refuses a missing file, including the audit log', async () => {
    await start(['store.json']);
    await rm(path.join(dir, MANIFEST_FILE));
    await rm(path.join(dir, 'audit.jsonl'));
    const err = await rejects(start(['store.json']));
    expect(err).to.be.instanceOf(StoreMissingError);
    expect(err.message).to.contain(path.join(dir, 'audit.jsonl')).and.contain('other store files exist (store.json)');
    expect(await readdir(dir)).not.to.include('audit.jsonl');
  });

  it('refuses an unreadable file list rather than guessing', async () => {
    await start(['store.json']);
    await writeFile(path.join(dir, MANIFEST_FILE), '{"version":1,"files":["../etc/passwd"]}');
    expect(await rejects(start(['store.json']))).to.be.instanceOf(StoreCorruptError);
  });
});
