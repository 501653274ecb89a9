// LotseBot behaviour that needs no HTTP: error handling, identity edge cases, role checks.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { LotseBot } from '../src/bot/lotseBot.js';
import { installErrorHandling } from '../src/bot/adapter.js';
import type { Capability } from '../src/bot/capability.js';
import { ConversationDirectory } from '../src/conversations/conversationDirectory.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { createLogger } from '../src/log/logger.js';
import { RoleService } from '../src/roles/roleService.js';
import { coreFiles } from './harness/dialogHarness.js';

const boom: Capability = {
  id: 'test.boom',
  phrases: ['explode'],
  roles: ['staff', 'officer', 'coordinator', 'admin'],
  async start() {
    throw new Error('secret detail: Gefangener Max Mustermann CANARY-4711');
  },
};
const adminOnly: Capability = { id: 'test.admin', phrases: ['geheim'], roles: ['admin'], start: async (dc) => dc.context.sendActivity('admin stuff') };

describe('LotseBot (TestAdapter)', () => {
  let files: Awaited<ReturnType<typeof coreFiles>>;
  let logLines: string[];
  let adapter: TestAdapter;

  beforeEach(async () => {
    files = await coreFiles();
    logLines = [];
    const log = createLogger('debug', (l) => logLines.push(l));
    const conversationState = new ConversationState(new MemoryStorage());
    const roles = new RoleService(files.store, [], loadInstitutions(), files.audit);
    const bot = new LotseBot({
      conversationState, roles, conversations: new ConversationDirectory(files.store), audit: files.audit, log,
      capabilities: [boom, adminOnly], allowedTenants: [], timeZone: 'Europe/Berlin',
    });
    adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'emulator' } as Partial<Activity>);
    installErrorHandling(adapter, conversationState, log);
  });
  afterEach(() => files.close());

  it('a failing turn tells the user in German, without internals, and logs ids only', async () => {
    await adapter
      .send('explode')
      .assertReply((a) => {
        expect(a.text).to.contain('etwas schiefgegangen');
        expect(a.text).not.to.contain('secret');
      })
      .startTest();
    const logged = logLines.join('\n');
    expect(logged).to.contain('"event":"turn.failed"');
    expect(logged).not.to.contain('Mustermann');
    expect(logged).not.to.contain('CANARY');
  });

  it('… and in English for an English client', async () => {
    await adapter.send({ type: 'message', text: 'explode', locale: 'en-GB' } as Partial<Activity>).assertReply((a) => expect(a.text).to.contain('something went wrong')).startTest();
  });

  it('the bot keeps working after a failed turn', async () => {
    await adapter.send('explode').assertReply(() => {}).send('hilfe').assertReply((a) => expect(a.text).to.match(/^Menü:/)).startTest();
  });

  it('refuses a capability the role may not use, and audits it', async () => {
    await adapter.send('geheim').assertReply((a) => expect(a.text).to.contain('Berechtigung')).startTest();
    await files.audit.flush();
    expect(readFileSync(path.join(files.dir, 'audit.jsonl'), 'utf8')).to.contain('"action":"test.admin.denied"');
  });

  it('a Teams activity without aadObjectId gets no access', async () => {
    const teams = new TestAdapter(adapter['_logic'], { channelId: 'msteams' } as Partial<Activity>);
    await teams.send('hilfe').assertReply((a) => expect(a.text).to.contain('Berechtigung')).startTest();
  });
});
