// Interpreter requests, below the dialog: date and duration phrases (de/en, Europe/Berlin, past refused),
// one-sentence requests and what free text the capability claims (beside the directory's questions),
// the JVEG cost hint (rate table, half hours, night/Sunday/holiday surcharge), NRW holidays, and the
// service on real files: lifecycle, organisers and their notifications, stale cards, access, the
// interpreter inbox channel, the address file, audit without content, restart.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDuration, parseWhen, findDuration } from '../src/interpreters/when.js';
import { parseOneShot, recognizesRequest, parseMode, parsePurpose, parseUrgency } from '../src/interpreters/parse.js';
import { estimateCost, loadRates, RateTable } from '../src/interpreters/cost.js';
import { easterSunday, isNrwHoliday, nrwHolidays } from '../src/time/holidays.js';
import { instantAt } from '../src/time/zoned.js';
import { ResponsibilityResolver } from '../src/directory/resolver.js';
import { loadSampleDirectory } from '../src/directory/service.js';
import { inboxKey } from '../src/interpreters/service.js';
import { tempDir } from './harness/botProcess.js';
import {
  admin,
  brOfficer,
  institutions,
  interpreterFixture,
  organiser,
  requester,
  requestInput,
  staff,
  visible,
  werl,
  type InterpreterFixture,
} from './harness/interpreterFixtures.js';

