// Interpreter requests end to end over real HTTP: the real server (child process) against the fake Bot
// Connector. An officer goes from "Dolmetscher Arabisch morgen 10 Uhr" to a stored request; a colleague
// of the same JVA gets the organiser card proactively, confirms it with Action.Execute (invoke), their
// card is updated in place and the requester is notified — once without Azure (offline language
// service), once with LANGUAGE_ENDPOINT/KEY pointing at the fake Azure AI Language server, where the
// language is detected from a pasted sample.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeConnector, type Received } from './harness/fakeConnector.js';
import { FakeAzureLanguage } from './harness/fakeAzureLanguage.js';
import { BotClient, textOf, type TestUser } from './harness/botClient.js';
import { startBotExpectingExit, tempDir, type BotProcess } from './harness/botProcess.js';
import { useBot, type BotOptions } from './harness/useBot.js';
import { readAuditEntries, readStoreData } from './harness/testStore.js';

const requester: TestUser = { aadObjectId: 'demo-officer-jva', locale: 'de-DE' };
const admin: TestUser = { aadObjectId: 'demo-admin', locale: 'de-DE' };
const ARABIC_SAMPLE = 'مرحبا، أحتاج إلى مساعدة بخصوص موعد المحكمة غدا في الصباح';

function lastCard(replies: Received[]): Record<string, any> {
  const withCard = replies.filter((r) => r.body?.attachments?.length);
  return withCard.at(-1)?.body.attachments[0].content ?? {};
}

function actionData(card: Record<string, any>, title: string): Record<string, any> {
  const found: Record<string, any>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, any>;
      if ((o.type === 'Action.Submit' || o.type === 'Action.Execute') && o.title === title) found.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  if (!found[0]) throw new Error(`no "${title}" button on the card`);
  return found[0];
}

async function storedRequests(dataDir: string): Promise<Record<string, any>> {
  const data = await readStoreData(dataDir, 'interpreters.json');
  expect(data, 'interpreters.json is stored').to.be.an('object');
  return data!.requests;
}

/** Both sides of one request over HTTP; returns the request id. */
async function requestAndConfirm(
  client: BotClient,
  connector: FakeConnector,
  organiser: TestUser,
  steps: { say: string; expect: string }[],
): Promise<string> {
  const say = async (user: TestUser, text: string) => (await client.say(user, text)).replies;
  let replies: Received[] = [];
  for (const step of steps) {
    replies = await say(requester, step.say);
    // Visible text plus card JSON (fact values are not in textOf).
    const shown = replies.map((r) => `${textOf(r)}\n${JSON.stringify(r.body?.attachments ?? [])}`).join('\n');
    expect(shown, `after "${step.say}"`).to.contain(step.expect);
  }
  // The summary card: send it.
  const summary = lastCard(replies);
  expect(textOf({ body: { attachments: [{ content: summary }] } } as unknown as Received)).to.contain('Kosten (Schätzung)');
  const sent = await client.send(requester, { text: undefined, value: actionData(summary, 'Absenden').data });
  const sentText = sent.replies.map(textOf).join('\n');
  expect(sentText).to.contain('Angefragt: DOL-2026-').and.contain('bei der Kollegin oder dem Kollegen');
  const id = /DOL-2026-\d{4}/.exec(sentText)![0];

  // The organiser's card arrives proactively (outbox → connector).
  const organiserConversation = client.conversationId(organiser);
  const delivered = await connector.waitFor((r) => r.conversationId === organiserConversation && r.method === 'POST' && textOf(r).includes(id), 15000);
  expect(delivered.body.text, 'text summary of the card').to.contain(`Zu organisieren: Dolmetscheranfrage ${id}`);
  const organiserCard = delivered.body.attachments[0].content;
  const confirm = actionData(organiserCard, 'Bestätigen');
  expect(confirm.verb).to.equal('interpreter.confirm');

  // The organiser confirms with Action.Execute (an invoke), naming the interpreter service.
  const invoke = await client.send(organiser, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: confirm.verb, data: { ...confirm.data, dolInterpreter: 'Videodolmetschdienst Beispiel' } } },
  });
  expect(invoke.status).to.equal(200);
  const response = JSON.parse(invoke.body);
  expect(response.statusCode).to.equal(200);
  expect(response.type).to.equal('application/vnd.microsoft.card.adaptive');
  expect(JSON.stringify(response.value)).to.contain('Bestätigt – die anfragende Person wird benachrichtigt').and.contain('Videodolmetschdienst Beispiel');

  // The requester is notified proactively; the organiser's card is updated in place.
  const requesterConversation = client.conversationId(requester);
  const notice = await connector.waitFor((r) => r.conversationId === requesterConversation && r.method === 'POST' && (r.body?.text ?? '').includes(`${id} (Arabisch`), 15000);
  expect(notice.body.text).to.contain('ist bestätigt');
  expect(textOf(notice)).to.contain('Videodolmetschdienst Beispiel').and.contain('Stornieren');
  const updated = await connector.waitFor((r) => r.conversationId === organiserConversation && r.method === 'PUT', 15000);
  expect(textOf(updated)).to.contain('Status').and.contain('bestätigt');

  const stored = (await storedRequests(bot().dataDir))[id];
  expect(stored).to.deep.include({ status: 'bestaetigt', language: 'ar', requester: requester.aadObjectId, institutionId: 'jva-koeln' });
  expect(stored.confirmation).to.deep.include({ by: organiser.aadObjectId, interpreter: 'Videodolmetschdienst Beispiel' });
  return id;
}

