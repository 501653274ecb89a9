// Directory search ranking and "wer ist zuständig" understanding over the shipped sample: a table of
// question phrasings (German, English, typos, ASCII spellings, city names, JVA nicknames) with the
// expected answer, what free text the capability may claim, and the choice buttons' round trip.
import { expect } from 'chai';
import { optionCommand } from '../src/cards/directoryCards.js';
import { ResponsibilityResolver, type Resolution } from '../src/directory/resolver.js';
import { DirectoryIndex } from '../src/directory/search.js';
import { loadSampleDirectory } from '../src/directory/service.js';
import { TOPICS, TopicMatcher, foldTokens } from '../src/directory/topics.js';
import { isStale } from '../src/directory/types.js';
import { loadInstitutions } from '../src/institutions/institutions.js';

const institutions = loadInstitutions();
const sample = loadSampleDirectory(institutions, new Date('2026-11-20T10:00:00Z'));
const resolver = new ResponsibilityResolver(institutions);
resolver.load(sample);
const index = new DirectoryIndex(institutions);
index.rebuild(Object.values(sample.contacts));

/** Compact form of a resolution, the notation of the table below. */
function describe_(r: Resolution): string {
  switch (r.kind) {
    case 'answer':
      return `answer ${r.institution.id} ${r.topic.id} ${r.contact.id}${r.deputy ? ` / ${r.deputy.id}` : ''}${r.asked ? ` (asked ${r.asked.id})` : ''}`;
    case 'choice':
      return `choice ${r.options.map((o) => `${o.institution.id}:${o.topic.id}`).join(' ')}`;
    case 'unknown':
      return `unknown ${r.institution?.id ?? '-'} ${r.topic?.id ?? '-'} → ${r.coordination.id}`;
    case 'needInstitution':
      return `need ${r.topic.id} → ${r.coordination.id}`;
    case 'unknownTopic':
      return `unknown topic ${r.words.join(' ')} ${r.institution?.id ?? '-'}`;
    case 'notUnderstood':
      return 'not understood';
  }
}

