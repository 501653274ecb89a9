// Free questions by role over HTTP (real server, fake Bot Connector, the shipped sample directory): what was
// understood is on the answer, close readings get a choice card, an unknown topic is said so, bad input is
// answered calmly, and nothing personal reaches the logs or the audit trail.
import { expect } from 'chai';
import { textOf, type TestUser } from './harness/botClient.js';
import type { Received } from './harness/fakeConnector.js';
import { useBot } from './harness/useBot.js';
import { readAuditEntries } from './harness/testStore.js';

const staff: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-0000000000e1' };
const english: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-0000000000e2', locale: 'en-US' };
const officer: TestUser = { aadObjectId: 'demo-officer-jva' };

describe('understanding free questions end to end (HTTP)', function () {
  this.timeout(60000);
  const { bot, connector, client } = useBot();
  afterEach(() => connector.clear());

  type Res = { replies: Received[] };
  const all = (res: Res) => res.replies.map(textOf).join('\n');
  const card = (res: Res) => res.replies.map((r) => r.body.attachments?.[0]?.content).find(Boolean) as Record<string, any> | undefined;

  it('staff writing "Dolmetscher JVA Bochum" get the responsible contact, not a refusal, and see what was understood', async () => {
    const text = all(await client.say(staff, 'Dolmetscher JVA Bochum'));
    expect(text).to.contain('Verstanden: Dolmetscher und Sprachmittlung · JVA Bochum');
    expect(text).to.contain('Zuständig: Dolmetscher und Sprachmittlung').and.not.contain('Berechtigung');
  });

  it('an officer writing only topic and place gets a choice card: request there, or who is responsible', async () => {
    const res = await client.say(officer, 'dolmetscher jva bochum');
    const c = card(res);
    expect(c, 'a card').to.exist;
    const commands = c!.actions.map((a: any) => a.data.msteams.value);
    expect(commands).to.deep.equal(['dolmetscheranfrage JVA Bochum', 'zuständig Dolmetscher und Sprachmittlung – JVA Bochum']);
    const answer = all(await client.say(officer, commands[1]));
    expect(answer).to.contain('Verstanden: Dolmetscher und Sprachmittlung · JVA Bochum');
    // The other button starts the request (the dialog asks for what is missing), not the same choice again.
    const request = await client.say(officer, commands[0]);
    expect(card(request)?.actions?.map((a: any) => a.data?.msteams?.value) ?? []).to.not.include(commands[0]);
    expect(all(request)).to.not.contain('Was möchten Sie');
    await client.say(officer, 'abbrechen');
  });

  it('"Impfungen in der JVA Aachen" is an unknown topic: said so, never replaced by another one, closest offered', async () => {
    const res = await client.say(staff, 'wer ist zuständig für Impfungen in der JVA Aachen');
    const text = all(res);
    expect(text).to.contain('Das Thema „impfungen“ kenne ich für die JVA Aachen nicht');
    expect(text).to.not.contain('Zuständig: Integration');
    const buttons = card(res)!.actions.map((a: any) => a.title);
    expect(buttons.length).to.be.within(1, 6);
    expect(text).to.contain('Bitte fragen Sie bei der Koordinierungsstelle Integration');
  });

  it('situation wording and English forms: a suspicion of radicalisation gets the extremism contact', async () => {
    const de = all(await client.say(staff, 'Verdacht auf Radikalisierung bei einem Gefangenen in der JVA Bochum, an wen wende ich mich?'));
    expect(de).to.contain('Verstanden: Extremismus und Radikalisierung · JVA Bochum');
    const en = all(await client.say(english, 'who deals with extremism at the Werl prison'));
    expect(en).to.contain('Understood: Extremism and radicalisation · JVA Werl');
  });

  it('staff clearly asking for an interpreter are told who can, and the refusal is audited', async () => {
    const text = all(await client.say(staff, 'ich möchte einen Dolmetscher buchen'));
    expect(text).to.contain('Dolmetscher anfragen können Integrationsbeauftragte');
    const audit = await readAuditEntries(bot.dataDir);
    expect(audit.some((e) => e.action === 'interpreter.denied')).to.equal(true);
  });

  describe('bad input is answered calmly, nothing personal logged or stored', () => {
    it('empty, only emoji, mixed scripts and 10 000 characters each get one calm answer', async () => {
      for (const text of [' ', '😀😀😀', 'Привет 你好 مرحبا hallo', `Seelsorge JVA Werl ${'x'.repeat(10_000)}`]) {
        const res = await client.say(staff, text);
        expect(res.status, text.slice(0, 10)).to.equal(200);
        expect(res.replies.length, text.slice(0, 10)).to.be.at.least(1);
        expect(all(res), text.slice(0, 10)).to.not.contain('Fehler');
      }
    });

    it('a name and a phone number in the question are not needed, not echoed, not logged', async () => {
      const res = await client.say(staff, 'Herr Tobias Beispielmann 0151 98765432 braucht Seelsorge in der JVA Werl');
      const text = all(res);
      expect(text).to.contain('keine Namen, Telefonnummern');
      expect(text).to.contain('Verstanden: Religiöse Betreuung und Seelsorge · JVA Werl');
      expect(text).to.not.contain('Beispielmann').and.not.contain('98765432');
      const logged = JSON.stringify(bot.logs) + JSON.stringify(await readAuditEntries(bot.dataDir));
      expect(logged).to.not.contain('Beispielmann').and.not.contain('98765432');
    });
  });
});
