// The checklist dialog with botbuilder-testing: start with a case reference (a name is refused), walk the
// steps with card buttons and typed words, skip with a reason, pause and resume, due date, delete, other
// users' cards; and, through the real bot router on a TestAdapter, cancel mid-way and role checks.
import { expect } from 'chai';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { dialogClient, coreFiles } from './harness/dialogHarness.js';
import { button, brOfficer, institutions, jvaOfficer, jvaOfficer2, serviceFixture, visibleText, type ServiceFixture } from './harness/checklistFixtures.js';
import { ChecklistDialog, checklistCapabilities } from '../dialogs/checklist/index.js';
import { LotseBot } from '../src/bot/lotseBot.js';
import { RoleService } from '../src/roles/roleService.js';
import { ConversationDirectory } from '../src/conversations/conversationDirectory.js';
import { silentLogger } from '../src/log/logger.js';
import type { Identity } from '../src/roles/types.js';

type Reply = Partial<Activity> | undefined;
const click = (data: Record<string, unknown>): Partial<Activity> => ({ type: 'message', value: data });

describe('checklist dialog (botbuilder-testing)', () => {
  let fx: ServiceFixture;
  // Wednesday 11 March 2026, 10:00 in Berlin.
  beforeEach(async () => {
    fx = await serviceFixture('2026-03-11T09:00:00Z');
  });
  afterEach(async () => {
    await fx.close();
  });

  const client = (who: Identity, locale = 'de-DE') => dialogClient(new ChecklistDialog(fx.service), () => who, { options: { args: '' }, locale });

  it('starts a case checklist: refuses a name as case reference, proposes the due date, shows step 1 with its source', async () => {
    const c = client(jvaOfficer);
    const list = visibleText(await c.sendActivity('checkliste'));
    expect(list).to.contain('Checkliste starten').and.contain('Zugang eines ausländischen Gefangenen').and.contain('Dolmetscher-Adressdatei aufbauen');
    expect(list).not.to.contain('Einstieg als Integrationsbeauftragte/r der Bezirksregierung');
    expect(visibleText(await c.sendActivity('Zugang'))).to.contain('pseudonymes Aktenzeichen').and.contain('Ohne Aktenzeichen');
    expect(visibleText(await c.sendActivity('Herr Beispiel'))).to.contain('Das sieht nach einem Namen aus');
    expect(visibleText(await c.sendActivity('Max Mustermann'))).to.contain('Das sieht nach einem Namen aus');
    expect(visibleText(await c.sendActivity('123/24'))).to.contain('Vorschlag: Mi., 18.03.2026');
    expect(visibleText(await c.sendActivity('irgendwann'))).to.contain('Das Datum habe ich nicht erkannt');
    const card = await c.sendActivity('ok');
    const text = visibleText(card);
    expect(text).to.contain('Checkliste CL-2026-0001 gestartet');
    expect(text).to.contain('Schritt 1 von 9: Sprache klären, Sprachmittlung organisieren');
    expect(text).to.contain('Quelle: § 8 StVollzG NRW; JM-Richtlinien IB Nr. 2.2');
    expect(text).to.contain('Zuständig: Dolmetscher – schreiben Sie „zuständig Dolmetscher“');
    expect(text).to.contain('Aktenzeichen: 123/24').and.contain('Fällig: Mi., 18.03.2026');
    expect(text).to.contain('Dieser Schritt ist heute fällig (Mi., 11.03.2026)');
    expect(card?.text, 'card summary').to.contain('CL-2026-0001 · Schritt 1 von 9');
    expect(JSON.stringify(fx.auditLines())).not.to.contain('Beispiel');
  });

  it('walks steps with buttons and words, skips with a reason, pauses, and resumes exactly there in a new conversation state', async () => {
    const c = client(jvaOfficer);
    await c.sendActivity('checkliste');
    await c.sendActivity('Zugang');
    await c.sendActivity('ohne');
    let card: Reply = await c.sendActivity('keine');
    expect(visibleText(card)).to.contain('Schritt 1 von 9').and.not.contain('Aktenzeichen:').and.not.contain('Fällig:');
    card = await c.sendActivity(click(button(card, 'Erledigt')));
    expect(visibleText(card)).to.contain('Erledigt: „Sprache klären, Sprachmittlung organisieren“').and.contain('Schritt 2 von 9');
    const ask = await c.sendActivity('überspringen');
    expect(visibleText(ask)).to.contain('Warum überspringen Sie „Zugangsgespräch führen').and.contain('Trifft nicht zu');
    expect(visibleText(await c.sendActivity('Frau Beispiel macht das'))).to.contain('Das sieht nach einem Namen aus');
    card = await c.sendActivity('Trifft nicht zu');
    expect(visibleText(card)).to.contain('Übersprungen:').and.contain('Schritt 3 von 9').and.contain('1 von 9 erledigt, 1 übersprungen');
    card = await c.sendActivity('notiz Dolmetscher für Mo gebucht');
    expect(visibleText(card)).to.contain('Notiz gespeichert').and.contain('Schritt 3 von 9').and.contain('Dolmetscher für Mo gebucht');
    expect(visibleText(await c.sendActivity('was nun?'))).to.contain('Bitte nutzen Sie die Schaltflächen');
    expect(visibleText(await c.sendActivity(click(button(card, 'Später'))))).to.contain('Pausiert').and.contain('2 von 9 Schritten');
    expect(c.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);

    // A new dialog state (as after a restart that lost it): "checkliste" offers to resume, not a new start.
    fx.clock.set('2026-03-12T08:00:00Z');
    await fx.reopen();
    const again = dialogClient(new ChecklistDialog(fx.service), () => jvaOfficer, { options: { args: '' } });
    const runs = visibleText(await again.sendActivity('checkliste'));
    expect(runs).to.contain('Sie haben offene Checklisten').and.contain('CL-2026-0001').and.contain('1 von 9 erledigt, 1 übersprungen');
    const resumed = visibleText(await again.sendActivity('1'));
    expect(resumed).to.contain('Schritt 3 von 9: Ärztliche Zugangsuntersuchung').and.contain('Dolmetscher für Mo gebucht');
    expect(resumed).to.contain('1 von 9 erledigt, 1 übersprungen');
  });

  it('an old card button still works after the dialog ended, and a resolved step is not marked twice', async () => {
    const c = client(jvaOfficer);
    await c.sendActivity('checkliste neu');
    await c.sendActivity('Schulung');
    const first = await c.sendActivity('keine');
    await c.sendActivity('später');
    const second = await c.sendActivity(click(button(first, 'Erledigt')));
    expect(visibleText(second)).to.contain('Erledigt: „Bedarf ermitteln“').and.contain('Schritt 2 von 6');
    const dup = await c.sendActivity(click(button(first, 'Erledigt')));
    expect(visibleText(dup)).to.contain('Der Schritt „Bedarf ermitteln“ ist bereits erledigt').and.contain('Schritt 2 von 6');
  });

  it('speaks English, offers the Bezirksregierung its templates, and finishes with a summary card', async () => {
    const c = client(brOfficer, 'en-US');
    const list = await c.sendActivity('checklist');
    const text = visibleText(list);
    expect(text).to.contain('Getting started as integration officer of a district government').and.contain('Staff training');
    expect(text).not.to.contain('Admission of a foreign prisoner');
    expect(visibleText(await c.sendActivity(click(button(list, 'Start "Staff training"', { t: 'schulung' }))))).to.contain('When should the checklist be finished?');
    let card: Reply = await c.sendActivity('next friday');
    expect(visibleText(card)).to.contain('Due: Fri, 20 Mar 2026').and.contain('Step 1 of 6: Identify the need');
    expect(visibleText(card)).to.contain('Source: practice recommendation derived from Flyer „Integration im Vollzug“; Runderlass 5.12.2023 Nr. 5');
    for (let i = 2; i <= 6; i++) {
      card = await c.sendActivity('done');
      expect(visibleText(card)).to.contain(`Step ${i} of 6`);
    }
    const summary = await c.sendActivity('done');
    expect(visibleText(summary)).to.contain('Finished: Staff training').and.contain('6 of 6 done, 0 skipped');
    expect(summary?.text).to.contain('finished: 6 done, 0 skipped of 6 steps');
    expect(c.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);
  });

  it('changes the due date in words, goes back a step, and deletes after confirmation', async () => {
    const c = client(jvaOfficer);
    await c.sendActivity('checkliste Krisenintervention');
    await c.sendActivity('BN 4711-2026');
    await c.sendActivity('ok');
    await c.sendActivity('erledigt');
    let card = await c.sendActivity('frist in 2 Wochen');
    expect(visibleText(card)).to.contain('Frist gespeichert: Mi., 25.03.2026').and.contain('Fällig: Mi., 25.03.2026');
    expect(fx.scheduler.jobs.get('checklist:CL-2026-0001:due')?.dueAt).to.equal('2026-03-25T07:00:00.000Z');
    card = await c.sendActivity('zurück');
    expect(visibleText(card)).to.contain('Zurück zu Schritt 1').and.contain('Dieser Schritt ist als erledigt markiert');
    expect(visibleText(await c.sendActivity('löschen'))).to.contain('Checkliste CL-2026-0001 wirklich löschen?');
    expect(visibleText(await c.sendActivity('Ja, löschen'))).to.contain('Checkliste CL-2026-0001 gelöscht');
    expect(fx.scheduler.jobs.size).to.equal(0);
    expect((await fx.service.listOpen(jvaOfficer)).views).to.have.length(0);
  });

  it('another user can neither see nor change the run, even with its card', async () => {
    const owner = client(jvaOfficer);
    await owner.sendActivity('checkliste');
    await owner.sendActivity('Zugang');
    await owner.sendActivity('123/24');
    const card = await owner.sendActivity('keine');
    const other = client(jvaOfficer2);
    expect(visibleText(await other.sendActivity(click(button(card, 'Erledigt'))))).to.contain('Die Checkliste CL-2026-0001 finde ich nicht');
    expect(visibleText(await other.sendActivity('checkliste CL-2026-0001'))).to.contain('finde ich nicht');
    expect(visibleText(await other.sendActivity('checkliste löschen CL-2026-0001'))).to.contain('finde ich nicht');
    const forged = { cmd: 'checkliste', checklist: { a: 'done', r: 'CL-2026-0001', s: 'sprache', extra: 'x' } };
    expect(visibleText(await other.sendActivity(click(forged)))).to.contain('Checkliste starten'); // not a valid action: ignored
    const opened = await fx.service.open(jvaOfficer, 'CL-2026-0001');
    expect(opened.ok && opened.value.done).to.equal(0);
  });

  describe('through the bot router (cancel, roles, menu)', () => {
    let core: Awaited<ReturnType<typeof coreFiles>>;
    let bot: LotseBot;
    beforeEach(async () => {
      core = await coreFiles();
      const roster = [
        { id: jvaOfficer.userKey, role: 'officer' as const, institutionId: 'jva-koeln' },
        { id: brOfficer.userKey, role: 'officer' as const, institutionId: 'br-detmold' },
      ];
      bot = new LotseBot({
        conversationState: new ConversationState(new MemoryStorage()),
        roles: new RoleService(core.store, roster, institutions, core.audit),
        conversations: new ConversationDirectory(core.store),
        audit: core.audit,
        log: silentLogger,
        capabilities: checklistCapabilities(fx.service),
        allowedTenants: [],
        timeZone: 'Europe/Berlin',
      });
    });
    afterEach(async () => {
      await core.close();
    });
    let conversations = 0;
    // Each client its own conversation: the bot drops an activity id it has already seen in a conversation.
    const routed = (userId: string) =>
      new DialogTestClient(
        new TestAdapter((ctx) => bot.run(ctx), {
          channelId: 'test',
          from: { id: userId, name: 'x' },
          conversation: { id: `conversation-${++conversations}` },
          locale: 'de-DE',
        } as Partial<Activity>),
        new ChecklistDialog(fx.service),
      );

    it('"abbrechen" mid-way: before the run exists nothing is saved; afterwards the run stays open and resumes', async () => {
      const c = routed(jvaOfficer.userKey);
      await c.sendActivity('checkliste');
      expect(visibleText(await c.sendActivity('Zugang'))).to.contain('pseudonymes Aktenzeichen');
      expect(visibleText(await c.sendActivity('abbrechen'))).to.contain('Abgebrochen');
      expect((await fx.service.listOpen(jvaOfficer)).views).to.have.length(0);
      expect(visibleText(await c.sendActivity('checkliste'))).to.contain('Checkliste starten');
      await c.sendActivity('Krisenintervention');
      await c.sendActivity('ohne');
      await c.sendActivity('keine');
      await c.sendActivity('erledigt');
      expect(visibleText(await c.sendActivity('überspringen'))).to.contain('Warum überspringen Sie');
      expect(visibleText(await c.sendActivity('abbrechen'))).to.contain('Abgebrochen');
      const list = visibleText(await c.sendActivity('checkliste'));
      expect(list).to.contain('Sie haben offene Checklisten').and.contain('1 von 7 erledigt, 0 übersprungen');
      expect(visibleText(await c.sendActivity('1'))).to.contain('Schritt 2 von 7');
    });

    it('staff may not use checklists; officers see them in the menu; "meine checklisten" lists open runs', async () => {
      expect(visibleText(await routed('someone-else').sendActivity('checkliste'))).to.contain('fehlt Ihnen die Berechtigung');
      const c = routed(jvaOfficer.userKey);
      expect(visibleText(await c.sendActivity('hilfe'))).to.contain('Checklisten');
      expect(visibleText(await c.sendActivity('meine checklisten'))).to.contain('Sie haben keine offenen Checklisten');
    });
  });
});
