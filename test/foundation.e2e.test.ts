// End to end over real HTTP: the real server (child process, random port) next to a fake Bot Connector.
import { expect } from 'chai';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FakeConnector } from './harness/fakeConnector.js';
import { BotClient, TENANT, textOf, type TestUser } from './harness/botClient.js';
import { startBot, startBotExpectingExit, tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';
import { readAuditEntries, readStoreData, storeFingerprint, testStore } from './harness/testStore.js';

const staff: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-000000000001' };
const admin: TestUser = { aadObjectId: 'demo-admin' };
const english: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-000000000002', locale: 'en-US' };

describe('foundation end to end (HTTP, fake connector)', function () {
  this.timeout(30000);
  const { connector, bot, client } = useBot();
  afterEach(() => {
    // DESIGN §9: every card activity carries a text summary.
    for (const r of connector.received) {
      if (r.body?.attachments?.length) expect(r.body.text, `summary of card in ${r.path}`).to.be.a('string').and.not.be.empty;
    }
    connector.clear();
  });

  it('serves /healthz and /readyz', async () => {
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.deep.equal({ status: 'ok' });
    expect((await fetch(`${bot.url}/readyz`)).status).to.equal(200);
  });

  it('welcomes a user who installs the bot (personal scope) with a card and its summary', async () => {
    const res = await client.send(staff, {
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:integrationslotse' }],
      text: undefined,
    });
    expect(res.status).to.equal(200);
    expect(res.replies).to.have.length(1);
    const reply = res.replies[0]!;
    expect(reply.body.attachments[0].contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(textOf(reply)).to.contain('Willkommen beim Integrationslotsen');
    expect(textOf(reply)).to.contain('keine Namen von Gefangenen');
    expect(reply.activityId, 'reply goes to the incoming activity').to.be.a('string');
  });

  it('welcomes a team when added to it, without personal data', async () => {
    const res = await client.send(staff, {
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:integrationslotse' }],
      conversation: { id: '19:team-general@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: '19:team-general@thread.tacv2' }, eventType: 'teamMemberAdded' },
    });
    expect(res.status).to.equal(200);
    const replies = connector.messages('19:team-general@thread.tacv2');
    expect(replies).to.have.length(1);
    expect(textOf(replies[0]!)).to.contain('1:1-Chat');
  });

  it('does not welcome when only another member joins', async () => {
    const res = await client.send(staff, { type: 'conversationUpdate', membersAdded: [{ id: '29:someone-else' }] });
    expect(res.status).to.equal(200);
    expect(res.replies).to.have.length(0);
  });

  it('answers "hilfe" with a menu of what staff may do (no admin entries)', async () => {
    const res = await client.say(staff, 'hilfe');
    expect(res.replies).to.have.length(1);
    const text = textOf(res.replies[0]!);
    expect(text).to.contain('Was möchten Sie tun?');
    expect(text).to.contain('Wer bin ich?');
    expect(text).not.to.contain('Rolle setzen');
    expect(res.replies[0]!.body.text).to.match(/^Menü:/);
  });

  it('shows admins their admin entries, and answers in English for an English client', async () => {
    expect(textOf((await client.say(admin, 'Menü')).replies[0]!)).to.contain('Rolle setzen');
    const res = await client.say(english, 'help');
    expect(textOf(res.replies[0]!)).to.contain('What would you like to do?');
  });

  it('a menu button (card submit without text) works like the typed command', async () => {
    const res = await client.send(staff, { text: undefined, value: { cmd: 'wer bin ich' } });
    expect(textOf(res.replies[0]!)).to.contain(staff.aadObjectId);
  });

  it('"abbrechen" leaves a dialog mid-way, and says so when nothing runs', async () => {
    const start = await client.say(admin, 'rolle setzen');
    expect(textOf(start.replies[0]!)).to.contain('Für welche Kennung');
    const cancel = await client.say(admin, 'abbrechen');
    expect(textOf(cancel.replies[0]!)).to.contain('Abgebrochen');
    const again = await client.say(admin, 'ABBRECHEN');
    expect(textOf(again.replies[0]!)).to.contain('nichts, das ich abbrechen');
  });

  it('unrecognised input gets a short answer with a suggestion, not a dead end', async () => {
    const typo = await client.say(staff, 'wer bim ich');
    expect(textOf(typo.replies[0]!)).to.contain('Meinten Sie „wer bin ich“?');
    const res = await client.say(staff, 'Guten Morgen, wie geht es?');
    const reply = res.replies[0]!;
    expect(textOf(reply)).to.contain('nicht verstanden');
    expect(reply.body.suggestedActions.actions.map((a: { value: string }) => a.value)).to.include('hilfe');
  });

  it('handles a redelivered activity (same id) only once', async () => {
    const activity = client.activity(staff, { text: 'wer bin ich' });
    await client.post(JSON.stringify(activity));
    await client.post(JSON.stringify(activity));
    expect(connector.messages(client.conversationId(staff))).to.have.length(1);
  });

  it('refuses oversized, compressed, malformed and non-activity bodies with 4xx and keeps serving', async () => {
    expect((await client.post('x'.repeat(300 * 1024))).status).to.equal(413);
    const gz = gzipSync(JSON.stringify(client.activity(staff, { text: 'hilfe' })));
    expect((await client.post(gz, { 'content-encoding': 'gzip' })).status).to.equal(415);
    const malformed = await client.post('{"type": "message", ');
    expect(malformed.status).to.equal(400);
    expect(malformed.body).not.to.match(/at .*\.(js|ts):\d+/);
    for (const body of ['[]', 'null', '123', '{}', '{"type": 5}']) {
      expect((await client.post(body)).status, body).to.equal(400);
    }
    expect((await client.post('{}', { 'content-type': 'text/plain' })).status).to.equal(415);
    expect((await fetch(`${bot.url}/healthz`)).status).to.equal(200);
    expect(connector.received).to.have.length(0);
  });

  it('writes no message text, names or case content into its logs', async () => {
    await client.say(staff, 'Gefangener CANARY-4711 Max Mustermann braucht Hilfe');
    const logged = JSON.stringify(bot.logs) + bot.stderr();
    expect(logged).not.to.contain('CANARY-4711');
    expect(logged).not.to.contain('Mustermann');
    const audit = JSON.stringify(await readAuditEntries(bot.dataDir));
    expect(audit).not.to.contain('CANARY');
  });
});

describe('tenant guard (HTTP)', function () {
  this.timeout(30000);
  const allowed = '99999999-8888-7777-6666-555555555555';
  const { connector, bot, client } = useBot({ env: { ALLOWED_TENANTS: allowed } });

  it('answers a user of an allowed tenant', async () => {
    const res = await client.say({ aadObjectId: 'aaaa0000-0000-4000-8000-000000000001', tenant: allowed }, 'hilfe');
    expect(res.replies).to.have.length(1);
  });

  it('drops a foreign or missing tenant silently, touches no data, and audits it', async () => {
    connector.clear();
    const before = await storeFingerprint(bot.dataDir, ['store.json']);
    const foreign = await client.say({ aadObjectId: 'bbbb0000-0000-4000-8000-000000000001', tenant: TENANT }, 'hilfe');
    expect(foreign.status).to.equal(200);
    expect(foreign.replies).to.have.length(0);
    const missing = client.activity({ aadObjectId: 'bbbb0000-0000-4000-8000-000000000002' }, { text: 'hilfe', channelData: {}, conversation: { id: 'a:x', conversationType: 'personal' } });
    expect((await client.post(JSON.stringify(missing))).status).to.equal(200);
    const mismatch = client.activity({ aadObjectId: 'bbbb0000-0000-4000-8000-000000000003', tenant: allowed }, { text: 'hilfe', conversation: { id: 'a:y', conversationType: 'personal', tenantId: TENANT } });
    expect((await client.post(JSON.stringify(mismatch))).status).to.equal(200);
    expect(connector.received).to.have.length(0);
    expect(await storeFingerprint(bot.dataDir, ['store.json'])).to.equal(before);
    const rejected = (await readAuditEntries(bot.dataDir)).filter((l) => l.action === 'tenant.rejected');
    expect(rejected.map((l) => l.record)).to.include.members([TENANT, 'missing', 'mismatch']);
  });

  it('answers an invoke from a foreign tenant with 403', async () => {
    const res = await client.send({ aadObjectId: 'bbbb0000-0000-4000-8000-000000000004', tenant: TENANT }, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'x', data: {} } },
    });
    expect(res.status).to.equal(403);
    expect(res.replies).to.have.length(0);
  });
});

