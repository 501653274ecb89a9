// Issue 12 item 1: an impossible or unreadable date is refused with the reason, never replaced
// (it used to become "tomorrow" silently); item 4: no interpreter confirmation without who comes.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { LotseBot } from '../src/bot/lotseBot.js';
import type { CapabilityContext } from '../src/bot/capability.js';
import { silentLogger } from '../src/log/logger.js';
import { OfflineLanguageService } from '../src/language/offlineLanguage.js';
import { InterpreterDialog, interpreterCapabilities } from '../dialogs/interpreter/index.js';
import { parseWhen } from '../src/interpreters/when.js';
import { impossibleDate } from '../src/time/dateTokens.js';
import { parseDueDate } from '../src/checklists/dueDate.js';
import { ChecklistDialog } from '../dialogs/checklist/index.js';
import { dialogClient } from './harness/dialogHarness.js';
import { cardButtons, jvaOfficer, serviceFixture, visibleText, type ServiceFixture } from './harness/checklistFixtures.js';
import { institutions, interpreterFixture, organiser, requester, requestInput, visible, type InterpreterFixture } from './harness/interpreterFixtures.js';

describe('newcomer: impossible dates are refused, never replaced (issue 12 item 1)', () => {
  const now = new Date('2026-03-10T13:30:00Z');
  const when = (text: string, locale: 'de' | 'en' = 'de') => parseWhen(text, { locale, now, timeZone: 'Europe/Berlin' });

  it('names the impossible date as typed, in every spelling', () => {
    expect(when('dolmetscher arabisch am 31.02. um 10 uhr')).to.deep.equal({ ok: false, reason: 'impossibleDate', date: '31.02.' });
    expect(when('am 30. Februar um 9 Uhr')).to.deep.equal({ ok: false, reason: 'impossibleDate', date: '30. Februar' });
    expect(when('31/04/2026 10am', 'en')).to.deep.equal({ ok: false, reason: 'impossibleDate', date: '31/04/2026' });
    expect(when('February 30th at 10am', 'en')).to.deep.equal({ ok: false, reason: 'impossibleDate', date: 'February 30th' });
    expect(when('2026-13-01 10:00')).to.deep.equal({ ok: false, reason: 'impossibleDate', date: '2026-13-01' });
    expect(when('29.02.2027 10 Uhr')).to.deep.equal({ ok: false, reason: 'impossibleDate', date: '29.02.2027' });
  });

  it('leaves real dates and clock times with dots alone', () => {
    for (const text of ['20.3. 9 Uhr', 'morgen um 10.30.', 'heute 12.00.', '29.02.2028 10 Uhr', '31.12. 10 Uhr']) {
      expect(impossibleDate(text, 2026), text).to.equal(undefined);
    }
    expect(when('20.3. 9 Uhr')).to.deep.include({ ok: true });
  });

  describe('in the interpreter dialog', () => {
    let fx: InterpreterFixture;
    let bot: LotseBot;
    const language = new OfflineLanguageService({ log: silentLogger });
    beforeEach(async () => {
      fx = await interpreterFixture(); // Tuesday 10 March 2026, 14:30 in Berlin
      bot = new LotseBot({
        conversationState: new ConversationState(new MemoryStorage()), roles: fx.roles, conversations: fx.conversations, audit: fx.audit, log: silentLogger,
        capabilities: interpreterCapabilities(fx.service, language, { log: silentLogger, institutions } as unknown as CapabilityContext),
        allowedTenants: [], timeZone: 'Europe/Berlin',
      });
    });
    afterEach(() => fx.close());

    function user(locale = 'de-DE') {
      const client = new DialogTestClient(
        new TestAdapter((ctx) => bot.run(ctx), { channelId: 'test', from: { id: requester.userKey, name: 'x' }, conversation: { id: `c-${locale}` }, locale } as Partial<Activity>),
        new InterpreterDialog(fx.service, language, silentLogger),
      );
      return async (text: string): Promise<string> => {
        const replies: Partial<Activity>[] = [];
        for (let r = await client.sendActivity(text); r; r = client.getNextReply()) replies.push(r);
        return visible(replies);
      };
    }

    it('one sentence with 31.02.: says why, asks for the time again, and takes nothing from the date', async () => {
      const say = user();
      const first = await say('dolmetscher arabisch am 31.02. um 10 uhr');
      expect(first).to.contain('„31.02.“ gibt es im Kalender nicht').and.contain('Wann?');
      expect(first).not.to.contain('Mittwoch, 11. März');
      expect(await say('30. Februar 9 Uhr')).to.contain('„30. Februar“ gibt es im Kalender nicht').and.contain('Wann?');
      expect(await say('12.3. 10 Uhr')).to.contain('Wie lange ungefähr?');
    });

    it('… and in English', async () => {
      const say = user('en-GB');
      expect(await say('interpreter arabic on 31/02/2026 at 10am')).to.contain('"31/02/2026" does not exist in the calendar');
    });
  });
});

