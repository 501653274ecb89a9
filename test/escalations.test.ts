// Escalations (issue 5): routing table, SLA working days, the state machine, the service on real files
// with the real outbox and scheduler (fake port, manual clock), authorisation, restarts, and card escaping.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../src/audit/auditLog.js';
import { ConversationDirectory } from '../src/conversations/conversationDirectory.js';
import type { ConversationRecord } from '../src/conversations/types.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { createLanguageService } from '../src/language/index.js';
import { silentLogger } from '../src/log/logger.js';
import { DELIVERY_FILE, openDelivery, type Delivery } from '../src/outbox/delivery.js';
import { DeliveryError, type DeliveryPort, type Notifier, type OutboxPayload, type OutboxRequest } from '../src/outbox/types.js';
import { RoleService } from '../src/roles/roleService.js';
import type { RosterEntry } from '../src/roles/roster.js';
import type { Identity } from '../src/roles/types.js';
import { openMainStore, type MainData } from '../src/store/mainStore.js';
import type { JsonStore } from '../src/store/jsonStore.js';
import { loadRouting, parseRoutingFile, ROUTING_FILE, RoutingFileError, type RoutingTable } from '../src/escalations/routing.js';
import { addWorkingDays, easterSunday, nrwHolidays, slaDueAt } from '../src/escalations/sla.js';
import { accessOf, transition } from '../src/escalations/stateMachine.js';
import { EscalationService, inboxKey, SLA_BREACH_KIND, SLA_REMINDER_KIND } from '../src/escalations/service.js';
import { openEscalationStore, ESCALATIONS_FILE } from '../src/escalations/store.js';
import { CATEGORIES, type Escalation, type EscalationData } from '../src/escalations/types.js';
import { caseCard, deliveryCard } from '../src/cards/escalationCards.js';
import { translator } from '../src/i18n/i18n.js';
import { formatter } from '../src/i18n/format.js';
import { tempDir } from './harness/botProcess.js';
import { dialogClient, said } from './harness/dialogHarness.js';
import { EscalateDialog, EscalationTextDialog } from '../dialogs/escalationDialog.js';

const institutions = loadInstitutions();
const TZ = 'Europe/Berlin';

const officerJva: Identity = { userKey: 'officer-jva', role: 'officer', institutionId: 'jva-koeln' };
const officerJva2: Identity = { userKey: 'officer-jva-2', role: 'officer', institutionId: 'jva-werl' };
const officerBr: Identity = { userKey: 'officer-br', role: 'officer', institutionId: 'br-detmold' };
const ks1: Identity = { userKey: 'coord-ks-1', role: 'coordinator', unitId: 'koordinierungsstelle' };
const ks2: Identity = { userKey: 'coord-ks-2', role: 'coordinator', unitId: 'koordinierungsstelle' };
const kfi: Identity = { userKey: 'coord-kfi', role: 'coordinator', unitId: 'kfi' };
const fb: Identity = { userKey: 'coord-fb', role: 'coordinator', unitId: 'fb-radikalisierungspraevention' };
const admin: Identity = { userKey: 'admin-1', role: 'admin' };
const staff: Identity = { userKey: 'staff-1', role: 'staff' };

const ROSTER: RosterEntry[] = [
  { id: officerJva.userKey, role: 'officer', institutionId: 'jva-koeln' },
  { id: officerJva2.userKey, role: 'officer', institutionId: 'jva-werl' },
  { id: officerBr.userKey, role: 'officer', institutionId: 'br-detmold' },
  { id: ks1.userKey, role: 'coordinator', unitId: 'koordinierungsstelle', name: 'Koordination Eins (Beispiel)' },
  { id: ks2.userKey, role: 'coordinator', unitId: 'koordinierungsstelle' },
  { id: kfi.userKey, role: 'coordinator', unitId: 'kfi' },
  { id: fb.userKey, role: 'coordinator', unitId: 'fb-radikalisierungspraevention' },
  { id: admin.userKey, role: 'admin' },
];

const SUMMARY = 'Der Gefangene Max Mustermann, Tel. 0171 1234567, braucht Beratung zum Aufenthaltsrecht (BN 123/26).';

