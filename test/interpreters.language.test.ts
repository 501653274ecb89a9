// Interpreter requests, below the dialog and the service: date and duration phrases (de/en, Europe/Berlin,
// past refused), one-sentence requests and what free text the capability claims (beside the directory's
// questions), the JVEG cost hint (rate table, half hours, night/Sunday/holiday surcharge), NRW holidays.
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
import { tempDir } from './harness/botProcess.js';
import { institutions } from './harness/interpreterFixtures.js';

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