describe('server lifecycle (HTTP)', function () {
  this.timeout(40000);

  it('finishes a turn in flight on SIGTERM, exits 0 and leaves the store intact', async () => {
    const connector = await new FakeConnector().start();
    const bot = await startBot();
    const client = new BotClient(bot.url, connector);
    try {
      // Give the user a role so the store has content, then make the connector slow.
      await client.say(admin, `rolle setzen 12345678-0000-4000-8000-00000000abcd officer JVA Köln`);
      connector.defaultDelayMs = 1500;
      const turn = client.say(admin, 'wer bin ich');
      await connector.waitFor((r) => r.body?.type === 'message' && textOf(r).includes('demo-admin'));
      bot.child.kill('SIGTERM');
      const result = await turn;
      expect(result.status).to.equal(200);
      expect(connector.received.some((r) => r.body?.type === 'typing'), 'typing indicator during slow work').to.equal(true);
      expect(await bot.exited).to.equal(0);
      const store = await readStoreData(bot.dataDir, 'store.json');
      expect(store!.roleAssignments['12345678-0000-4000-8000-00000000abcd'].institutionId).to.equal('jva-koeln');
      // Only the JSON files lock DATA_DIR; PostgreSQL instances share their database.
      if (testStore() === 'lowdb') expect(existsSync(path.join(bot.dataDir, '.lock')), 'lock released').to.equal(false);
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });

  it('keeps roles and dialog state across a restart', async () => {
    const connector = await new FakeConnector().start();
    const dataDir = tempDir();
    let bot = await startBot({}, dataDir);
    let client = new BotClient(bot.url, connector);
    const target: TestUser = { aadObjectId: '12345678-0000-4000-8000-00000000beef' };
    try {
      await client.say(admin, `rolle setzen ${target.aadObjectId}`);
      await client.say(admin, 'coordinator');
      await bot.stop();
      bot = await startBot({}, dataDir);
      client = new BotClient(bot.url, connector);
      // The dialog resumes at the step where it stopped: it asks for the unit.
      const resumed = await client.say(admin, 'Kompetenzzentrum');
      expect(textOf(resumed.replies[0]!)).to.contain('Koordinator/in');
      const who = await client.say(target, 'wer bin ich');
      expect(textOf(who.replies[0]!)).to.contain('Koordinator/in').and.contain('Kompetenzzentrum für Integration');
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });

  // The DATA_DIR lock and the store files' integrity check belong to the JSON engine.
  if (testStore() === 'lowdb') {
    it('a second server on the same DATA_DIR exits with a clear message', async () => {
      const dataDir = tempDir();
      const first = await startBot({}, dataDir);
      try {
        const second = await startBotExpectingExit({}, dataDir);
        expect(second.code).to.equal(1);
        expect(second.stderr).to.contain('in use').and.contain(String(first.child.pid));
        expect((await fetch(`${first.url}/healthz`)).status).to.equal(200);
      } finally {
        await first.stop();
      }
    });

    it('refuses a corrupt store at start-up, names the file and leaves its bytes untouched', async () => {
      const dataDir = tempDir();
      const file = path.join(dataDir, 'store.json');
      writeFileSync(path.join(dataDir, 'audit.jsonl'), ''); // only the corrupt file is wrong here, nothing missing
      writeFileSync(file, '{"schemaVersion":1,"seq":3,"data":{"roleAss');
      const before = readFileSync(file);
      const res = await startBotExpectingExit({}, dataDir);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.contain(file);
      expect(res.stderr).not.to.match(/^\s+at /m);
      expect(readFileSync(file).equals(before)).to.equal(true);
    });
  }

  it('refuses invalid configuration naming every bad variable, exit code 2, no stack trace', async () => {
    const res = await startBotExpectingExit({ PORT: 'abc', LOG_LEVEL: 'loud', ALLOWED_TENANTS: 'not-a-guid' });
    expect(res.code).to.equal(2);
    expect(res.stderr).to.contain('PORT').and.contain('LOG_LEVEL').and.contain('ALLOWED_TENANTS');
    expect(res.stderr).not.to.match(/^\s+at /m);
  });

  it('refuses to start in production without app id, credential and ALLOWED_TENANTS', async () => {
    const res = await startBotExpectingExit({ NODE_ENV: 'production' });
    expect(res.code).to.equal(2);
    expect(res.stderr).to.contain('MicrosoftAppId').and.contain('MicrosoftAppPassword').and.contain('ALLOWED_TENANTS');
  });

  it('refuses an invalid roster file, naming the entry', async () => {
    const dir = tempDir();
    const roster = path.join(dir, 'roster.json');
    writeFileSync(roster, JSON.stringify([{ id: 'x-1', role: 'officer', institutionId: 'jva-atlantis' }]));
    const res = await startBotExpectingExit({ ROSTER_FILE: roster });
    expect(res.code).to.equal(2);
    expect(res.stderr).to.contain('entry 1').and.contain('jva-atlantis');
  });
});
