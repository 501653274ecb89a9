// Checklists: template validation, case references and notes, due dates, and the run service on real files.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, tempDir } from './harness/botProcess.js';
import { brOfficer, jvaOfficer, jvaOfficer2, kfiCoordinator, serviceFixture, staff, type ServiceFixture } from './harness/checklistFixtures.js';
import { validateChecklists } from '../src/checklists/validate.js';
import { CHECKLISTS_DIR, loadTemplates, TemplateCatalog, type ChecklistTemplate } from '../src/checklists/templates.js';
import { screenOffline } from '../src/checklists/privacy.js';
import { checkCaseRef } from '../src/privacy/caseRef.js';
import { addDays, instantAt, parseDueDate } from '../src/checklists/dueDate.js';
import { RUN_DUE_ITEM } from '../src/checklists/templates.js';
import { TopicMatcher } from '../src/directory/topics.js';
import { translator } from '../src/i18n/i18n.js';
import { formatter } from '../src/i18n/format.js';
import { LIST_MAX, progressCard, runListCard } from '../src/cards/checklistCards.js';

const shipped = () => JSON.parse(readFileSync(path.join(CHECKLISTS_DIR, 'zugangsgespraech.json'), 'utf8')) as ChecklistTemplate;

describe('checklists', () => {
  describe('templates', () => {
    it('the shipped templates are valid, cover every seed task, and docs/coverage.md is current', () => {
      const result = validateChecklists();
      expect(result.problems).to.deep.equal([]);
      expect(result.ok).to.equal(true);
    });

    it('ships the required checklists; every step has de/en texts and a source or the derived mark', () => {
      const catalog = loadTemplates();
      const required = ['zugangsgespraech', 'entlassungsvorbereitung', 'krisenintervention', 'infoveranstaltung', 'schulung', 'einarbeitung-br', 'dolmetschersprechstunde', 'dolmetscher-adressdatei'];
      for (const id of required) expect(catalog.byId(id), id).to.exist;
      for (const t of catalog.all) {
        for (const s of t.steps) {
          expect(s.sources.length > 0 || s.derived === true, `${t.id}/${s.id}`).to.equal(true);
          expect(s.text.de).not.to.equal(s.text.en);
        }
      }
      expect(catalog.byId('zugangsgespraech')!.steps[0]!.sources).to.include('§ 8 StVollzG NRW');
      expect(catalog.byId('einarbeitung-br')!.steps.flatMap((s) => s.sources)).to.include('Runderlass 5.12.2023 Nr. 3');
      expect(catalog.byId('dolmetscher-adressdatei')!.steps.flatMap((s) => s.sources)).to.include('JM-Richtlinien IB Nr. 2.2');
    });

    it('names a broken file with the field and the reason', () => {
      const dir = tempDir('lotse-templates-');
      const good = shipped();
      const write = (name: string, data: unknown) => writeFileSync(path.join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
      const missingEn = structuredClone(good) as any;
      missingEn.id = 'missing-en';
      delete missingEn.steps[2].text.en;
      write('missing-en.json', missingEn);
      const bad = structuredClone(good) as any;
      bad.id = 'bad';
      bad.audience = 'everyone';
      bad.steps[0].sources = ['§ 73 StVollzG NRW'];
      bad.steps[1].id = bad.steps[2].id;
      bad.steps[3].sources = [];
      delete bad.steps[3].derived;
      bad.steps[4].text.de = 'Siehe **hier**';
      bad.color = 'red';
      write('bad.json', bad);
      write('wrong-name.json', { ...good });
      write('not-json.json', '{ "id": ');
      const result = validateChecklists({ dir, coverageDoc: null });
      expect(result.ok).to.equal(false);
      const text = result.problems.join('\n');
      expect(text).to.contain('missing-en.json: field "steps[2].text.en": is required');
      expect(text).to.contain('bad.json: field "audience": must be one of "jva", "bezirksregierung", "all"');
      expect(text).to.contain('bad.json: field "steps[0].sources[0]": is not a known source');
      expect(text).to.contain('bad.json: field "steps[3].sources": needs at least one source, or "derived": true');
      expect(text).to.contain('bad.json: field "steps[4].text.de": must be plain text');
      expect(text).to.contain('bad.json: field "color": is not allowed');
      expect(text).to.contain('wrong-name.json: field "id": must match the file name ("wrong-name")');
      expect(text).to.contain('not-json.json: not valid JSON');
      expect(result.summary).to.match(/problems in 4 template files/);
    });

    it('the CLI exits 1 and names the broken file, field and reason; 0 for the shipped templates', () => {
      const dir = tempDir('lotse-templates-');
      const broken = shipped() as any;
      broken.steps[0].title = { de: 'Nur Deutsch' };
      writeFileSync(path.join(dir, 'zugangsgespraech.json'), JSON.stringify(broken));
      const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/checklists-validate.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
      const bad = run('--dir', dir);
      expect(bad.status).to.equal(1);
      expect(bad.stderr).to.contain('zugangsgespraech.json: field "steps[0].title.en": is required');
      const good = run();
      expect(good.status, good.stderr).to.equal(0);
      expect(good.stdout).to.match(/^OK: \d+ templates, \d+ steps, every seed task covered$/m);
    });

    it('reports a duplicate step id and a seed task left uncovered', () => {
      const dir = tempDir('lotse-templates-');
      const dup = shipped() as any;
      dup.steps[1].id = dup.steps[0].id;
      writeFileSync(path.join(dir, 'zugangsgespraech.json'), JSON.stringify(dup));
      expect(validateChecklists({ dir, coverageDoc: null }).problems.join('\n')).to.contain('field "steps[1].id": duplicate of steps[0] ("sprache")');
      writeFileSync(path.join(dir, 'zugangsgespraech.json'), JSON.stringify(shipped()));
      const problems = validateChecklists({ dir, coverageDoc: null }).problems.join('\n');
      expect(problems).to.contain('coverage: "rd.3"');
      expect(problems).not.to.contain('coverage: "flyer.aufgabe.dolmetscher"'); // covered by a step and the interpreter capability
    });

    it('names directory topics that "zuständig <Thema>" resolves, in both languages', () => {
      const matcher = new TopicMatcher();
      for (const t of loadTemplates().all) {
        for (const s of t.steps) {
          if (s.topic) for (const lang of ['de', 'en'] as const) expect(matcher.resolve(s.topic[lang]), `${t.id}/${s.id} ${lang}`).to.exist;
        }
      }
    });

    it('offers each side its own templates plus the shared ones, case work first', () => {
      const catalog = loadTemplates();
      const jva = catalog.forAudience('jva').map((t) => t.id);
      const br = catalog.forAudience('bezirksregierung').map((t) => t.id);
      expect(jva).to.include.members(['zugangsgespraech', 'schulung', 'dolmetschersprechstunde']).and.not.include('einarbeitung-br');
      expect(br).to.include.members(['einarbeitung-br', 'mitwirkung-massnahme', 'schulung']).and.not.include('zugangsgespraech');
      expect(catalog.byId(jva[0]!)!.caseBased).to.equal(true);
      expect(jva[jva.length - 1]).to.equal('schulung');
    });

    it('finds a template by number, id or title words in either language', () => {
      const catalog = loadTemplates();
      const offered = catalog.forAudience('jva');
      expect(catalog.find('1', offered)).to.equal(offered[0]);
      expect(catalog.find('zugangsgespraech', offered)?.id).to.equal('zugangsgespraech');
      expect(catalog.find('Zugang', offered)?.id).to.equal('zugangsgespraech');
      expect(catalog.find('crisis', offered)?.id).to.equal('krisenintervention');
      expect(catalog.find('Dolmetscher', offered)).to.equal(undefined); // two match: ask again
      expect(catalog.find('99', offered)).to.equal(undefined);
    });
  });

  describe('case references and notes', () => {
    it('accepts Buchnummer-like references', () => {
      for (const ref of ['123/24', 'BN 4711-2026', 'AZ-2026-17', 'Buchnr. 55/26', 'JVA-K 12/26']) expect(checkCaseRef(ref), ref).to.deep.equal({ ok: true, value: ref });
      expect(checkCaseRef('  BN   4711 ')).to.deep.equal({ ok: true, value: 'BN 4711' });
    });

    it('refuses what looks like a name, a birth date or contact data', () => {
      const cases: [string, string][] = [
        ['Herr Beispiel', 'name'],
        ['Frau K. 12', 'name'],
        ['Max Mustermann', 'name'],
        ['Mustermann 123', 'name'],
        ['M. Yilmaz', 'name'],
        ['Ali 12', 'name'],
        ['01.02.1990', 'birthDate'],
        ['x@example.org', 'contact'],
        ['ABC', 'format'],
        ['123 <b>', 'format'],
        ['1'.repeat(41), 'tooLong'],
        ['   ', 'empty'],
      ];
      for (const [ref, reason] of cases) expect(checkCaseRef(ref), ref).to.deep.equal({ ok: false, reason });
    });

    it('screens notes for obvious personal data but lets ordinary German text through', () => {
      expect(screenOffline('Dolmetscher Arabisch für Mo gebucht', 500)).to.deep.equal({ ok: true, text: 'Dolmetscher Arabisch für Mo gebucht' });
      expect(screenOffline('Termin am 05.03.2026 mit der Ausländerbehörde', 500).ok).to.equal(true);
      expect(screenOffline('Wo finden Gefangene Sprachkurse Deutsch?', 500).ok, 'two nouns after a cue are no name').to.equal(true);
      expect(screenOffline('Gefangener Paul Koch braucht Hilfe', 500)).to.deep.equal({ ok: false, reason: 'name' });
      expect(screenOffline('Herr Beispiel war da', 500)).to.deep.equal({ ok: false, reason: 'name' });
      expect(screenOffline('Rückruf unter 0211 1234567', 500)).to.deep.equal({ ok: false, reason: 'contact' });
      expect(screenOffline('an test@example.org', 500)).to.deep.equal({ ok: false, reason: 'contact' });
      expect(screenOffline('geb. 1990', 500)).to.deep.equal({ ok: false, reason: 'birthDate' });
      expect(screenOffline('x'.repeat(501), 500)).to.deep.equal({ ok: false, reason: 'tooLong' });
    });

    it('refuses what the redaction (findPii) finds: a bare name without a title, an address (issue 10)', () => {
      expect(screenOffline('Jovana Petrović-Kessler', 500)).to.deep.equal({ ok: false, reason: 'name' });
      expect(screenOffline('Gespräch mit Jovana Petrović-Kessler geführt', 500)).to.deep.equal({ ok: false, reason: 'name' });
      expect(screenOffline('wohnt Beispielstraße 12, 50667 Köln', 500)).to.deep.equal({ ok: false, reason: 'contact' });
      expect(screenOffline('Termin 14.03.1987 notiert', 500, new Date('2026-03-02T09:00:00Z'))).to.deep.equal({ ok: false, reason: 'birthDate' });
      for (const ok of ['Nicht zutreffend', 'Sozialdienst informiert', 'Landgericht Düsseldorf, Saal 3', 'Syrisch', 'Videodolmetschdienst Beispiel']) {
        expect(screenOffline(ok, 500), ok).to.deep.equal({ ok: true, text: ok });
      }
    });
  });

  describe('due dates (Europe/Berlin, whatever the machine zone)', () => {
    // 23:30 UTC on Thursday 12 March is already Friday 13 March in Berlin.
    const now = new Date('2026-03-12T23:30:00Z');
    const parse = (text: string, locale: 'de' | 'en' = 'de') => parseDueDate(text, { locale, now, timeZone: 'Europe/Berlin' });

    it('parses German and English phrases relative to the Berlin calendar day', () => {
      expect(parse('heute')).to.deep.equal({ ok: true, date: '2026-03-13' });
      expect(parse('morgen')).to.deep.equal({ ok: true, date: '2026-03-14' });
      expect(parse('in 2 Wochen')).to.deep.equal({ ok: true, date: '2026-03-27' });
      expect(parse('nächsten Freitag')).to.deep.equal({ ok: true, date: '2026-03-20' });
      expect(parse('20.03.2026')).to.deep.equal({ ok: true, date: '2026-03-20' });
      expect(parse('am 1.4.')).to.deep.equal({ ok: true, date: '2026-04-01' });
      expect(parse('next friday', 'en')).to.deep.equal({ ok: true, date: '2026-03-20' });
      expect(parse('in 3 days', 'en')).to.deep.equal({ ok: true, date: '2026-03-16' });
      expect(parse('tomorrow')).to.deep.equal({ ok: true, date: '2026-03-14' }); // the other language is tried too
    });

    it('refuses past, far-off and unrecognised dates', () => {
      expect(parse('gestern')).to.deep.equal({ ok: false, reason: 'past' });
      expect(parse('01.01.2030')).to.deep.equal({ ok: false, reason: 'tooFar' });
      expect(parse('irgendwann')).to.deep.equal({ ok: false, reason: 'unrecognised' });
    });

    it('computes the reminder instant across daylight saving time', () => {
      expect(instantAt('2026-03-28', 8, 'Europe/Berlin').toISOString()).to.equal('2026-03-28T07:00:00.000Z');
      expect(instantAt('2026-03-29', 8, 'Europe/Berlin').toISOString()).to.equal('2026-03-29T06:00:00.000Z');
      expect(addDays('2026-12-30', 3)).to.equal('2027-01-02');
    });
  });

  describe('ChecklistService (real files)', () => {
    let fx: ServiceFixture;
    beforeEach(async () => {
      fx = await serviceFixture();
    });
    afterEach(async () => {
      await fx.close();
    });

    it('starts a run with a readable id, persists every step, and survives a restart', async () => {
      const started = await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech', caseRef: '123/24', dueDate: '2026-03-25' });
      if (!started.ok) throw new Error(started.reason);
      expect(started.value.run.id).to.equal('CL-2026-0001');
      expect(started.value.current.step.id).to.equal('sprache');
      await fx.service.markStep(jvaOfficer, 'CL-2026-0001', 'sprache', 'done');
      await fx.service.markStep(jvaOfficer, 'CL-2026-0001', 'gespraech', 'done');
      await fx.reopen();
      const opened = await fx.service.open(jvaOfficer, 'CL-2026-0001');
      if (!opened.ok) throw new Error(opened.reason);
      expect(opened.value).to.include({ done: 2, skipped: 0, total: 9 });
      expect(opened.value.current.step.id).to.equal('medizin');
      expect(opened.value.run.caseRef).to.equal('123/24');
      const second = await fx.service.start(jvaOfficer, { templateId: 'krisenintervention' });
      expect(second.ok && second.value.run.id).to.equal('CL-2026-0002');
    });

    it('lets only the owner see or change a run, and audits the attempt with ids only', async () => {
      const started = await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech' });
      const id = started.ok ? started.value.run.id : '';
      expect(await fx.service.open(jvaOfficer2, id)).to.deep.equal({ ok: false, reason: 'notFound' });
      expect(await fx.service.markStep(jvaOfficer2, id, 'sprache', 'done')).to.deep.equal({ ok: false, reason: 'notFound' });
      expect(await fx.service.remove(jvaOfficer2, id)).to.deep.equal({ ok: false, reason: 'notFound' });
      expect((await fx.service.listOpen(jvaOfficer2)).views).to.have.length(0);
      const opened = await fx.service.open(jvaOfficer, id);
      expect(opened.ok && opened.value.done).to.equal(0);
      const denied = fx.auditLines().filter((l) => l.outcome === 'denied');
      expect(denied.map((l) => l.action)).to.deep.equal(['checklist.view', 'checklist.step.done', 'checklist.delete']);
      expect(denied.every((l) => l.actor === jvaOfficer2.userKey && l.record === id)).to.equal(true);
    });

    it('checks role and side: staff cannot, a Bezirksregierung officer cannot start a JVA template', async () => {
      expect(await fx.service.start(staff, { templateId: 'schulung' })).to.deep.equal({ ok: false, reason: 'forbidden' });
      expect(await fx.service.start(brOfficer, { templateId: 'zugangsgespraech' })).to.deep.equal({ ok: false, reason: 'forbidden' });
      expect((await fx.service.start(brOfficer, { templateId: 'einarbeitung-br' })).ok).to.equal(true);
      expect(fx.service.templatesFor(kfiCoordinator).map((t) => t.id)).to.include('einarbeitung-br');
      expect(fx.service.templatesFor(staff)).to.deep.equal([]);
    });

    it('validates input before committing: case reference, due date, skip reason', async () => {
      expect(await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech', caseRef: 'Herr Beispiel' })).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await fx.service.start(jvaOfficer, { templateId: 'schulung', caseRef: '123/24' })).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech', dueDate: '2026-02-30' })).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech', dueDate: '2026-03-01' })).to.deep.equal({ ok: false, reason: 'invalid' });
      const started = await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech' });
      const id = started.ok ? started.value.run.id : '';
      expect(await fx.service.markStep(jvaOfficer, id, 'sprache', 'skipped', 'Frau Beispiel')).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await fx.service.markStep(jvaOfficer, id, 'sprache', 'skipped', '')).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await fx.service.markStep(jvaOfficer, id, 'gibt-es-nicht', 'done')).to.deep.equal({ ok: false, reason: 'unknownStep' });
      const skipped = await fx.service.markStep(jvaOfficer, id, 'sprache', 'skipped', 'Trifft nicht zu');
      expect(skipped.ok && skipped.value.view.steps[0]).to.include({ state: 'skipped', reason: 'Trifft nicht zu' });
      const runs = JSON.parse(readFileSync(path.join(fx.dir, 'checklists.json'), 'utf8')).data.runs;
      expect(JSON.stringify(runs)).not.to.contain('Beispiel');
    });

    it('corrects a step via back, refuses to re-mark a resolved step from an old card, and finishes', async () => {
      const started = await fx.service.start(jvaOfficer, { templateId: 'schulung' });
      const id = started.ok ? started.value.run.id : '';
      await fx.service.markStep(jvaOfficer, id, 'bedarf', 'done');
      expect(await fx.service.markStep(jvaOfficer, id, 'bedarf', 'done')).to.deep.equal({ ok: false, reason: 'alreadyResolved' });
      const back = await fx.service.back(jvaOfficer, id);
      expect(back.ok && back.value.current.step.id).to.equal('bedarf');
      const changed = await fx.service.markStep(jvaOfficer, id, 'bedarf', 'skipped', 'Bedarf bereits bekannt');
      expect(changed.ok && changed.value.view.current.step.id).to.equal('themen');
      const note = await fx.service.setNote(jvaOfficer, id, 'themen', 'Schwerpunkt Religion');
      expect(note.ok && note.value.steps[1]!.note).to.equal('Schwerpunkt Religion');
      expect((await fx.service.setNote(jvaOfficer, id, 'themen', 'mit Herr Beispiel')).ok).to.equal(false);
      let last;
      for (const s of ['themen', 'abstimmung', 'referierende', 'durchfuehren', 'auswertung']) last = await fx.service.markStep(jvaOfficer, id, s, 'done');
      expect(last?.ok && last.value.finished).to.equal(true);
      expect(last?.ok && last.value.view).to.include({ done: 5, skipped: 1, open: 0 });
      expect((await fx.service.listOpen(jvaOfficer)).views).to.have.length(0);
      expect(await fx.service.markStep(jvaOfficer, id, 'auswertung', 'done')).to.deep.equal({ ok: false, reason: 'finished' });
      expect((await fx.service.remove(jvaOfficer, id)).ok).to.equal(true);
      expect(await fx.service.open(jvaOfficer, id)).to.deep.equal({ ok: false, reason: 'notFound' });
    });

    it('keeps step states when a template gets a new version', async () => {
      const started = await fx.service.start(jvaOfficer, { templateId: 'schulung' });
      const id = started.ok ? started.value.run.id : '';
      await fx.service.markStep(jvaOfficer, id, 'bedarf', 'done');
      await fx.service.markStep(jvaOfficer, id, 'themen', 'done');
      const v2 = loadTemplates().all.map((t) => {
        if (t.id !== 'schulung') return t;
        const copy = structuredClone(t);
        copy.version = 2;
        copy.steps = copy.steps.filter((s) => s.id !== 'bedarf');
        copy.steps.splice(1, 0, { ...copy.steps[0]!, id: 'neu' });
        return copy;
      });
      await fx.reopen(new TemplateCatalog(v2));
      expect(await fx.service.upgradeRuns()).to.equal(1);
      const opened = await fx.service.open(jvaOfficer, id);
      if (!opened.ok) throw new Error(opened.reason);
      expect(opened.value.run.templateVersion).to.equal(2);
      expect(opened.value.steps.map((s) => `${s.step.id}:${s.state}`)).to.deep.equal([
        'themen:done', 'neu:open', 'abstimmung:open', 'referierende:open', 'durchfuehren:open', 'auswertung:open',
      ]);
      expect(opened.value.current.step.id).to.equal('abstimmung'); // where the user left off; "neu" comes up after the last step
    });

    it('cards: user text only in TextRuns, a capped list of open runs, a text summary on every card', async () => {
      const info = { t: translator('de'), fmt: formatter('de'), locale: 'de' as const };
      const started = await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech', caseRef: 'BN 4711-2026' });
      if (!started.ok) throw new Error(started.reason);
      const noted = await fx.service.setNote(jvaOfficer, started.value.run.id, 'sprache', 'siehe [Link](https://example.org) **fett**');
      if (!noted.ok) throw new Error(noted.reason);
      const built = progressCard(info, noted.value, { today: '2026-03-11' });
      const json = JSON.stringify(built.card);
      const runs = [...json.matchAll(/"type":"TextRun","text":"([^"]*)"/g)].map((m) => m[1]);
      expect(runs).to.include.members(['Aktenzeichen: BN 4711-2026', 'siehe [Link](https://example.org) **fett**']);
      expect([...json.matchAll(/"type":"TextBlock","text":"([^"]*)"/g)].map((m) => m[1]).join()).not.to.contain('4711').and.not.contain('Link');
      expect(built.summary).to.contain('Schritt 1 von 9');
      for (let i = 0; i < 16; i++) await fx.service.start(jvaOfficer, { templateId: 'schulung' });
      const { views, orphans } = await fx.service.listOpen(jvaOfficer);
      const list = runListCard(info, views, orphans, { today: '2026-03-11', offerResume: true });
      const listJson = JSON.stringify(list.card);
      expect(listJson.match(/"a":"resume"/g)).to.have.length(LIST_MAX);
      expect(listJson).to.contain('… und 2 weitere');
      expect(list.summary).to.contain('CL-2026-0017');
    });

    describe('reminders (fake scheduler with a controllable clock)', () => {
      it('schedules one job per due item and sends one reminder, in the owner’s language, exactly once', async () => {
        fx.locales.set(jvaOfficer.userKey, 'en-GB');
        const started = await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech', caseRef: '123/24', dueDate: '2026-03-13' });
        const id = started.ok ? started.value.run.id : '';
        // Step offsets of 0 days fall on today (already past 08:00): only the run's due date is scheduled.
        expect([...fx.scheduler.jobs.keys()]).to.deep.equal([`checklist:${id}:${RUN_DUE_ITEM}`]);
        expect(fx.scheduler.jobs.get(`checklist:${id}:due`)!.dueAt).to.equal('2026-03-13T07:00:00.000Z');
        expect(await fx.scheduler.tick(new Date('2026-03-13T06:59:00Z'))).to.have.length(0);
        const sent = await fx.scheduler.tick(new Date('2026-03-13T07:00:00Z'));
        expect(sent).to.have.length(1);
        expect(sent[0]!.target).to.deep.equal({ userKey: jvaOfficer.userKey });
        expect(sent[0]!.key).to.equal(`checklist:${id}:due@2026-03-13`);
        expect(sent[0]!.payload.text).to.contain('Admission of a foreign prisoner').and.contain(id).and.contain('0 of 9');
        expect(JSON.stringify(sent[0]!.payload.card)).to.contain('123/24');
        expect(await fx.scheduler.tick(new Date('2026-03-14T07:00:00Z'))).to.have.length(0);
        // A restart re-syncs only future reminders: the delivered one is not repeated.
        fx.clock.set('2026-03-13T08:00:00Z');
        await fx.reopen();
        expect(await fx.service.resyncReminders()).to.equal(0);
        expect(await fx.scheduler.tick(new Date('2026-03-20T07:00:00Z'))).to.have.length(0);
      });

      it('replaces the job when the due date changes, cancels it when cleared or finished, and survives a restart', async () => {
        const started = await fx.service.start(jvaOfficer, { templateId: 'schulung', dueDate: '2026-03-20' });
        const id = started.ok ? started.value.run.id : '';
        const jobId = `checklist:${id}:due`;
        await fx.service.setDue(jvaOfficer, id, '2026-03-27');
        expect(fx.scheduler.jobs.get(jobId)!.data.dueDate).to.equal('2026-03-27');
        expect(await fx.scheduler.tick(new Date('2026-03-20T08:00:00Z'))).to.have.length(0);
        // Restart before the reminder: it is still there (re-synced, not duplicated) and fires once.
        await fx.reopen();
        expect(await fx.service.resyncReminders()).to.equal(1);
        expect(fx.scheduler.jobs.size).to.equal(1);
        const sent = await fx.scheduler.tick(new Date('2026-03-27T08:00:00Z'));
        expect(sent).to.have.length(1);
        expect(sent[0]!.payload.text).to.contain('Schulung für Beschäftigte');
        await fx.service.setDue(jvaOfficer, id, '2026-04-10');
        await fx.service.setDue(jvaOfficer, id, null);
        expect(fx.scheduler.jobs.has(jobId)).to.equal(false);
        await fx.service.setDue(jvaOfficer, id, '2026-04-10');
        for (const s of started.ok ? started.value.template.steps : []) await fx.service.markStep(jvaOfficer, id, s.id, 'done');
        expect(fx.scheduler.jobs.has(jobId)).to.equal(false);
      });

      it('sends nothing for a stale job (due date changed, step done, run deleted)', async () => {
        const started = await fx.service.start(jvaOfficer, { templateId: 'schulung', dueDate: '2026-03-20' });
        const id = started.ok ? started.value.run.id : '';
        const job = structuredClone(fx.scheduler.jobs.get(`checklist:${id}:due`)!);
        await fx.service.setDue(jvaOfficer, id, '2026-03-27');
        expect(fx.service.reminderFor(job)).to.deep.equal([]);
        const stepJob = { ...job, id: `checklist:${id}:bedarf`, data: { runId: id, item: 'bedarf', dueDate: '2026-03-11' } };
        expect(fx.service.reminderFor(stepJob)).to.deep.equal([]); // the step has no due offset
        await fx.service.remove(jvaOfficer, id);
        expect(fx.service.reminderFor({ ...job, data: { ...job.data, dueDate: '2026-03-27' } })).to.deep.equal([]);
        expect(fx.service.reminderFor({ ...job, data: { runId: 'nonsense' } })).to.deep.equal([]);
      });

      it('reminds of a step due date from the template offset', async () => {
        fx.clock.set('2026-03-11T05:00:00Z'); // before 08:00 Berlin: today's step reminders are still ahead
        const started = await fx.service.start(jvaOfficer, { templateId: 'zugangsgespraech' });
        const id = started.ok ? started.value.run.id : '';
        expect([...fx.scheduler.jobs.keys()].sort()).to.deep.equal([`checklist:${id}:gespraech`, `checklist:${id}:medizin`, `checklist:${id}:sprache`]);
        await fx.service.markStep(jvaOfficer, id, 'sprache', 'done');
        expect(fx.scheduler.jobs.has(`checklist:${id}:sprache`)).to.equal(false);
        const sent = await fx.scheduler.tick(new Date('2026-03-11T07:00:00Z'));
        expect(sent.map((r) => r.key).sort()).to.deep.equal([`checklist:${id}:gespraech@2026-03-11`, `checklist:${id}:medizin@2026-03-11`]);
        expect(sent.find((r) => r.key.includes('gespraech'))!.payload.text).to.contain('Zugangsgespräch führen');
      });
    });
  });
});

