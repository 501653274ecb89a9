// Import and export of knowledge entries and material (issue 14): round trip, all-or-nothing with every
// problem named by file, row and column, formula cells refused, non-http(s) links refused; the CLI's
// exit codes; and the manifest's search message extension.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportKnowledge } from '../src/knowledge/io.js';
import { formatKnowledgeIssue } from '../scripts/lib/knowledgeIssue.js';
import { queryText } from '../src/bot/messageExtension.js';
import { buildLocalization, renderManifest, teamsValidator, templateSchemaVersion, readTemplate } from '../scripts/lib/manifest.js';
import { admin, officer, openFixture, type KnowledgeFixture } from './harness/knowledgeServices.js';
import { ROOT } from './harness/botProcess.js';
import { tempDirPerTest } from './harness/tempFiles.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('knowledge import and export', function () {
  let dir = '';
  tempDirPerTest('lotse-know-io-', (d) => (dir = d));
  let f: KnowledgeFixture;
  beforeEach(async () => (f = await openFixture(dir)));
  afterEach(async () => f.close());

  it('exports CSV and JSON that import back unchanged (merge by id)', async function () {
    const content = () => ({
      entries: Object.values(f.store.data.entries).map(({ id, question, answer, topics, source, validFrom, lastConfirmed, status }) => ({ id, question, answer, topics, source, validFrom, lastConfirmed, status })),
      material: Object.values(f.store.data.material).map(({ version: _v, createdAt: _c, updatedAt: _u, sample: _s, ...m }) => m),
    });
    const original = content();
    for (const format of ['csv', 'json'] as const) {
      const files = exportKnowledge(f.store.data, format);
      const result = await f.knowledge.importFiles(admin, [{ file: `entries.${format}`, bytes: bytes(files.entries) }, { file: `material.${format}`, bytes: bytes(files.material) }], 'merge');
      expect(result.ok, JSON.stringify(result.issues)).to.equal(true);
      expect(result.changes.entries).to.deep.equal({ created: 0, updated: 9, removed: 0 });
      expect(content(), format).to.deep.equal(original);
    }
    expect(exportKnowledge(f.store.data, 'csv').entries.startsWith('\uFEFFid,question_de')).to.equal(true);
  });

  it('imports nothing when any row has a problem, and names every problem', async function () {
    const entries = [
      'question_de,answer_de,topics,source',
      '"Wie lange dauert eine Sicherheitsanfrage?","In der Regel einige Wochen; früh stellen.",interpreting,Beispiel',
      '"=HYPERLINK(""https://example.org"")","Antwort mit Formel in der Frage, bitte ablehnen.",interpreting,',
      '"Kurze Frage zur Seelsorge?","",religious-care,',
      '"Frage mit unbekanntem Thema?","Eine ausreichend lange Antwort.",Kochkurs,',
    ].join('\r\n');
    const material = [
      'title,topic,languages,format,link,audience',
      'Merkblatt Telefon,info-material,"de;ar",merkblatt,javascript:alert(1),jva',
      'Merkblatt Post,info-material,Klingonisch,merkblatt,https://example.org/post,jva',
    ].join('\n');
    const before = JSON.stringify(f.store.data);
    const result = await f.knowledge.importFiles(admin, [{ file: 'entries.csv', bytes: bytes(entries) }, { file: 'material.csv', bytes: bytes(material) }], 'merge');
    expect(result.ok).to.equal(false);
    const messages = result.issues.map((i) => formatKnowledgeIssue(i, 'de'));
    expect(messages).to.deep.include.members([
      'entries.csv, Zeile 3, Spalte question_de: Zellen, die mit =, +, -, @ beginnen, werden als Formel abgelehnt: „=HYPERLINK("https://example.org")“.',
      'entries.csv, Zeile 4, Spalte answer_de: Pflichtfeld ist leer.',
      'entries.csv, Zeile 5, Spalte topics: Unbekanntes Thema: Kochkurs.',
      'material.csv, Zeile 2, Spalte link: Nur http(s)-Links sind erlaubt: javascript:alert(1).',
      'material.csv, Zeile 3, Spalte languages: Unbekannte Sprache: Klingonisch.',
    ]);
    expect(JSON.stringify(f.store.data), 'nothing half-written').to.equal(before);
  });

  it('refuses empty files, unknown columns, unknown ids in a merge and officers', async function () {
    const empty = await f.knowledge.importFiles(admin, [{ file: 'entries.csv', bytes: bytes('') }], 'merge');
    expect(empty.issues.map((i) => i.code)).to.deep.equal(['emptyFile']);
    const unknown = await f.knowledge.importFiles(admin, [{ file: 'x.csv', bytes: bytes('question_de,answer_de,colour\nFrage?,Antwort lang genug,rot') }], 'merge');
    expect(unknown.issues.map((i) => i.code)).to.deep.equal(['unknownColumn']);
    const id = await f.knowledge.importFiles(admin, [{ file: 'e.json', bytes: bytes(JSON.stringify([{ id: 'KB-2026-0999', question_de: 'Eine Frage hier?', answer_de: 'Eine Antwort hier.' }])) }], 'merge');
    expect(id.issues.map((i) => i.code)).to.deep.equal(['unknownId']);
    expect((await f.knowledge.importFiles(officer, [{ file: 'e.json', bytes: bytes('[]') }], 'merge')).ok).to.equal(false);
  });

  it('replaces all entries of the kind imported with --replace', async function () {
    const result = await f.knowledge.importFiles(admin, [{ file: 'entries.json', bytes: bytes(JSON.stringify({ entries: [{ question_de: 'Nur diese Frage bleibt?', answer_de: 'Ja, nach dem Ersetzen nur diese.', topics: ['integration'] }] })) }], 'replace');
    expect(result.ok).to.equal(true);
    expect(result.changes.entries).to.deep.equal({ created: 1, updated: 0, removed: 9 });
    expect(Object.values(f.store.data.entries).map((e) => e.question.de)).to.deep.equal(['Nur diese Frage bleibt?']);
    expect(Object.keys(f.store.data.material)).to.have.length(8);
    expect((await f.knowledge.ask(officer, 'Ramadan Essenszeiten')).answered, 'the index follows the import').to.equal(false);
  });
});

