// The shared building blocks every capability uses: record ids, the capability store helper and the
// start-up refusal base class.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { nextSequenceId, nextYearlyId } from '../src/store/ids.js';
import { openCapabilityStore } from '../src/store/capabilityStore.js';
import { StartupRefusal } from '../src/startup/refusal.js';
import { isStartupRefusal } from '../src/startupErrors.js';
import { LockHeldError, StoreCorruptError, StoreVersionError, StoreWriteError } from '../src/store/errors.js';
import { RosterError } from '../src/roles/roster.js';
import { InstitutionsFileError } from '../src/institutions/institutionsFile.js';
import { ChecklistTemplateError } from '../src/checklists/templates.js';
import { rejects, tempDirPerTest } from './harness/tempFiles.js';

describe('shared: record ids', () => {
  it('counts per prefix and year, four digits at least', () => {
    const counters: Record<string, number> = {};
    const now = new Date('2026-05-01T10:00:00Z');
    expect(nextYearlyId(counters, 'ESK', now, 'Europe/Berlin')).to.equal('ESK-2026-0001');
    expect(nextYearlyId(counters, 'ESK', now, 'Europe/Berlin')).to.equal('ESK-2026-0002');
    expect(nextYearlyId(counters, 'DOL', now, 'Europe/Berlin')).to.equal('DOL-2026-0001');
    expect(counters).to.deep.equal({ 'ESK-2026': 2, 'DOL-2026': 1 });
  });

  it('takes the year in the given time zone, not UTC', () => {
    const counters: Record<string, number> = {};
    const newYearsNightInBerlin = new Date('2026-12-31T23:30:00Z'); // 00:30 on 1 Jan 2027 in Berlin
    expect(nextYearlyId(counters, 'CL', newYearsNightInBerlin, 'Europe/Berlin')).to.equal('CL-2027-0001');
    expect(nextYearlyId(counters, 'CL', newYearsNightInBerlin, 'UTC')).to.equal('CL-2026-0001');
  });

  it('grows past four digits and ignores inherited keys', () => {
    const counters: Record<string, number> = { DA: 9999 };
    expect(nextSequenceId(counters, 'DA')).to.equal('DA-10000');
    expect(nextSequenceId(counters, 'constructor')).to.equal('constructor-0001');
  });
});

describe('shared: capability store', () => {
  let dir = '';
  tempDirPerTest('lotse-capstore-', (d) => (dir = d));
  const schema = z.strictObject({ items: z.array(z.string()), counters: z.record(z.string(), z.int()) });
  const spec = { fileName: 'things.json', schemaVersion: 2, schema, initial: () => ({ items: [], counters: {} }), migrations: { 1: (d: any) => ({ ...d, counters: {} }) } };

  it('creates the file in DATA_DIR on first open and keeps commits across a reopen', async () => {
    const store = await openCapabilityStore(dir, spec);
    await store.commit((d) => void d.items.push('a'));
    await store.close();
    const again = await openCapabilityStore(dir, spec);
    expect(again.data.items).to.deep.equal(['a']);
    await again.close();
  });

  it('migrates an older schema version and refuses data that does not match the schema, leaving the file as it was', async () => {
    const v1 = await openCapabilityStore(dir, { ...spec, schemaVersion: 1, schema: z.strictObject({ items: z.array(z.string()) }), initial: () => ({ items: ['old'] }), migrations: {} });
    await v1.close();
    const migrated = await openCapabilityStore(dir, spec);
    expect(migrated.data).to.deep.equal({ items: ['old'], counters: {} });
    await migrated.close();

    const loose = await openCapabilityStore(dir, { ...spec, schema: z.any() as z.ZodType<any> });
    await loose.commit((d) => void d.items.push(42));
    await loose.close();
    const file = path.join(dir, 'things.json');
    const before = await readFile(file);
    const err = await rejects(openCapabilityStore(dir, spec));
    expect(err).to.be.instanceOf(StoreCorruptError);
    expect((await readFile(file)).equals(before)).to.equal(true);
  });
});

describe('shared: start-up refusals', () => {
  it('every data-file error is a StartupRefusal with its exit code, and the check needs no list', () => {
    const refusals: [Error, number][] = [
      [new RosterError('roster.json', ['entry 1: bad role']), 2],
      [new LockHeldError('/data', 'locked by pid 1', 1), 1],
      [new StoreCorruptError('store.json', 'not JSON'), 1],
      [new StoreVersionError('store.json', 3, 1), 1],
      [new InstitutionsFileError('Invalid institutions file x'), 1],
      [new ChecklistTemplateError(['steps[0].text: required']), 1],
    ];
    for (const [err, exitCode] of refusals) {
      expect(err, err.name).to.be.instanceOf(StartupRefusal);
      expect(isStartupRefusal(err), err.name).to.deep.equal({ message: err.message, exitCode });
    }
    class NewDataFileError extends StartupRefusal {}
    expect(isStartupRefusal(new NewDataFileError('Invalid x.json: field a: too long', 1))).to.deep.equal({ message: 'Invalid x.json: field a: too long', exitCode: 1 });
  });

  it('errors that are not the operator’s to fix are not refusals', () => {
    expect(isStartupRefusal(new StoreWriteError('store.json', 'disk full'))).to.equal(undefined);
    expect(isStartupRefusal(new Error('boom'))).to.equal(undefined);
    expect(isStartupRefusal('text')).to.equal(undefined);
  });
});
