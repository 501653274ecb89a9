// Issue 10 item 6, second part: the PII canary (test/harness/piiCanary.ts) typed into the free-text fields
// of the knowledge base (expert question, practice example, the coordinator's answer, the publish and entry
// forms), announcements, the contact form and role setting — over HTTP against the real server. The
// inventory of every free-text field is in the header of piiCanary.fields.e2e.test.ts and in the README.
import { expect } from 'chai';
import { textOf, type TestUser } from './harness/botClient.js';
import type { Received } from './harness/fakeConnector.js';
import { CANARY, CANARY_NAME, CANARY_TEXT, expectNoCanary, expectStoredClean, invoke, outboxSettled, isTurnReply, readJson, scan } from './harness/piiCanary.js';
import { tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';

const officer: TestUser = { aadObjectId: 'demo-officer-jva' };
const officerBr: TestUser = { aadObjectId: 'demo-officer-br' };
const coordinator: TestUser = { aadObjectId: 'demo-coordinator' };
const admin: TestUser = { aadObjectId: 'demo-admin' };
const staff: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-0000000000e1' };

const all = (replies: Received[]) => replies.map(textOf).join('\n');
const PLACEHOLDER = '[Name]';

describe('PII canary in the knowledge, announcement, contact and role fields (HTTP, real store files)', function () {
  this.timeout(120000);
  const session = useBot({ dataDir: tempDir('lotse-canary-knowledge-') });
  const { client, connector, bot } = session;
  // Only the turn's own replies: a proactive notice may arrive in the same chat meanwhile.
  const say = async (user: TestUser, text: string) => (await client.say(user, text)).replies.filter((r) => isTurnReply(client, r));
  const knowledge = () => readJson(bot.dataDir, 'knowledge.json');

  before(async () => {
    for (const u of [officer, officerBr, coordinator, admin]) await client.say(u, 'hilfe');
  });

  it('expert question and practice example: the officer confirms the redacted text', async () => {
    for (const command of ['fachfrage', 'praxisbeispiel']) {
      const confirm = all(await say(officer, `${command} ${CANARY_TEXT}`));
      expect(confirm, command).to.contain(PLACEHOLDER).and.contain('[Telefon]').and.not.contain(CANARY_NAME);
      await expectStoredClean(session, `while ${command} waits for "senden"`);
      expect(all(await say(officer, 'senden')), command).to.match(/FF-\d{4}-\d{4}/);
    }
    const questions = Object.values((await knowledge()).questions) as any[];
    expect(questions.map((q) => q.text).join('\n')).to.contain(PLACEHOLDER).and.contain('[E-Mail]');
  });

  it('the coordinator\'s answer and the publish form are redacted before they are stored', async () => {
    const question = (Object.values((await knowledge()).questions) as any[]).find((q) => q.kind === 'question');
    const answered = await invoke(session, coordinator, 'knowledge.question.answer', { questionId: question.id, version: question.version, answer: CANARY_TEXT });
    expect(answered.status).to.equal(200);
    expect((await knowledge()).questions[question.id].answer.text).to.contain(PLACEHOLDER).and.contain('[Geburtsdatum]');
    const published = await invoke(session, coordinator, 'knowledge.question.publish', {
      questionId: question.id, version: question.version + 1, question_de: `Was gilt für ${CANARY_NAME}?`, answer_de: CANARY_TEXT, topics: 'language-courses', source: `Auskunft von ${CANARY_NAME}`,
    });
    const entryId = /KB-\d{4}-\d{4}/.exec(published.text)?.[0];
    expect(entryId, published.text).to.be.a('string');
    const entry = (await knowledge()).entries[entryId!];
    expect(JSON.stringify(entry)).to.contain(PLACEHOLDER);
  });

  it('a new knowledge entry (card form) is redacted before it is stored', async () => {
    expect(all(await say(coordinator, 'wissen neu'))).to.contain('Neuer Eintrag');
    const saved = await invoke(session, coordinator, 'knowledge.entry.save', {
      question_de: `Wie erreicht man ${CANARY_NAME}?`, answer_de: CANARY_TEXT, topics: 'language-courses', source: `Telefonat mit ${CANARY_NAME}`,
    });
    const entryId = /KB-\d{4}-\d{4}/.exec(saved.text)?.[0];
    expect(entryId, saved.text).to.be.a('string');
    const entry = (await knowledge()).entries[entryId!];
    expect(entry.question.de).to.contain(PLACEHOLDER);
    expect(entry.answer.de).to.contain(PLACEHOLDER).and.contain('[Telefon]');
  });

  it('an announcement is redacted before the preview, and so for every recipient', async () => {
    await say(coordinator, 'ankündigung');
    await say(coordinator, CANARY_TEXT);
    await expectStoredClean(session, 'while the announcement waits for a link');
    await say(coordinator, 'ohne');
    const preview = all(await say(coordinator, 'alle'));
    expect(preview).to.contain(PLACEHOLDER).and.not.contain(CANARY_NAME);
    expect(all(await say(coordinator, 'senden'))).to.match(/ANK-\d{4}-\d{4}/);
    const stored = Object.values((await knowledge()).announcements) as any[];
    expect(stored.map((a) => a.text).join('\n')).to.contain(PLACEHOLDER);
    await connector.waitFor((r) => r.conversationId === client.conversationId(officerBr) && !isTurnReply(client, r) && textOf(r).includes(PLACEHOLDER), 15000);
  });

  it('search texts: a question that waits for the institution, a contact search, a one-shot announcement', async () => {
    const asked = all(await say(staff, `zuständig Seelsorge für ${CANARY_NAME}, Tel. ${CANARY.phone}`));
    expect(asked).to.contain('Für welche Einrichtung'); // the question waits (in state.json) for the answer
    expect(all(await say(officer, `kontakte ${CANARY_TEXT}`))).to.match(/Kontakt/);
    expect(all(await say(coordinator, `ankündigung ${CANARY_TEXT}`))).to.contain('personenbezogene Angaben').and.contain('Link');
    await say(coordinator, 'abbrechen');
  });

  it('the contact form refuses personal data in its notes; role setting takes no name', async () => {
    const form = (await say(officer, 'kontakte neu')).map((r) => r.body.attachments?.[0]?.content).find(Boolean);
    const submit = form.actions[0].data as Record<string, unknown>;
    const contact = { ...submit, name: 'Beratungsstelle Canary (Beispiel)', category: 'counselling', institution: 'JVA Köln', topics: 'release', email: 'beratung@example.org' };
    for (const notes of [CANARY_TEXT, `Ansprechpartnerin ist ${CANARY_NAME}`]) {
      const refused = await client.send(officer, { text: undefined, value: { ...contact, notes } });
      expect(all(refused.replies), notes).to.contain('Bitte korrigieren Sie');
    }
    const saved = await client.send(officer, { text: undefined, value: { ...contact, notes: 'Sprechzeiten dienstags' } });
    expect(all(saved.replies)).to.contain('Gespeichert');

    // The role dialog then waits for a role, its last question (quoting the refused "role") kept in state.json.
    const role = all(await say(admin, `rolle setzen ${CANARY_NAME} officer JVA Köln`));
    expect(role).to.contain('keine Rolle');
  });

  it('afterwards: the canary is nowhere — DATA_DIR, logs, proactive payloads', async () => {
    await outboxSettled(session);
    const result = await scan(session);
    expect(result.sent, 'proactive payloads were checked').to.contain(PLACEHOLDER);
    expectNoCanary(result);
  });
});
