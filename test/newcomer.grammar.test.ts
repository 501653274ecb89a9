// Issue 12 item 8: every locale string, rendered with sample values per placeholder type, starts its
// sentences with a capital letter (unless it is a fragment used inside another sentence), never mixes
// two date styles in one message, and German institution names get their article and contraction
// from data/grammar.json, never from a preposition written before a placeholder.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DATE_PLACEHOLDERS, formatter } from '../src/i18n/format.js';
import { flatten, translate, type MessageKey } from '../src/i18n/i18n.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { genderOf, loadGrammar, parseGrammarFile, towards, withArticle, withPreposition } from '../src/institutions/grammar.js';
import { DATA_PLACEHOLDERS, placeholdersOf, SAMPLE_DAY, SAMPLE_INSTANT, sampleValue } from './harness/messageSamples.js';

/** Strings that are inserted into other sentences (labels, words, placeholders of inputs), so they start lower case. */
const FRAGMENTS = [
  /^categoryInline\./, /^manifest\.command/, /\.status\./, /\.urgency\./, /Word$/, /Placeholder$/, /^language\.names\./, /^accessHelp\.(adminsUnnamed|or)$/,
  /^directory\.command$/, /^directory\.import\.(row|column)$/, /^escalations\.card\.(dueClosed|duePaused|overdue)$/, /^escalations\.list\.more$/,
  /^escalations\.someone\.(label|dative)$/,
  /^figures\.(none|card\.slaBreached|sla\.|runState\.|durations\.|tab\.problem\.)/,
  /^knowledge\.card\.(stale|retired|sample)$/, /^material\.(audience\.|card\.(validUntil|expired)$|missing\.(complete|lacks|andMore)$)/,
  /^announcements\.(audience|report)\./,
  /^interpreters\.address\.sworn$/, /^interpreters\.detect\.sourceOffline$/, /^interpreters\.card\.requestedByValue$/,
];
const ABBREVIATIONS = /\b(z\. B\.|e\.g\.|i\.e\.|ggf\.|bzw\.|Nr\.|Abs\.|Std\.|ca\.|vgl\.|(?:Mo|Di|Mi|Do|Fr|Sa|So)\.)/g;

/**
 * The message with every placeholder filled by a sample of its type (see test/harness/messageSamples.ts).
 * `dataAs` stands in for technical values (ids, keys) where only our own words are judged.
 */
function rendered(locale: 'de' | 'en', key: string, dataAs?: string): string {
  const raw = flatten(locale).get(key)!;
  const value = (name: string) => (dataAs !== undefined && DATA_PLACEHOLDERS.has(name) ? dataAs : (sampleValue(locale, key, name) ?? `{${name}}`));
  const params = Object.fromEntries(placeholdersOf(raw).map((name) => [name, value(name)]));
  return translate(locale, key as MessageKey, params);
}

/**
 * The date styles a text uses: "Fr., 04.12.2026" / "Fri, 4 Dec 2026" (date), "Freitag, 4. Dezember …" /
 * "Friday, 4 December …" (written out), "04.12.2026" / "04/12/2026" (digits only), "2026-12-04" (ISO).
 */
export function dateStyles(text: string): Set<string> {
  const styles = new Set<string>();
  let rest = text;
  const take = (style: string, re: RegExp) => {
    rest = rest.replace(re, () => {
      styles.add(style);
      return ' ';
    });
  };
  take('date', /\b(?:Mo|Di|Mi|Do|Fr|Sa|So)\., \d{2}\.\d{2}\.\d{4}|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2,3} \d{4}/g);
  take('written', /\b(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? \d{1,2}\.? [A-ZÄ][a-zä]+/g);
  take('digits', /\b\d{1,2}[./]\d{1,2}[./]\d{4}\b/g);
  take('iso', /\b\d{4}-\d{2}-\d{2}\b/g);
  return styles;
}