const TZ = 'Europe/Berlin';
// Tuesday 10 March 2026, 14:30 in Berlin.
const NOW = new Date('2026-03-10T13:30:00Z');
const berlin = (d: Date) => new Intl.DateTimeFormat('de-DE', { timeZone: TZ, weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);

describe('interpreters: appointment times and durations', () => {
  const cases: [string, 'de' | 'en', string][] = [
    ['morgen 10 Uhr', 'de', 'Mi., 11.03.2026, 10:00'],
    ['morgen um 10', 'de', 'Mi., 11.03.2026, 10:00'],
    ['Ich brauche einen Dolmetscher für Arabisch morgen um 10 Uhr per Video', 'de', 'Mi., 11.03.2026, 10:00'],
    ['heute 16 Uhr', 'de', 'Di., 10.03.2026, 16:00'],
    ['um 10 Uhr', 'de', 'Mi., 11.03.2026, 10:00'], // 10:00 has passed today: the next 10:00
    ['Freitag um 14:15', 'de', 'Fr., 13.03.2026, 14:15'],
    ['nächsten Freitag 9 Uhr', 'de', 'Fr., 20.03.2026, 09:00'],
    ['20.3. 9 Uhr', 'de', 'Fr., 20.03.2026, 09:00'],
    ['am 12.3. um 10:30', 'de', 'Do., 12.03.2026, 10:30'],
    ['31.03.2026 13 Uhr', 'de', 'Di., 31.03.2026, 13:00'],
    ['in 2 Stunden', 'de', 'Di., 10.03.2026, 16:30'],
    ['Donnerstag 8:30 Uhr für 90 Minuten', 'de', 'Do., 12.03.2026, 08:30'],
    ['tomorrow at 10am', 'en', 'Mi., 11.03.2026, 10:00'],
    ['next friday 2pm', 'en', 'Fr., 20.03.2026, 14:00'],
    ['today 4 pm', 'en', 'Di., 10.03.2026, 16:00'],
    ['tomorrow at 10am', 'de', 'Mi., 11.03.2026, 10:00'], // the other language is tried too
    ['morgen 10 Uhr', 'en', 'Mi., 11.03.2026, 10:00'],
  ];
  for (const [text, locale, expected] of cases) {
    it(`${locale}: "${text}" → ${expected}`, () => {
      const r = parseWhen(text, { locale, now: NOW, timeZone: TZ });
      expect(r.ok, JSON.stringify(r)).to.equal(true);
      if (r.ok) expect(berlin(r.start)).to.equal(expected);
    });
  }

  it('refuses past times, too distant ones and non-dates; a day without a time asks for the time', () => {
    expect(parseWhen('heute 9 Uhr', { locale: 'de', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'past' });
    expect(parseWhen('gestern 10 Uhr', { locale: 'de', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'past' });
    expect(parseWhen('yesterday 10am', { locale: 'en', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'past' });
    expect(parseWhen('1.1.2030 10 Uhr', { locale: 'de', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'tooFar' });
    expect(parseWhen('irgendwann', { locale: 'de', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'unrecognised' });
    expect(parseWhen('für 2 Stunden', { locale: 'de', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'unrecognised' });
    expect(parseWhen('übermorgen', { locale: 'de', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'noTime', day: '2026-03-12' });
    expect(parseWhen('morgen früh', { locale: 'de', now: NOW, timeZone: TZ })).to.deep.equal({ ok: false, reason: 'noTime', day: '2026-03-11' });
  });

  it('a time alone completes a known day ("10", "10.30", "9:15 Uhr")', () => {
    for (const [text, expected] of [['10', 'Do., 12.03.2026, 10:00'], ['10.30', 'Do., 12.03.2026, 10:30'], ['9:15 Uhr', 'Do., 12.03.2026, 09:15']]) {
      const r = parseWhen(text!, { locale: 'de', now: NOW, timeZone: TZ, day: '2026-03-12' });
      expect(r.ok && berlin(r.start)).to.equal(expected);
    }
  });

  it('converts in Europe/Berlin whatever the machine zone: summer time and the spring-forward gap', () => {
    const summer = parseWhen('1.7.2026 10 Uhr', { locale: 'de', now: NOW, timeZone: TZ });
    expect(summer.ok && summer.start.toISOString()).to.equal('2026-07-01T08:00:00.000Z');
    const winter = parseWhen('1.12.2026 10 Uhr', { locale: 'de', now: NOW, timeZone: TZ });
    expect(winter.ok && winter.start.toISOString()).to.equal('2026-12-01T09:00:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: it becomes 03:30 CEST.
    expect(instantAt('2026-03-29', 2, TZ, 30).toISOString()).to.equal('2026-03-29T01:30:00.000Z');
    expect(instantAt('2026-10-25', 10, TZ).toISOString()).to.equal('2026-10-25T09:00:00.000Z');
  });

  const durations: [string, number | string][] = [
    ['90', 90], ['1,5', 90], ['1,5 h', 90], ['1.5 hours', 90], ['eine Stunde', 60], ['2 Stunden', 120], ['zwei Stunden', 120], ['für 90 Minuten', 90],
    ['1 Stunde 30 Minuten', 90], ['anderthalb Stunden', 90], ['half an hour', 30], ['an hour', 60], ['45 min', 45], ['2 hours', 120],
    ['10 Stunden', 'tooLong'], ['5 min', 'tooShort'], ['in 2 Stunden', 'unrecognised'], ['bald', 'unrecognised'],
  ];
  for (const [text, expected] of durations) {
    it(`duration "${text}" → ${expected}`, () => {
      const r = parseDuration(text);
      expect(r.ok ? r.minutes : r.reason).to.equal(expected);
    });
  }

  it('"morgen 10 h" is a time, not a duration of ten hours', () => {
    expect(findDuration('morgen 10 h')).to.equal(undefined);
    const r = parseWhen('morgen 10 h', { locale: 'de', now: NOW, timeZone: TZ });
    expect(r.ok && berlin(r.start)).to.equal('Mi., 11.03.2026, 10:00');
  });
});

describe('interpreters: one sentence and free text', () => {
  const opts = { locale: 'de' as const, now: NOW, timeZone: TZ, institutions };

  it('fills what the sentence says and nothing else', () => {
    const s = parseOneShot('Ich brauche einen Dolmetscher für Arabisch morgen um 10 Uhr per Video', opts);
    expect(s.languages).to.deep.equal(['ar']);
    expect(s.when?.ok && s.when.start.toISOString()).to.equal('2026-03-11T09:00:00.000Z');
    expect(s.mode).to.equal('video');
    expect(s.durationMin).to.equal(undefined);
    expect(s.purpose).to.equal(undefined);
    expect(s.caseRef).to.equal(undefined);
    expect(s.placeId).to.equal(undefined);
  });

  it('reads language choice, purpose, urgency, case reference, duration and day in one go', () => {
    const s = parseOneShot('Dolmetscher Kurdisch Zugangsgespräch dringend Buchnummer 123/24 für 90 Minuten übermorgen 8:30', opts);
    expect(s.languages).to.deep.equal(['kmr', 'ckb']);
    expect(s.purpose).to.equal('zugang');
    expect(s.urgency).to.equal('dringend');
    expect(s.caseRef).to.equal('Buchnummer 123/24');
    expect(s.durationMin).to.equal(90);
    expect(s.when?.ok && s.when.start.toISOString()).to.equal('2026-03-12T07:30:00.000Z');
  });

  it('English, a dialect, a place', () => {
    const en = parseOneShot('I need an interpreter for Tigrinya tomorrow at 10am by phone for one hour, medical', { ...opts, locale: 'en' });
    expect(en).to.deep.include({ languages: ['ti'], mode: 'telefon', durationMin: 60, purpose: 'medizin' });
    const de = parseOneShot('Dolmetscher Arabisch, Dialekt Syrisch, Freitag 14 Uhr vor Ort in der JVA Werl', opts);
    expect(de).to.deep.include({ languages: ['ar'], dialect: 'Syrisch', mode: 'vor_ort', placeId: 'jva-werl' });
    expect(de.when?.ok && de.when.start.toISOString()).to.equal('2026-03-13T13:00:00.000Z');
  });

  it('refuses a name as case reference, skips German as the language, reports a past time', () => {
    const s = parseOneShot('Dolmetscher Deutsch-Türkisch gestern 10 Uhr, Buchnummer Max 12', opts);
    expect(s.languages).to.deep.equal(['tr']);
    expect(s.caseRef).to.equal(undefined);
    expect(s.caseRefRefused).to.equal(true);
    expect(s.when).to.deep.equal({ ok: false, reason: 'past' });
  });

  it('single answers: mode, purpose (words and numbers), urgency', () => {
    expect(['vor Ort', 'per Video', 'telefonisch', 'by phone', 'in person'].map((t) => parseMode(t))).to.deep.equal(['vor_ort', 'video', 'telefon', 'telefon', 'vor_ort']);
    expect(['Zugangsgespräch', 'ärztliche Behandlung', 'Vollzugsplanung', 'Abschiebung', 'Krisengespräch', 'Informationsveranstaltung', 'Sonstiges'].map((t) => parsePurpose(t))).to.deep.equal([
      'zugang', 'medizin', 'vollzugsplanung', 'auslaenderrecht', 'krise', 'information', 'sonstiges',
    ]);
    expect(parsePurpose('3', { allowNumber: true })).to.equal('vollzugsplanung');
    expect(parsePurpose('3')).to.equal(undefined);
    expect([parseUrgency('dringend'), parseUrgency('nicht dringend', { allowNormal: true }), parseUrgency('Normal', { allowNormal: true }), parseUrgency('morgen')]).to.deep.equal(['dringend', 'normal', 'normal', undefined]);
  });

  describe('what free text the capability claims — and the directory questions it leaves alone', () => {
    const sample = loadSampleDirectory(institutions, new Date('2026-11-20T10:00:00Z')); // the sample's own reference date
    const directory = new ResponsibilityResolver(institutions);
    directory.load(sample);
    const mine = (text: string) => recognizesRequest(text, { now: NOW, timeZone: TZ, locale: 'de' });
    const claimed = [
      'Ich brauche einen Dolmetscher für Arabisch morgen um 10 Uhr per Video',
      'Ich brauche einen Dolmetscher für Arabisch morgen um 10',
      'Wir benötigen eine Sprachmittlung für Farsi',
      'Bitte Dolmetscherin Russisch am Freitag 9 Uhr',
      'need an interpreter for Arabic tomorrow at 10',
      'Ich bin Integrationsbeauftragte in der JVA Köln und brauche einen Dolmetscher',
    ];
    const leftAlone = [
      'Wer ist in der JVA Köln für Dolmetscher zuständig?',
      'Wer ist zuständig für Dolmetscher in Köln?',
      'who is in charge of interpreters at JVA Hagen',
      'Welche Dolmetscher gibt es in Werl?',
      'An wen wende ich mich wegen Dolmetschern in der JVA Kleve?',
      'Die Dolmetscherin war heute sehr gut',
      'Guten Morgen, wie geht es?',
      'Checkliste Zugang JVA Köln',
      'Ich möchte eskalieren, weil seit Tagen kein Dolmetscher für Farsi kommt',
      'I need to escalate: no interpreter for Arabic tomorrow',
    ];
    for (const text of claimed) {
      it(`claims: ${text}`, () => {
        expect(mine(text)).to.equal(true);
        expect(directory.recognizes(text), 'the directory (asked first) leaves it').to.equal(false);
      });
    }
    for (const text of leftAlone) it(`leaves alone: ${text}`, () => expect(mine(text)).to.equal(false));
    it('the directory still claims its questions about interpreters', () => {
      expect(directory.recognizes('Wer ist zuständig für Dolmetscher in Köln?')).to.equal(true);
      expect(directory.recognizes('who is in charge of interpreters at JVA Hagen')).to.equal(true);
    });
  });
});

describe('interpreters: cost hint (JVEG)', () => {
  const rates = loadRates();
  const at = NOW;
  const cost = (startIso: string, minutes: number, when = at) => estimateCost(rates, { start: new Date(startIso), durationMin: minutes, at: when, timeZone: TZ });

  it('€93 per hour since 1 June 2025, billed per started half hour', () => {
    expect(cost('2026-03-11T09:00:00Z', 60)).to.deep.include({ amountEur: 93, hourlyEur: 93, billedHours: 1, surchargedMinutes: 0, validFrom: '2025-06-01' });
    expect(cost('2026-03-11T09:00:00Z', 15)!.amountEur).to.equal(46.5);
    expect(cost('2026-03-11T09:00:00Z', 30)!.amountEur).to.equal(46.5);
    expect(cost('2026-03-11T09:00:00Z', 61)!.amountEur).to.equal(139.5);
    expect(cost('2026-03-11T09:00:00Z', 90)!.amountEur).to.equal(139.5);
    expect(cost('2026-03-11T09:00:00Z', 91)!.amountEur).to.equal(186);
    expect(cost('2026-03-11T09:00:00Z', 60)!.source.de).to.contain('KostBRÄG 2025').and.contain('§ 9');
  });

  it('+20 % for the share at night (23–6 h), on Sundays and NRW public holidays', () => {
    expect(cost('2026-03-15T09:00:00Z', 60)).to.deep.include({ amountEur: 111.6, surchargedMinutes: 60 }); // Sunday
    expect(cost('2026-04-03T08:00:00Z', 60)!.amountEur).to.equal(111.6); // Karfreitag
    expect(cost('2026-03-11T21:30:00Z', 60)).to.deep.include({ amountEur: 102.3, surchargedMinutes: 30 }); // 22:30–23:30
    expect(cost('2026-03-11T04:00:00Z', 120)!.surchargedMinutes).to.equal(60); // 05:00–07:00
  });

  it('the rate in force on the day of the commission; a rate change is a data change', () => {
    expect(cost('2025-06-02T08:00:00Z', 60, new Date('2025-05-31T12:00:00Z'))!.hourlyEur).to.equal(85);
    expect(cost('2025-06-02T08:00:00Z', 60, new Date('2025-05-31T22:30:00Z'))!.hourlyEur).to.equal(93); // 1 June 00:30 in Berlin
    const table = new RateTable([{ validFrom: '2027-01-01', hourlyEur: 100, surchargePercent: 25, source: { de: 'x', en: 'x' } }]);
    expect(estimateCost(table, { start: new Date('2026-03-11T09:00:00Z'), durationMin: 60, at, timeZone: TZ })).to.equal(undefined);
    const dir = tempDir('lotse-rates-');
    const file = path.join(dir, 'rates.json');
    writeFileSync(file, JSON.stringify({ rates: [{ validFrom: '2025-06-01', hourlyEur: 93, surchargePercent: 20, source: { de: 'a', en: 'b' } }, { validFrom: '2025-01-01', hourlyEur: 85, surchargePercent: 20, source: { de: 'a', en: 'b' } }] }));
    expect(() => loadRates(file)).to.throw(/rates\.json.*sorted by validFrom/);
    writeFileSync(file, JSON.stringify({ rates: [{ validFrom: '2025-06-01', hourlyEur: -1, surchargePercent: 20, source: { de: 'a', en: 'b' } }] }));
    expect(() => loadRates(file)).to.throw(/rates\.0\.hourlyEur/);
  });

  it('NRW public holidays', () => {
    expect([2024, 2025, 2026, 2027].map(easterSunday)).to.deep.equal(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28']);
    expect([...nrwHolidays(2026).keys()]).to.deep.equal([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-06-04', '2026-10-03', '2026-11-01', '2026-12-25', '2026-12-26',
    ]);
    expect(isNrwHoliday('2026-06-04')).to.equal(true); // Fronleichnam is a holiday in NRW
    expect(isNrwHoliday('2026-10-31')).to.equal(false); // Reformationstag is not
  });
});

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
    await fx.service.confirm(organiser, { id: c.value.id, version: 1 }, {});
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
    const confirmed = await fx.service.confirm(brOfficer, { id: 'DOL-2026-0001', version: 1 }, {});
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
    const confirmed = await fx.service.confirm(member, { id: created.value.id, version: 1 }, {}, { conversationId: '19:dolmetscher@thread.tacv2;messageid=1700000000000' });
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

  it('keeps everything across a restart; ids continue; a failing outbox does not lose the request', async () => {
    await fx.service.create(requester, requestInput());
    await fx.reopen();
    expect(fx.store.data.requests['DOL-2026-0001']?.status).to.equal('angefragt');
    fx.notifier.fail = true;
    const next = await fx.service.create(requester, requestInput());
    expect(next.ok && next.value.id).to.equal('DOL-2026-0002');
    await fx.reopen();
    expect(Object.keys(fx.store.data.requests)).to.deep.equal(['DOL-2026-0001', 'DOL-2026-0002']);
    fx.clock.set('2027-01-05T10:00:00Z');
    fx.notifier.fail = false;
    const newYear = await fx.service.create(requester, requestInput({ start: new Date('2027-01-06T09:00:00Z') }));
    expect(newYear.ok && newYear.value.id).to.equal('DOL-2027-0001');
  });
});
