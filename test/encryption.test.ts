// Encryption at rest with real files: the store, the audit log, key files, rekey and crash safety.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AuditLog, readAuditFile } from '../src/audit/auditLog.js';
import { openDataDir, useStoreKey } from '../src/store/dataDir.js';
import { DurableJsonFile } from '../src/store/durableFile.js';
import { keyFileContent, loadKeyFile, parseKeyFile, seal, unseal, withNewKey, writeKeyFile, type KeyRing } from '../src/store/encryption.js';
import { StoreCorruptError, StoreKeyError, StoreWriteError } from '../src/store/errors.js';
import { JsonStore } from '../src/store/jsonStore.js';
import { rekeyDataDir } from '../src/store/rekey.js';
import { rejects, tempDirPerTest } from './harness/tempFiles.js';

const CANARY = 'Vorgang Kanarienvogel 4711';
const schema = z.object({ notes: z.array(z.string()) });
type Data = z.infer<typeof schema>;

let dir: string;
let keyDir: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
async function hashes(d: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(d)).sort()) if (!name.startsWith('.')) out[name] = sha(await readFile(path.join(d, name)));
  return out;
}
const openStore = (file: string, ring?: KeyRing | null) =>
  JsonStore.open<Data>({ file, schemaVersion: 1, initial: () => ({ notes: [] }), validate: (d) => schema.parse(d), ring });
async function newRing(name = 'key.json'): Promise<KeyRing> {
  return writeKeyFile(path.join(keyDir, name), withNewKey(undefined));
}