describe('newcomer: German and English text (issue 12 item 8)', () => {
  for (const locale of ['de', 'en'] as const) {
    it(`every ${locale} sentence starts with a capital letter`, () => {
      const wrong: string[] = [];
      for (const key of flatten(locale).keys()) {
        const text = rendered(locale, key, 'ESK-2026-0001').replace(ABBREVIATIONS, 'Abbr');
        const starts = FRAGMENTS.some((f) => f.test(key)) ? [] : [text.match(/^\p{L}/u)?.[0]];
        for (const m of text.matchAll(/[.!?]\s+(\p{L})/gu)) starts.push(m[1]);
        if (starts.some((c) => c !== undefined && c !== c.toUpperCase())) wrong.push(`${key}: ${text}`);
      }
      expect(wrong).to.deep.equal([]);
    });
  }

  it('every placeholder of every message, in both languages, has a sample of its type', () => {
    const untyped: string[] = [];
    for (const locale of ['de', 'en'] as const) {
      for (const [key, text] of flatten(locale)) for (const name of placeholdersOf(text)) if (sampleValue(locale, key, name) === undefined) untyped.push(`${locale} ${key}: {${name}}`);
    }
    expect(untyped).to.deep.equal([]);
  });

  for (const locale of ['de', 'en'] as const) {
    it(`no ${locale} message mixes two date styles (one formatter per placeholder type)`, () => {
      const mixed: string[] = [];
      let withDates = 0;
      for (const key of flatten(locale).keys()) {
        const text = rendered(locale, key);
        const styles = dateStyles(text);
        if (styles.size > 0) withDates++;
        if (styles.size > 1) mixed.push(`${key}: ${text}`);
      }
      expect(mixed).to.deep.equal([]);
      expect(withDates, 'the check saw the dated messages').to.be.greaterThan(30);
    });
  }

  it('a calendar day and the day of an instant are written alike; the detector tells the styles apart', () => {
    for (const locale of ['de', 'en'] as const) {
      const fmt = formatter(locale);
      expect(fmt.day(SAMPLE_DAY), locale).to.equal(fmt.date(SAMPLE_INSTANT));
      expect([...dateStyles(fmt.day(SAMPLE_DAY))], locale).to.deep.equal(['date']);
      expect([...dateStyles(fmt.dateTime(SAMPLE_INSTANT))], locale).to.deep.equal(['written']);
      expect([...dateStyles(fmt.weekday(SAMPLE_DAY))], locale).to.deep.equal(['written']);
    }
    expect(formatter('de').day(SAMPLE_DAY)).to.equal('Fr., 04.12.2026');
    expect(formatter('en').day(SAMPLE_DAY)).to.equal('Fri, 4 Dec 2026');
    // The mix issue 12 reported: a weekday date and a plain one in one sentence.
    expect(dateStyles('Begonnen am Fr., 04.12.2026, abgeschlossen am 04.12.2026.').size).to.equal(2);
  });

  it('code passes each date placeholder the formatter its name stands for', () => {
    const wrong: string[] = [];
    const dateNames = Object.entries(DATE_PLACEHOLDERS);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : f.endsWith('.ts') ? [path.join(dir, f)] : []));
    for (const file of [...files('src'), ...files('dialogs')]) {
      const source = readFileSync(file, 'utf8');
      for (const [name, kind] of dateNames) {
        // `name: ….dateTime(` for a date placeholder, or `name: ….date(` / `.day(` for a date-time one.
        const call = kind === 'date' ? 'dateTime|weekday' : kind === 'dateTime' ? 'date|day|weekday' : 'date|day|dateTime';
        const misuse = new RegExp(`[{,]\\s*${name}:\\s*[\\w.]*\\.(?:${call})\\(`, 'g');
        for (const m of source.matchAll(misuse)) wrong.push(`${file}: ${m[0]}`);
      }
      if (/Intl\.DateTimeFormat\([^)]*weekday/.test(source) && !file.endsWith(path.join('i18n', 'format.ts'))) wrong.push(`${file}: its own weekday date format`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('no German string writes a preposition or article before an institution name; the article comes from data', () => {
    const written = [...flatten('de')].filter(([, text]) => /\b(in|im|bei|beim|von|vom|an|am|zu|zum|für|der|die|das|dem)\s+\{(institution|unit|coordination|place)\}/i.test(text));
    expect(written.map(([key]) => key)).to.deep.equal([]);
  });

  it('articles and contractions by kind, with exceptions per institution', () => {
    const places = loadInstitutions();
    const at = (id: string, prep: 'in' | 'bei' | 'von') => withPreposition(prep, places.byId(id)!, places.byId(id)!.shortName ?? places.byId(id)!.name, 'de');
    expect(at('br-detmold', 'in')).to.equal('in der BR Detmold');
    expect(withPreposition('in', places.byId('br-detmold')!, 'Bezirksregierung Detmold', 'de')).to.equal('in der Bezirksregierung Detmold');
    expect(at('kfi', 'bei')).to.equal('beim KfI');
    expect(at('fb-radikalisierungspraevention', 'in')).to.equal('im FB Radikalisierungsprävention');
    expect(at('koordinierungsstelle', 'von')).to.equal('von der Koordinierungsstelle Integration');
    expect(at('jva-koeln', 'bei')).to.equal('bei der JVA Köln');
    expect(towards(places.byId('kfi')!, 'Kompetenzzentrum für Integration', 'de')).to.equal('an das Kompetenzzentrum für Integration');
    expect(withArticle(places.byId('koordinierungsstelle')!, 'Koordinierungsstelle Integration', 'de')).to.equal('die Koordinierungsstelle Integration');
    expect(withPreposition('in', places.byId('jva-koeln')!, 'JVA Köln', 'en', { english: 'at' })).to.equal('at JVA Köln');
    for (const place of places.all()) expect(['m', 'f', 'n'], place.id).to.include(genderOf(place));
    expect(() => parseGrammarFile({ ...loadGrammar(), kinds: { jva: 'f' } }, 'grammar.json')).to.throw(/kinds\.bezirksregierung/);
  });

  it('the escalation notices and the directory answer use them', () => {
    expect(translate('de', 'escalations.event.created', { id: 'ESK-2026-0001', atUnit: 'beim KfI' })).to.equal('ESK-2026-0001 ist neu beim KfI eingegangen.');
    expect(translate('de', 'roles.staff')).to.equal('Mitarbeiter/in');
    expect(translate('en', 'checklist.list.noDue')).to.equal('No due date');
  });
});

describe('newcomer: a category inside a sentence is written in lower case where German does (issue 12 item 8)', () => {
  it('the case summary line says "religiöse Betreuung", the card title keeps the label', async () => {
    const { caseCard } = await import('../src/cards/escalationCards.js');
    const { translator } = await import('../src/i18n/i18n.js');
    const { formatter } = await import('../src/i18n/format.js');
    const info = { t: translator('de'), fmt: formatter('de', 'Europe/Berlin'), locale: 'de' as const };
    const c = {
      id: 'ESK-2026-0001', version: 1, status: 'neu', category: 'religioese-betreuung', urgency: 'normal', requester: 'o', institutionId: 'jva-koeln', unitId: 'koordinierungsstelle',
      summary: 'Beispiel', thread: [], history: [], slaDueAt: '2026-12-08T10:00:00.000Z', createdAt: '2026-12-04T10:00:00.000Z', updatedAt: '2026-12-04T10:00:00.000Z',
    } as never;
    const built = caseCard(info, c, 'limited', { now: new Date('2026-12-04T10:00:00Z'), institutionName: 'JVA Köln', unitName: 'Koordinierungsstelle Integration', nameOf: () => 'x' });
    expect(built.summary).to.equal('Eskalation ESK-2026-0001: religiöse Betreuung, normal, neu');
    expect(JSON.stringify(built.card)).to.contain('ESK-2026-0001 · Religiöse Betreuung');
  });
});
