// Issue 12 item 8: every locale string, rendered with sample values, starts its sentences with a capital
// letter (unless it is a fragment used inside another sentence); German institution names get their
// article and contraction from data/grammar.json, never from a preposition written before a placeholder.
import { expect } from 'chai';
import { flatten, translate, type MessageKey } from '../src/i18n/i18n.js';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { genderOf, loadGrammar, parseGrammarFile, towards, withArticle, withPreposition } from '../src/institutions/grammar.js';

/** Strings that are inserted into other sentences (labels, words, placeholders of inputs), so they start lower case. */
const FRAGMENTS = [
  /^categoryInline\./, /^manifest\.command/, /\.status\./, /\.urgency\./, /Word$/, /Placeholder$/, /^language\.names\./, /^accessHelp\.(adminsUnnamed|or)$/,
  /^directory\.command$/, /^directory\.import\.(row|column)$/, /^escalations\.card\.(dueClosed|duePaused|overdue)$/, /^escalations\.list\.more$/,
  /^figures\.(none|card\.slaBreached|sla\.|runState\.|durations\.|tab\.problem\.)/,
  /^knowledge\.card\.(stale|retired|sample)$/, /^material\.(audience\.|card\.(validUntil|expired)$|missing\.(complete|lacks|andMore)$)/,
  /^announcements\.(audience|report)\./,
  /^interpreters\.address\.sworn$/, /^interpreters\.detect\.sourceOffline$/, /^interpreters\.card\.requestedByValue$/,
];
const ABBREVIATIONS = /\b(z\. B\.|e\.g\.|i\.e\.|ggf\.|bzw\.|Nr\.|Abs\.|Std\.|ca\.|vgl\.)/g;
/** Sample values: data (ids, names, dates) starts as data does. */
const SAMPLE = 'ESK-2026-0001';

function rendered(locale: 'de' | 'en', key: string): string {
  const raw = flatten(locale).get(key)!;
  const params = Object.fromEntries([...raw.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, SAMPLE]));
  return translate(locale, key as MessageKey, params);
}

describe('newcomer: German and English text (issue 12 item 8)', () => {
  for (const locale of ['de', 'en'] as const) {
    it(`every ${locale} sentence starts with a capital letter`, () => {
      const wrong: string[] = [];
      for (const key of flatten(locale).keys()) {
        const text = rendered(locale, key).replace(ABBREVIATIONS, 'Abbr');
        const starts = FRAGMENTS.some((f) => f.test(key)) ? [] : [text.match(/^\p{L}/u)?.[0]];
        for (const m of text.matchAll(/[.!?]\s+(\p{L})/gu)) starts.push(m[1]);
        if (starts.some((c) => c !== undefined && c !== c.toUpperCase())) wrong.push(`${key}: ${text}`);
      }
      expect(wrong).to.deep.equal([]);
    });
  }

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