class ManualClock {
  t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now = () => new Date(this.t);
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

interface Sent {
  kind: 'send' | 'update';
  conversationId: string;
  activityId?: string;
  payload: OutboxPayload;
}

/** Records what the outbox sends; `failures` answers the next requests with errors (429, 403, …). */
class FakePort implements DeliveryPort {
  readonly sent: Sent[] = [];
  readonly failures: DeliveryError[] = [];
  private next = 1;
  async send(address: ConversationRecord, payload: OutboxPayload) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const activityId = `act-${this.next++}`;
    this.sent.push({ kind: 'send', conversationId: address.conversationId, activityId, payload });
    return { activityId };
  }
  async update(address: ConversationRecord, activityId: string, payload: OutboxPayload) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ kind: 'update', conversationId: address.conversationId, activityId, payload });
  }
  to(key: string): Sent[] {
    return this.sent.filter((s) => s.conversationId === `a:${key}` || s.conversationId === key);
  }
}

interface Fixture {
  dir: string;
  clock: ManualClock;
  port: FakePort;
  service: EscalationService;
  delivery: Delivery;
  escalations: JsonStore<EscalationData>;
  main: JsonStore<MainData>;
  conversations: ConversationDirectory;
  roles: RoleService;
  /** Optional wrapper around the notifier (crash simulation). */
  notifierWrap?: (n: Notifier) => Notifier;
  restart(): Promise<void>;
  auditLines(): Record<string, any>[];
  close(): Promise<void>;
}

async function fixture(startIso = '2026-03-02T09:00:00Z'): Promise<Fixture> {
  const dir = tempDir('lotse-esk-');
  const clock = new ManualClock(startIso);
  const port = new FakePort();
  const f = { dir, clock, port } as Fixture;
  let audit: AuditLog;
  const open = async () => {
    audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
    f.main = await openMainStore(path.join(dir, 'store.json'));
    f.conversations = new ConversationDirectory(f.main, clock.now);
    f.roles = new RoleService(f.main, ROSTER, institutions, audit, clock.now);
    f.delivery = await openDelivery({
      file: path.join(dir, DELIVERY_FILE), conversations: f.conversations, port, clock, log: silentLogger, audit,
      allowedServiceHosts: ['127.0.0.1'], pacing: false, random: () => 0.5,
    });
    f.escalations = await openEscalationStore(dir);
    const notifier = f.notifierWrap ? f.notifierWrap(f.delivery.notifier) : f.delivery.notifier;
    f.service = new EscalationService({
      store: f.escalations, routing: loadRouting(institutions), audit, institutions,
      members: (unit) => f.roles.membersOf(unit), conversations: f.conversations, notifier, scheduler: f.delivery.scheduler,
      language: createLanguageService({}, silentLogger, clock), clock, log: silentLogger, timeZone: TZ,
    });
    f.delivery.scheduler.handle(SLA_REMINDER_KIND, (job) => f.service.reminderFor(job));
    f.delivery.scheduler.handle(SLA_BREACH_KIND, (job) => f.service.breachFor(job));
    await f.service.recover();
  };
  const closeAll = async () => {
    await f.delivery.close();
    await f.escalations.close();
    await f.main.close();
    await audit.close();
  };
  await open();
  for (const who of [officerJva, officerJva2, officerBr, ks1, ks2, kfi, fb]) {
    await f.conversations.remember(who.userKey, { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: `a:${who.userKey}`, botId: '28:bot', userId: `29:${who.userKey}`, locale: 'de-DE' });
  }
  f.restart = async () => {
    await closeAll();
    await open();
  };
  f.auditLines = () => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  f.close = closeAll;
  return f;
}

/** Runs the worker until no row is due any more (one row per target goes out per pass). */
async function drain(f: Fixture): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = f.port.sent.length;
    await f.delivery.tick();
    if (f.port.sent.length === before) return;
  }
}

async function file(f: Fixture, input: Partial<{ category: string; urgency: string; summary: string; caseRef: string }> = {}, who = officerJva): Promise<Escalation> {
  const result = await f.service.create(who, { category: 'auslaenderrecht', urgency: 'normal', summary: SUMMARY, ...input }, 'de');
  if (!result.ok) throw new Error(`create failed: ${result.reason}`);
  return result.c;
}

