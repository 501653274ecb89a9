// Directory dialogs with botbuilder-testing: responsibility questions (ask → answer, ask for the place,
// English answers), search, the add/edit card form (errors next to the fields, nothing half-written,
// version conflicts), confirm by coordinators; role checks and audit in the service.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { DialogTurnStatus, type Dialog } from 'botbuilder-dialogs';
import {
  CONTACT_FORM_DIALOG,
  directoryCapabilities,
  RESPONSIBLE_DIALOG,
  SEARCH_DIALOG,
} from '../dialogs/directory/index.js';
import { AuditLog } from '../src/audit/auditLog.js';
import { DirectoryService } from '../src/directory/service.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import type { Identity } from '../src/roles/types.js';
import { tempDir } from './harness/botProcess.js';
import { dialogClient } from './harness/dialogHarness.js';

const institutions = loadInstitutions();
const clock = { now: () => new Date('2026-11-20T10:00:00Z') };
const staff: Identity = { userKey: 'staff-1', role: 'staff' };
const officer: Identity = { userKey: 'officer-1', role: 'officer', institutionId: 'jva-werl' };
const coordinator: Identity = { userKey: 'coord-1', role: 'coordinator', unitId: 'koordinierungsstelle' };

/** All text of a reply: its text, card texts, input labels/values, button titles. */
function textOf(reply: Partial<Activity> | undefined): string {
  const parts: string[] = [reply?.text ?? ''];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'label', 'value']) if (typeof o[key] === 'string') parts.push(o[key] as string);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(reply?.attachments);
  walk(reply?.suggestedActions);
  return parts.join('\n');
}