// [question, expected, language the answer is given in (if the words decide it)]
const QUESTIONS: [string, string, ('de' | 'en')?][] = [
  ['Wer ist in der JVA Köln für Dolmetscher zuständig?', 'answer jva-koeln interpreting integration-jva-koeln / sozialdienst-jva-koeln', 'de'],
  ['wer ist in der jva koeln fuer dolmetscher zustaendig', 'answer jva-koeln interpreting integration-jva-koeln / sozialdienst-jva-koeln', 'de'],
  ['Wer ist in der JVA Koln für Dolmetcher zustandig', 'answer jva-koeln interpreting integration-jva-koeln / sozialdienst-jva-koeln', 'de'],
  ['WER IST IN DER JVA KÖLN FÜR DOLMETSCHER ZUSTÄNDIG', 'answer jva-koeln interpreting integration-jva-koeln / sozialdienst-jva-koeln'],
  ['zuständig Seelsorge Werl', 'answer jva-werl religious-care seelsorge-jva-werl'],
  ['zustandig seelsorge krummede', 'answer jva-bochum religious-care seelsorge-jva-bochum'],
  ['Who is the integration officer at Bezirksregierung Detmold?', 'answer br-detmold integration integration-br-detmold / vertretung-integration-br-detmold', 'en'],
  ['Ansprechpartner Kompetenzzentrum', 'answer kfi integration kfi'],
  ['Wer ist für Sprachmittlung in Ossendorf zuständig?', 'answer jva-koeln interpreting integration-jva-koeln / sozialdienst-jva-koeln', 'de'],
  ['Who is responsible for interpreters at JVA Werl?', 'answer jva-werl interpreting integration-jva-werl / sozialdienst-jva-werl', 'en'],
  ['who handles religious care in the Cologne prison', 'answer jva-koeln religious-care seelsorge-jva-koeln', 'en'],
  ['who is the chaplain at JVA Meisenhof', 'answer jva-castrop-rauxel religious-care seelsorge-jva-castrop-rauxel', 'en'],
  ['Extremismusbeauftragter JVA Bochum', 'answer jva-bochum extremism extremismus-jva-bochum / fb-radikalisierungspraevention'],
  ['Wer ist der Extremismusbeauftragte in der JVA Remscheid?', 'answer jva-remscheid extremism extremismus-jva-remscheid / fb-radikalisierungspraevention', 'de'],
  ['Radikalisierung Lüttringhausen', 'answer jva-remscheid extremism extremismus-jva-remscheid / fb-radikalisierungspraevention'],
  ['Wer ist zuständig für Übergangsmanagement in der JVA Siegburg', 'answer jva-siegburg release uebergang-jva-siegburg / sozialdienst-jva-siegburg', 'de'],
  ['Entlassungsvorbereitung JVA Muenster', 'answer jva-muenster release uebergang-jva-muenster / sozialdienst-jva-muenster'],
  ['Ausländerbehörde für die JVA Köln', 'answer jva-koeln foreigners-law abh-koeln / integration-jva-koeln'],
  ['auslaenderrechtliche Fragen JVA Bochum', 'answer jva-bochum foreigners-law abh-bochum / integration-jva-bochum'],
  ['Who deals with deportation at JVA Essen?', 'answer jva-essen foreigners-law abh-essen / integration-jva-essen', 'en'],
  ['Abschiebung JVA Kleve', 'unknown jva-kleve foreigners-law → koordinierungsstelle'],
  ['Krisenintervention JVA Werl', 'answer jva-werl crisis psychologischer-dienst-jva-werl / integration-jva-werl'],
  ['Krisenintervention in der JVA Siegburg', 'unknown jva-siegburg crisis → koordinierungsstelle'],
  ['Konsulat JVA Köln', 'unknown jva-koeln consular → koordinierungsstelle'],
  ['Integrationsbeauftragte Bezirksregierung Münster', 'answer br-muenster integration integration-br-muenster / vertretung-integration-br-muenster'],
  ['Integrationsbeauftragte/r BR Koeln', 'answer br-koeln integration integration-br-koeln / vertretung-integration-br-koeln'],
  ['IB der Bezreg Düsseldorf', 'answer br-duesseldorf integration integration-br-duesseldorf / vertretung-integration-br-duesseldorf'],
  ['Integration officer Bezirksregierung Detmodl', 'answer br-detmold integration integration-br-detmold / vertretung-integration-br-detmold'],
  ['Bezirksregierug Köln Integrationsbeauftragte', 'answer br-koeln integration integration-br-koeln / vertretung-integration-br-koeln'],
  ['Datenschutz Bezirksregierung Köln', 'unknown br-koeln data-protection → kfi'],
  ['Who is responsible for extremism at Bezirksregierung Arnsberg?', 'answer fb-radikalisierungspraevention extremism fb-radikalisierungspraevention (asked br-arnsberg)', 'en'],
  ['Integrationsbeauftragte Detmold', 'choice jva-detmold:integration br-detmold:integration'],
  ['Who is the integration officer in Muenster?', 'choice jva-muenster:integration br-muenster:integration', 'en'],
  ['Wer ist der Integrationsbeauftragte in Köln?', 'choice jva-koeln:integration br-koeln:integration', 'de'],
  ['Integration JVA Willich', 'choice jva-willich-i:integration jva-willich-ii:integration'],
  ['Seelsorge Bielefeld', 'choice jva-bielefeld-brackwede:religious-care jva-bielefeld-senne:religious-care'],
  ['Dolmetscher und Seelsorge JVA Werl', 'choice jva-werl:interpreting jva-werl:religious-care'],
  ['Ansprechpartner KI Köln', 'answer ki-stadt-koeln municipal-integration ki-stadt-koeln / kfi'],
  ['kommunales Integrationsmanagement Dortmund', 'answer ki-stadt-dortmund municipal-integration ki-stadt-dortmund / kfi'],
  ['KIM Kreis Unna', 'answer ki-kreis-unna municipal-integration ki-kreis-unna / kfi'],
  ['Migrationsberatung Kreis Unna', 'answer kfi migration-counselling kfi (asked ki-kreis-unna)'],
  ['Fördermittel', 'answer kfi funding kfi'],
  ['Foerdermittel fuer Integrationsprojekte', 'answer kfi funding kfi'],
  ['Wer ist für Schulungen zuständig?', 'choice fb-radikalisierungspraevention:training kfi:training koordinierungsstelle:training', 'de'],
  ['Wer ist für Extremismus zuständig?', 'answer fb-radikalisierungspraevention extremism fb-radikalisierungspraevention', 'de'],
  ['Ansprechpartner Fachbereich Radikalisierungsprävention', 'answer fb-radikalisierungspraevention extremism fb-radikalisierungspraevention'],
  ['wer ist zuständig Koordinierungsstelle', 'answer koordinierungsstelle integration koordinierungsstelle', 'de'],
  ['Ansprechpartner JVK Fröndenberg', 'answer jvk-froendenberg integration integration-jvk-froendenberg / sozialdienst-jvk-froendenberg'],
  ['Dolmetscher SothA', 'answer sotha-nrw interpreting integration-sotha-nrw / sozialdienst-sotha-nrw'],
  ['Wer ist in der JVA Simonshöfchen für Integration zuständig', 'answer jva-wuppertal-vohwinkel integration integration-jva-wuppertal-vohwinkel / sozialdienst-jva-wuppertal-vohwinkel', 'de'],
  ['Who is responsible for information material at JVA Hagen?', 'answer jva-hagen info-material integration-jva-hagen / sozialdienst-jva-hagen', 'en'],
  ['Informationsmaterial Übersetzungen JVA Hamm', 'answer jva-hamm info-material integration-jva-hamm / sozialdienst-jva-hamm'],
  ['Dolmetscherin für die JVA Geldern', 'answer jva-geldern interpreting integration-jva-geldern / sozialdienst-jva-geldern'],
  ['Seelsorger JVA Heinsberg', 'answer jva-heinsberg religious-care seelsorge-jva-heinsberg'],
  ['Wer ist zuständig für die JVA Atlantis?', 'not understood', 'de'],
];

