// Issue 12 item 7: "dringend" counts hours within the unit's service hours (data/routing.json), unless
// the unit has an explicit on-call service; Friday 19:18 + 4 h is Monday 12:00, not Friday 23:18.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { loadRouting, parseRoutingFile, ROUTING_FILE, RoutingFileError } from '../src/escalations/routing.js';
import { addServiceMinutes, slaDueAt } from '../src/escalations/sla.js';

const institutions = loadInstitutions();
const TZ = 'Europe/Berlin';
const hours = { from: '08:00', to: '17:00' };
const shipped = () => JSON.parse(readFileSync(ROUTING_FILE, 'utf8')) as Record<string, any>;

describe('newcomer: urgent SLAs follow service hours (issue 12 item 7)', () => {
  it('counts only service hours on NRW working days', () => {
    // Friday 4 Dec 2026, 19:18 in Berlin → Monday 7 Dec, 12:00.
    expect(addServiceMinutes(new Date('2026-12-04T18:18:00Z'), 240, hours, TZ).toISOString()).to.equal('2026-12-07T11:00:00.000Z');
    // Thursday 16:00 → 1 h on Thursday, 3 h on Friday → Friday 11:00.
    expect(addServiceMinutes(new Date('2026-12-03T15:00:00Z'), 240, hours, TZ).toISOString()).to.equal('2026-12-04T10:00:00.000Z');
    // Thursday 24 Dec, 16:00: Christmas Friday and the weekend are skipped → Monday 28 Dec, 11:00.
    expect(addServiceMinutes(new Date('2026-12-24T15:00:00Z'), 240, hours, TZ).toISOString()).to.equal('2026-12-28T10:00:00.000Z');
    // Inside the hours it is plain clock time: Tuesday 09:30 + 4 h → 13:30.
    expect(addServiceMinutes(new Date('2026-12-01T08:30:00Z'), 240, hours, TZ).toISOString()).to.equal('2026-12-01T12:30:00.000Z');
  });

  it('the shipped routing file applies service hours per unit; an on-call unit counts around the clock', () => {
    const friday = new Date('2026-12-04T18:18:00Z');
    const routing = loadRouting(institutions);
    expect(slaDueAt(friday, routing.slaFor('koordinierungsstelle').dringend, TZ).toISOString()).to.equal('2026-12-07T11:00:00.000Z');
    const data = shipped();
    data.units['fb-radikalisierungspraevention'] = { onCall: true };
    const onCall = parseRoutingFile(data, institutions);
    expect(slaDueAt(friday, onCall.slaFor('fb-radikalisierungspraevention').dringend, TZ).toISOString()).to.equal('2026-12-04T22:18:00.000Z');
    expect(slaDueAt(friday, onCall.slaFor('kfi').dringend, TZ).toISOString(), 'other units keep service hours').to.equal('2026-12-07T11:00:00.000Z');
    data.units.kfi = { onCall: false, serviceHours: { from: '07:00', to: '15:30' } };
    expect(slaDueAt(friday, parseRoutingFile(data, institutions).slaFor('kfi').dringend, TZ).toISOString(), 'a unit may have its own hours').to.equal('2026-12-07T10:00:00.000Z');
    // "normal" stays in working days, untouched by service hours.
    expect(slaDueAt(friday, routing.slaFor('kfi').normal, TZ).toISOString()).to.equal('2026-12-08T18:18:00.000Z');
  });

  it('refuses a broken service-hours section with the field named', () => {
    const bad = (edit: (d: Record<string, any>) => void) => {
      const data = shipped();
      edit(data);
      return () => parseRoutingFile(data, institutions, 'routing.json');
    };
    expect(bad((d) => (d.serviceHours = { from: '17:00', to: '08:00' }))).to.throw(RoutingFileError, /serviceHours.*"from" must be before "to"/);
    expect(bad((d) => (d.serviceHours = { from: '8', to: '17:00' }))).to.throw(RoutingFileError, /serviceHours\.from/);
    expect(bad((d) => (d.units['jva-koeln'] = { onCall: true }))).to.throw(RoutingFileError, /units\.jva-koeln.*not a coordinating unit/);
    expect(bad((d) => delete d.units.kfi.onCall)).to.throw(RoutingFileError, /units\.kfi\.onCall/);
  });
});
