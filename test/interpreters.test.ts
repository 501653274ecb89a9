// Interpreter requests: the service on real files — lifecycle, organisers and their notifications, stale
// cards, access, the interpreter inbox channel, the address file, audit without content, restart.
import { expect } from 'chai';
import { inboxKey } from '../src/interpreters/service.js';
import { StoreWriteError } from '../src/store/errors.js';
import { rejects } from './harness/tempFiles.js';
import {
  admin,
  brOfficer,
  interpreterFixture,
  organiser,
  requester,
  requestInput,
  staff,
  visible,
  werl,
  type InterpreterFixture,
} from './harness/interpreterFixtures.js';

describe('interpreters: service on real files', () => {
  let fx: InterpreterFixture;
  beforeEach(async () => {
    fx = await interpreterFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('create → the other officers of the institution get a card; nothing goes to the requester yet', async () => {
    const created = await fx.service.create(requester, requestInput({ caseRef: 'BN 4711-2026', dialect: 'Syrisch' }));
    expect(created.ok).to.equal(true);
    if (!created.ok) return;
    expect(created.value).to.deep.include({ id: 'DOL-2026-0001', version: 1, status: 'angefragt', institutionId: 'jva-koeln', placeId: 'jva-koeln', caseRef: 'BN 4711-2026' });
    expect(created.value.organisers).to.deep.equal([{ userKey: organiser.userKey }]);
    expect(fx.notifier.to(requester.userKey)).to.have.length(0);
    const [card] = fx.notifier.to(organiser.userKey);
    expect(card!.key).to.equal('dol:DOL-2026-0001:org:officer-koeln-2');
    const text = visible(card!.payload.card);
    expect(text).to.contain('Dolmetscheranfrage DOL-2026-0001').and.contain('Arabisch').and.contain('Video').and.contain('Zugangsgespräch');
    expect(text).to.contain('Kosten (Schätzung): 93,00 €').and.contain('KostBRÄG 2025');
    expect(text).to.contain('Dialekt/Variante: Syrisch').and.contain('Aktenzeichen: BN 4711-2026');
    const confirm = (card!.payload.card as any).actions.find((a: any) => a.verb === 'interpreter.confirm');
    expect(confirm.data.dol).to.deep.equal({ r: 'DOL-2026-0001', v: 1 });
    expect(card!.payload.text).to.contain('DOL-2026-0001');
    const second = await fx.service.create(requester, requestInput());
    expect(second.ok && second.value.id).to.equal('DOL-2026-0002');
  });

  it('refuses past times, names as case reference or dialect, and non-officers — storing nothing', async () => {
    expect(await fx.service.create(requester, requestInput({ start: new Date('2026-03-10T08:00:00Z') }))).to.deep.equal({ ok: false, reason: 'past' });
    expect(await fx.service.create(requester, requestInput({ caseRef: 'Herr Beispiel' }))).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(await fx.service.create(requester, requestInput({ dialect: 'Frau Beispiel' }))).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(await fx.service.create(requester, requestInput({ durationMin: 600 }))).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(await fx.service.create(requester, requestInput({ language: 'Arabisch' }))).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(await fx.service.create(staff, requestInput())).to.deep.equal({ ok: false, reason: 'forbidden' });
    expect(await fx.service.create(admin, requestInput())).to.deep.equal({ ok: false, reason: 'forbidden' });
    expect(Object.keys(fx.store.data.requests)).to.have.length(0);
    expect(fx.notifier.sent).to.have.length(0);
    expect(fx.auditText()).not.to.contain('Beispiel');
  });

  it('confirm → requester notified, every organiser card updated in place; a stale card is refused', async () => {
    const created = await fx.service.create(requester, requestInput());
    if (!created.ok) throw new Error('not created');
    const entry = await fx.service.addEntry(organiser, { kind: 'service', name: 'Videodolmetschdienst Beispiel', languages: ['ar'], modes: ['video'], sworn: true, contact: 'video@example.org' });
    if (!entry.ok) throw new Error('no entry');
    fx.notifier.clear();
    fx.clock.set('2026-03-10T14:00:00Z');
    const confirmed = await fx.service.confirm(organiser, { id: 'DOL-2026-0001', version: 1 }, { entryId: entry.value.id, note: 'Treffpunkt Pforte' });
    expect(confirmed.ok).to.equal(true);
    if (!confirmed.ok) return;
    expect(confirmed.value).to.deep.include({ status: 'bestaetigt', version: 2 });
    expect(confirmed.value.confirmation).to.deep.equal({ by: organiser.userKey, at: '2026-03-10T14:00:00.000Z', entryId: entry.value.id, note: 'Treffpunkt Pforte' });
    const [notice] = fx.notifier.to(requester.userKey);
    expect(notice!.key).to.equal('dol:DOL-2026-0001:req:v2');
    expect(notice!.payload.text).to.contain('ist bestätigt');
    expect(visible(notice!.payload.card)).to.contain('Videodolmetschdienst Beispiel').and.contain('Treffpunkt Pforte').and.contain('Stornieren');
    const [update] = fx.notifier.to(organiser.userKey);
    expect(update).to.deep.include({ key: 'dol:DOL-2026-0001:org:officer-koeln-2:v2', replaces: 'dol:DOL-2026-0001:org:officer-koeln-2' });
    expect((update!.payload.card as any).actions.map((a: any) => a.verb)).to.deep.equal(['interpreter.done', 'interpreter.decline']);

    const again = await fx.service.confirm(organiser, { id: 'DOL-2026-0001', version: 1 }, {});
    expect(again.ok).to.equal(false);
    if (!again.ok) expect([again.reason, again.current?.version]).to.deep.equal(['stale', 2]);
    const wrong = await fx.service.confirm(organiser, { id: 'DOL-2026-0001', version: 2 }, {});
    expect(!wrong.ok && wrong.reason).to.equal('wrongStatus');
  });

  it('confirm refuses a name or a phone number as the interpreter and in the note; nothing is stored (issue 10)', async () => {
    const created = await fx.service.create(requester, requestInput());
    if (!created.ok) throw new Error('not created');
    const ref = { id: created.value.id, version: 1 };
    for (const input of [{ interpreter: 'Jovana Petrović-Kessler' }, { interpreter: 'Dolmetschbüro, Tel. +49 170 5550 1234' }, { interpreter: 'Dolmetscherbüro Beispiel', note: 'Jovana Petrović-Kessler kommt' }]) {
      expect(await fx.service.confirm(organiser, ref, input), JSON.stringify(input)).to.deep.equal({ ok: false, reason: 'invalid' });
    }
    expect(fx.store.data.requests[created.value.id]).to.deep.include({ status: 'angefragt', version: 1 });
    expect(JSON.stringify(fx.store.data)).not.to.contain('Petrović').and.not.to.contain('5550');
    const ok = await fx.service.confirm(organiser, ref, { interpreter: 'Dolmetscherbüro Beispiel' });
    expect(ok.ok && ok.value.confirmation?.interpreter).to.equal('Dolmetscherbüro Beispiel');
  });

  it('only organisers of the institution act; others are told "not found" and the attempt is audited', async () => {
    const created = await fx.service.create(requester, requestInput());
    if (!created.ok) throw new Error('not created');
    for (const who of [werl, brOfficer, admin, staff]) {
      expect(await fx.service.confirm(who, { id: created.value.id, version: 1 }, {})).to.deep.equal({ ok: false, reason: 'notFound' });
      expect((await fx.service.get(who, created.value.id)).ok).to.equal(false);
    }
    expect(await fx.service.cancel(organiser, created.value.id)).to.deep.equal({ ok: false, reason: 'notFound' });
    expect(fx.auditText().match(/"interpreter.confirm","record":"DOL-2026-0001","role":"\w+","outcome":"denied"/g)).to.have.length(4);
    const asOrganiser = await fx.service.get(organiser, created.value.id);
    expect(asOrganiser.ok && asOrganiser.value.as).to.equal('organiser');
    expect((await fx.service.listOwn(organiser)).map((r) => r.id)).to.deep.equal([]);
    expect((await fx.service.listOwn(requester)).map((r) => r.id)).to.deep.equal(['DOL-2026-0001']);
  });

  it('decline with a note; a note with personal data is refused; cancel and done notify the other side', async () => {
    const a = await fx.service.create(requester, requestInput());
    const b = await fx.service.create(requester, requestInput({ start: new Date('2026-03-12T09:00:00Z') }));
    if (!a.ok || !b.ok) throw new Error('not created');
    expect(await fx.service.decline(organiser, { id: a.value.id, version: 1 }, { note: 'Bitte Frau Beispiel anrufen' })).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(await fx.service.decline(organiser, { id: a.value.id, version: 1 }, { note: 'Tel. 0221 1234567' })).to.deep.equal({ ok: false, reason: 'invalid' });
    fx.notifier.clear();
    const declined = await fx.service.decline(organiser, { id: a.value.id, version: 1 }, { note: 'Kein Dolmetscher frei, bitte Video' });
    expect(declined.ok && declined.value.closed).to.deep.include({ reason: 'declined', note: 'Kein Dolmetscher frei, bitte Video' });
    expect(fx.notifier.to(requester.userKey)[0]!.payload.text).to.contain('wurde abgesagt');

    await fx.service.confirm(organiser, { id: b.value.id, version: 1 }, { interpreter: 'Dolmetscherbüro Beispiel' });
    fx.notifier.clear();
    const cancelled = await fx.service.cancel(requester, b.value.id, 2);
    expect(cancelled.ok && cancelled.value).to.deep.include({ status: 'storniert', version: 3 });
    expect(fx.notifier.to(requester.userKey)).to.have.length(0);
    const toOrganiser = fx.notifier.to(organiser.userKey);
    expect(toOrganiser.map((r) => r.key)).to.deep.equal(['dol:DOL-2026-0002:org:officer-koeln-2:v3', 'dol:DOL-2026-0002:org:officer-koeln-2:v3:note']);
    expect(toOrganiser[1]!.payload.text).to.contain('storniert');
    expect((toOrganiser[0]!.payload.card as any).actions ?? []).to.have.length(0);
    expect(await fx.service.cancel(requester, b.value.id)).to.deep.include({ ok: false, reason: 'wrongStatus' });

    const c = await fx.service.create(requester, requestInput());
    if (!c.ok) throw new Error('not created');
    await fx.service.confirm(organiser, { id: c.value.id, version: 1 }, { interpreter: 'Dolmetscherbüro Beispiel' });
    fx.notifier.clear();
    const done = await fx.service.markDone(requester, { id: c.value.id });
    expect(done.ok && done.value.status).to.equal('erledigt');
    expect(fx.notifier.to(requester.userKey)).to.have.length(0);
    expect(fx.notifier.to(organiser.userKey)).to.have.length(1);
    const history = fx.store.data.requests[c.value.id]!.history.map((h) => `${h.action}@${h.version}`);
    expect(history).to.deep.equal(['created@1', 'confirmed@2', 'done@3']);
  });

  it('an institution whose only officer is the requester: the requester organises', async () => {
    const created = await fx.service.create(brOfficer, requestInput());
    expect(created.ok && created.value.organisers).to.deep.equal([{ userKey: brOfficer.userKey }]);
    const card = fx.notifier.to(brOfficer.userKey)[0]!;
    expect(visible(card.payload.card)).to.contain('Ihre eigene Anfrage');
    const confirmed = await fx.service.confirm(brOfficer, { id: 'DOL-2026-0001', version: 1 }, { interpreter: 'Dolmetscherbüro Beispiel' });
    expect(confirmed.ok).to.equal(true);
  });

  it('a registered interpreter inbox channel gets the card; anyone acting in that channel may confirm', async () => {
    const channel = { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: '19:dolmetscher@thread.tacv2', conversationType: 'channel', botId: '28:bot', locale: 'de-DE' };
    expect(await fx.service.registerInbox(werl, 'jva-koeln', channel)).to.deep.equal({ ok: false, reason: 'forbidden' });
    expect(await fx.service.registerInbox(organiser, 'jva-koeln', { ...channel, conversationType: 'personal' })).to.deep.equal({ ok: false, reason: 'invalid' });
    expect((await fx.service.registerInbox(organiser, 'jva-koeln', channel)).ok).to.equal(true);
    expect((await fx.service.registerInbox(admin, 'jva-werl', { ...channel, conversationId: '19:werl@thread.tacv2' })).ok).to.equal(true);
    expect(fx.conversations.get(inboxKey('jva-koeln'))?.conversationId).to.equal('19:dolmetscher@thread.tacv2');

    const created = await fx.service.create(requester, requestInput());
    if (!created.ok) throw new Error('not created');
    expect(created.value.organisers).to.deep.equal([{ conversationKey: 'dolmetscher-eingang:jva-koeln' }]);
    const [card] = fx.notifier.to('dolmetscher-eingang:jva-koeln');
    expect(card!.payload.card).not.to.have.property('refresh'); // refresh needs user ids in channels
    const member = { userKey: 'staff-in-channel', role: 'staff' as const };
    expect(await fx.service.confirm(member, { id: created.value.id, version: 1 }, {})).to.deep.equal({ ok: false, reason: 'notFound' });
    expect(await fx.service.confirm(member, { id: created.value.id, version: 1 }, {}, { conversationId: '19:werl@thread.tacv2;messageid=1' })).to.deep.equal({ ok: false, reason: 'notFound' });
    const confirmed = await fx.service.confirm(member, { id: created.value.id, version: 1 }, { interpreter: 'Dolmetscherbüro Beispiel' }, { conversationId: '19:dolmetscher@thread.tacv2;messageid=1700000000000' });
    expect(confirmed.ok && confirmed.value.confirmation?.by).to.equal('staff-in-channel');

    expect((await fx.service.unregisterInbox(organiser, 'jva-koeln')).ok).to.equal(true);
    const next = await fx.service.create(requester, requestInput());
    expect(next.ok && next.value.organisers).to.deep.equal([{ userKey: organiser.userKey }]);
  });

  it('address file: per institution, suggestions by language (family as fallback) and mode, reads audited, names stay out of the audit', async () => {
    const add = (who = organiser, over: Record<string, unknown> = {}) =>
      fx.service.addEntry(who, { kind: 'service', name: 'Dolmetschdienst Beispiel', languages: ['ar'], modes: ['video', 'telefon'], sworn: false, ...over } as never);
    const e1 = await add();
    const e2 = await add(organiser, { kind: 'person', name: 'Dolmetscherin Beispiel-Musterfrau', languages: ['apc', 'ar'], modes: ['vor_ort'], sworn: true, contact: 'buero@example.org' });
    const e3 = await add(organiser, { name: 'BKS-Dienst Beispiel', languages: ['sh'], modes: ['vor_ort', 'video', 'telefon'] });
    const other = await add(werl, { name: 'Werler Dienst' });
    expect([e1, e2, e3, other].map((e) => e.ok && e.value.id)).to.deep.equal(['DA-0001', 'DA-0002', 'DA-0003', 'DA-0004']);
    expect(await add(organiser, { name: '' })).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(await add(organiser, { languages: [] })).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(await add(staff)).to.deep.equal({ ok: false, reason: 'forbidden' });

    expect(fx.service.matchEntries('jva-koeln', 'ar', 'video').map((e) => e.id)).to.deep.equal(['DA-0001']);
    expect(fx.service.matchEntries('jva-koeln', 'apc', 'vor_ort').map((e) => e.id)).to.deep.equal(['DA-0002']);
    expect(fx.service.matchEntries('jva-koeln', 'ary', undefined).map((e) => e.id)).to.deep.equal(['DA-0002', 'DA-0001']); // family
    expect(fx.service.matchEntries('jva-koeln', 'hr', 'video').map((e) => e.id)).to.deep.equal(['DA-0003']);
    expect(fx.service.matchEntries('jva-koeln', 'tr', 'video')).to.deep.equal([]);
    expect((await fx.service.suggestions(requester, 'ar', 'video')).map((e) => e.id)).to.deep.equal(['DA-0001']);

    expect((await fx.service.entries(requester)).map((e) => e.id)).to.deep.equal(['DA-0003', 'DA-0001', 'DA-0002']);
    expect((await fx.service.entries(werl)).map((e) => e.id)).to.deep.equal(['DA-0004']);
    expect(await fx.service.removeEntry(werl, 'DA-0001')).to.deep.equal({ ok: false, reason: 'notFound' });
    expect(await fx.service.removeEntry(requester, 'DA-0001')).to.deep.equal({ ok: true, value: { id: 'DA-0001' } });
    expect(await fx.service.confirm(organiser, { id: 'DOL-2026-0001', version: 1 }, { entryId: 'DA-0004' })).to.deep.equal({ ok: false, reason: 'notFound' });

    const audit = fx.auditText();
    expect(audit).to.contain('"action":"interpreter.address.read","record":"DA-0002"');
    expect(audit).to.contain('"action":"interpreter.address.suggest","record":"DA-0001"');
    expect(audit).not.to.contain('Beispiel').and.not.to.contain('example.org');
  });

  it('keeps everything across a restart; ids continue; a failing outbox refuses the command and loses no record', async () => {
    await fx.service.create(requester, requestInput());
    await fx.reopen();
    expect(fx.store.data.requests['DOL-2026-0001']?.status).to.equal('angefragt');
    fx.notifier.clear();
    fx.notifier.fail = true;
    // One commit with the outbox: the command fails as a whole. On the JSON files the request file is
    // written before the outbox file, so the record itself stays (README "One command, one transaction").
    expect(await rejects(fx.service.create(requester, requestInput()))).to.be.instanceOf(StoreWriteError);
    expect(fx.notifier.sent, 'no message half-stored').to.have.length(0);
    expect(fx.auditText(), 'no audit entry for the failed command').not.to.contain('"record":"DOL-2026-0002"');
    await fx.reopen();
    expect(Object.keys(fx.store.data.requests)).to.deep.equal(['DOL-2026-0001', 'DOL-2026-0002']);
    fx.clock.set('2027-01-05T10:00:00Z');
    fx.notifier.fail = false;
    const newYear = await fx.service.create(requester, requestInput({ start: new Date('2027-01-06T09:00:00Z') }));
    expect(newYear.ok && newYear.value.id).to.equal('DOL-2027-0001');
  });
});