describe('encryption at rest', () => {
  tempDirPerTest('ilotse-enc-', (d) => (dir = d));
  tempDirPerTest('ilotse-key-', (d) => (keyDir = d));

  it('seals with AES-256-GCM bound to the file name; another name or key cannot open it', async () => {
    const ring = await newRing();
    const other = await newRing('other.json');
    const sealed = seal(ring, 'store.json', CANARY);
    expect(sealed).not.to.contain('Kanarienvogel');
    expect(unseal(ring, 'store.json', sealed)).to.deep.include({ ok: true, plain: CANARY });
    expect(unseal(ring, 'escalations.json', sealed)).to.deep.include({ ok: false, problem: 'altered' });
    expect(unseal(other, 'store.json', sealed)).to.deep.include({ ok: false, problem: 'unknown_key' });
    expect(unseal(undefined, 'store.json', sealed)).to.deep.include({ ok: false, problem: 'no_key' });
  });

  it('validates the key file and never echoes key material', async () => {
    const bad = [
      ['not json', /not valid JSON/],
      ['{"current":"a","keys":{"a":"c2hvcnQ="}}', /32 bytes in base64/],
      [`{"current":"b","keys":{"a":"${'A'.repeat(43)}="}}`, /"current" names key "b"/],
      [`{"current":"a b","keys":{"a":"${'A'.repeat(43)}="}}`, /at "current"/],
      ['{"current":"a","keys":{}}', /at least one key/],
    ] as const;
    for (const [text, message] of bad) {
      const err = (() => {
        try {
          parseKeyFile('/k.json', text);
        } catch (e) {
          return e as Error;
        }
        throw new Error('accepted ' + text);
      })();
      expect(err, text).to.be.instanceOf(StoreKeyError);
      expect(err.message, text).to.match(message).and.not.contain('c2hvcnQ');
    }
    const ring = await newRing();
    expect((await loadKeyFile(ring.file)).current.id).to.equal(ring.current.id);
    expect((await import('node:fs')).statSync(ring.file).mode & 0o777).to.equal(0o600);
  });

  it('writes store files unreadable without the key and reads them back with it', async () => {
    const ring = await newRing();
    const file = path.join(dir, 'store.json');
    const store = await openStore(file, ring);
    await store.commit((d) => void d.notes.push(CANARY));
    await store.close();
    const bytes = await readFile(file, 'utf8');
    expect(bytes).not.to.contain('Kanarienvogel').and.not.to.contain('notes');
    expect(bytes.startsWith('{"enc":"aes-256-gcm"')).to.equal(true);
    const again = await openStore(file, ring);
    expect(again.data.notes).to.deep.equal([CANARY]);
    await again.close();
  });

  it('refuses a wrong, missing or unexpected key and leaves the bytes untouched', async () => {
    const ring = await newRing();
    const wrong = await newRing('wrong.json');
    const file = path.join(dir, 'store.json');
    const store = await openStore(file, ring);
    await store.commit((d) => void d.notes.push(CANARY));
    await store.close();
    const before = await hashes(dir);
    const wrongKey = await rejects(openStore(file, wrong));
    expect(wrongKey).to.be.instanceOf(StoreKeyError);
    expect(wrongKey.message).to.contain(file).and.contain(`key "${ring.current.id}"`).and.contain('not in STORE_KEY_FILE');
    const noKey = await rejects(openStore(file, null));
    expect(noKey).to.be.instanceOf(StoreKeyError);
    expect(noKey.message).to.contain('no STORE_KEY_FILE is configured');
    expect(await hashes(dir)).to.deep.equal(before);

    const plain = path.join(dir, 'plain.json');
    const p = await openStore(plain, null);
    await p.close();
    const plainHash = sha(await readFile(plain));
    expect(await rejects(openStore(plain, ring))).to.be.instanceOf(StoreKeyError).and.have.property('message').that.contains('npm run store:rekey');
    expect(sha(await readFile(plain))).to.equal(plainHash);
  });

  it('tells an altered ciphertext (corrupt) from a wrong key', async () => {
    const ring = await newRing();
    const file = path.join(dir, 'store.json');
    await (await openStore(file, ring)).close();
    const sealed = JSON.parse(await readFile(file, 'utf8'));
    sealed.ct = Buffer.from(Buffer.from(sealed.ct, 'base64').map((b, i) => (i === 3 ? b ^ 1 : b))).toString('base64');
    await writeFile(file, JSON.stringify(sealed));
    const err = await rejects(openStore(file, ring));
    expect(err).to.be.instanceOf(StoreCorruptError);
    expect(err.message).to.contain('altered or damaged');
  });

  it('keeps the crash-safe write: a failed rename leaves the old encrypted file whole and readable', async () => {
    const ring = await newRing();
    const file = path.join(dir, 'store.json');
    let fail = false;
    const store = await JsonStore.open<Data>({
      file, schemaVersion: 1, initial: () => ({ notes: [] }), validate: (d) => schema.parse(d), ring,
      beforeStep: (step) => {
        if (fail && step === 'rename') throw Object.assign(new Error('simulated'), { code: 'EIO' });
      },
    });
    await store.commit((d) => void d.notes.push('first'));
    fail = true;
    expect(await rejects(store.commit((d) => void d.notes.push('second')))).to.be.instanceOf(StoreWriteError);
    expect(store.data.notes).to.deep.equal(['first']);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).to.deep.equal([]);
    const env = await new DurableJsonFile(file, { schemaVersion: 1, ring }).readEnvelope();
    expect(env?.data).to.deep.equal({ notes: ['first'] });
    expect(store.stats.syncs).to.be.greaterThan(0);
  });

  it('seals every audit line on its own; reading, appending and rewriting keep working', async () => {
    const ring = await newRing();
    const data = await openDataDir(dir, { ring });
    try {
      const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
      await audit.record({ actor: 'u-1', action: 'test.one', record: 'ESK-2026-0001' });
      await audit.record({ actor: 'u-2', action: 'test.two', record: 'ESK-2026-0002' });
      const lines = (await readFile(audit.file, 'utf8')).trim().split('\n');
      expect(lines).to.have.length(2);
      for (const line of lines) expect(line.startsWith('{"enc":"aes-256-gcm"')).to.equal(true);
      expect(lines.join('\n')).not.to.contain('ESK-2026');
      const pending = audit.record({ actor: 'u-3', action: 'test.three' }); // arrives during the rewrite
      const result = await audit.rewrite((e) => e.actor !== 'u-1');
      await pending;
      await audit.record({ actor: 'u-4', action: 'test.four' });
      await audit.close();
      expect(result).to.deep.equal({ kept: 2, removed: 1 });
      const entries = await readAuditFile(audit.file, ring);
      expect(entries.map((e) => e.actor)).to.deep.equal(['u-2', 'u-3', 'u-4']);
    } finally {
      await data.release();
    }
  });

  it('rekey: a new key, a crash midway (mixed files stay readable), a rerun, then the old key dropped', async () => {
    const keyFile = path.join(keyDir, 'ring.json');
    const first = await writeKeyFile(keyFile, withNewKey(undefined, 'old'));
    const release = useStoreKey(dir, first);
    try {
      for (const name of ['store.json', 'escalations.json']) {
        const s = await openStore(path.join(dir, name));
        await s.commit((d) => void d.notes.push(`${CANARY} in ${name}`));
        await s.close();
      }
      const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
      await audit.record({ actor: 'u-1', action: 'test.one' });
      await audit.close();
    } finally {
      release();
    }
    const both = await writeKeyFile(keyFile, withNewKey(keyFileContent(first), 'new'));
    // The "crash": only store.json was rewritten under the new key before the process died.
    const storeFile = path.join(dir, 'store.json');
    const plain = unseal(both, 'store.json', await readFile(storeFile, 'utf8'));
    if (!plain.ok) throw new Error('fixture');
    await writeFile(storeFile, seal(both, 'store.json', plain.plain));
    for (const name of ['store.json', 'escalations.json']) {
      const s = await openStore(path.join(dir, name), both);
      expect(s.data.notes).to.deep.equal([`${CANARY} in ${name}`]);
      await s.close();
    }
    const rerun = await rekeyDataDir(dir, both, 'encrypt');
    expect(rerun.rewritten).to.deep.equal(['audit.jsonl', 'escalations.json']);
    expect(rerun.unchanged).to.deep.equal(['store.json']);
    const onlyNew = await writeKeyFile(keyFile, { current: 'new', keys: { new: both.current.key.toString('base64') } });
    for (const name of ['store.json', 'escalations.json']) {
      const s = await openStore(path.join(dir, name), onlyNew);
      expect(s.data.notes).to.have.length(1);
      await s.close();
    }
    expect((await readAuditFile(path.join(dir, 'audit.jsonl'), onlyNew)).map((e) => e.action)).to.deep.equal(['test.one']);
    expect(await rejects(openStore(storeFile, first))).to.be.instanceOf(StoreKeyError);

    const decrypted = await rekeyDataDir(dir, onlyNew, 'decrypt');
    expect(decrypted.rewritten).to.have.length(3);
    expect(await readFile(storeFile, 'utf8')).to.contain(CANARY);
    const plainStore = await openStore(storeFile, null);
    expect(plainStore.data.notes).to.have.length(1);
    await plainStore.close();
  });
});
