// Contact directory import/export (contract): validation with row and column, all-or-nothing, formula
// cells, merge/replace, the shipped sample, and the CLIs (lock refusal, audit, round trip).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../src/audit/auditLog.js';
import { parseDirectoryFile, type ImportIssue } from '../src/directory/io.js';
import { applyImport } from '../src/directory/importApply.js';
import { exportCsv, exportJson } from '../src/directory/export.js';
import { formatIssue } from '../dialogs/directory/issueText.js';
import { DirectoryService, loadSampleDirectory, SAMPLE_DIR } from '../src/directory/service.js';
import { TopicMatcher } from '../src/directory/topics.js';
import { emptyDirectory, type DirectoryData } from '../src/directory/types.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import type { Identity } from '../src/roles/types.js';
import { acquireLock } from '../src/store/lock.js';
import { ROOT, tempDir } from './harness/botProcess.js';

const institutions = loadInstitutions();
const NOW = new Date('2026-11-20T10:00:00Z');
const clock = { now: () => NOW };
const deps = { institutions, topics: new TopicMatcher(), today: '2026-11-20' };
const admin: Identity = { userKey: 'admin-1', role: 'admin' };
const HEADER = 'id,name,category,institution,region,topics,languages,email,phone,url,notes,last_confirmed';
const R_HEADER = 'institution,topic,contact_id,deputy_contact_id,last_confirmed';

const csv = (...lines: string[]) => Buffer.from(lines.join('\n') + '\n', 'utf8');
const parse = (name: string, ...lines: string[]) => parseDirectoryFile(name, csv(...lines), deps);
const where = (issues: ImportIssue[]) => issues.map((i) => `${i.row ?? '-'}:${i.column ?? '-'}:${i.code}`);