describe('directory search and responsibility answers (sample directory)', () => {
  describe(`${QUESTIONS.length} question phrasings`, () => {
    it('has at least 40 phrasings, German and English', () => {
      expect(QUESTIONS.length).to.be.at.least(40);
      expect(QUESTIONS.filter(([, , l]) => l === 'en').length).to.be.at.least(8);
    });
    for (const [question, expected, language] of QUESTIONS) {
      it(question, () => {
        const r = resolver.resolve(question);
        expect(describe_(r)).to.equal(expected);
        if (language) expect(r.language).to.equal(language);
      });
    }
  });

  describe('who asks matters', () => {
    it('an officer asking without a place gets their own institution; staff get the state-wide body', () => {
      const own = resolver.resolve('Wer ist für Dolmetscher zuständig?', { institutionId: 'jva-werl' });
      expect(describe_(own)).to.equal('answer jva-werl interpreting integration-jva-werl / sozialdienst-jva-werl');
      expect(own.kind === 'answer' && own.ownInstitution).to.equal(true);
      const staff = resolver.resolve('Wer ist für Dolmetscher zuständig?');
      expect(describe_(staff)).to.equal('answer koordinierungsstelle interpreting koordinierungsstelle');
      expect(staff.kind === 'answer' && staff.stateWide).to.equal(true);
    });

    it('a topic held only by institutions (not by a coordinating body) needs the place', () => {
      expect(describe_(resolver.resolve('Wer ist für Seelsorge zuständig?'))).to.equal('need religious-care → koordinierungsstelle');
      expect(describe_(resolver.resolve('zuständig Seelsorge', { institutionId: 'br-detmold' }))).to.equal('unknown br-detmold religious-care → kfi');
    });
  });

  describe('free text the capability claims (recognizes) — and what it leaves to others', () => {
    const claimed = [
      'Wer ist in der JVA Köln für Dolmetscher zuständig?',
      'Who is the integration officer at Bezirksregierung Detmold?',
      'Seelsorge Werl',
      'Extremismusbeauftragter JVA Bochum',
      'An wen wende ich mich wegen Abschiebung in der JVA Kleve?',
      'Who do I contact about chaplaincy at JVA Werl?',
      'wer ist zustandig fur seelsorge in werl',
      'Ansprechpartnerin für Integration bei der Bezirksregierung Köln?',
      'who is in charge of interpreters at JVA Hagen',
    ];
    const leftAlone = [
      'Ich brauche einen Dolmetscher für Arabisch morgen um 10',
      'Ich bin Integrationsbeauftragte in der JVA Köln und brauche einen Dolmetscher',
      'Wer ist zuständig für meine Eskalation ESK-2026-0001?',
      'Guten Morgen, wie geht es?',
      'JVA Köln',
      'Checkliste Zugang JVA Köln',
      'Die Seelsorge in Werl hat heute angerufen und bittet um Rückruf wegen eines Gefangenen',
      'wer bin ich',
      'Extremismus',
    ];
    for (const text of claimed) it(`claims: ${text}`, () => expect(resolver.recognizes(text)).to.equal(true));
    for (const text of leftAlone) it(`leaves alone: ${text}`, () => expect(resolver.recognizes(text)).to.equal(false));
  });

  describe('choice buttons', () => {
    it('every option command (de and en) resolves back to exactly its institution and topic', () => {
      for (const r of sample.responsibilities) {
        const option = { institution: institutions.byId(r.institutionId)!, topic: TOPICS.find((t) => t.id === r.topic)! };
        for (const locale of ['de', 'en'] as const) {
          const command = optionCommand(locale, option);
          const text = command.replace(/^(zuständig|who is responsible for)\s+/, '');
          const res = resolver.resolve(text);
          expect(res.kind === 'answer' ? `${res.institution.id}|${res.topic.id}` : `${res.kind}: ${command}`, command).to.equal(`${r.institutionId}|${r.topic}`);
        }
      }
    });
  });

  describe('topics', () => {
    const matcher = new TopicMatcher();
    it('finds inflected and mistyped forms, not arbitrary words', () => {
      const topicOf = (text: string) => matcher.scan(foldTokens(text)).map((m) => `${m.topic.id}:${m.quality}`);
      expect(topicOf('Dolmetscherinnen')).to.deep.equal(['interpreting:prefix']);
      expect(topicOf('Dolmetcher')).to.deep.equal(['interpreting:fuzzy']);
      expect(topicOf('Seelsorgerinnen')).to.deep.equal(['religious-care:prefix']);
      expect(topicOf('kommunale Integration')).to.deep.equal(['municipal-integration:exact']);
      expect(topicOf('Integrationszentrum')).to.deep.equal(['municipal-integration:exact']);
      expect(topicOf('Kinder Küche Wetter')).to.deep.equal([]);
    });
    it('every topic id, label and synonym resolves to its topic', () => {
      for (const topic of TOPICS) {
        for (const phrase of [topic.id, topic.label.de, topic.label.en, ...topic.synonyms]) expect(matcher.resolve(phrase)?.id, phrase).to.equal(topic.id);
      }
    });
  });

  describe('search ranking', () => {
    const top = (query: string, n = 1) => index.search(query, 5).ids.slice(0, n);
    const cases: [string, string[]][] = [
      ['Ausländerbehörde Köln', ['abh-koeln']],
      ['auslaenderbehoerde koeln', ['abh-koeln']],
      ['AUSLANDERBEHORDE KOLN', ['abh-koeln']],
      ['Seelsorge Werl', ['seelsorge-jva-werl']],
      ['extremismusbeuftragte werl', ['extremismus-jva-werl']],
      ['KI Dortmund', ['ki-stadt-dortmund']],
      ['Kompetenzzentrum', ['kfi']],
      ['Migrationsberatung Köln', ['migrationsberatung-koeln']],
      ['Übergangsmanagement Krümmede', ['uebergang-jva-bochum']],
      ['Gebärdensprache', ['gebaerdensprache-nrw']],
      ['Video Dolmetschen', ['videodolmetschen-nrw']],
    ];
    for (const [query, expected] of cases) it(`"${query}" → ${expected.join(', ')} first`, () => expect(top(query, expected.length)).to.deep.equal(expected));

    it('a language in the query filters: only interpreter services with that language', () => {
      const arabic = index.search('Dolmetscher Arabisch', 10);
      expect(arabic.language).to.equal('ar');
      expect(arabic.ids).to.have.members(['dolmetscherpool-rheinland', 'dolmetscherpool-westfalen', 'dolmetscherdienst-ruhr', 'videodolmetschen-nrw']);
      for (const id of arabic.ids) expect(sample.contacts[id]!.languages).to.include('ar');
      expect(index.search('interpreter Tigrinya').ids).to.deep.equal(['videodolmetschen-nrw']);
      expect(index.search('Dolmetscher Georgisch Köln').ids, 'no Georgian interpreters in Köln: AND falls back to OR within the language').to.deep.equal(['videodolmetschen-nrw']);
      expect(index.search('Farsi').language).to.equal('fa');
    });

    it('Integrationsbeauftragte Detmold: the two integration officers of Detmold lead', () => {
      expect(top('Integrationsbeauftragte Detmold', 2)).to.have.members(['integration-br-detmold', 'integration-jva-detmold']);
    });

    it('nothing found is an empty result, not an error', () => {
      expect(index.search('Quantenphysik Atlantis')).to.deep.include({ ids: [], total: 0 });
    });
  });

  it('"veraltet": not confirmed within 12 months (or never)', () => {
    expect(isStale('2025-11-20', '2026-11-20')).to.equal(false);
    expect(isStale('2025-11-19', '2026-11-20')).to.equal(true);
    expect(isStale(undefined, '2026-11-20')).to.equal(true);
  });
});