describe('newcomer: confirming an interpreter request names who comes (issue 12 item 4)', () => {
  let fx: InterpreterFixture;
  beforeEach(async () => (fx = await interpreterFixture()));
  afterEach(() => fx.close());

  it('refuses an empty confirmation, keeps the request open and tells nobody; an agency named or an address entry confirms', async () => {
    const created = await fx.service.create(requester, requestInput());
    if (!created.ok) throw new Error('not created');
    fx.notifier.clear();
    const empty = await fx.service.confirm(organiser, { id: created.value.id, version: 1 }, { interpreter: ' ', note: 'Pforte' });
    expect(empty.ok ? 'confirmed' : empty.reason).to.equal('noInterpreter');
    expect(fx.store.data.requests[created.value.id]!.status).to.equal('angefragt');
    expect(fx.notifier.sent).to.have.length(0);
    const named = await fx.service.confirm(organiser, { id: created.value.id, version: 1 }, { interpreter: 'Dolmetscherbüro Beispiel' });
    expect(named.ok && named.value.confirmation?.interpreter).to.equal('Dolmetscherbüro Beispiel');
  });
});

describe('newcomer: checklist due dates refuse impossible dates too (issue 12 item 1)', () => {
  let fx: ServiceFixture;
  beforeEach(async () => (fx = await serviceFixture('2026-03-11T09:00:00Z')));
  afterEach(() => fx.close());

  it('names the date, offers the choices again, and still takes a valid answer', async () => {
    const parse = (text: string) => parseDueDate(text, { locale: 'de', now: new Date('2026-03-11T09:00:00Z'), timeZone: 'Europe/Berlin' });
    expect(parse('bis 30.04.2026')).to.deep.include({ ok: true });
    expect(parse('31.04.2026')).to.deep.equal({ ok: false, reason: 'impossibleDate', date: '31.04.2026' });
    const c = dialogClient(new ChecklistDialog(fx.service), () => jvaOfficer, { options: { args: '' } });
    await c.sendActivity('checkliste');
    await c.sendActivity('Zugang');
    expect(visibleText(await c.sendActivity('123/24'))).to.contain('Vorschlag: Mi., 18.03.2026');
    const refused = await c.sendActivity('31.02.');
    expect(visibleText(refused)).to.contain('„31.02.“ gibt es im Kalender nicht').and.contain('Keine Frist');
    expect(visibleText(await c.sendActivity('20.03.2026'))).to.contain('Checkliste CL-2026-0001 gestartet').and.contain('Fällig: Fr., 20.03.2026');
  });
});

describe('newcomer: the checklist template picker names each template on its button (issue 12 item 11)', () => {
  let fx: ServiceFixture;
  beforeEach(async () => (fx = await serviceFixture('2026-03-11T09:00:00Z')));
  afterEach(() => fx.close());

  for (const [locale, start] of [['de-DE', (title: string) => `„${title}“ starten`], ['en-GB', (title: string) => `Start "${title}"`]] as const) {
    it(`every start button is distinct and says which template it starts (${locale})`, async () => {
      const c = dialogClient(new ChecklistDialog(fx.service), () => jvaOfficer, { options: { args: '' }, locale });
      const list = await c.sendActivity(locale === 'de-DE' ? 'checkliste' : 'checklist');
      const buttons = cardButtons(list).filter((b) => b.data.checklist?.a === 'start');
      const lang = locale === 'de-DE' ? 'de' : 'en';
      const expected = fx.service.templatesFor(jvaOfficer).map((tpl) => start(tpl.title[lang]));
      expect(buttons.map((b) => b.title)).to.deep.equal(expected);
      expect(new Set(expected).size).to.equal(expected.length).and.to.be.greaterThan(1);
    });
  }
});

describe('newcomer: after a refused skip reason the reasons are offered again (issue 12 item 2)', () => {
  let fx: ServiceFixture;
  beforeEach(async () => (fx = await serviceFixture('2026-03-11T09:00:00Z')));
  afterEach(() => fx.close());

  it('a name in the reason is refused with the three reasons as buttons; "2" then picks the second reason', async () => {
    const c = dialogClient(new ChecklistDialog(fx.service), () => jvaOfficer, { options: { args: '' } });
    await c.sendActivity('checkliste');
    await c.sendActivity('Zugang');
    await c.sendActivity('ohne');
    await c.sendActivity('keine');
    await c.sendActivity('überspringen');
    const refused = await c.sendActivity('Frau Beispiel macht das');
    expect(visibleText(refused)).to.contain('Das sieht nach einem Namen aus');
    expect(refused?.suggestedActions?.actions.map((a: { title?: string }) => a.title)).to.deep.equal(['Trifft nicht zu', 'Erledigt eine andere Stelle', 'Derzeit nicht möglich']);
    const card = await c.sendActivity('2');
    expect(visibleText(card)).to.contain('Übersprungen:');
    await fx.close();
    const runs = JSON.parse(readFileSync(path.join(fx.dir, 'checklists.json'), 'utf8')).data.runs;
    const reasons = Object.values(runs as Record<string, { steps: Record<string, { reason?: string }> }>).flatMap((r) => Object.values(r.steps).map((st) => st.reason).filter(Boolean));
    expect(reasons).to.deep.equal(['Erledigt eine andere Stelle']);
    fx = await serviceFixture('2026-03-11T09:00:00Z'); // afterEach closes a fixture
  });
});
