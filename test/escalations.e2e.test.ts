// Escalations end to end over real HTTP: the real server (child process) and the fake Bot
// Connector, two users and a team channel. Officer escalates → the coordinator gets the card
// proactively → übernehmen (Action.Execute invoke) → officer notified → restart → Rückfrage → officer
// answers → coordinator sees the answer → erledigt. Forged and cross-unit actions are refused and audited.
import { expect } from 'chai';
import type { Received } from './harness/fakeConnector.js';
import { TENANT, textOf, type TestUser } from './harness/botClient.js';
import { tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';
import { readAuditEntries, readStoreData } from './harness/testStore.js';

const officer: TestUser = { aadObjectId: 'demo-officer-jva' };
const coordinator: TestUser = { aadObjectId: 'demo-coordinator' };
const kfi: TestUser = { aadObjectId: 'demo-kfi' };
const admin: TestUser = { aadObjectId: 'demo-admin' };
const CHANNEL = '19:eingang-koordinierungsstelle@thread.tacv2';

const SUMMARY = 'Gefangener Max Mustermann, Tel. 0171 1234567, äußert Suizidgedanken; bitte Beratung zum weiteren Vorgehen.';
const QUESTION = 'Ist der psychologische Dienst schon eingebunden?';
const ANSWER = 'Ja, Termin ist morgen um 10 Uhr.';
const NOTE = 'Beraten; Kontakt zum psychologischen Dienst steht.';

async function until(check: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const all = (replies: Received[]) => replies.map(textOf).join('\n');

describe('escalations end to end (HTTP, fake connector, restart)', function () {
  this.timeout(90000);
  const dataDir = tempDir('lotse-esk-e2e-');
  const { connector, bot, client, restart } = useBot({ dataDir });

  const invoke = async (user: TestUser, verb: string, data: Record<string, unknown>) => {
    const res = await client.send(user, { type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data } } });
    return { status: res.status, body: res.body ? JSON.parse(res.body) : undefined };
  };
  const conv = (u: TestUser) => client.conversationId(u);
  const posts = (u: TestUser | string) => connector.received.filter((r) => r.method === 'POST' && r.conversationId === (typeof u === 'string' ? u : conv(u)) && r.body?.type === 'message');
  const cardJson = (body: any) => JSON.stringify(body?.value ?? body);

  it('runs the whole case over HTTP, across a restart, and refuses what no role allows', async () => {
    // Coordinators have talked to the bot before (the bot knows their 1:1 conversations).
    await client.say(coordinator, 'hilfe');
    await client.say(kfi, 'hilfe');
    // An admin registers the Koordinierungsstelle's team channel as its inbox.
    const reg = await client.send(admin, {
      text: 'als eingang registrieren Koordinierungsstelle',
      conversation: { id: `${CHANNEL};messageid=1700000000000`, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL } },
    });
    expect(all(reg.replies)).to.contain('Eingang von der Koordinierungsstelle');

    // ---- The officer escalates (guided dialog). ----
    expect(all((await client.say(officer, 'eskalation')).replies)).to.contain('Worum geht es?');
    expect(all((await client.say(officer, 'Krisenintervention')).replies)).to.contain('Wie dringend');
    expect(all((await client.say(officer, 'dringend')).replies)).to.contain('Beschreiben Sie den Fall');
    expect(all((await client.say(officer, SUMMARY)).replies)).to.contain('Aktenzeichen');
    const confirm = all((await client.say(officer, 'BN 123/26')).replies);
    expect(confirm).to.contain('Geht an: Koordinierungsstelle');
    expect(confirm).to.contain('[Name]').and.contain('[Telefon]');
    expect(confirm).not.to.contain('Mustermann');
    const sent = all((await client.say(officer, 'senden')).replies);
    const id = /ESK-\d{4}-0001/.exec(sent)?.[0];
    expect(id, sent).to.be.a('string');

    // ---- The coordinator receives the case card proactively; the channel gets id, category, urgency, institution. ----
    const card = await connector.waitFor((r) => r.conversationId === conv(coordinator) && r.method === 'POST' && textOf(r).includes(id!));
    const content = card.body.attachments[0].content;
    expect(content.version).to.equal('1.5');
    expect(content.refresh.action).to.include({ type: 'Action.Execute', verb: 'escalation.refresh' });
    expect(JSON.stringify(content)).to.contain('Suizidgedanken').and.not.contain('Mustermann').and.not.contain('0171');
    expect(JSON.stringify(content)).to.contain('escalation.take');
    const channelPost = await connector.waitFor((r) => r.conversationId === CHANNEL && r.method === 'POST' && textOf(r).includes(id!));
    const channelText = JSON.stringify(channelPost.body);
    expect(channelText).to.contain('Krisenintervention').and.contain('dringend').and.contain('Köln');
    expect(channelText, 'no summary in the channel').not.to.contain('Suizidgedanken');
    expect(channelText, 'no case reference in the channel').not.to.contain('123/26');
    expect(posts(kfi).filter((r) => textOf(r).includes(id!)), 'another unit gets nothing').to.have.length(0);

    // ---- Nobody outside the unit can act: forged and cross-unit actions are refused and audited. ----
    expect((await invoke(officer, 'escalation.take', { caseId: id, version: 1 })).status).to.equal(403);
    expect((await invoke(kfi, 'escalation.take', { caseId: id, version: 1 })).status).to.equal(403);
    expect((await invoke(coordinator, 'escalation.take', { caseId: id, version: 1, role: 'admin' })).status, 'mass assignment').to.equal(400);
    const kfiView = await invoke(kfi, 'escalation.refresh', { caseId: id });
    expect(cardJson(kfiView.body), 'another unit sees no summary').not.to.contain('Suizidgedanken');
    expect(cardJson(kfiView.body)).not.to.contain('escalation.take');

    // ---- übernehmen ----
    const take = await invoke(coordinator, 'escalation.take', { caseId: id, version: 1, cmd: `eingang ${id} übernehmen` });
    expect(take.status).to.equal(200);
    expect(take.body.type).to.equal('application/vnd.microsoft.card.adaptive');
    expect(cardJson(take.body)).to.contain(`Sie haben ${id} übernommen`);
    const stale = await invoke(coordinator, 'escalation.take', { caseId: id, version: 1 });
    expect(stale.status).to.equal(200);
    expect(cardJson(stale.body)).to.contain('inzwischen geändert');
    const noticeTaken = await connector.waitFor((r) => r.conversationId === conv(officer) && r.method === 'POST' && textOf(r).includes('übernommen'));
    expect(textOf(noticeTaken)).to.contain(id!);
    await connector.waitFor((r) => r.conversationId === conv(coordinator) && r.method === 'PUT');
    await connector.waitFor((r) => r.conversationId === CHANNEL && r.method === 'PUT');

    // ---- Restart in the middle: nothing is lost, nothing is sent twice. ----
    const beforeRestart = connector.received.length;
    expect(await bot.stop()).to.equal(0);
    await restart();
    await new Promise((r) => setTimeout(r, 500));
    expect(connector.received.slice(beforeRestart).filter((r) => r.body?.type === 'message'), 'nothing resent after the restart').to.have.length(0);

    // ---- Rückfrage → the officer is asked in 1:1 and answers there. ----
    const ask = await invoke(coordinator, 'escalation.ask', { caseId: id, version: 2, question: QUESTION });
    expect(ask.status).to.equal(200);
    expect(cardJson(ask.body)).to.contain(QUESTION);
    const asked = await connector.waitFor((r) => r.conversationId === conv(officer) && textOf(r).includes(QUESTION));
    expect(JSON.stringify(asked.body)).to.contain(`antwort ${id}`);
    const prompt = await client.say(officer, `antwort ${id}`);
    expect(all(prompt.replies)).to.contain('Ihre Antwort');
    const answered = await client.say(officer, ANSWER);
    expect(all(answered.replies)).to.contain('unterwegs');

    // ---- The coordinator sees the answer (a notice in 1:1, and the card updated in place). ----
    const answerNotice = await connector.waitFor((r) => r.conversationId === conv(coordinator) && r.method === 'POST' && textOf(r).includes(ANSWER));
    expect(textOf(answerNotice)).to.contain(id!);
    const refreshed = await invoke(coordinator, 'escalation.refresh', { caseId: id });
    expect(cardJson(refreshed.body)).to.contain(ANSWER).and.contain(QUESTION);

    // ---- A second question, answered right in the card (Action.Execute by the officer). ----
    expect((await invoke(coordinator, 'escalation.ask', { caseId: id, version: 4, question: 'Und die Familie?' })).status).to.equal(200);
    expect((await invoke(kfi, 'escalation.answer', { caseId: id, version: 5, answer: 'untergeschoben' })).status, 'only the requester answers').to.equal(403);
    const inCard = await invoke(officer, 'escalation.answer', { caseId: id, version: 5, answer: 'Ist informiert.', cmd: `antwort ${id}` });
    expect(inCard.status).to.equal(200);
    expect(cardJson(inCard.body)).to.contain('Ist informiert.').and.contain('unterwegs');
    await connector.waitFor((r) => r.conversationId === conv(coordinator) && r.method === 'POST' && textOf(r).includes('Ist informiert.'));

    // ---- erledigt ----
    const resolve = await invoke(coordinator, 'escalation.resolve', { caseId: id, version: 6, note: NOTE });
    expect(resolve.status).to.equal(200);
    expect(cardJson(resolve.body)).to.contain('erledigt');
    const resolved = await connector.waitFor((r) => r.conversationId === conv(officer) && textOf(r).includes(NOTE));
    expect(textOf(resolved)).to.contain('erledigt');
    const mine = await client.say(officer, 'meine eskalationen');
    expect(all(mine.replies)).to.contain(id!).and.contain('erledigt');

    // ---- Every message exactly once. ----
    await until(() => connector.received.filter((r) => r.conversationId === conv(coordinator) && r.method === 'PUT').length >= 6, 'card updates');
    const originals = posts(coordinator).filter((r) => r.body.attachments?.[0]?.content?.refresh?.action?.data?.caseId === id);
    expect(originals, 'the case card is posted once').to.have.length(1);
    const notice = new RegExp(`^(?:${id} wurde von .+ (?:übernommen|erledigt)\\.|Rückfrage von .+ zu ${id}\\.)$`);
    const officerNotices = posts(officer).filter((r) => notice.test(r.body.text ?? ''));
    expect(officerNotices.map((r) => r.body.text), 'one notice per change by the unit: taken, asked, asked, resolved').to.have.length(4);
    expect(posts(CHANNEL).filter((r) => textOf(r).includes(id!)), 'one channel post').to.have.length(1);

    // ---- Admins see the delivery state (nothing undelivered here). ----
    const delivery = await client.say(admin, 'zustellung');
    expect(all(delivery.replies)).to.contain('Alle Benachrichtigungen wurden zugestellt');
    expect((await client.say(coordinator, 'zustellung')).replies.map(textOf).join(''), 'admins only').to.contain('Berechtigung');
    const inbox = all((await client.say(coordinator, 'eingang')).replies);
    expect(inbox).to.contain('0 offen');

    // ---- Audit: refusals with actor and outcome, disclosures with the recipient; ids only. ----
    const audit = await readAuditEntries(dataDir);
    expect(audit.some((e) => e.actor === 'demo-officer-jva' && e.action === 'escalation.take' && e.outcome === 'denied')).to.equal(true);
    expect(audit.some((e) => e.actor === 'demo-kfi' && e.action === 'escalation.take' && e.outcome === 'denied')).to.equal(true);
    expect(audit.some((e) => e.actor === 'demo-coordinator' && e.action === 'escalation.disclosed' && e.record === id)).to.equal(true);
    expect(audit.some((e) => e.actor === 'demo-coordinator' && e.action === 'escalation.read' && e.record === id)).to.equal(true);
    expect(audit.some((e) => e.actor === 'demo-admin' && e.action === 'escalation.inbox_register' && e.record === 'koordinierungsstelle')).to.equal(true);
    const everything = JSON.stringify(audit) + JSON.stringify(bot.logs);
    for (const secret of ['Suizidgedanken', QUESTION, ANSWER, NOTE, 'Mustermann']) expect(everything, secret).not.to.contain(secret);
    const stored = await readStoreData(dataDir, 'escalations.json');
    expect(stored?.cases?.[id!], 'the case is stored').to.be.an('object');
    expect(JSON.stringify(stored)).not.to.contain('Mustermann').and.not.to.contain('0171');
  });
});
