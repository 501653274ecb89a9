// Knowledge base, expert questions, material and announcements as services on real store files
// (issue 14): search quality, server-side validation with nothing half-written, role and unit checks
// with "not found" alike, redaction before anything is stored or published, durability across reopen.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StoreWriteError } from '../src/store/errors.js';
import { KnowledgeIndex } from '../src/knowledge/search.js';
import { loadKnowledgeSample } from '../src/knowledge/sample.js';
import { rowKey } from '../src/announcements/service.js';
import { admin, brOfficer, coordinator, kfi, officer, openFixture, staff, type KnowledgeFixture } from './harness/knowledgeServices.js';
import { rejects, tempDirPerTest } from './harness/tempFiles.js';

const ENTRY_FORM = {
  question_de: 'Wie melde ich eine Informationsveranstaltung an?',
  answer_de: 'Beim Vollzugsleiter mit Termin, Raum und Sprachen; Merkblätter vorher bestellen.',
  topics: 'info-material,Dolmetscher',
  source: 'Beispiel',
};

describe('knowledge search', function () {
  const data = loadKnowledgeSample(new Date('2026-11-20T10:00:00Z'), 'Europe/Berlin');
  const index = new KnowledgeIndex();
  index.rebuild(Object.values(data.entries));
  const best = (q: string) => {
    const hit = index.search(q).hits[0];
    return hit && hit.confident ? data.entries[hit.id]!.question.de : undefined;
  };

  it('finds entries by German and English words, with typos, umlauts folded and topic synonyms', function () {
    expect(best('Wie buche ich einen vereidigten Dolmetcher?')).to.contain('vereidigten Dolmetscher');
    expect(best('how do I book a sworn interpreter')).to.contain('vereidigten Dolmetscher');
    expect(best('Ramdan Essenszeiten')).to.contain('Ramadan');
    expect(best('auslaenderbehoerde inhaftierung informiert')).to.contain('Ausländerbehörde');
    expect(best('imam fehlt')).to.contain('Seelsorge');
  });

  it('says "nothing fits" for unrelated questions and empty input', function () {
    expect(best('Wie beantrage ich Kindergeld für die Familie?')).to.equal(undefined);
    expect(index.search('').words).to.equal(0);
    expect(index.search('wie was wer ?').words, 'only stop words').to.equal(0);
    expect(index.search('x'.repeat(100000)).hits).to.have.length(0);
  });
});