describe('escalations', () => {
  describe('routing table (data/routing.json)', () => {
    const routing = loadRouting(institutions);

    it('routes per DESIGN §4: JVA radicalisation → FB, JVA other → Koordinierungsstelle, Bezirksregierung → KfI', () => {
      expect(routing.unitFor('jva', 'radikalisierung')).to.equal('fb-radikalisierungspraevention');
      for (const c of CATEGORIES.filter((c) => c !== 'radikalisierung')) expect(routing.unitFor('jva', c), c).to.equal('koordinierungsstelle');
      for (const c of CATEGORIES) expect(routing.unitFor('bezirksregierung', c), c).to.equal('kfi');
      expect(routing.sla.dringend.hours).to.equal(4);
      expect(routing.sla.normal.workingDays).to.equal(2);
    });

    it('refuses a file with an unknown unit, an uncovered combination or a bad SLA, naming each problem', () => {
      const good = JSON.parse(readFileSync(ROUTING_FILE, 'utf8'));
      const bad = structuredClone(good);
      bad.routes = [{ requester: 'jva', categories: ['radikalisierung'], unit: 'jva-koeln' }, { requester: 'bezirksregierung', categories: '*', unit: 'kfi' }];
      bad.sla.normal = { hours: 4, workingDays: 2, reminderBeforeMinutes: 10 };
      expect(() => parseRoutingFile(bad, institutions)).to.throw(RoutingFileError, /sla\.normal/);
      bad.sla.normal = { workingDays: 2, reminderBeforeMinutes: 10 };
      let message = '';
      try {
        parseRoutingFile(bad, institutions);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.contain('"routes.0.unit": "jva-koeln" is not a coordinating unit');
      expect(message).to.contain('no route for requester "jva" and category "krisenintervention"');
      const extra = { ...good, colour: 'red' };
      expect(() => parseRoutingFile(extra, institutions)).to.throw(RoutingFileError, /colour/);
      const dir = tempDir('lotse-routing-');
      writeFileSync(path.join(dir, 'routing.json'), '{ "version": ');
      expect(() => loadRouting(institutions, path.join(dir, 'routing.json'))).to.throw(RoutingFileError, /Cannot read routing file/);
    });
  });

  describe('SLA in working days (Europe/Berlin, NRW holidays)', () => {
    it('computes Easter and the NRW public holidays', () => {
      expect(easterSunday(2026)).to.deep.equal([4, 5]);
      expect(easterSunday(2027)).to.deep.equal([3, 28]);
      const h = nrwHolidays(2026);
      for (const d of ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-06-04', '2026-10-03', '2026-11-01', '2026-12-25', '2026-12-26']) expect(h.has(d), d).to.equal(true);
      expect(h.size).to.equal(11);
      expect(h.has('2026-10-31'), 'Reformationstag is not a holiday in NRW').to.equal(false);
    });

    it('adds working days at the same wall-clock time, across weekends, holidays and DST', () => {
      const at = (iso: string, days: number) => addWorkingDays(new Date(iso), days, TZ).toISOString();
      expect(at('2026-03-02T09:00:00Z', 2), 'Mon 10:00 → Wed 10:00').to.equal('2026-03-04T09:00:00.000Z');
      expect(at('2026-03-06T14:00:00Z', 2), 'Fri 15:00 → Tue 15:00').to.equal('2026-03-10T14:00:00.000Z');
      expect(at('2026-03-07T10:00:00Z', 2), 'Sat → Tue').to.equal('2026-03-10T10:00:00.000Z');
      expect(at('2026-04-02T08:00:00Z', 2), 'Thu before Easter → Wed after').to.equal('2026-04-08T08:00:00.000Z');
      expect(at('2026-03-27T09:00:00Z', 2), 'Fri 10:00 CET → Tue 10:00 CEST').to.equal('2026-03-31T08:00:00.000Z');
      const routing = loadRouting(institutions);
      expect(slaDueAt(new Date('2026-03-07T22:00:00Z'), routing.sla.dringend, TZ).toISOString(), 'urgent: clock hours').to.equal('2026-03-08T02:00:00.000Z');
    });
  });

  describe('state machine (pure)', () => {
    const routing = loadRouting(institutions);
    const base: Escalation = {
      id: 'ESK-2026-0001', requester: officerJva.userKey, institutionId: 'jva-koeln', unitId: 'koordinierungsstelle', category: 'krisenintervention',
      urgency: 'normal', summary: 'x'.repeat(20), status: 'neu', version: 1, createdAt: '2026-03-02T09:00:00.000Z', updatedAt: '2026-03-02T09:00:00.000Z',
      slaDueAt: '2026-03-04T09:00:00.000Z', thread: [], history: [{ v: 1, at: '2026-03-02T09:00:00.000Z', by: officerJva.userKey, action: 'created' }],
      notifiedVersion: 1, recipients: [], channelPosted: false,
    };
    const ctx = (iso = '2026-03-02T10:00:00Z') => ({ now: new Date(iso), members: new Set([ks1.userKey, ks2.userKey]), sla: routing.sla, timeZone: TZ });
    const step = (c: Escalation, action: any, actor: Identity, iso?: string) => {
      const r = transition(c, action, actor, ctx(iso));
      if (!r.ok) throw new Error(r.reason);
      return r.next;
    };

    it('neu → angenommen → rueckfrage ⇄ Antwort → erledigt → reopened; every step bumps the version and is in the history', () => {
      let c = step(base, { verb: 'take', caseId: base.id, version: 1 }, ks1);
      expect(c).to.include({ status: 'angenommen', assignee: ks1.userKey, version: 2 });
      c = step(c, { verb: 'ask', caseId: c.id, version: 2, text: 'Frage?' }, ks1, '2026-03-02T12:00:00Z');
      expect(c).to.include({ status: 'rueckfrage', slaPausedAt: '2026-03-02T12:00:00.000Z' });
      c = step(c, { verb: 'answer', caseId: c.id, text: 'Antwort.' }, officerJva, '2026-03-03T12:00:00Z');
      expect(c.status).to.equal('angenommen');
      expect(c.slaPausedAt).to.equal(undefined);
      expect(c.slaDueAt, 'the 24 h waiting for the answer are added').to.equal('2026-03-05T09:00:00.000Z');
      c = step(c, { verb: 'resolve', caseId: c.id, version: 4, text: 'Erledigt.' }, ks2);
      expect(c).to.include({ status: 'erledigt', version: 5 });
      c = step(c, { verb: 'reopen', caseId: c.id }, ks2, '2026-03-06T09:00:00Z');
      expect(c).to.include({ status: 'angenommen', assignee: ks1.userKey });
      expect(c.slaDueAt, 'a new SLA from the reopening').to.equal('2026-03-10T09:00:00.000Z');
      expect(c.history.map((h) => h.action)).to.deep.equal(['created', 'taken', 'asked', 'answered', 'resolved', 'reopened']);
      expect(c.thread.map((e) => e.kind)).to.deep.equal(['question', 'answer', 'resolution']);
      expect(base.version, 'the input is never mutated').to.equal(1);
    });

    it('refuses stale versions, impossible steps, foreign roles and units, and assignees outside the unit', () => {
      const taken = step(base, { verb: 'take', caseId: base.id, version: 1 }, ks1);
      const refuse = (c: Escalation, action: any, actor: Identity) => {
        const r = transition(c, action, actor, ctx());
        return r.ok ? 'ok' : r.reason;
      };
      expect(refuse(taken, { verb: 'take', caseId: base.id, version: 1 }, ks2)).to.equal('stale');
      expect(refuse(taken, { verb: 'take', caseId: base.id, version: 2 }, ks2)).to.equal('invalidState');
      expect(refuse(taken, { verb: 'take', caseId: base.id }, officerJva)).to.equal('forbidden');
      expect(refuse(taken, { verb: 'take', caseId: base.id }, kfi), 'coordinator of another unit').to.equal('forbidden');
      expect(refuse(taken, { verb: 'take', caseId: base.id }, admin)).to.equal('forbidden');
      expect(refuse(taken, { verb: 'withdraw', caseId: base.id }, officerJva2), 'another officer').to.equal('forbidden');
      expect(refuse(taken, { verb: 'answer', caseId: base.id, text: 'x' }, ks1), 'coordinators do not answer their own question').to.equal('forbidden');
      expect(refuse(taken, { verb: 'answer', caseId: base.id, text: 'x' }, officerJva), 'no question open').to.equal('invalidState');
      expect(refuse(taken, { verb: 'assign', caseId: base.id, to: kfi.userKey }, ks1)).to.equal('notMember');
      expect(refuse(taken, { verb: 'assign', caseId: base.id, to: ks1.userKey }, ks2)).to.equal('unchanged');
      expect(refuse(taken, { verb: 'reopen', caseId: base.id }, ks1)).to.equal('invalidState');
      const withdrawn = step(taken, { verb: 'withdraw', caseId: base.id }, officerJva);
      expect(refuse(withdrawn, { verb: 'resolve', caseId: base.id, text: 'x' }, ks1)).to.equal('invalidState');
      expect(refuse(withdrawn, { verb: 'reopen', caseId: base.id }, ks1), 'a withdrawn case stays withdrawn').to.equal('invalidState');
      expect(accessOf(officerJva, base)).to.equal('requester');
      expect(accessOf(ks1, base)).to.equal('coordinator');
      expect(accessOf(kfi, base)).to.equal('none');
      expect(accessOf({ ...officerJva, role: 'staff' }, base), 'a requester who lost the role').to.equal('none');
    });
  });

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
      expect((await f.service.view(kfi, c.id, 'personal'))!.view).to.equal('limited');
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

    it('a crash between the case commit and the outbox commit loses nothing: recovery enqueues it once', async () => {
      await f.close();
      let failNext = true;
      f.notifierWrap = (n) => ({
        deliveredActivityId: (key) => n.deliveredActivityId(key),
        enqueue: async (requests: OutboxRequest | OutboxRequest[]) => {
          if (failNext) {
            failNext = false;
            throw new Error('simulated crash before the outbox commit');
          }
          return n.enqueue(requests);
        },
      });
      await f.restart();
      const c = await file(f);
      expect(f.service.get(c.id)!.notifiedVersion, 'not yet in the outbox').to.equal(0);
      await drain(f);
      expect(f.port.to(ks1.userKey)).to.have.length(0);
      await f.restart();
      await drain(f);
      expect(f.service.get(c.id)!.notifiedVersion).to.equal(1);
      expect(f.port.to(ks1.userKey).filter((s) => s.kind === 'send')).to.have.length(1);
      await f.restart();
      await drain(f);
      expect(f.port.to(ks1.userKey).filter((s) => s.kind === 'send'), 'not twice').to.have.length(1);
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
      expect(f.service.nameOf(ks1.userKey, 'koordinierungsstelle'), 'roster label').to.equal('Koordination Eins (Beispiel)');
      await f.service.noteName(ks1, 'Koordination (Teams-Name)');
      expect(f.service.nameOf(ks1.userKey, 'koordinierungsstelle'), 'the Teams display name wins').to.equal('Koordination (Teams-Name)');
      await f.service.noteName(ks1, '**Fett** [Link](https://evil.example) <at>X</at>');
      expect(f.service.nameOf(ks1.userKey), 'no Markdown, links or mentions in names').to.equal('Fett Link(httpsevil.example) atX/at');
      await f.service.noteName(officerJva, 'Nicht gespeichert');
      expect(f.service.nameOf(officerJva.userKey), 'never an id (issue 12 item 5)').not.to.contain('er-jva');
      expect(f.service.nameOf('demo-x', 'koordinierungsstelle'), 'no name: the unit, not the id').to.equal(f.service.shortName('koordinierungsstelle'));
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

  describe('dialogs (botbuilder-testing)', function () {
    this.timeout(20000);
    let f: Fixture;
    before(async () => {
      f = await fixture();
    });
    after(async () => {
      await f.close();
    });
    const text = (reply: any) => [said(reply), JSON.stringify(reply?.attachments ?? [])].join('\n');

    it('guides an officer: category by number, urgency word, length check, redaction shown, names refused as reference, edit, send', async () => {
      const client = dialogClient(new EscalateDialog(f.service), () => officerJva, { options: { args: '' } });
      expect(said(await client.sendActivity('eskalation'))).to.contain('koordinierende Stelle');
      expect(said(client.getNextReply())).to.contain('Worum geht es?').and.contain('Krisenintervention');
      expect(said(await client.sendActivity('2'))).to.contain('Wie dringend');
      expect(said(await client.sendActivity('eilig'))).to.contain('Beschreiben Sie');
      expect(said(await client.sendActivity('zu kurz'))).to.contain('mindestens 10 Zeichen');
      expect(said(await client.sendActivity(SUMMARY))).to.contain('Aktenzeichen');
      expect(said(await client.sendActivity('Herr Mustermann'))).to.contain('Namen');
      const confirm = text(await client.sendActivity('BN 123/26'));
      expect(confirm).to.contain('Geht an: Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug)').and.contain('[Name]').and.contain('2 personenbezogene Angaben');
      expect(confirm).not.to.contain('Mustermann');
      expect(said(await client.sendActivity('ändern'))).to.contain('Beschreiben Sie');
      expect(text(await client.sendActivity('Bitte Rückruf zur Beratung, es eilt.'))).to.contain('Es wurden keine personenbezogenen Angaben gefunden');
      expect(said(await client.sendActivity('senden'))).to.match(/Gesendet: ESK-2026-\d{4} an die Koordinierungsstelle/);
      const card = client.getNextReply() as any;
      expect(card.attachments[0].content.refresh.action.verb).to.equal('escalation.refresh');
      const stored = Object.values(JSON.parse(readFileSync(path.join(f.dir, ESCALATIONS_FILE), 'utf8')).data.cases).at(-1) as Escalation;
      expect(stored).to.include({ category: 'krisenintervention', urgency: 'dringend', summary: 'Bitte Rückruf zur Beratung, es eilt.', caseRef: 'BN 123/26', status: 'neu' });
    });

    it('presets from the command, routes radicalisation in a JVA to the Fachbereich, and refuses non-officers', async () => {
      const client = dialogClient(new EscalateDialog(f.service), () => officerJva, { options: { args: 'dringend radikalisierung' } });
      await client.sendActivity('eskalation dringend radikalisierung');
      expect(said(client.getNextReply())).to.contain('Beschreiben Sie');
      await client.sendActivity('Auffällige Äußerungen im Freizeitbereich, bitte Einschätzung.');
      expect(text(await client.sendActivity('ohne'))).to.contain('Geht an: Fachbereich Radikalisierungsprävention');
      const sent = said(await client.sendActivity('send'));
      expect(sent).to.contain('Extremismusbeauftragte');
      const br = dialogClient(new EscalateDialog(f.service), () => officerBr, { options: { args: 'radikalisierung normal' } });
      await br.sendActivity('eskalation');
      br.getNextReply();
      await br.sendActivity('Fragen zu einem Projekt mit Bezug zu Extremismusprävention.');
      expect(text(await br.sendActivity('ohne'))).to.contain('Geht an: Kompetenzzentrum für Integration');
      const coordinator = dialogClient(new EscalateDialog(f.service), () => ks1);
      expect(said(await coordinator.sendActivity('eskalation'))).to.contain('Integrationsbeauftragte einer JVA');
    });

    it('takes the text typed after "antwort" as the answer, but not a command typed by mistake', async () => {
      const c = await file(f);
      await f.service.act(ks1, { verb: 'ask', caseId: c.id, text: 'Termin?' }, 'de');
      const client = dialogClient(new EscalationTextDialog(f.service), () => officerJva, { options: { verb: 'answer', caseId: c.id } });
      expect(said(await client.sendActivity(`antwort ${c.id}`))).to.contain(`Rückfrage zu ${c.id}`);
      expect(said(await client.sendActivity('meine eskalationen'))).to.contain('Ich warte noch');
      expect(said(await client.sendActivity('Morgen um 10 Uhr.'))).to.contain('unterwegs');
      expect(f.service.get(c.id)!.status).to.equal('angenommen');
      expect(f.service.get(c.id)!.thread.at(-1)).to.include({ kind: 'answer', text: 'Morgen um 10 Uhr.', by: officerJva.userKey });
    });
  });

  describe('cards', () => {
    it('the admins\' delivery card lists dead targets and failed rows by key and id, with retry and revive buttons', () => {
      const built = deliveryCard(
        { t: translator('de'), fmt: formatter('de', TZ), locale: 'de' },
        [{ target: 'coord-ks-9', reason: 'forbidden', status: 403, since: '2026-03-02T09:00:00.000Z', parkedRows: 2 }],
        [{ key: 'esk:ESK-2026-0001:card:coord-ks-9', target: 'coord-ks-9', status: 'dead', attempts: 1, lastError: '403', createdAt: '2026-03-02T09:00:00.000Z' },
          { key: 'esk:ESK-2026-0002:chan', target: 'inbox:kfi', status: 'failed', attempts: 8, lastError: '502', createdAt: '2026-03-02T09:00:00.000Z' }],
      );
      const json = JSON.stringify(built.card);
      expect(json).to.contain('coord-ks-9').and.contain('esk:ESK-2026-0002:chan').and.contain('zustellung reaktivieren coord-ks-9').and.contain('zustellung wiederholen');
      expect(built.summary).to.equal('Zustellung: 1 nicht erreichbare Ziele, 2 nicht zugestellte Nachrichten');
    });

    const info = { t: translator('de'), fmt: formatter('de', TZ), locale: 'de' as const };
    const hostile = `[Bestätigen](https://evil.example) **X** <at>Koordinator</at> ${'A'.repeat(50_000)}`;
    const c: Escalation = {
      id: 'ESK-2026-0007', requester: officerJva.userKey, institutionId: 'jva-koeln', unitId: 'koordinierungsstelle', category: 'sonstiges', urgency: 'normal',
      summary: hostile, caseRef: 'BN_1_#2', status: 'rueckfrage', version: 3, createdAt: '2026-03-02T09:00:00.000Z', updatedAt: '2026-03-02T09:00:00.000Z',
      slaDueAt: '2026-03-04T09:00:00.000Z', slaPausedAt: '2026-03-02T10:00:00.000Z',
      thread: Array.from({ length: 30 }, (_, i) => ({ v: 3, at: '2026-03-02T10:00:00.000Z', by: i % 2 ? ks1.userKey : officerJva.userKey, kind: 'question' as const, text: hostile.slice(0, 5000) })),
      history: [{ v: 1, at: '2026-03-02T09:00:00.000Z', by: officerJva.userKey, action: 'created' }], notifiedVersion: 3, recipients: [], channelPosted: false,
    };
    const cx = { now: new Date('2026-03-02T11:00:00Z'), institutionName: 'JVA Köln', unitName: 'Koordinierungsstelle Integration', nameOf: () => '**Fett** [Link](https://evil.example)', members: [{ userKey: ks2.userKey, label: '[x](https://evil.example)' }] };

    it('shows user text only as capped TextRuns: Markdown, links and mentions stay literal; the card stays small', () => {
      for (const view of ['coordinator', 'requester', 'coordinatorChannel', 'limited'] as const) {
        const built = caseCard(info, c, view, cx);
        const json = JSON.stringify(built.card);
        expect(Buffer.byteLength(json, 'utf16le'), `${view}: bytes as UTF-16, as Teams counts`).to.be.lessThan(80_000);
        const textBlocks: string[] = [];
        const runs: string[] = [];
        const walk = (n: unknown) => {
          if (Array.isArray(n)) n.forEach(walk);
          else if (n && typeof n === 'object') {
            const o = n as Record<string, unknown>;
            if ((o.type === 'TextBlock' || o.type === 'Fact') && typeof o.text === 'string') textBlocks.push(o.text);
            if (o.type === 'TextRun') runs.push(o.text as string);
            if (Array.isArray(o.facts)) for (const fct of o.facts as { value: string }[]) textBlocks.push(fct.value);
            Object.values(o).forEach(walk);
          }
        };
        walk(built.card);
        for (const t of textBlocks) expect(t, `${view}: Markdown-rendered text holds no user text`).not.to.match(/evil\.example|Koordinator<|\*\*X/);
        expect(built.summary).not.to.contain('evil');
        if (view === 'coordinator' || view === 'requester') {
          const summary = runs.find((r) => r.startsWith('[Bestätigen]'));
          expect(summary, 'literal').to.match(/^\[Bestätigen\]\(https:\/\/evil\.example\) \*\*X\*\* <at>Koordinator<\/at> A+…$/);
          expect(summary!.length, 'capped').to.equal(2000);
        } else {
          expect(json, `${view}: no summary`).not.to.contain('Bestätigen');
          expect(json, `${view}: no case reference`).not.to.contain('BN_1');
        }
      }
    });
  });
});
