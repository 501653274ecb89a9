// Knowledge, material, announcements and the search message extension end to end over real HTTP (issue
// 14): the real server (child process) on a temp DATA_DIR with the shipped sample, the fake Bot
// Connector, and a roster with officers in two JVAs and a Bezirksregierung plus both coordinating units.
import { expect } from 'chai';
import type { Received } from './harness/fakeConnector.js';
import { textOf, type TestUser } from './harness/botClient.js';
import { tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';
import { readAuditEntries, readStoreData, withStores } from './harness/testStore.js';
import { admin, coordinator, kfi, officerBr, officerKoeln, officerWerl, staff, writeInterpreterRequests, writeRoster } from './harness/knowledgeFixtures.js';

const all = (replies: Received[]) => replies.map(textOf).join('\n');

async function knowledgeData(dataDir: string): Promise<any> {
  const data = await readStoreData(dataDir, 'knowledge.json');
  expect(data, 'knowledge.json is stored').to.be.an('object');
  return data;
}

describe('knowledge end to end (HTTP, fake connector)', function () {
  this.timeout(120000);
  const dataDir = tempDir('lotse-know-e2e-');
  const rosterDir = tempDir('lotse-know-roster-');
  const { connector, client, bot, restart } = useBot({ dataDir, env: () => ({ ROSTER_FILE: writeRoster(rosterDir) }) });

  const conv = (u: TestUser) => client.conversationId(u);
  const invoke = async (user: TestUser, verb: string, data: Record<string, unknown>) => {
    const res = await client.send(user, { type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data } } });
    return { status: res.status, body: res.body ? JSON.parse(res.body) : undefined, text: res.body };
  };
  const posts = (u: TestUser, includes: string) => connector.received.filter((r) => r.method === 'POST' && r.conversationId === conv(u) && r.body?.type === 'message' && textOf(r).includes(includes));

  before(async () => {
    // Everyone has talked to the bot once, so proactive messages can reach them.
    for (const u of [officerKoeln, officerWerl, officerBr, coordinator, kfi, admin]) await client.say(u, 'hilfe');
  });

  it('answers a question from the knowledge base with source, confirmation date, "veraltet" and recorded feedback', async () => {
    const answer = all((await client.say(officerKoeln, 'frage Wie buche ich einen vereidigten Dolmetcher?')).replies);
    expect(answer).to.contain('Antwort aus der Wissensbasis').and.contain('Quelle').and.contain('JustG NRW').and.contain('Zuletzt bestätigt').and.contain('Hat geholfen');
    expect(answer).not.to.contain('veraltet');
    const free = all((await client.say(officerKoeln, 'Was ist während des Ramadan bei den Essenszeiten zu beachten?')).replies);
    expect(free, 'a free question is answered without a command').to.contain('Antwort aus der Wissensbasis').and.contain('Ramadan');
    const stale = all((await client.say(officerKoeln, 'frage muslimische Seelsorge ohne Imam')).replies);
    expect(stale).to.contain('veraltet');
    const english = all((await client.send(officerKoeln, { text: 'ask what about ramadan meals', locale: 'en-GB' })).replies);
    expect(english).to.contain('Answer from the knowledge base').and.contain('Last confirmed');

    const entryId = /KB-\d{4}-\d{4}/.exec(answer)![0];
    const helped = await invoke(officerKoeln, 'knowledge.feedback', { entryId, helpful: true });
    expect(helped.status).to.equal(200);
    expect(helped.text).to.contain('Danke für Ihre Rückmeldung');
    const notHelped = await invoke(officerKoeln, 'knowledge.feedback', { entryId, helpful: false, q: 'Dolmetscher buchen' });
    expect(notHelped.text).to.contain('Fachfrage stellen').and.contain('fachfrage Dolmetscher buchen');
    expect((await invoke(officerKoeln, 'knowledge.feedback', { entryId, helpful: true, role: 'admin' })).status, 'unexpected keys are refused').to.equal(400);
    const stored = (await knowledgeData(dataDir)).entries[entryId];
    expect([stored.helpful, stored.notHelpful], 'the second click changed the vote').to.deep.equal([0, 1]);
    expect((await readAuditEntries(dataDir)).some((l) => l.action === 'knowledge.feedback.helpful' && l.record === entryId)).to.equal(true);

    const none = all((await client.say(officerKoeln, 'frage Wie beantrage ich Kindergeld für die Familie?')).replies);
    expect(none).to.contain('nichts Passendes').and.contain('Fachfrage stellen');
  });

  it('lists the new commands in the menu by role', async () => {
    const officerMenu = all((await client.say(officerKoeln, 'hilfe')).replies);
    expect(officerMenu).to.contain('Frage an die Wissensbasis').and.contain('Fachfrage stellen').and.contain('Informationsmaterial').and.not.contain('Ankündigung senden');
    const coordinatorMenu = all((await client.say(coordinator, 'hilfe')).replies);
    expect(coordinatorMenu).to.contain('Offene Fachfragen').and.contain('Ankündigung senden').and.contain('Wissen: neuer Eintrag').and.not.contain('Fachfrage stellen');
    const staffMenu = all((await client.say(staff, 'hilfe')).replies);
    expect(staffMenu).not.to.contain('Wissensbasis').and.not.contain('Ankündigung');
  });

  it('lets coordinators create, confirm and retire entries in cards validated on the server', async () => {
    const form = all((await client.say(coordinator, 'wissen neu')).replies);
    expect(form).to.contain('Neuer Eintrag in der Wissensbasis');
    expect(all((await client.say(officerKoeln, 'wissen neu')).replies), 'officers do not edit').not.to.contain('Neuer Eintrag');
    const fields = { question_de: 'Wie beantrage ich einen Videobesuch für Angehörige im Ausland?', answer_de: 'Beispiel: Antrag beim Besuchsdienst, Termin über das Videosystem der Anstalt.', topics: 'info-material' };
    const empty = await invoke(coordinator, 'knowledge.entry.save', { ...fields, answer_de: '', topics: 'Kochkurs' });
    expect(empty.text).to.contain('Bitte prüfen').and.contain('Unbekanntes Thema: Kochkurs').and.contain('Bitte ausfüllen');
    const huge = await invoke(coordinator, 'knowledge.entry.save', { ...fields, answer_de: 'x'.repeat(4500) });
    expect(huge.text).to.contain('Zu lang');
    expect((await invoke(officerKoeln, 'knowledge.entry.save', fields)).status).to.equal(403);
    const saved = await invoke(coordinator, 'knowledge.entry.save', fields);
    const id = /Gespeichert: (KB-\d{4}-\d{4})/.exec(saved.text)?.[1];
    expect(id, saved.text).to.be.a('string');
    expect(all((await client.say(officerWerl, 'frage Videobesuch Angehörige Ausland')).replies)).to.contain(id!);
    expect((await invoke(coordinator, 'knowledge.entry.confirm', { entryId: id, version: 1 })).text).to.contain('als aktuell bestätigt');
    expect((await invoke(coordinator, 'knowledge.entry.retire', { entryId: id, version: 1 })).text, 'stale version').to.contain('inzwischen geändert');
    expect((await invoke(coordinator, 'knowledge.entry.retire', { entryId: id, version: 2 })).text).to.contain('zurückgezogen');
    expect(all((await client.say(officerWerl, `wissen ${id}`)).replies)).to.contain('gibt es nicht');
    expect((await readAuditEntries(dataDir)).filter((l) => l.record === id).map((l) => l.action)).to.include.members(['knowledge.entry.create', 'knowledge.entry.confirm', 'knowledge.entry.retire']);
  });

  it('routes an unanswered question to the right coordinators, who answer, notify and publish it', async () => {
    const confirm = all((await client.say(officerKoeln, 'fachfrage Gefangener Max Mustermann, Tel. 0171 1234567, möchte während der Haft einen Integrationskurs beginnen. Geht das?')).replies);
    expect(confirm).to.contain('Koordinierungsstelle').and.contain('[Telefon]');
    expect(confirm).not.to.contain('0171').and.not.to.contain('Mustermann');
    const sent = all((await client.say(officerKoeln, 'senden')).replies);
    const id = /FF-\d{4}-\d{4}/.exec(sent)?.[0];
    expect(id, sent).to.be.a('string');
    expect(JSON.stringify((await knowledgeData(dataDir)).questions[id!])).not.to.contain('0171');

    const card = await connector.waitFor((r) => r.conversationId === conv(coordinator) && r.method === 'POST' && textOf(r).includes(id!));
    expect(JSON.stringify(card.body)).to.contain('knowledge.question.answer').and.not.contain('0171');
    expect(posts(kfi, id!), 'the other unit gets nothing').to.have.length(0);

    // Not theirs: the other unit and the officer get the same "not found" as for an unknown id.
    const foreign = await invoke(kfi, 'knowledge.question.answer', { questionId: id, version: 1, answer: 'Das ist nicht meine Frage.' });
    const unknown = await invoke(coordinator, 'knowledge.question.answer', { questionId: 'FF-2026-9999', version: 1, answer: 'Unbekannte Frage hier.' });
    expect(foreign.text).to.contain('gibt es nicht');
    expect(unknown.text).to.contain('gibt es nicht');
    expect((await invoke(coordinator, 'knowledge.question.answer', { questionId: id, version: 1, answer: 'kurz' })).text).to.contain('zu kurz');

    const ANSWER = 'Ja. Der Pädagogische Dienst prüft die Teilnahme; nach der Entlassung berät das Kommunale Integrationszentrum.';
    const answered = await invoke(coordinator, 'knowledge.question.answer', { questionId: id, version: 1, answer: ANSWER });
    expect(answered.status).to.equal(200);
    expect(answered.text).to.contain('knowledge.question.publish');
    const notice = await connector.waitFor((r) => r.conversationId === conv(officerKoeln) && r.method === 'POST' && textOf(r).includes('Pädagogische Dienst'));
    expect(textOf(notice)).to.contain(id!);

    const bad = await invoke(coordinator, 'knowledge.question.publish', { questionId: id, version: 2, question_de: 'x', answer_de: ANSWER, topics: 'language-courses' });
    expect(bad.text).to.contain('Bitte prüfen').and.contain('Zu kurz');
    expect((await knowledgeData(dataDir)).questions[id!].status, 'nothing half-written').to.equal('beantwortet');

    const published = await invoke(coordinator, 'knowledge.question.publish', {
      questionId: id, version: 2, question_de: 'Können Gefangene während der Haft einen Integrationskurs beginnen?', answer_de: ANSWER, topics: 'language-courses', source: 'Auskunft der Koordinierungsstelle',
    });
    const entryId = /Veröffentlicht als (KB-\d{4}-\d{4})/.exec(published.text)?.[1];
    expect(entryId, published.text).to.be.a('string');
    await connector.waitFor((r) => r.conversationId === conv(officerKoeln) && r.method === 'POST' && textOf(r).includes(entryId!));
    const found = all((await client.say(officerWerl, 'frage Integrationskurs während der Haft')).replies);
    expect(found).to.contain(entryId!).and.contain('Pädagogische Dienst');

    // A Bezirksregierung officer's question goes to the Kompetenzzentrum für Integration.
    await client.say(officerBr, 'fachfrage Welche Unterlagen braucht die Ausländerbehörde für eine Duldung?');
    const brId = /FF-\d{4}-\d{4}/.exec(all((await client.say(officerBr, 'senden')).replies))?.[0];
    await connector.waitFor((r) => r.conversationId === conv(kfi) && r.method === 'POST' && textOf(r).includes(brId!));
    expect(posts(coordinator, brId!)).to.have.length(0);
  });

  it('finds material by topic and language and shows the missing languages of an institution', async () => {
    // Interpreter requests at JVA Köln, written through the interpreter capability's own store while the bot
    // is stopped; the Turkish one is older than 12 months and does not count.
    expect(await bot.stop()).to.equal(0);
    await withStores(dataDir, () => writeInterpreterRequests(dataDir, 'jva-koeln', [
      ...Array(3).fill({ language: 'ar', daysAgo: 20 }), ...Array(2).fill({ language: 'ti', daysAgo: 100 }), { language: 'tr', daysAgo: 400 },
    ]));
    await restart();
    const ramadan = all((await client.say(officerKoeln, 'material Ramadan arabisch')).replies);
    expect(ramadan).to.contain('Merkblatt Ramadan im Vollzug').and.contain('Öffnen').and.contain('Geprüft von');
    const visit = all((await client.say(officerKoeln, 'material Besuch Tigrinya')).replies);
    expect(visit).to.contain('kein Material auf Tigrinya').and.contain('Merkblatt Besuch');
    const missing = all((await client.say(officerKoeln, 'fehlende sprachen')).replies);
    expect(missing).to.contain('Köln').and.contain('Arabisch: 3 Anfragen').and.contain('Tigrinya: 2 Anfragen').and.contain('Merkblatt Besuch');
    expect(missing, 'requests older than 12 months do not count').not.to.contain('Türkisch');
    expect(all((await client.say(coordinator, 'fehlende sprachen')).replies)).to.contain('Für welche Einrichtung');
    expect(all((await client.say(coordinator, 'fehlende sprachen JVA Köln')).replies)).to.contain('Arabisch: 3 Anfragen');
    expect(all((await client.say(staff, 'material Ramadan')).replies)).not.to.contain('Merkblatt Ramadan');
  });

  it('sends an announcement to every officer once and counts the confirmations', async () => {
    expect(all((await client.say(coordinator, 'ankündigung')).replies)).to.contain('Wie lautet die Ankündigung');
    await client.say(coordinator, 'Der Koordinierungskreis tagt am 15. Januar; Themen bitte bis Monatsende melden.');
    expect(all((await client.say(coordinator, 'javascript:alert(1)')).replies)).to.contain('kein gültiger Link');
    await client.say(coordinator, 'https://example.org/koordinierungskreis');
    const confirm = all((await client.say(coordinator, 'alle')).replies);
    expect(confirm).to.contain('Geht an 3');
    const sent = all((await client.say(coordinator, 'senden')).replies);
    const id = /ANK-\d{4}-\d{4}/.exec(sent)![0];
    for (const u of [officerKoeln, officerWerl, officerBr]) await connector.waitFor((r) => r.conversationId === conv(u) && r.method === 'POST' && textOf(r).includes(id));
    // One more round trip through the bot, then count: each officer has exactly one card.
    await client.say(coordinator, 'hilfe');
    for (const u of [officerKoeln, officerWerl, officerBr]) expect(posts(u, id), u.aadObjectId).to.have.length(1);
    expect(posts(kfi, id)).to.have.length(0);

    const ack = await invoke(officerKoeln, 'announcement.ack', { announcementId: id });
    expect(ack.text).to.contain('Zur Kenntnis genommen am');
    await invoke(officerKoeln, 'announcement.ack', { announcementId: id });
    await invoke(officerBr, 'announcement.ack', { announcementId: id });
    expect((await invoke(kfi, 'announcement.ack', { announcementId: id })).text).to.contain('gibt es nicht');

    const report = all((await client.say(coordinator, `ankündigung ${id}`)).replies);
    expect(report).to.contain('Lesebestätigungen');
    expect(report).to.match(/zugestellt\s*\n?3/).and.match(/zur Kenntnis genommen\s*\n?2/).and.contain('Bestätigt aus');
    const foreign = all((await client.say(kfi, `ankündigung ${id}`)).replies);
    expect(foreign).to.contain('gibt es nicht');
    expect(all((await client.say(officerKoeln, 'ankündigung')).replies)).not.to.contain('Wie lautet die Ankündigung');
  });

  it('answers composeExtension/query invokes with knowledge and material results by role', async () => {
    const query = async (user: TestUser, value: string) => {
      const res = await client.send(user, { type: 'invoke', name: 'composeExtension/query', text: undefined, value: { commandId: 'search', parameters: [{ name: 'query', value }], queryOptions: { skip: 0, count: 25 } } });
      return { status: res.status, body: JSON.parse(res.body) };
    };
    const officer = await query(officerKoeln, 'Ramadan');
    expect(officer.status).to.equal(200);
    expect(officer.body.composeExtension.type).to.equal('result');
    const cards = JSON.stringify(officer.body.composeExtension.attachments);
    expect(cards).to.contain('KB-').and.contain('Merkblatt Ramadan im Vollzug');
    expect(officer.body.composeExtension.attachments[0].preview.contentType).to.equal('application/vnd.microsoft.card.thumbnail');
    const empty = await query(officerKoeln, '');
    expect(empty.body.composeExtension.type).to.equal('message');
    const outsider = await query(staff, 'Ramadan');
    expect(JSON.stringify(outsider.body)).not.to.contain('Merkblatt Ramadan');
    // Contacts: everyone may search them, as in the 1:1 chat; staff see contacts only.
    const contacts = await query(staff, 'Seelsorge Köln');
    expect(contacts.body.composeExtension.type).to.equal('result');
    const contactCards = JSON.stringify(contacts.body.composeExtension.attachments);
    expect(contactCards).to.contain('Köln').and.not.contain('KB-').and.not.contain('MAT-');
    expect((await readAuditEntries(dataDir)).some((l) => l.actor === staff.aadObjectId && l.action === 'directory.contact.read')).to.equal(true);
  });
});
