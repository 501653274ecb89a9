// Escalations: routing table, SLA working days and the state machine (pure parts).
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Identity } from '../src/roles/types.js';
import { loadRouting, parseRoutingFile, ROUTING_FILE, RoutingFileError } from '../src/escalations/routing.js';
import { addWorkingDays, easterSunday, nrwHolidays, slaDueAt } from '../src/escalations/sla.js';
import { accessOf, transition } from '../src/escalations/stateMachine.js';
import { CATEGORIES, type Escalation } from '../src/escalations/types.js';
import { StartupRefusal } from '../src/startup/refusal.js';
import { isStartupRefusal } from '../src/startupErrors.js';
import { tempDir } from './harness/botProcess.js';
import { admin, institutions, kfi, ks1, ks2, officerJva, officerJva2, TZ } from './harness/escalationFixtures.js';

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

    it('a broken routing file is a start-up refusal: one message naming file, field and reason, exit code 1', () => {
      const dir = tempDir('lotse-routing-');
      const broken = JSON.parse(readFileSync(ROUTING_FILE, 'utf8'));
      broken.sla.dringend.reminderBeforeMinutes = 'soon';
      const file = path.join(dir, 'routing.json');
      writeFileSync(file, JSON.stringify(broken));
      let caught: unknown;
      try {
        loadRouting(institutions, file);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(StartupRefusal);
      const refusal = isStartupRefusal(caught);
      expect(refusal?.exitCode).to.equal(1);
      expect(refusal?.message).to.contain(file).and.contain('sla.dringend.reminderBeforeMinutes').and.match(/expected number/i);
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
});