describe('knowledge CLI (npm run knowledge)', function () {
  this.timeout(60000);
  let dir = '';
  tempDirPerTest('lotse-know-cli-', (d) => (dir = d));
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/knowledge.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, NODE_ENV: 'development' }, encoding: 'utf8' });

  it('imports all-or-nothing with exit codes 1 and 0, then exports what it imported', async function () {
    const bad = path.join(dir, 'entries.csv');
    writeFileSync(bad, 'question_de,answer_de\n"@SUM(1)","Eine ausreichend lange Antwort."\n');
    const refused = run('import', bad);
    expect(refused.status, refused.stderr).to.equal(1);
    expect(refused.stderr).to.contain('row 2').and.contain('formula').and.contain('Nothing was imported');
    writeFileSync(bad, 'question_de,answer_de,topics\n"Wo finde ich die Hausordnung?","Im Intranet der Anstalt unter Formulare.",info-material\n');
    const ok = run('import', bad);
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain('1 new');
    const out = path.join(dir, 'out');
    const exported = run('export', '--format', 'json', '--out', out);
    expect(exported.status, exported.stderr).to.equal(0);
    expect(JSON.parse(readFileSync(path.join(out, 'entries.json'), 'utf8')).map((e: { question_de: string }) => e.question_de)).to.deep.equal(['Wo finde ich die Hausordnung?']);
    expect(run('frobnicate').status).to.equal(2);
  });
});

describe('search message extension', function () {
  it('the manifest declares the query command and still validates against the bundled schema', function () {
    const manifest = renderManifest({ botId: '00000000-0000-0000-0000-000000000000' });
    const version = templateSchemaVersion(readTemplate());
    expect(teamsValidator(version, 'manifest')(manifest)).to.deep.equal([]);
    const extension = (manifest.composeExtensions as any[])[0];
    expect(extension.botId).to.equal('00000000-0000-0000-0000-000000000000');
    expect(extension.commands[0]).to.include({ id: 'search', type: 'query', initialRun: false });
    expect(extension.commands[0].parameters[0].name).to.equal('query');
    const localization = buildLocalization(renderManifest({ botId: '00000000-0000-0000-0000-000000000000', language: 'en' }), version);
    expect(localization['composeExtensions[0].commands[0].title']).to.equal('Search Lotse');
    expect(teamsValidator(version, 'localization')(localization)).to.deep.equal([]);
  });

  it('reads the query parameter strictly and caps it', function () {
    expect(queryText({ commandId: 'search', parameters: [{ name: 'query', value: ' Ramadan ' }] })).to.equal('Ramadan');
    expect(queryText({ commandId: 'search', parameters: [{ name: 'query', value: 'x'.repeat(1000) }] })!.length).to.equal(200);
    expect(queryText({ commandId: 'other', parameters: [] })).to.equal(undefined);
    expect(queryText({ commandId: 'search', parameters: [{ name: 'query', value: 42 }] })).to.equal('');
    expect(queryText('nonsense')).to.equal(undefined);
  });
});
