import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AuditLog, type AuditEntry } from '../src/audit/auditLog.js';
import { rejects, tempDirPerTest } from './harness/tempFiles.js';

let file: string;
/** Fresh temp dir per test (inside a describe). */
const useTempDir = () => tempDirPerTest('ilotse-audit-', (dir) => (file = path.join(dir, 'audit', 'audit.jsonl')));

const lines = async () => (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('AuditLog', () => {
  useTempDir();

  it('writes one JSON line per entry with exactly the allowed fields', async () => {
    const log = await AuditLog.open(file);
    await log.record({ actor: '8f0c2d1e-4b7a-4c55-9a1e-2f3b4c5d6e7f', action: 'request.create', record: 'req-0001', role: 'officer', outcome: 'ok' });
    await log.record({ actor: 'system', action: 'store.migrated' });
    const [a, b] = await lines();
    expect(Object.keys(a)).to.deep.equal(['time', 'actor', 'action', 'record', 'role', 'outcome']);
    expect(a).to.include({ action: 'request.create', record: 'req-0001', role: 'officer', outcome: 'ok' });
    expect(Date.parse(a.time)).to.be.closeTo(Date.now(), 10_000);
    expect(Object.keys(b)).to.deep.equal(['time', 'actor', 'action']);
    expect((await readFile(file, 'utf8')).endsWith('\n')).to.equal(true);
    await log.close();
  });

  it('rejects free text and unknown fields without writing anything', async () => {
    const log = await AuditLog.open(file);
    const bad: unknown[] = [
      { actor: 'u1', action: 'Anfrage von Max Mustermann gelöscht' },
      { actor: 'u1', action: 'request.create\n{"forged":true}' },
      { actor: 'Max Mustermann', action: 'request.create' },
      { actor: 'u1', action: 'request.create', record: 'req-1\nx' },
      { actor: 'u1', action: 'request.create', outcome: 'maybe' },
      { actor: 'u1', action: 'request.create', note: 'free text' },
      { actor: 'x'.repeat(201), action: 'request.create' },
      { action: 'request.create' },
    ];
    for (const entry of bad) {
      const err = await rejects(log.record(entry as AuditEntry));
      expect(err).to.be.instanceOf(TypeError);
      expect(err.message).to.not.include('Mustermann'); // the offending value is never echoed
    }
    await log.close();
    expect(await readFile(file, 'utf8')).to.equal('');
  });

  it('groups concurrent records into few datasyncs', async () => {
    const log = await AuditLog.open(file);
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.record({ actor: `u${i}`, action: 'card.view', record: `req-${i}` })));
    expect(log.stats.syncs).to.be.at.most(2);
    expect((await lines()).map((l) => l.actor)).to.deep.equal(Array.from({ length: 200 }, (_, i) => `u${i}`));
    await log.close();
  });

  it('appends on reopen instead of truncating; close flushes', async () => {
    const first = await AuditLog.open(file);
    await first.record({ actor: 'u1', action: 'a.one' });
    await first.close();
    const second = await AuditLog.open(file);
    void second.record({ actor: 'u2', action: 'a.two', outcome: 'denied' });
    await second.close();
    expect((await lines()).map((l) => l.action)).to.deep.equal(['a.one', 'a.two']);
    expect(await rejects(second.record({ actor: 'u3', action: 'a.three' }))).to.be.instanceOf(Error);
  });
});
