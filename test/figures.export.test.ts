// `npm run figures:export` as an operator runs it: files with period, scope and generation date,
// suppression applied, audited; usage errors with exit code 2.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from './harness/botProcess.js';
import { DASHBOARD_SEED, seedStores } from './harness/figuresSeed.js';

function run(dataDir: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/figures-export.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' }, encoding: 'utf8' });
}

describe('npm run figures:export', function () {
  this.timeout(60_000);
  const dataDir = tempDir('lotse-figexport-');
  before(() => seedStores(dataDir, DASHBOARD_SEED));

  it('writes csv, json and xlsx for the state with the period and the generation date, and audits each', () => {
    const out = path.join(dataDir, 'out');
    for (const format of ['csv', 'json', 'xlsx']) {
      const r = run(dataDir, ['--from', '2026-01-01', '--to', '2026-11-30', '--format', format, '--out', out]);
      expect(r.status, r.stderr).to.equal(0);
    }
    expect(readdirSync(out).sort()).to.deep.equal(['kennzahlen-nrw-2026-01-01-2026-11-30.csv', 'kennzahlen-nrw-2026-01-01-2026-11-30.json', 'kennzahlen-nrw-2026-01-01-2026-11-30.xlsx']);
    const csv = readFileSync(path.join(out, 'kennzahlen-nrw-2026-01-01-2026-11-30.csv'), 'utf8');
    expect(csv).to.include('Bereich;Land NRW');
    expect(csv).to.match(/Erstellt am;\d{4}-\d{2}-\d{2}T/);
    expect(csv).to.include('Georgisch;Summe;< 5');
    expect(csv).to.not.match(/Georgisch;Summe;3/);
    const json = JSON.parse(readFileSync(path.join(out, 'kennzahlen-nrw-2026-01-01-2026-11-30.json'), 'utf8'));
    expect(json.tables.find((t: { id: string }) => t.id === 'interpreters.languageByMonth').total.count).to.equal(306);
    const audit = readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.filter((e) => e.action === 'figures.export').map((e) => e.record)).to.deep.equal(Array(3).fill('state@2026-01-01..2026-11-30'));
  });

  it('refuses a reversed period, a future one, an unknown scope and an unknown format with exit code 2', () => {
    const cases: [string[], string][] = [
      [['--from', '2026-06-01', '--to', '2026-01-01'], 'ends before it starts'],
      [['--from', '2099-01-01', '--to', '2099-02-01'], 'starts in the future'],
      [['--from', '2026-01-01', '--to', '2026-02-01', '--scope', 'unit:nowhere'], 'is not known'],
      [['--from', '2026-01-01', '--to', '2026-02-01', '--format', 'pdf'], 'csv, json or xlsx'],
      [['--to', '2026-02-01'], 'required'],
    ];
    for (const [args, message] of cases) {
      const r = run(dataDir, args);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.include(message);
    }
  });
});
