// Escalations: the service on real files with the real outbox and scheduler (recording port, test
// clock) — notifications, authorisation, restarts, SLA jobs.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DELIVERY_FILE } from '../src/outbox/delivery.js';
import { DeliveryError } from '../src/outbox/types.js';
import { StoreWriteError } from '../src/store/errors.js';
import type { Identity } from '../src/roles/types.js';
import { rejects } from './harness/tempFiles.js';
import { admin, drain, file, fixture, kfi, ks1, ks2, officerBr, officerJva, officerJva2, staff, SUMMARY, type Fixture } from './harness/escalationFixtures.js';

describe('escalations', () => {
  describe('service on real files with the real outbox and scheduler', function () {
    this.timeout(20000);
    let f: Fixture;
    beforeEach(async () => {
      f = await fixture();
    });
    afterEach(async () => {
      await f.close();
    });

    it('files a case: redacted summary, routed unit, SLA due, id per year; coordinators and channel are notified', async () => {
      await f.service.registerInbox(admin, 'koordinierungsstelle', { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: '19:ks@thread.tacv2', conversationType: 'channel', botId: '28:bot', locale: 'de-DE' });
      const c = await file(f);
      expect(c.id).to.equal('ESK-2026-0001');
      expect(c.unitId).to.equal('koordinierungsstelle');
      expect(c.summary).not.to.contain('Mustermann').and.not.to.contain('0171');
      expect(c.summary, 'the pseudonymous reference stays').to.contain('BN 123/26');
      expect(c.slaDueAt).to.equal('2026-03-04T09:00:00.000Z');
      expect((await file(f, { category: 'radikalisierung' })).unitId).to.equal('fb-radikalisierungspraevention');
      expect((await file(f, {}, officerBr)).unitId).to.equal('kfi');
      expect((await file(f, {}, officerBr)).id).to.equal('ESK-2026-0004');
      await drain(f);
      const toKs1 = f.port.to(ks1.userKey);
      expect(toKs1.filter((s) => s.kind === 'send')).to.have.length(1);
      expect(JSON.stringify(toKs1[0]!.payload.card)).to.contain('Aufenthaltsrecht');
      expect(f.port.to(ks2.userKey)).to.have.length(1);
      expect(f.port.to(kfi.userKey), 'KfI gets the Bezirksregierung cases only').to.have.length(2);
      const channel = f.port.to('19:ks@thread.tacv2');
      expect(channel).to.have.length(1);
      const channelJson = JSON.stringify(channel[0]!.payload);
      expect(channelJson).to.contain('ESK-2026-0001').and.contain('Ausländerrechtliche Frage').and.contain('JVA Köln');
      expect(channelJson, 'no summary, no case reference in the channel').not.to.contain('Aufenthaltsrecht').and.not.to.contain('123/26');
      expect(f.auditLines().filter((e) => e.action === 'escalation.disclosed' && e.record === 'ESK-2026-0001').map((e) => e.actor).sort()).to.deep.equal([ks1.userKey, ks2.userKey]);
      const invalid = await f.service.create(officerJva, { category: 'krisenintervention', urgency: 'normal', summary: SUMMARY, unitId: 'kfi' }, 'de');
      expect(invalid, 'no mass assignment').to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await f.service.create(staff, { category: 'krisenintervention', urgency: 'normal', summary: SUMMARY }, 'de')).to.deep.equal({ ok: false, reason: 'forbidden' });
      expect(await f.service.create(officerJva, { category: 'krisenintervention', urgency: 'normal', summary: SUMMARY, caseRef: 'Herr Mustermann' }, 'de')).to.deep.equal({ ok: false, reason: 'invalid' });
    });

    it('two concurrent "übernehmen": exactly one wins, the other is told it changed', async () => {
      const c = await file(f);
      const [a, b] = await Promise.all([
        f.service.act(ks1, { verb: 'take', caseId: c.id, version: 1 }, 'de'),
        f.service.act(ks2, { verb: 'take', caseId: c.id, version: 1 }, 'de'),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).to.have.length(1);
      const loser = a.ok ? b : a;
      expect(loser.ok).to.equal(false);
      expect((loser as { reason: string }).reason).to.equal('stale');
      const stored = f.service.get(c.id)!;
      expect(stored.version).to.equal(2);
      expect(stored.history.filter((h) => h.action === 'taken')).to.have.length(1);
      expect(stored.assignee).to.equal(a.ok ? ks1.userKey : ks2.userKey);
      // Without a version (typed command) the second still cannot take an assigned case.
      const again = await f.service.act(a.ok ? ks2 : ks1, { verb: 'take', caseId: c.id }, 'de');
      expect(again).to.include({ ok: false, reason: 'invalidState' });
    });

    it('refuses and audits a forged coordinator action by an officer, a cross-unit action and malformed input', async () => {
      const c = await file(f);
      expect(await f.service.act(officerJva, { verb: 'take', caseId: c.id, version: 1 }, 'de')).to.include({ ok: false, reason: 'forbidden' });
      expect(await f.service.act(kfi, { verb: 'resolve', caseId: c.id, version: 1, text: 'zu' }, 'de')).to.include({ ok: false, reason: 'forbidden' });
      expect(await f.service.act(officerJva2, { verb: 'withdraw', caseId: c.id }, 'de')).to.include({ ok: false, reason: 'forbidden' });
      expect(await f.service.act(ks1, { verb: 'take', caseId: c.id, version: 1, assignee: 'x' }, 'de')).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await f.service.act(ks1, { verb: 'take', caseId: 'ESK-2026-9999' }, 'de')).to.deep.equal({ ok: false, reason: 'notFound' });
      expect(f.service.get(c.id)!.version, 'nothing changed').to.equal(1);
      const audit = f.auditLines();
      expect(audit).to.deep.include.members([
        { time: audit.find((e) => e.actor === officerJva.userKey && e.action === 'escalation.take')!.time, actor: officerJva.userKey, action: 'escalation.take', record: c.id, role: 'officer', outcome: 'denied' },
      ]);
      expect(audit.some((e) => e.actor === kfi.userKey && e.action === 'escalation.resolve' && e.outcome === 'denied')).to.equal(true);
      expect(audit.some((e) => e.actor === officerJva2.userKey && e.action === 'escalation.withdraw' && e.outcome === 'denied')).to.equal(true);
      expect(audit.some((e) => e.actor === ks1.userKey && e.action === 'escalation.invalid' && e.outcome === 'rejected')).to.equal(true);
      // Issue 10: another unit's coordinator gets what a missing case gets — no metadata, no existence.
      expect(await f.service.view(kfi, c.id, 'personal')).to.equal(undefined);
      expect(await f.service.view(kfi, 'ESK-2026-9999', 'personal')).to.equal(undefined);
      expect(await f.service.view(kfi, c.id, 'channel', '19:some-other-channel@thread.tacv2')).to.equal(undefined);
      expect((await f.service.view(ks1, c.id, 'channel'))!.view).to.equal('coordinatorChannel');
      expect((await f.service.view(officerJva, c.id, 'personal'))!.view).to.equal('requester');
      expect(await f.service.inbox(officerJva)).to.equal(undefined);
      expect(await f.service.registerInbox(ks1, 'koordinierungsstelle', { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: '19:x@thread.tacv2', conversationType: 'channel', botId: '28:bot' })).to.equal(false);
    });

    it('relays a question to the officer and the answer to the assignee; cards update in place; each notice once', async () => {
      const c = await file(f);
      await f.service.act(ks1, { verb: 'take', caseId: c.id, version: 1 }, 'de');
      await f.service.act(ks1, { verb: 'ask', caseId: c.id, version: 2, text: 'Gibt es einen Termin? Rückruf bitte unter 0171 7654321.' }, 'de');
      await drain(f);
      const question = f.port.to(officerJva.userKey).find((s) => JSON.stringify(s.payload).includes('Gibt es einen Termin'));
      expect(question, 'the officer gets the question').to.exist;
      expect(JSON.stringify(question!.payload), 'the question is redacted too').not.to.contain('7654321');
      expect(f.service.questionsFor(officerJva)).to.deep.equal([c.id]);
      const answered = await f.service.act(officerJva, { verb: 'answer', caseId: c.id, text: 'Ja, morgen.' }, 'de');
      expect(answered.ok).to.equal(true);
      await drain(f);
      const toAssignee = f.port.to(ks1.userKey).filter((s) => s.kind === 'send' && JSON.stringify(s.payload).includes('Ja, morgen.'));
      expect(toAssignee, 'the assignee gets the answer').to.have.length(1);
      expect(f.port.to(ks2.userKey).filter((s) => s.kind === 'send'), 'the colleague only gets the card').to.have.length(1);
      const updates = f.port.to(ks2.userKey).filter((s) => s.kind === 'update');
      expect(updates.length).to.be.greaterThan(0);
      expect(new Set(updates.map((u) => u.activityId)).size, 'always the same message').to.equal(1);
      expect(JSON.stringify(updates.at(-1)!.payload.card)).to.contain('Ja, morgen.');
      // The officer: one notice per change by someone else (taken, asked); none for their own answer.
      const notices = f.port.to(officerJva.userKey);
      expect(notices.map((n) => n.payload.text)).to.deep.equal([`${c.id} wurde von der Koordinierungsstelle Integration übernommen.`, `Rückfrage von der Koordinierungsstelle Integration zu ${c.id}.`]);
      // Re-running recovery enqueues nothing new.
      await f.service.recover();
      await drain(f);
      expect(f.port.to(officerJva.userKey)).to.have.length(2);
    });

    it('lists the inbox most urgent first and the officer\'s own cases; withdraw notifies the assignee', async () => {
      const normal = await file(f);
      f.clock.advance(60_000);
      const urgent = await file(f, { urgency: 'dringend', category: 'krisenintervention' });
      const other = await file(f, {}, officerJva2);
      const inbox = await f.service.inbox(ks1);
      expect(inbox!.map((c) => c.id)).to.deep.equal([urgent.id, normal.id, other.id]);
      expect((await f.service.mine(officerJva)).map((c) => c.id)).to.deep.equal([urgent.id, normal.id]);
      await f.service.act(ks2, { verb: 'take', caseId: normal.id }, 'de');
      expect((await f.service.act(officerJva, { verb: 'withdraw', caseId: normal.id }, 'de')).ok).to.equal(true);
      expect((await f.service.inbox(ks1))!.map((c) => c.id)).to.deep.equal([urgent.id, other.id]);
      await drain(f);
      expect(f.port.to(ks2.userKey).some((s) => s.payload.text === `${normal.id} wurde von der meldenden Person zurückgezogen.`)).to.equal(true);
      expect(f.auditLines().some((e) => e.actor === ks1.userKey && e.action === 'escalation.inbox' && e.record === 'koordinierungsstelle')).to.equal(true);
    });

    it('case, outbox rows and audit entry are one commit; a crash between the two files loses no notice', async () => {
      // JSON files: the case file is written first and the outbox file after it. A failed outbox
      // write is what a crash between the two leaves: the case durable, its notices not.
      let failNext = true;
      f.deliveryBeforeStep = (step) => {
        if (step === 'write' && failNext) {
          failNext = false;
          throw Object.assign(new Error('simulated crash before the outbox write'), { code: 'EIO' });
        }
      };
      expect(await rejects(f.service.create(officerJva, { category: 'auslaenderrecht', urgency: 'normal', summary: SUMMARY }, 'de'))).to.be.instanceOf(StoreWriteError);
      const [c] = await f.service.mine(officerJva);
      expect(c!.notifiedVersion, 'not yet in the outbox').to.equal(0);
      const rowsNow = () => JSON.parse(readFileSync(path.join(f.dir, DELIVERY_FILE), 'utf8')).data.rows as Record<string, unknown>;
      expect(rowsNow(), 'no row').to.deep.equal({});
      expect(f.auditLines().filter((e) => e.action === 'escalation.create' && e.outcome === 'ok'), 'no audit entry for an incomplete command').to.have.length(0);
      await drain(f);
      expect(f.port.to(ks1.userKey)).to.have.length(0);
      await f.restart();
      await drain(f);
      expect(f.service.get(c!.id)!.notifiedVersion).to.equal(1);
      expect(f.port.to(ks1.userKey).filter((s) => s.kind === 'send')).to.have.length(1);
      await f.restart();
      await drain(f);
      expect(f.port.to(ks1.userKey).filter((s) => s.kind === 'send'), 'not twice').to.have.length(1);
      // Every later command: its notices and its audit entry land with the change.
      await f.service.act(ks1, { verb: 'take', caseId: c!.id }, 'de');
      expect(rowsNow()).to.have.property(`esk:${c!.id}:v2:requester:${officerJva.userKey}`);
      expect(f.auditLines().filter((e) => e.action === 'escalation.take' && e.record === c!.id)).to.have.length(1);
    });

    it('outbox: a 429 is retried with backoff, the pending row survives a restart and goes out exactly once', async () => {
      f.port.failures.push(new DeliveryError('connector_429', 429, 2000));
      await file(f, { urgency: 'dringend', category: 'krisenintervention' });
      await drain(f);
      const rowsOf = () => JSON.parse(readFileSync(path.join(f.dir, DELIVERY_FILE), 'utf8')).data.rows as Record<string, any>;
      const first = Object.values(rowsOf()).find((r) => r.lastError === '429');
      expect(first, 'one row got the 429').to.exist;
      expect(first).to.include({ status: 'pending', attempts: 1 });
      expect(Date.parse(first.nextAttemptAt) - f.clock.t, 'Retry-After plus jittered backoff').to.equal(2000 + 0.5 * 15_000);
      const target = first.target.userKey as string;
      await f.restart();
      await drain(f);
      expect(rowsOf()[first.key]).to.include({ status: 'pending', attempts: 1 });
      expect(f.port.to(target), 'not before its time').to.have.length(0);
      f.clock.advance(10_000);
      await drain(f);
      expect(rowsOf()[first.key]).to.include({ status: 'sent', attempts: 2 });
      expect(f.port.to(ks1.userKey).filter((s) => s.kind === 'send')).to.have.length(1);
      expect(f.port.to(ks2.userKey).filter((s) => s.kind === 'send')).to.have.length(1);
      await f.restart();
      f.clock.advance(60_000);
      await drain(f);
      expect(f.port.to(target).filter((s) => s.kind === 'send'), 'exactly once').to.have.length(1);
    });

    it('a 403 marks the coordinator dead and shows it to admins; a new activity from them revives and delivers', async () => {
      f.port.failures.push(new DeliveryError('connector_403', 403));
      await file(f);
      await drain(f);
      const dead = f.delivery.deadTargets();
      expect(dead).to.have.length(1);
      expect(f.delivery.undelivered().map((r) => r.status)).to.deep.equal(['dead']);
      const target = dead[0]!.target;
      await f.conversations.remember(target, { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: `a:${target}`, botId: '28:bot', userId: `29:${target}`, locale: 'de-DE' });
      await drain(f);
      expect(f.delivery.deadTargets()).to.have.length(0);
      expect(f.port.to(target).filter((s) => s.kind === 'send')).to.have.length(1);
    });

    it('unit members come from the roster and admin assignments (an assignment overrides the roster)', async () => {
      expect(f.roles.membersOf('koordinierungsstelle').map((m) => m.userKey)).to.deep.equal([ks1.userKey, ks2.userKey]);
      expect(f.roles.membersOf('koordinierungsstelle')[0]!.name).to.equal('Koordination Eins (Beispiel)');
      await f.roles.setRole(admin, ks2.userKey, 'coordinator', 'kfi');
      await f.roles.setRole(admin, 'coord-new', 'coordinator', 'koordinierungsstelle');
      expect(f.roles.membersOf('koordinierungsstelle').map((m) => m.userKey)).to.deep.equal([ks1.userKey, 'coord-new']);
      expect(f.roles.membersOf('kfi').map((m) => m.userKey)).to.deep.equal([kfi.userKey, ks2.userKey]);
      const c = await file(f);
      const moved: Identity = { ...ks2, unitId: 'kfi' };
      expect(await f.service.act(moved, { verb: 'take', caseId: c.id }, 'de'), 'a coordinator moved to another unit').to.include({ ok: false, reason: 'forbidden' });
      expect(await f.service.act(ks1, { verb: 'assign', caseId: c.id, to: ks2.userKey }, 'de')).to.include({ ok: false, reason: 'notMember' });
      expect((await f.service.act(ks1, { verb: 'assign', caseId: c.id, to: 'coord-new' }, 'de')).ok).to.equal(true);
      // Names the bot layer captured at a user's last 1:1 activity (activity.from.name) are kept with the address.
      const address = (key: string) => ({ channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: `a:${key}`, botId: '28:bot', userId: `29:${key}`, locale: 'de-DE' });
      const seen = (key: string, name: string) => f.conversations.remember(key, address(key), name);
      expect(f.service.nameOf(ks1.userKey, 'koordinierungsstelle'), 'roster label').to.equal('Koordination Eins (Beispiel)');
      await seen(ks1.userKey, 'Koordination (Teams-Name)');
      expect(f.service.nameOf(ks1.userKey, 'koordinierungsstelle'), 'the roster name wins (issue 12 item 5)').to.equal('Koordination Eins (Beispiel)');
      expect(f.service.nameOf('coord-new', 'koordinierungsstelle'), 'no roster name, no Teams name: empty, the card writes a neutral word').to.equal('');
      await seen('coord-new', 'Koordination (Teams-Name)');
      expect(f.service.nameOf('coord-new', 'koordinierungsstelle'), 'without a roster name: the Teams name').to.equal('Koordination (Teams-Name)');
      await seen('coord-new', '**Fett** [Link](https://evil.example) <at>X</at>');
      expect(f.service.nameOf('coord-new'), 'no Markdown, links or mentions in names').to.equal('Fett Link(httpsevil.example) atX/at');
      await seen('coord-new', 'coord-new');
      expect(f.service.nameOf('coord-new'), 'a "name" that is the id does not replace a name').to.equal('Fett Link(httpsevil.example) atX/at');
    });

    it('SLA: reminder to the assignee (or the unit), breach to the unit and the channel, across a restart, never twice, paused while asking', async () => {
      await f.service.registerInbox(admin, 'koordinierungsstelle', { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: '19:ks@thread.tacv2', conversationType: 'channel', botId: '28:bot', locale: 'de-DE' });
      const c = await file(f, { urgency: 'dringend', category: 'krisenintervention' }); // due 13:00Z, reminder 12:00Z
      await drain(f);
      f.port.sent.length = 0;
      await f.restart();
      f.clock.set('2026-03-02T12:00:00Z');
      await drain(f);
      const reminders = f.port.sent.filter((s) => s.payload.text.startsWith('Erinnerung'));
      expect(reminders.map((s) => s.conversationId).sort(), 'unassigned: the whole unit').to.deep.equal([`a:${ks1.userKey}`, `a:${ks2.userKey}`]);
      await f.service.act(ks1, { verb: 'take', caseId: c.id }, 'de');
      await drain(f);
      expect(f.port.sent.filter((s) => s.payload.text.startsWith('Erinnerung')), 're-scheduled after a change: not sent again').to.have.length(2);
      f.port.sent.length = 0;
      f.clock.set('2026-03-02T13:00:00Z');
      await f.restart();
      await drain(f);
      const breach = f.port.sent.filter((s) => s.payload.text.startsWith('Frist überschritten'));
      expect(breach.map((s) => s.conversationId).sort()).to.deep.equal(['19:ks@thread.tacv2', `a:${ks1.userKey}`, `a:${ks2.userKey}`]);
      expect(JSON.stringify(breach.find((s) => s.conversationId.startsWith('19:'))!.payload), 'no summary in the channel').not.to.contain('Aufenthaltsrecht');
      await f.service.act(ks1, { verb: 'ask', caseId: c.id, text: 'Noch offen?' }, 'de');
      await drain(f);
      expect(f.port.sent.filter((s) => s.payload.text.startsWith('Frist überschritten')), 'never twice').to.have.length(3);
      // While the question is open the SLA stands still; answered two days later, nothing is sent again in this cycle.
      f.clock.set('2026-03-04T13:00:00Z');
      await drain(f);
      await f.service.act(officerJva, { verb: 'answer', caseId: c.id, text: 'Ja.' }, 'de');
      expect(f.service.get(c.id)!.slaDueAt, 'due time moved by the waiting time').to.equal('2026-03-04T13:00:00.000Z');
      f.clock.advance(60_000);
      await drain(f);
      expect(f.port.sent.filter((s) => /^(Frist|Erinnerung)/.test(s.payload.text))).to.have.length(3);
      // A normal case taken by one coordinator: the reminder goes to the assignee only.
      const normal = await file(f); // 2026-03-04T13:01Z + 2 working days → 2026-03-06T13:01Z, reminder 4 h before
      await f.service.act(ks2, { verb: 'take', caseId: normal.id }, 'de');
      f.port.sent.length = 0;
      f.clock.set('2026-03-06T09:01:00Z');
      await drain(f);
      expect(f.port.sent.filter((s) => s.payload.text.startsWith('Erinnerung')).map((s) => s.conversationId)).to.deep.equal([`a:${ks2.userKey}`]);
    });
  });
});