describe('knowledge services (real store files)', function () {
  let dir = '';
  tempDirPerTest('lotse-know-', (d) => (dir = d));
  let f: KnowledgeFixture;
  beforeEach(async () => (f = await openFixture(dir)));
  afterEach(async () => f.close());

  it('answers only roles that may read, audits every entry shown, and flags entries older than 12 months', async function () {
    const answer = await f.knowledge.ask(officer, 'Seelsorge ohne Imam');
    expect(answer.answered).to.equal(true);
    expect(answer.entries[0]!.stale).to.equal(true);
    expect((await f.knowledge.ask(staff, 'Seelsorge ohne Imam')).entries).to.have.length(0);
    expect(f.knowledge.isStale(answer.entries[0]!.entry)).to.equal(true);
    const id = answer.entries[0]!.entry.id;
    await f.knowledge.feedback(officer, id, true);
    await f.knowledge.feedback(officer, id, true);
    await f.knowledge.feedback(brOfficer, id, true);
    const changed = await f.knowledge.feedback(officer, id, false);
    expect(changed.ok && [changed.entry.helpful, changed.entry.notHelpful], 'one vote per reader').to.deep.equal([1, 1]);
    expect((await f.knowledge.feedback(staff, id, true)).ok).to.equal(false);
  });

  it('creates, edits, confirms and retires entries; refuses invalid forms without storing anything', async function () {
    const before = Object.keys(f.store.data.entries).length;
    for (const bad of [{ ...ENTRY_FORM, question_de: '' }, { ...ENTRY_FORM, answer_de: 'x'.repeat(5000) }, { ...ENTRY_FORM, topics: 'Kochkurs' }, { ...ENTRY_FORM, valid_from: '31.02.2026x' }, 'not an object']) {
      const result = await f.knowledge.save(coordinator, bad);
      expect(result.ok, JSON.stringify(bad).slice(0, 60)).to.equal(false);
    }
    const refused = await f.knowledge.save(coordinator, { ...ENTRY_FORM, question_de: '', topics: 'Kochkurs' });
    expect(refused.ok === false && refused.reason === 'invalid' && refused.problems.map((p) => p.field)).to.deep.equal(['question_de', 'topics']);
    expect(Object.keys(f.store.data.entries)).to.have.length(before);
    expect((await f.knowledge.save(officer, ENTRY_FORM)).ok, 'officers do not edit').to.equal(false);

    const created = await f.knowledge.save(coordinator, ENTRY_FORM);
    if (!created.ok) throw new Error('not created');
    expect(created.entry.topics).to.deep.equal(['info-material', 'interpreting']);
    expect(created.entry.authorUnit).to.equal('koordinierungsstelle');
    expect((await f.knowledge.ask(officer, 'Informationsveranstaltung anmelden')).entries[0]!.entry.id).to.equal(created.entry.id);

    const stale = await f.knowledge.save(admin, { ...ENTRY_FORM, source: 'neu' }, { id: created.entry.id, version: 99 });
    expect(stale.ok === false && stale.reason).to.equal('stale');
    const retired = await f.knowledge.setState(coordinator, created.entry.id, 1, 'retire');
    expect(retired.ok).to.equal(true);
    expect((await f.knowledge.ask(officer, 'Informationsveranstaltung anmelden')).entries.map((e) => e.entry.id)).not.to.include(created.entry.id);
    expect(await f.knowledge.entry(officer, created.entry.id), 'retired: not found for readers').to.equal(undefined);
    expect(await f.knowledge.entry(officer, 'KB-2026-9999')).to.equal(undefined);

    // Durable: a reopened store has the change.
    await f.close();
    f = await openFixture(dir);
    expect(f.store.data.entries[created.entry.id]!.status).to.equal('retired');
  });

  it('confirming resets "veraltet"', async function () {
    const staleEntry = Object.values(f.store.data.entries).find((e) => f.knowledge.isStale(e))!;
    const confirmed = await f.knowledge.setState(admin, staleEntry.id, staleEntry.version, 'confirm');
    expect(confirmed.ok && f.knowledge.isStale(confirmed.entry)).to.equal(false);
  });

  it('redacts the coordinator\'s answer and every text field of an entry form before storing (issue 10)', async () => {
    const canary = 'Es geht um Jovana Petrović-Kessler, geb. 14.03.1987, Tel. +49 170 5550 1234, canary.person@example.org.';
    const submitted = await f.questions.submit(officer, 'question', 'Wie läuft die Anmeldung zum Integrationskurs in Haft?', 0, f.tell);
    if (!submitted.ok) throw new Error('not submitted');
    const answered = await f.questions.answer(coordinator, submitted.question.id, 1, canary, f.tell, 'de');
    if (!answered.ok) throw new Error(answered.reason);
    expect(answered.question.answer!.text).to.contain('[Name]').and.contain('[Telefon]').and.contain('[E-Mail]');
    const form = await f.questions.redactForm({ question_de: `Wer ist Jovana Petrović-Kessler?`, answer_en: canary, source: 'Auskunft von Jovana Petrović-Kessler', topics: 'language-courses' }, 'de');
    expect(form.form).to.deep.include({ question_de: 'Wer ist [Name]?', source: 'Auskunft von [Name]', topics: 'language-courses' });
    expect(form.count).to.be.at.least(6);
    expect(JSON.stringify(f.store.data) + JSON.stringify(form)).not.to.contain('Petrović').and.not.to.contain('5550');
  });

  it('routes questions by institution kind, lets only that unit answer and publishes redacted', async function () {
    expect(f.questions.unitFor(officer)).to.equal('koordinierungsstelle');
    expect(f.questions.unitFor(brOfficer)).to.equal('kfi');
    expect(f.questions.unitFor(coordinator)).to.equal(undefined);
    const redaction = await f.questions.redact('Herr Max Mustermann, Tel. 0171 1234567, fragt nach dem Integrationskurs.', 'de');
    expect(redaction.text).not.to.contain('0171');
    expect(redaction.count).to.be.greaterThan(0);
    expect((await f.questions.submit(officer, 'question', 'zu kurz', 0, f.tell)).ok).to.equal(false);
    const submitted = await f.questions.submit(officer, 'question', redaction.text, redaction.count, f.tell);
    if (!submitted.ok) throw new Error('not submitted');
    const q = submitted.question;
    expect(q.unitId).to.equal('koordinierungsstelle');
    expect(f.questions.coordinatorsOf(q.unitId)).to.deep.equal([coordinator.userKey]);

    expect(await f.questions.question(kfi, q.id), 'other unit: not found').to.equal(undefined);
    expect(await f.questions.question(brOfficer, q.id)).to.equal(undefined);
    const foreign = await f.questions.answer(kfi, q.id, 1, 'Eine Antwort aus der falschen Einheit.', f.tell);
    expect(foreign.ok === false && foreign.reason).to.equal('forbidden');
    const answered = await f.questions.answer(coordinator, q.id, 1, 'Ja, über den Pädagogischen Dienst der Anstalt.', f.tell);
    expect(answered.ok).to.equal(true);
    expect((await f.questions.answer(coordinator, q.id, 2, 'Noch eine Antwort auf dieselbe Frage.', f.tell)).ok, 'answered once').to.equal(false);

    const invalid = await f.questions.publish(coordinator, q.id, 2, { question_de: '', answer_de: 'x' }, 'de', f.tell);
    expect(invalid.ok === false && invalid.reason).to.equal('invalid');
    expect(f.store.data.questions[q.id]!.status).to.equal('beantwortet');
    const published = await f.questions.publish(coordinator, q.id, 2, {
      question_de: 'Kann der Gefangene Max Mustermann in Haft einen Integrationskurs beginnen?', answer_de: 'Ja, über den Pädagogischen Dienst; Rückfragen an max.mustermann@example.org.', topics: 'language-courses',
    }, 'de', f.tell);
    if (!published.ok) throw new Error('not published');
    expect(JSON.stringify(published.entry)).not.to.contain('Mustermann').and.not.to.contain('example.org');
    expect(published.redacted).to.be.greaterThan(0);
    expect(published.entry.origin).to.equal(q.id);
    expect(f.store.data.questions[q.id]!.published!.entryId).to.equal(published.entry.id);
    expect((await f.knowledge.ask(brOfficer, 'Integrationskurs in Haft')).entries[0]!.entry.id).to.equal(published.entry.id);
    expect(f.notifier.sent.map((r) => r.key), 'each change committed with its message, refusals with none').to.deep.equal([`ff:${q.id}:v1`, `ff:${q.id}:v2`, `ff:${q.id}:v3`]);
  });

  it('a question, its messages and its audit entry are one commit: a failing outbox refuses it, nothing is sent or audited', async function () {
    f.notifier.fail = true;
    const attempt = f.questions.submit(officer, 'question', 'Wie läuft die Anmeldung zum Integrationskurs in Haft?', 0, f.tell);
    expect(await rejects(attempt)).to.be.instanceOf(StoreWriteError);
    expect(f.notifier.sent).to.have.length(0);
    expect(readFileSync(path.join(dir, 'audit.jsonl'), 'utf8')).not.to.contain('knowledge.question.create');
    f.notifier.fail = false;
    const next = await f.questions.submit(officer, 'question', 'Wie läuft die Anmeldung zum Integrationskurs in Haft?', 0, f.tell);
    expect(next.ok && f.notifier.sent.map((r) => r.key)).to.deep.equal([`ff:${next.ok && next.question.id}:v1`]);
  });

  it('publishes a practice example after review without an answer step', async function () {
    const sent = await f.questions.submit(brOfficer, 'practice', 'Wir haben Merkblätter zum Besuch mit dem Sprachendienst übersetzt und im Zugang ausgelegt.', 0, f.tell);
    if (!sent.ok) throw new Error('not sent');
    expect(sent.question.unitId).to.equal('kfi');
    const published = await f.questions.publish(kfi, sent.question.id, 1, { question_de: 'Merkblätter zum Besuch übersetzen', answer_de: sent.question.text, topics: 'Informationsmaterial' }, 'de', f.tell);
    expect(published.ok && published.entry.kind).to.equal('practice');
  });

  it('finds material by topic, language and title words, and lists missing languages per institution', async function () {
    const ramadan = await f.material.find(officer, 'Merkblatt Ramadan auf Arabisch');
    expect(ramadan.query.topic, '"Merkblatt" is not taken for a topic').to.equal(undefined);
    expect([ramadan.query.words, ramadan.query.languages]).to.deep.equal([['ramadan'], ['ar']]);
    const chaplaincy = await f.material.find(officer, 'Seelsorge polnisch');
    expect([chaplaincy.query.topic?.id, chaplaincy.items.map((m) => m.title)]).to.deep.equal(['religious-care', ['Seelsorge in der Anstalt']]);
    expect(ramadan.items.map((m) => m.title)).to.deep.equal(['Merkblatt Ramadan im Vollzug']);
    const tigrinya = await f.material.find(officer, 'Besuch Tigrinya');
    expect(tigrinya.items).to.have.length(0);
    expect(tigrinya.otherLanguages.map((m) => m.title)).to.deep.equal(['Merkblatt Besuch']);

    f.demand.set('jva-koeln', new Map([['ar', 14], ['ti', 2], ['de', 5]]));
    const view = await f.material.missingLanguages(coordinator, 'jva-koeln');
    expect(view.rows.map((r) => [r.language, r.requests])).to.deep.equal([['ar', 14], ['ti', 2]]);
    const arabic = view.rows[0]!.missing.map((m) => m.title);
    expect(arabic).to.include('Merkblatt Besuch').and.not.include('Merkblatt Ramadan im Vollzug');
    expect(arabic, 'expired material does not count').not.to.include('Aufenthaltsrecht und Haft: erste Fragen');
    const br = await f.material.missingLanguages(admin, 'br-detmold');
    expect(br.rows).to.have.length(0);
  });

  it('sends announcements to each officer once, refuses an empty audience and bad links, counts confirmations once', async function () {
    expect((await f.announcements.send(officer, { text: 'Hallo zusammen', audience: 'all' }, f.announce)).ok).to.equal(false);
    const badLink = await f.announcements.send(coordinator, { text: 'Bitte lesen', link: 'javascript:alert(1)', audience: 'all' }, f.announce);
    expect(badLink.ok === false && badLink.reason).to.equal('badLink');
    expect((await f.announcements.send(coordinator, { text: '', audience: 'all' }, f.announce)).ok).to.equal(false);
    const sent = await f.announcements.send(coordinator, { text: 'Der Koordinierungskreis tagt am 15. Januar.', link: 'https://example.org/kk', audience: 'all' }, f.announce);
    if (!sent.ok) throw new Error('not sent');
    expect(sent.announcement.recipients.map((r) => r.userKey)).to.deep.equal([brOfficer.userKey, officer.userKey]);
    expect(f.notifier.sent.map((r) => r.key), 'one row per recipient, with the announcement').to.deep.equal([rowKey(sent.announcement.id, brOfficer.userKey), rowKey(sent.announcement.id, officer.userKey)]);
    expect((await f.announcements.acknowledge(officer, sent.announcement.id)).ok).to.equal(true);
    const again = await f.announcements.acknowledge(officer, sent.announcement.id);
    expect(again.ok && again.already).to.equal(true);
    expect((await f.announcements.acknowledge(kfi, sent.announcement.id)).ok, 'not a recipient').to.equal(false);
    const facts = { delivered: (k: string) => k === rowKey(sent.announcement.id, officer.userKey), failed: (k: string) => k === rowKey(sent.announcement.id, brOfficer.userKey) };
    const report = await f.announcements.report(coordinator, sent.announcement.id, facts);
    expect(report && [report.recipients, report.delivered, report.failed, report.confirmed]).to.deep.equal([2, 1, 1, 1]);
    expect(report!.details).to.have.length(2);
    const adminView = await f.announcements.report(admin, sent.announcement.id, facts);
    expect(adminView!.details, 'names only to the sender and the sender unit').to.equal(undefined);
    expect(await f.announcements.report(kfi, sent.announcement.id, facts)).to.equal(undefined);
  });

  it('refuses an announcement to an audience with nobody in it, storing nothing', async function () {
    await f.close();
    f = await openFixture(dir, { roster: [{ id: 'ko-1', role: 'coordinator', unitId: 'koordinierungsstelle' }, { id: 'ib-koeln', role: 'officer', institutionId: 'jva-koeln' }] as never });
    const result = await f.announcements.send(coordinator, { text: 'Nur für die Bezirksregierungen.', audience: 'bezirksregierung' }, f.announce);
    expect(result.ok === false && result.reason).to.equal('emptyAudience');
    expect(Object.keys(f.store.data.announcements)).to.have.length(0);
  });
});