let current: BotProcess | undefined;
const bot = () => current!;

describe('interpreter requests end to end (HTTP, fake connector)', function () {
  this.timeout(90000);

  function start(organiser: TestUser, env?: BotOptions['env']) {
    const session = useBot({ env, dataDir: tempDir('lotse-interpreters-e2e-') });
    const { connector, client } = session;
    before(async () => {
      current = session.bot;
      // The admin makes a colleague an officer of JVA Köln; the colleague talks to the bot once (address).
      const set = await client.say(admin, `rolle setzen ${organiser.aadObjectId} officer JVA Köln`);
      expect(set.replies.map(textOf).join('\n')).to.contain('JVA Köln');
      expect((await client.say(organiser, 'hallo')).status).to.equal(200);
      connector.clear();
    });
    return session;
  }

  describe('without Azure (offline language service)', () => {
    const organiser: TestUser = { aadObjectId: 'e2e-organiser-koeln-1', locale: 'de-DE' };
    const { connector, client } = start(organiser);

    it('"Dolmetscher Arabisch morgen 10 Uhr" → confirmed, stored, both sides notified', async () => {
      const id = await requestAndConfirm(client, connector, organiser, [
        { say: 'Dolmetscher Arabisch morgen 10 Uhr', expect: 'Wie lange ungefähr?' },
        { say: '1 Stunde', expect: 'Vor Ort, per Video oder am Telefon?' },
        { say: 'Video', expect: 'Wofür?' },
        { say: 'Zugangsgespräch', expect: 'Dolmetscheranfrage – bitte prüfen' },
      ]);
      const mine = await client.say(requester, 'meine dolmetscher');
      expect(textOf(mine.replies[0]!)).to.contain(`${id} · Arabisch · bestätigt`);
      for (const r of connector.received) if (r.body?.attachments?.length) expect(r.body.text, 'every card has a text summary').to.be.a('string').and.not.be.empty;
    });

    it('refuses a stale organiser card and keeps others out (HTTP invoke)', async () => {
      const stored = await storedRequests(bot().dataDir);
      const id = Object.keys(stored)[0]!;
      const stale = await client.send(organiser, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'interpreter.confirm', data: { cmd: 'dolmetscher', dol: { r: id, v: 1 } } } },
      });
      expect(JSON.stringify(JSON.parse(stale.body).value)).to.contain('hat sich inzwischen geändert');
      const stranger = await client.send({ aadObjectId: 'demo-officer-br' }, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'interpreter.decline', data: { cmd: 'dolmetscher', dol: { r: id, v: 2 } } } },
      });
      expect(JSON.parse(stranger.body)).to.deep.include({ type: 'application/vnd.microsoft.activity.message' });
      expect((await storedRequests(bot().dataDir))[id].status).to.equal('bestaetigt');
      const audit = await readAuditEntries(bot().dataDir);
      expect(audit.some((e) => e.actor === 'demo-officer-br' && e.action === 'interpreter.decline' && e.record === id)).to.equal(true);
      expect(JSON.stringify(audit)).not.to.contain('Videodolmetschdienst');
    });
  });

  describe('with Azure AI Language (fake REST server): the language detected from a sample', () => {
    const organiser: TestUser = { aadObjectId: 'e2e-organiser-koeln-2', locale: 'de-DE' };
    let azure: FakeAzureLanguage;
    before(async () => {
      azure = await new FakeAzureLanguage().start();
    });
    const { connector, client } = start(organiser, () => ({ LANGUAGE_ENDPOINT: azure.url, LANGUAGE_KEY: azure.key }));
    after(async () => {
      await azure?.stop();
    });

    it('free text without the command word → "erkennen" + sample (Azure) → confirmed, both sides notified', async () => {
      await requestAndConfirm(client, connector, organiser, [
        { say: 'Ich brauche einen Dolmetscher morgen um 10 Uhr per Video', expect: 'Für welche Sprache' },
        { say: 'erkennen', expect: 'Fügen Sie einen kurzen Text' },
        { say: ARABIC_SAMPLE, expect: 'Erkannt: Arabisch (Sicherheit 95 %, Azure AI Language)' },
        { say: 'ja', expect: 'Wie lange ungefähr?' },
        { say: '90 Minuten', expect: 'Wofür?' },
        { say: 'Zugangsgespräch', expect: 'Arabisch (aus Beispieltext erkannt)' },
      ]);
      const detections = azure.received.filter((r) => r.body?.kind === 'LanguageDetection');
      expect(detections).to.have.length(1);
      expect(detections[0]!.body.analysisInput.documents[0].text).to.equal(ARABIC_SAMPLE);
      const stores = await Promise.all(['interpreters.json', 'state.json', 'delivery.json'].map((f) => readStoreData(bot().dataDir, f)));
      for (const [i, data] of stores.entries()) expect(data, `store ${i} is there to search`).to.be.an('object');
      const stored = JSON.stringify(stores) + JSON.stringify(await readAuditEntries(bot().dataDir));
      expect(stored, 'the sample is stored nowhere').not.to.contain('مرحبا');
    });
  });
});