function cardOf(reply: Partial<Activity> | undefined): Record<string, any> {
  expect(reply?.attachments?.[0]?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
  expect(reply?.text, 'every card carries a summary').to.be.a('string').and.not.equal('');
  return reply!.attachments![0]!.content as Record<string, any>;
}

function auditLines(dir: string): Record<string, string>[] {
  return readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('directory dialogs', () => {
  let dir: string;
  let audit: AuditLog;
  let service: DirectoryService;
  let dialogs: Map<string, Dialog>;
  let who: Identity;

  beforeEach(async () => {
    dir = tempDir('lotse-dir-dialog-');
    audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
    service = await DirectoryService.open({ dataDir: dir, institutions, audit, clock, initial: 'sample' });
    dialogs = new Map(directoryCapabilities(service, institutions, 'Europe/Berlin').flatMap((c) => c.dialogs ?? []).map((d) => [d.id, d]));
    who = staff;
  });
  afterEach(async () => {
    await service.close();
    await audit.close();
  });

  const client = (id: string, options: unknown, locale?: string) => dialogClient(dialogs.get(id)!, () => who, { options, ...(locale ? { locale } : {}) });

  describe('wer ist zuständig', () => {
    it('asks what and where when nothing was given, then answers with contact and deputy (audited reads)', async () => {
      const c = client(RESPONSIBLE_DIALOG, { args: '' });
      expect(textOf(await c.sendActivity('hallo'))).to.contain('Wofür und wo');
      const reply = await c.sendActivity('Dolmetscher JVA Köln');
      const text = textOf(reply);
      cardOf(reply);
      expect(text).to.contain('Zuständig: Dolmetscher und Sprachmittlung').and.contain('Integrationsbeauftragte/r der JVA Köln');
      expect(text).to.contain('Vertretung').and.contain('Sozialdienst der JVA Köln');
      expect(text).to.contain('integration.jva-koeln@example.org').and.contain('Zuletzt bestätigt');
      expect(text, 'staff get no edit or confirm buttons').not.to.contain('Bearbeiten').and.not.contain('Bestätigen');
      expect(c.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);
      await audit.flush();
      const reads = auditLines(dir).filter((l) => l.action === 'directory.contact.read').map((l) => l.record);
      expect(reads).to.have.members(['integration-jva-koeln', 'sozialdienst-jva-koeln']);
    });

    it('asks for the place when only the topic is known, then answers', async () => {
      const c = client(RESPONSIBLE_DIALOG, { args: 'Wer ist für Seelsorge zuständig?' });
      const first = await c.sendActivity('start');
      expect(textOf(first)).to.contain('in jeder Einrichtung eigene Ansprechpartner');
      expect(textOf(c.getNextReply())).to.contain('Für welche Einrichtung');
      const answer = await c.sendActivity('Werl');
      expect(textOf(answer)).to.contain('Seelsorge der JVA Werl');
    });

    it('answers an English question in English even in a German client, and marks outdated entries', async () => {
      const c = client(RESPONSIBLE_DIALOG, { args: 'Who is the chaplain at JVA Werl?' });
      const reply = await c.sendActivity('start');
      const text = textOf(reply);
      expect(text).to.contain('Responsible: Religious care and chaplaincy').and.contain('Deputy');
      const stale = textOf(await client(RESPONSIBLE_DIALOG, { args: 'zuständig Sprachmittlung Aachen' }).sendActivity('x'));
      expect(stale).to.contain('Zuletzt bestätigt: Di., 15.09.2026').and.not.contain('veraltet');
      const old = Object.values(service.data.contacts).find((x) => x.lastConfirmed === '2025-06-30' && x.institutionId?.startsWith('jva-'))!;
      const r = service.data.responsibilities.find((x) => x.contactId === old.id)!;
      const inst = institutions.byId(r.institutionId)!;
      const oldText = textOf(await client(RESPONSIBLE_DIALOG, { args: `zuständig ${r.topic} ${inst.name}` }).sendActivity('x'));
      expect(oldText).to.contain('veraltet');
    });

    it('an ambiguous question gets a short choice card whose buttons send a resolvable command', async () => {
      const reply = await client(RESPONSIBLE_DIALOG, { args: 'Integrationsbeauftragte Detmold' }).sendActivity('x');
      const card = cardOf(reply);
      expect(textOf(reply)).to.contain('mehrere Einrichtungen');
      const commands = card.actions.map((a: any) => a.data.msteams.value);
      expect(commands).to.deep.equal(['zuständig Integration – JVA Detmold', 'zuständig Integration – Bezirksregierung Detmold']);
      const next = await client(RESPONSIBLE_DIALOG, { args: commands[1].replace(/^zuständig /, '') }).sendActivity('x');
      expect(textOf(next)).to.contain('Integrationsbeauftragte/r der Bezirksregierung Detmold');
    });

    it('an unknown one says so and names the coordinating body to ask, with its card', async () => {
      const text = textOf(await client(RESPONSIBLE_DIALOG, { args: 'Konsulat JVA Kleve' }).sendActivity('x'));
      expect(text).to.contain('Für Konsulate und Auslandsvertretungen in der JVA Kleve habe ich keinen Eintrag');
      expect(text).to.contain('Bitte fragen Sie bei der Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug) nach');
      expect(text).to.contain('koordinierungsstelle-integration@example.org');
      const br = textOf(await client(RESPONSIBLE_DIALOG, { args: 'Datenschutz Bezirksregierung Köln' }).sendActivity('x'));
      expect(br).to.contain('Kompetenzzentrum für Integration (KfI)');
    });

    it('coordinators see a confirm button, officers an edit button', async () => {
      who = coordinator;
      expect(textOf(await client(RESPONSIBLE_DIALOG, { args: 'Seelsorge Werl' }).sendActivity('x'))).to.contain('Bestätigen').and.contain('Bearbeiten');
      who = officer;
      const text = textOf(await client(RESPONSIBLE_DIALOG, { args: 'Seelsorge Werl' }).sendActivity('x'));
      expect(text).to.contain('Bearbeiten').and.not.contain('Bestätigen');
    });
  });

  describe('kontakte …', () => {
    it('searches with the words given; the results are audited reads', async () => {
      const reply = await client(SEARCH_DIALOG, { args: 'Dolmetscher Arabisch' }).sendActivity('x');
      const text = textOf(reply);
      expect(text).to.contain('Nur Kontakte mit der Sprache Arabisch').and.contain('Dolmetscherpool Rheinland (Beispiel)');
      expect(reply.text).to.equal('4 Kontakte gefunden.');
      await audit.flush();
      expect(auditLines(dir).filter((l) => l.action === 'directory.contact.read')).to.have.length(4);
    });

    it('asks when no words were given; says so when nothing is found', async () => {
      const c = client(SEARCH_DIALOG, { args: '' });
      expect(textOf(await c.sendActivity('x'))).to.contain('Wonach suchen Sie');
      expect(textOf(await c.sendActivity('Quantenphysik Atlantis'))).to.contain('keinen Kontakt gefunden');
    });
  });

  describe('contact form', () => {
    const submit = (values: Record<string, unknown>) => ({ type: 'message', value: { cmd: 'kontakte speichern', directoryForm: 'contact', ...values } }) as Partial<Activity>;
    const good = { name: 'Beratungsstelle Test (Beispiel)', category: 'counselling', institution: 'JVA Werl', region: 'Werl', topics: 'release,crisis', languages: 'Arabisch, tr', email: 'beratung@example.org', phone: '', url: '', notes: 'Testeintrag' };

    it('shows the form, returns errors next to the fields with the input kept, stores nothing until valid', async () => {
      who = officer;
      const c = client(CONTACT_FORM_DIALOG, {});
      const form = cardOf(await c.sendActivity('kontakte neu'));
      expect(form.body.map((e: any) => e.id).filter(Boolean)).to.deep.equal(['name', 'category', 'institution', 'region', 'topics', 'languages', 'email', 'phone', 'url', 'notes']);
      expect(form.actions[0]).to.deep.include({ type: 'Action.Submit' });
      const before = Object.keys(service.data.contacts).length;

      const bad = await c.sendActivity(submit({ ...good, name: '', institution: 'JVA Atlantis', email: 'keine-mail', languages: 'Klingonisch' }));
      const badCard = cardOf(bad);
      expect(bad.text).to.contain('nichts gespeichert');
      const ids: string[] = badCard.body.map((e: any) => e.id ?? `(${e.type})`);
      const errorAfter = (field: string) => JSON.stringify(badCard.body[ids.indexOf(field) + 1]);
      expect(errorAfter('name')).to.contain('Pflichtfeld');
      expect(errorAfter('institution')).to.contain('JVA Atlantis').and.contain('Attention');
      expect(errorAfter('email')).to.contain('keine gültige E-Mail-Adresse');
      expect(errorAfter('languages')).to.contain('Klingonisch');
      expect(badCard.body.find((e: any) => e.id === 'email').value, 'what was typed stays').to.equal('keine-mail');
      expect(Object.keys(service.data.contacts)).to.have.length(before);
      expect(c.dialogTurnResult.status).to.equal(DialogTurnStatus.waiting);

      expect(textOf(await c.sendActivity('hallo?'))).to.contain('Bitte füllen Sie das Formular aus');

      const saved = await c.sendActivity(submit(good));
      expect(textOf(saved)).to.contain('Gespeichert').and.contain('Beratungsstelle Test (Beispiel)');
      expect(c.dialogTurnResult.status).to.equal(DialogTurnStatus.complete);
      const id = c.dialogTurnResult.result as string;
      expect(service.data.contacts[id]).to.deep.include({ category: 'counselling', institutionId: 'jva-werl', topics: ['release', 'crisis'], languages: ['ar', 'tr'], updatedBy: 'officer-1', version: 1 });
      expect(service.data.contacts[id]!.lastConfirmed, 'adding does not confirm').to.equal(undefined);
      expect((await service.search(officer, 'Beratungsstelle Test Werl')).contacts[0]!.id).to.equal(id);
      await audit.flush();
      expect(auditLines(dir).some((l) => l.action === 'directory.contact.create' && l.record === id)).to.equal(true);
      expect(readFileSync(path.join(dir, 'audit.jsonl'), 'utf8')).not.to.contain('Beratungsstelle');
    });

    it('edits with the version it was shown; a change in between is a conflict with the current state', async () => {
      who = officer;
      const c = client(CONTACT_FORM_DIALOG, { contactId: 'seelsorge-jva-werl' });
      const form = cardOf(await c.sendActivity('kontakte bearbeiten seelsorge-jva-werl'));
      expect(form.body.find((e: any) => e.id === 'name').value).to.equal('Seelsorge der JVA Werl');
      expect(form.actions[0].data).to.deep.include({ contactId: 'seelsorge-jva-werl', version: 1 });
      const values = { name: 'Seelsorge der JVA Werl (ev. und kath.)', category: 'function', institution: 'JVA Werl', topics: 'religious-care', email: 'seelsorge.jva-werl@example.org' };
      // Someone else saves first.
      await service.saveContact(coordinator, { ...values, name: 'Anderer Stand' }, { id: 'seelsorge-jva-werl', version: 1 });
      const conflict = await c.sendActivity(submit({ ...values, contactId: 'seelsorge-jva-werl', version: 1 }));
      expect(textOf(conflict)).to.contain('inzwischen von jemand anderem geändert');
      const current = cardOf(c.getNextReply());
      expect(current.body.find((e: any) => e.id === 'name').value).to.equal('Anderer Stand');
      expect(current.actions[0].data.version).to.equal(2);
      const saved = await c.sendActivity(submit({ ...values, contactId: 'seelsorge-jva-werl', version: 2 }));
      expect(textOf(saved)).to.contain('Die Änderungen sind im Verzeichnis');
      expect(service.data.contacts['seelsorge-jva-werl']).to.deep.include({ name: 'Seelsorge der JVA Werl (ev. und kath.)', version: 3, lastConfirmed: '2026-03-02' });
    });

    it('a submit arriving when no form is open (older card) is handled the same way', async () => {
      who = officer;
      const c = client(CONTACT_FORM_DIALOG, { submitted: submit(good).value });
      const reply = await c.sendActivity(submit(good));
      expect(textOf(reply)).to.contain('Gespeichert');
    });
  });

  describe('start-up', () => {
    it('a new DATA_DIR starts with the sample (development) or empty (production); an empty directory still names whom to ask', async () => {
      expect(service.data.source).to.equal('sample');
      const emptyDir = tempDir('lotse-dir-empty-');
      const empty = await DirectoryService.open({ dataDir: emptyDir, institutions, audit, clock, initial: 'empty' });
      try {
        expect(Object.keys(empty.data.contacts)).to.have.length(0);
        const r = await empty.answer(staff, 'Wer ist in der JVA Köln für Dolmetscher zuständig?');
        expect(r.kind === 'unknown' && r.coordination.id).to.equal('koordinierungsstelle');
        expect(r.kind === 'unknown' && r.coordinationContact).to.equal(undefined);
      } finally {
        await empty.close();
      }
    });
  });

  describe('roles in the service', () => {
    it('staff may not add or edit, officers may not confirm (audited as denied)', async () => {
      expect(await service.saveContact(staff, { name: 'X', category: 'function', email: 'x@example.org' })).to.deep.equal({ ok: false, reason: 'forbidden' });
      expect(await service.confirmContact(officer, 'seelsorge-jva-werl')).to.deep.equal({ ok: false, reason: 'forbidden' });
      await audit.flush();
      const denied = auditLines(dir).filter((l) => l.outcome === 'denied').map((l) => l.action);
      expect(denied).to.deep.equal(['directory.contact.create', 'directory.contact.confirm']);
    });

    it('a coordinator confirms a contact and its responsibilities (today), durably', async () => {
      const r = await service.confirmContact(coordinator, 'integration-jva-werl');
      expect(r).to.deep.include({ ok: true, responsibilities: 3 });
      expect(service.data.contacts['integration-jva-werl']!.lastConfirmed).to.equal('2026-11-20');
      const onDisk = JSON.parse(readFileSync(path.join(dir, 'directory.json'), 'utf8'));
      expect(onDisk.data.responsibilities.filter((x: any) => x.contactId === 'integration-jva-werl').map((x: any) => x.lastConfirmed)).to.deep.equal(['2026-11-20', '2026-11-20', '2026-11-20']);
      const answer = await service.answer(staff, 'Dolmetscher JVA Werl');
      expect(answer.kind === 'answer' && answer.responsibility.lastConfirmed).to.equal('2026-11-20');
    });

    it('notes with personal data are refused in the form, nothing stored (issue 10)', async () => {
      const before = JSON.stringify(service.data);
      const contact = { name: 'Beratungsstelle (Beispiel)', category: 'counselling', email: 'beratung@example.org' };
      for (const notes of ['Ansprechpartnerin Jovana Petrović-Kessler', 'privat +49 170 5550 1234', 'geb. 14.03.1987']) {
        const r = await service.saveContact(officer, { ...contact, notes });
        expect(r.ok === false && r.reason === 'invalid' && r.issues, notes).to.deep.equal([{ field: 'notes', code: 'personalData' }]);
      }
      expect(JSON.stringify(service.data)).to.equal(before);
      expect((await service.saveContact(officer, { ...contact, notes: 'Sprechzeiten dienstags 9–12 Uhr' })).ok).to.equal(true);
    });

    it('a form with unexpected shapes is refused before validation (zod), nothing stored', async () => {
      const before = JSON.stringify(service.data);
      const r = await service.saveContact(officer, { name: ['x'], category: 'function', email: 'x@example.org' });
      expect(r.ok).to.equal(false);
      expect(JSON.stringify(service.data)).to.equal(before);
    });
  });
});