describe('directory import and export', () => {
  describe('row validation', () => {
    it('accepts a valid contact and resolves institution (id, name, alias), topics and languages by any spelling', () => {
      const f = parse(
        'contacts.csv',
        HEADER,
        'a1,Dolmetscherdienst Test,service,,Köln,Dolmetscher;interpreting,Arabisch;tr;Farsi,a1@example.org,,,,2026-01-02',
        'a2,Integrationsbeauftragte/r Test,Funktion,JVA Koeln,,integration,,a2@example.org,+49 221 000000,,,',
        'a3,Stelle Test,function,br-detmold,,Seelsorge,,,,https://www.example.org/x,,15.03.2026',
        'a4,Stelle Ossendorf,function,Ossendorf,,Integration,,,0221/000,,,',
      );
      expect(f.issues).to.deep.equal([]);
      expect(f.kind).to.equal('contacts');
      const [a1, a2, a3, a4] = f.contacts.map((c) => c.value);
      expect(a1).to.deep.include({ topics: ['interpreting'], languages: ['ar', 'tr', 'fa'], lastConfirmed: '2026-01-02', region: 'Köln' });
      expect(a2).to.deep.include({ category: 'function', institutionId: 'jva-koeln', channels: { email: 'a2@example.org', phone: '+49 221 000000' } });
      expect(a3).to.deep.include({ institutionId: 'br-detmold', topics: ['religious-care'], lastConfirmed: '2026-03-15' });
      expect(a4!.institutionId).to.equal('jva-koeln');
    });

    it('reports every bad row with its row and column, and imports nothing', async () => {
      const f = parse(
        'contacts.csv',
        HEADER,
        'ok-1,Gute Stelle,function,,,,,ok@example.org,,,,',
        ',Ohne Kennung,function,,,,,x@example.org,,,,',
        'b 2,Leerzeichen,function,,,,,x@example.org,,,,',
        'b3,,function,,,,,x@example.org,,,,',
        'b4,Art falsch,Raumschiff,,,,,x@example.org,,,,',
        'b5,Mail falsch,function,,,,,keine-mail,,,,',
        'b6,Keine Kanäle,function,,,,,,,,,',
        'b7,Thema falsch,function,,,Dolmetscha;Zauberei,,x@example.org,,,,',
        'b8,Sprache falsch,function,,,,Klingonisch,x@example.org,,,,',
        'b9,Datum falsch,function,,,,,x@example.org,,,,31.02.2026',
        'b10,Zukunft,function,,,,,x@example.org,,,,2027-01-01',
        'b11,Zu wenig Zellen,function',
        'b12,Telefon falsch,function,,,,,,12 Uhr,,,',
        'b13,Web falsch,function,,,,,,,ftp://example.org,,',
        'b14,Hinweis mit Person,function,,,,,x@example.org,,,Ansprechpartner Jovana Petrović-Kessler Tel. 0170 5550123,',
        'b15,Hinweis zur Stelle,function,,,,,x@example.org,,,Sprechzeiten Mo–Fr 9–12 Uhr; Termine über das Sekretariat,',
      );
      expect(where(f.issues)).to.deep.equal([
        '3:id:required',
        '4:id:invalidId',
        '5:name:required',
        '6:category:unknownCategory',
        '7:email:invalidEmail',
        '8:email:noChannel',
        '9:topics:unknownTopic',
        '9:topics:unknownTopic',
        '10:languages:unknownLanguage',
        '11:last_confirmed:invalidDate',
        '12:last_confirmed:futureDate',
        '13:-:badRowLength',
        '14:phone:invalidPhone',
        '15:url:invalidUrl',
        '16:notes:personalData',
      ]);
      expect(f.issues.find((i) => i.code === 'unknownTopic')!.params).to.deep.include({ value: 'Dolmetscha', suggestion: 'interpreting' });
      const result = applyImport(emptyDirectory(), [f], { mode: 'merge', now: NOW });
      expect(result.data, 'all-or-nothing').to.equal(undefined);
      expect(formatIssue(f.issues[0]!)).to.equal('contacts.csv, row 3, column id: Required – please fill in.');
      expect(formatIssue(f.issues[0]!, 'de')).to.equal('contacts.csv, Zeile 3, Spalte id: Pflichtfeld – bitte ausfüllen.');
    });

    it('unknown, ambiguous and misspelt institutions are errors (the last with a suggestion)', () => {
      const f = parse(
        'contacts.csv',
        HEADER,
        'i1,A,function,JVA Atlantis,,,,x@example.org,,,,',
        'i2,B,function,Köln,,,,x@example.org,,,,',
        'i3,C,function,JVA Kleev,,,,x@example.org,,,,',
      );
      expect(where(f.issues)).to.deep.equal(['2:institution:unknownInstitution', '3:institution:ambiguousInstitution', '4:institution:institutionTypo']);
      expect(f.issues[1]!.params!.options).to.contain('jva-koeln').and.contain('br-koeln').and.contain('ki-stadt-koeln');
      expect(f.issues[2]!.params!.suggestion).to.equal('jva-kleve (JVA Kleve)');
    });

    it('duplicate ids (case-insensitive) within a file and across files', () => {
      const a = parse('a.csv', HEADER, 'd1,A,function,,,,,x@example.org,,,,', 'D1,B,function,,,,,x@example.org,,,,');
      expect(where(a.issues)).to.deep.equal(['3:id:duplicateId']);
      expect(a.issues[0]!.params).to.deep.include({ row: 2 });
      const b = parse('b.csv', HEADER, 'x1,A,function,,,,,x@example.org,,,,');
      const c = parse('c.csv', HEADER, 'x1,B,function,,,,,x@example.org,,,,');
      const result = applyImport(emptyDirectory(), [b, c], { mode: 'merge', now: NOW });
      expect(result.data).to.equal(undefined);
      expect(result.issues.map((i) => `${path.basename(i.file)}:${i.row}:${i.code}`)).to.deep.equal(['c.csv:2:duplicateId']);
    });

    it('refuses formula cells; accepts a phone starting with + and our own neutralised cells', () => {
      const f = parse(
        'contacts.csv',
        HEADER,
        'f1,"=HYPERLINK(""http://evil.example"")",function,,,,,x@example.org,,,,',
        'f2,Name,function,,,,,x@example.org,,,@SUM(A1),',
        'f3,Name,function,,,,,x@example.org,,,-2+3,',
        'f4,Name,function,,,,,x@example.org,+1+1,,,',
        "f5,'=neutralisiert,function,,,,,x@example.org,'+49 221 1,,'- Hinweis,",
        'f6,Name,function,,,,,x@example.org,+49 221 000000,,,',
      );
      expect(where(f.issues)).to.deep.equal(['2:name:formula', '3:notes:formula', '4:notes:formula', '5:phone:formula']);
      const f5 = f.contacts.find((c) => c.value.id === 'f5')!.value;
      expect(f5).to.deep.include({ name: '=neutralisiert', notes: '- Hinweis', channels: { email: 'x@example.org', phone: '+49 221 1' } });
      expect(f.contacts.find((c) => c.value.id === 'f6')!.value.channels.phone).to.equal('+49 221 000000');
    });

    it('responsibility rows: unknown contact, same deputy, duplicate institution × topic, unknown topic', () => {
      const contacts = parse('contacts.csv', HEADER, 'c1,A,function,,,,,x@example.org,,,,', 'c2,B,function,,,,,x@example.org,,,,');
      const resp = parse(
        'responsibilities.csv',
        R_HEADER,
        'JVA Köln,Dolmetscher,c1,c2,2026-01-01',
        'jva-koeln,interpreting,c2,,',
        'JVA Werl,Seelsorge,nobody,,',
        'JVA Werl,Integration,c1,c1,',
        'JVA Werl,Zauberei,c1,,',
        'JVA Atlantis,Integration,c1,,',
      );
      expect(resp.kind).to.equal('responsibilities');
      expect(where(resp.issues)).to.deep.equal(['3:topic:duplicateResponsibility', '5:deputy_contact_id:sameDeputy', '6:topic:unknownTopic', '7:institution:unknownInstitution']);
      const result = applyImport(emptyDirectory(), [contacts, resp], { mode: 'merge', now: NOW });
      expect(result.issues.map((i) => `${i.row}:${i.column}:${i.code}`)).to.include('4:contact_id:unknownContact');
      expect(result.data).to.equal(undefined);
    });

    it('header problems: unknown and missing columns, unknown file kind, empty files, broken CSV and JSON', () => {
      expect(where(parse('c.csv', 'id,name,category,fax', 'a,b,function,1').issues)).to.deep.equal(['1:fax:unknownColumn']);
      expect(where(parse('c.csv', 'id,name,email', 'a,b,x@example.org').issues)).to.deep.equal(['1:category:missingColumn']);
      expect(where(parse('c.csv', 'foo,bar', '1,2').issues)).to.deep.equal(['-:-:unknownFileKind']);
      expect(where(parse('c.csv', HEADER).issues)).to.deep.equal(['-:-:emptyFile']);
      expect(where(parseDirectoryFile('c.csv', Buffer.from(''), deps).issues)).to.deep.equal(['-:-:emptyFile']);
      expect(where(parse('c.csv', HEADER, 'a,"unclosed,function,,,,,x@example.org,,,,').issues)[0]).to.match(/badCsv/);
      expect(where(parseDirectoryFile('c.json', Buffer.from('{"contacts": ['), deps).issues)).to.deep.equal(['-:-:badJson']);
    });

    it('reads German spreadsheet CSV: semicolons and Windows-1252', () => {
      const text = 'id;name;category;institution;email\r\nw1;Ausländerbehörde Test;Behörde;;w1@example.org\r\n';
      const bytes = Buffer.from(text, 'latin1'); // not valid UTF-8
      const f = parseDirectoryFile('kontakte.csv', bytes, deps);
      expect(f.issues).to.deep.equal([]);
      expect(f.contacts[0]!.value).to.deep.include({ name: 'Ausländerbehörde Test', category: 'authority' });
    });

    it('reads JSON with the same field names, topics and languages as arrays or ";" strings', () => {
      const contacts = [
        { id: 'j1', name: 'JSON-Stelle', category: 'service', topics: ['Dolmetscher'], languages: 'ar;tr', email: 'j1@example.org' },
        { id: 'j2', name: 'Zweite', category: 'function', institution: 'JVA Werl', email: 'j2@example.org' },
      ];
      const f = parseDirectoryFile('contacts.json', Buffer.from(JSON.stringify({ contacts })), deps);
      expect(f.issues).to.deep.equal([]);
      expect(f.contacts.map((c) => c.value.languages)).to.deep.equal([['ar', 'tr'], []]);
      const bad = parseDirectoryFile('contacts.json', Buffer.from(JSON.stringify([{ id: 'j3', name: '=1+1', category: 'function', email: 'x@example.org' }, { id: 'j4', name: 'x', category: 'function', email: 7 }])), deps);
      expect(where(bad.issues)).to.deep.equal(['1:name:formula', '2:email:invalidEmail']);
    });
  });

  describe('merge and replace', () => {
    const contactsOf = (data: DirectoryData) => Object.keys(data.contacts).sort();
    const base = () => {
      const r = applyImport(emptyDirectory(), [parse('c.csv', HEADER, 'm1,A,function,,,,,a@example.org,,,,', 'm2,B,function,,,,,b@example.org,,,,'), parse('r.csv', R_HEADER, 'JVA Werl,Integration,m1,m2,')], { mode: 'merge', now: NOW });
      return r.data!;
    };

    it('merge updates by id and adds, keeps the rest; unchanged rows stay unchanged', () => {
      const r = applyImport(base(), [parse('c.csv', HEADER, 'm1,A neu,function,,,,,a@example.org,,,,', 'm2,B,function,,,,,b@example.org,,,,', 'm3,C,function,,,,,c@example.org,,,,')], { mode: 'merge', now: NOW });
      expect(contactsOf(r.data!)).to.deep.equal(['m1', 'm2', 'm3']);
      expect(r.changes.contacts).to.deep.include({ created: ['m3'], updated: ['m1'], unchanged: 1, removed: [] });
      expect(r.data!.contacts.m1!.version).to.equal(2);
      expect(r.data!.responsibilities).to.have.length(1);
    });

    it('replace drops contacts not in the file, but refuses to orphan a responsibility', () => {
      const orphan = applyImport(base(), [parse('c.csv', HEADER, 'm1,A,function,,,,,a@example.org,,,,')], { mode: 'replace', now: NOW });
      expect(orphan.data).to.equal(undefined);
      expect(orphan.issues.map((i) => i.code)).to.deep.equal(['contactInUse']);
      const ok = applyImport(base(), [parse('c.csv', HEADER, 'm1,A,function,,,,,a@example.org,,,,'), parse('r.csv', R_HEADER, 'JVA Werl,Integration,m1,,')], { mode: 'replace', now: NOW });
      expect(contactsOf(ok.data!)).to.deep.equal(['m1']);
      expect(ok.changes.contacts.removed).to.deep.equal(['m2']);
    });
  });

  describe('the shipped sample', () => {
    const sample = loadSampleDirectory(institutions, NOW);

    it('is valid, functions and organisations only, every address at example.org, marked as sample data', () => {
      const contacts = Object.values(sample.contacts);
      expect(contacts.length).to.be.greaterThan(200);
      for (const c of contacts) {
        expect(c.notes, c.id).to.match(/^Beispieldaten/);
        if (c.channels.email) expect(c.channels.email, c.id).to.match(/@example\.org$/);
        if (c.channels.url) expect(c.channels.url, c.id).to.match(/^https:\/\/www\.example\.org\//);
        expect(c.channels.phone, c.id).to.equal(undefined);
        expect(['function', 'organisation', 'authority', 'service', 'counselling', 'coordination']).to.include(c.category);
      }
    });

    it('covers all 36 JVAs and all 5 Bezirksregierungen for integration, with a deputy', () => {
      for (const inst of [...institutions.ofKind('jva'), ...institutions.ofKind('bezirksregierung')]) {
        const r = sample.responsibilities.find((x) => x.institutionId === inst.id && x.topic === 'integration');
        expect(r, inst.id).to.not.equal(undefined);
        expect(r!.deputyContactId, inst.id).to.be.a('string');
      }
    });

    it('the JSON variant holds the same directory as the CSV files, and export reproduces them byte for byte', () => {
      const files = ['contacts.json', 'responsibilities.json'].map((n) => parseDirectoryFile(n, readFileSync(path.join(SAMPLE_DIR, n)), deps));
      const fromJson = applyImport(emptyDirectory(), files, { mode: 'replace', now: NOW }).data!;
      expect(fromJson.contacts).to.deep.equal(sample.contacts);
      expect(fromJson.responsibilities).to.deep.equal(sample.responsibilities);
      const out = exportCsv(sample);
      expect(out.contacts).to.equal(readFileSync(path.join(SAMPLE_DIR, 'contacts.csv'), 'utf8'));
      expect(out.responsibilities).to.equal(readFileSync(path.join(SAMPLE_DIR, 'responsibilities.csv'), 'utf8'));
      expect(exportJson(sample).contacts).to.equal(readFileSync(path.join(SAMPLE_DIR, 'contacts.json'), 'utf8'));
    });
  });

  describe('export neutralises formula cells and round-trips', () => {
    it('=, +, -, @ first get an apostrophe; importing the export gives the same records', () => {
      const f = parse('c.csv', HEADER, "n1,'=SUM(1),function,,,,,x@example.org,+49 221 000000,,'@home,", "n2,'-minus,function,,,,,y@example.org,,,'+plus,");
      const data = applyImport(emptyDirectory(), [f], { mode: 'replace', now: NOW }).data!;
      const out = exportCsv(data);
      const lines = out.contacts.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[1]).to.equal("n1,'=SUM(1),function,,,,,x@example.org,'+49 221 000000,,'@home,");
      expect(lines[2]).to.equal("n2,'-minus,function,,,,,y@example.org,,,'+plus,");
      const again = applyImport(emptyDirectory(), [parseDirectoryFile('c.csv', Buffer.from(out.contacts), deps)], { mode: 'replace', now: NOW }).data!;
      expect(again.contacts).to.deep.equal(data.contacts);
    });
  });

  describe('DirectoryService.importFiles', () => {
    let dir: string;
    let audit: AuditLog;
    let service: DirectoryService;
    beforeEach(async () => {
      dir = tempDir('lotse-dir-import-');
      audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
      service = await DirectoryService.open({ dataDir: dir, institutions, audit, clock, initial: 'sample' });
    });
    afterEach(async () => {
      await service.close();
      await audit.close();
    });

    it('a bad file changes nothing on disk and is audited as rejected; a good one replaces the untouched sample', async () => {
      const before = readFileSync(path.join(dir, 'directory.json'), 'utf8');
      const bad = await service.importFiles(admin, [{ file: 'contacts.csv', bytes: csv(HEADER, 'g1,Gut,function,,,,,g@example.org,,,,', 'g2,,function,,,,,g@example.org,,,,') }], 'merge');
      expect(bad.ok).to.equal(false);
      expect(readFileSync(path.join(dir, 'directory.json'), 'utf8')).to.equal(before);
      expect(service.data.contacts.g1).to.equal(undefined);
      const good = await service.importFiles(admin, [{ file: 'contacts.csv', bytes: csv(HEADER, 'g1,Gut,function,JVA Werl,,Integration,,g@example.org,,,,') }, { file: 'r.csv', bytes: csv(R_HEADER, 'JVA Werl,Integration,g1,,') }], 'merge');
      expect(good.ok).to.equal(true);
      expect(good.replacedSample).to.equal(true);
      expect(Object.keys(service.data.contacts)).to.deep.equal(['g1']);
      expect(service.data.source).to.equal('import');
      const answer = await service.answer(admin, 'zuständig Integration Werl');
      expect(answer.kind === 'answer' && answer.contact.id).to.equal('g1');
      await audit.flush();
      const lines = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8');
      expect(lines).to.contain('"action":"directory.import","role":"admin","outcome":"rejected"');
      expect(lines).to.contain('"action":"directory.contact.import_create","record":"g1"');
      expect(lines).to.contain('"action":"directory.contact.import_remove","record":"integration-jva-koeln"');
      expect(lines).not.to.contain('Gut');
    });
  });

  describe('CLI', function () {
    this.timeout(60000);
    const run = (script: string, args: string[], dataDir: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' }, encoding: 'utf8' });

    it('refuses while the bot holds the DATA_DIR lock, imports when free, reports bad rows with row and column', async () => {
      const dataDir = tempDir('lotse-dir-cli-');
      const lock = await acquireLock(dataDir);
      const refused = run('scripts/import.ts', [path.join(SAMPLE_DIR, 'contacts.csv')], dataDir);
      await lock.release();
      expect(refused.status).to.equal(3);
      expect(refused.stderr).to.contain('Import refused').and.contain('Nothing was imported');
      expect(existsSync(path.join(dataDir, 'directory.json'))).to.equal(false);

      const badFile = path.join(dataDir, 'bad.csv');
      writeFileSync(badFile, [HEADER, 'x1,Gut,function,,,,,x@example.org,,,,', 'x2,Mail,function,,,,,nope,,,,'].join('\n'));
      const bad = run('scripts/import.ts', [badFile], dataDir);
      expect(bad.status).to.equal(1);
      expect(bad.stderr).to.contain('bad.csv, row 3, column email: “nope” is not a valid email address.');
      expect(existsSync(path.join(dataDir, 'directory.json')), 'a failed import creates no directory').to.equal(false);

      const ok = run('scripts/import.ts', [path.join(SAMPLE_DIR, 'contacts.csv'), path.join(SAMPLE_DIR, 'responsibilities.csv')], dataDir);
      expect(ok.status, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/contacts: \d+ new/);
      const exported = run('scripts/export.ts', ['--out', path.join(dataDir, 'out')], dataDir);
      expect(exported.status, exported.stderr).to.equal(0);
      expect(readFileSync(path.join(dataDir, 'out', 'contacts.csv'), 'utf8')).to.equal(readFileSync(path.join(SAMPLE_DIR, 'contacts.csv'), 'utf8'));
      const audit = readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8');
      expect(audit).to.contain('"action":"directory.import","role":"admin","outcome":"rejected"');
      expect(audit).to.contain('"action":"directory.import","role":"admin","outcome":"ok"');
      expect(audit).to.contain('"action":"directory.export"');
    });
  });
});