describe('interpreters: a broken rates file refuses the start', () => {
  const rate = { validFrom: '2025-06-01', hourlyEur: 93, surchargePercent: 20, source: { de: 'JVEG § 9', en: 'JVEG s. 9' } };

  it('names the file, the field and the reason, exits 1 without a stack trace', async () => {
    const file = path.join(tempDir('lotse-rates-'), 'interpreter-rates.json');
    writeFileSync(file, JSON.stringify({ rates: [{ ...rate, hourlyEur: 'teuer' }] }));
    const res = await startBotExpectingExit({ INTERPRETER_RATES_FILE: file });
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain(file).and.contain('rates.0.hourlyEur');
    expect(res.stderr).not.to.match(/^\s+at /m);
    expect(res.stderr + res.stdout).not.to.contain('server.startFailed');
  });

  it('a file that is not JSON is named as such, and its content is not echoed', async () => {
    const file = path.join(tempDir('lotse-rates-'), 'interpreter-rates.json');
    writeFileSync(file, '{"rates": [ {"validFrom": "2025-06-01", geheim');
    const res = await startBotExpectingExit({ INTERPRETER_RATES_FILE: file });
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain(file).and.contain('not valid JSON');
    expect(res.stderr).not.to.contain('geheim');
    expect(res.stderr).not.to.match(/^\s+at /m);
  });
});
