// Contact directory end to end: a DATA_DIR prepared by the import CLI, the real server over HTTP, free
// responsibility questions (German, English), a search, and the add-contact card form incl. a bad submit.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { textOf, type TestUser } from './harness/botClient.js';
import { ROOT, tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';
import { readAuditEntries, storeEnv, storeFingerprint } from './harness/testStore.js';

const staff: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-0000000000d1' };
const english: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-0000000000d2', locale: 'en-US' };
const officer: TestUser = { aadObjectId: 'demo-officer-jva' };

describe('contact directory end to end (import CLI → HTTP)', function () {
  this.timeout(60000);
  const dataDir = tempDir('lotse-dir-e2e-');

  before(async () => {
    const sample = path.join(ROOT, 'data', 'directory-sample');
    const imported = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', path.join(sample, 'contacts.csv'), path.join(sample, 'responsibilities.csv')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', ...(await storeEnv(dataDir)) }, // the bot's engine
      encoding: 'utf8',
    });
    expect(imported.status, imported.stderr).to.equal(0);
  });
  const { connector, client } = useBot({ dataDir });
  afterEach(() => {
    for (const r of connector.received) {
      if (r.body?.attachments?.length) expect(r.body.text, 'every card carries a summary').to.be.a('string').and.not.be.empty;
    }
    connector.clear();
  });

  const card = (res: { replies: { body: Record<string, any> }[] }) => res.replies.map((r) => r.body.attachments?.[0]?.content).find(Boolean) as Record<string, any>;

  it('answers a free question without a command word, with contact and deputy', async () => {
    const res = await client.say(staff, 'Wer ist in der JVA Köln für Dolmetscher zuständig?');
    expect(res.status).to.equal(200);
    const text = res.replies.map(textOf).join('\n');
    expect(text).to.contain('Zuständig: Dolmetscher und Sprachmittlung').and.contain('Integrationsbeauftragte/r der JVA Köln');
    expect(text).to.contain('Vertretung').and.contain('Sozialdienst der JVA Köln');
  });

  it('"zuständig Seelsorge Werl" and an English question in an English client', async () => {
    expect((await client.say(staff, 'zuständig Seelsorge Werl')).replies.map(textOf).join('\n')).to.contain('Seelsorge der JVA Werl');
    const en = (await client.say(english, 'Who is the integration officer at Bezirksregierung Detmold?')).replies.map(textOf).join('\n');
    expect(en).to.contain('Responsible: Integration').and.contain('Integrationsbeauftragte/r der Bezirksregierung Detmold').and.contain('Deputy');
    // The command word is English, the client German: the answer follows the question.
    const mixed = (await client.say(staff, 'who is responsible for interpreters at JVA Werl?')).replies.map(textOf).join('\n');
    expect(mixed).to.contain('Responsible: Interpreters and language mediation').and.contain('Integrationsbeauftragte/r der JVA Werl');
  });

  it('an ambiguous question gets a choice card; pressing a choice answers it', async () => {
    const res = await client.say(staff, 'Ansprechpartner Integration Willich');
    const c = card(res);
    const command = c.actions[1].data.msteams.value as string;
    expect(command).to.equal('zuständig Integration – JVA Willich II');
    const answer = await client.say(staff, command);
    expect(answer.replies.map(textOf).join('\n')).to.contain('Integrationsbeauftragte/r der JVA Willich II');
  });

  it('searches contacts: "kontakte Dolmetscher Arabisch"', async () => {
    const res = await client.say(staff, 'kontakte Dolmetscher Arabisch');
    expect(res.replies[0]!.body.text).to.equal('4 Kontakte gefunden.');
    expect(textOf(res.replies[0]!)).to.contain('Dolmetscherpool Rheinland (Beispiel)').and.contain('Nur Kontakte mit der Sprache Arabisch');
  });

  it('staff may not add contacts; an officer submits the form, first with errors, then valid', async () => {
    expect(textOf((await client.say(staff, 'kontakte neu')).replies[0]!)).to.contain('Berechtigung');

    const form = card(await client.say(officer, 'kontakte neu'));
    expect(form.body.some((e: any) => e.type === 'Input.Text' && e.id === 'name')).to.equal(true);
    const submitData = form.actions[0].data as Record<string, unknown>;
    const before = await storeFingerprint(dataDir, ['directory.json']);

    const bad = await client.send(officer, { text: undefined, value: { ...submitData, name: '', category: 'counselling', email: 'keine-mail', topics: 'release' } });
    const badText = bad.replies.map(textOf).join('\n');
    expect(badText).to.contain('Bitte korrigieren Sie die markierten Felder').and.contain('Pflichtfeld').and.contain('keine gültige E-Mail-Adresse');
    expect(await storeFingerprint(dataDir, ['directory.json']), 'nothing half-written').to.equal(before);

    const good = await client.send(officer, {
      text: undefined,
      value: { ...submitData, name: 'Beratungsstelle Haftentlassung Köln (Beispiel)', category: 'counselling', institution: 'JVA Köln', region: 'Köln', topics: 'release', languages: 'Türkisch', email: 'haftentlassung@example.org' },
    });
    expect(good.replies.map(textOf).join('\n')).to.contain('Gespeichert: Der Kontakt ist jetzt im Verzeichnis');
    const found = await client.say(staff, 'kontakte Haftentlassung Köln');
    expect(textOf(found.replies[0]!)).to.contain('Beratungsstelle Haftentlassung Köln (Beispiel)').and.contain('Noch nicht bestätigt');
  });

  it('the menu offers the directory; the audit trail has reads and the change, ids only', async () => {
    const menu = textOf((await client.say(officer, 'hilfe')).replies[0]!);
    expect(menu).to.contain('Kontakte suchen').and.contain('Wer ist zuständig?').and.contain('Kontakt hinzufügen');
    const entries = await readAuditEntries(dataDir);
    expect(entries.some((e) => e.action === 'directory.import'), 'the import CLI audited on the bot\'s engine').to.equal(true);
    expect(entries.some((e) => e.action === 'directory.contact.read' && e.record === 'integration-jva-koeln')).to.equal(true);
    const created = /^beratungsstelle-haftentlassung-koeln-[a-z-]*[0-9a-f]{6}$/;
    expect(entries.some((e) => e.actor === 'demo-officer-jva' && e.action === 'directory.contact.create' && created.test(e.record))).to.equal(true);
    const audit = JSON.stringify(entries);
    expect(audit).not.to.contain('Beratungsstelle Haftentlassung').and.not.to.contain('example.org');
  });
});
