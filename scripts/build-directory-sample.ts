// Builds the shipped sample directory (data/directory-sample/): functions and organisations only, all
// addresses at example.org, every entry marked "Beispieldaten". Run after changing the rules below:
//   node --import tsx scripts/build-directory-sample.ts
// Writes contacts.csv, responsibilities.csv and the same as JSON, through the regular exporter, and
// checks the result with the regular importer.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadInstitutions } from '../src/institutions/institutions.js';
import { type Institution } from '../src/institutions/institutionsFile.js';
import { exportCsv, exportJson } from '../src/directory/export.js';
import { SAMPLE_DIR, loadSampleDirectory } from '../src/directory/service.js';
import type { Contact, DirectoryData, Responsibility } from '../src/directory/types.js';

const institutions = loadInstitutions();
const contacts: Record<string, Contact> = {};
const responsibilities: Responsibility[] = [];
const STAMP = '2026-09-30T00:00:00.000Z';
const NOTE = 'Beispieldaten – Funktionspostfach, keine echte Adresse.';

function contact(c: Omit<Contact, 'version' | 'updatedAt' | 'updatedBy' | 'languages' | 'notes'> & { languages?: string[]; notes?: string }): string {
  if (contacts[c.id]) throw new Error(`duplicate sample contact ${c.id}`);
  contacts[c.id] = { languages: [], notes: NOTE, ...c, version: 1, updatedAt: STAMP, updatedBy: 'sample' };
  return c.id;
}

function responsible(institutionId: string, topic: string, contactId: string, deputyContactId?: string): void {
  const c = contacts[contactId]!;
  responsibilities.push({ institutionId, topic, contactId, ...(deputyContactId ? { deputyContactId } : {}), ...(c.lastConfirmed ? { lastConfirmed: c.lastConfirmed } : {}), updatedAt: STAMP });
}

/** "der JVA Köln", "des Justizvollzugskrankenhauses NRW (JVK)" … */
function genitive(inst: Institution): string {
  if (inst.id === 'jvk-froendenberg') return 'des Justizvollzugskrankenhauses NRW (JVK)';
  if (inst.id === 'sotha-nrw') return 'der Sozialtherapeutischen Anstalt NRW (SothA)';
  return `der ${inst.name}`;
}

// A spread of confirmation dates; every fifth entry is older than 12 months to show "veraltet".
const DATES = ['2026-09-15', '2026-07-01', '2026-05-12', '2026-03-02', '2025-06-30'];
let n = 0;
const nextDate = () => DATES[n++ % DATES.length]!;

const koordinierungsstelle = contact({
  id: 'koordinierungsstelle',
  name: 'Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug)',
  category: 'coordination',
  institutionId: 'koordinierungsstelle',
  region: 'NRW',
  topics: ['integration', 'training', 'interpreting', 'release', 'info-material'],
  channels: { email: 'koordinierungsstelle-integration@example.org', url: 'https://www.example.org/koordinierungsstelle-integration' },
  notes: 'Beispieldaten. Unterstützt und koordiniert die Integrationsbeauftragten der Justizvollzugsanstalten, regionale Arbeitskreise.',
  lastConfirmed: '2026-05-12',
});
const kfi = contact({
  id: 'kfi',
  name: 'Kompetenzzentrum für Integration (KfI), Bezirksregierung Arnsberg – Dezernat 36',
  category: 'coordination',
  institutionId: 'kfi',
  region: 'Arnsberg',
  topics: ['integration', 'funding', 'municipal-integration', 'training', 'migration-counselling', 'antidiscrimination'],
  channels: { email: 'kompetenzzentrum-integration@example.org', url: 'https://www.example.org/kfi' },
  notes: 'Beispieldaten. Berät die Integrationsbeauftragten der Bezirksregierungen (Koordinierungskreis), Förderung, KIM.',
  lastConfirmed: '2026-05-12',
});
const fb = contact({
  id: 'fb-radikalisierungspraevention',
  name: 'Fachbereich Radikalisierungsprävention im Justizvollzug NRW',
  category: 'coordination',
  institutionId: 'fb-radikalisierungspraevention',
  region: 'Essen',
  topics: ['extremism', 'training'],
  channels: { email: 'radikalisierungspraevention@example.org' },
  notes: 'Beispieldaten. Lagebild, Verdachtsfälle, Fortbildung; arbeitet mit den Extremismusbeauftragten der Anstalten.',
  lastConfirmed: '2026-03-02',
});
const laki = contact({
  id: 'laki',
  name: 'Landesweite Koordinierungsstelle Kommunale Integrationszentren (LaKI)',
  category: 'coordination',
  institutionId: 'br-arnsberg',
  region: 'Dortmund',
  topics: ['municipal-integration'],
  channels: { email: 'laki@example.org' },
  notes: 'Beispieldaten. Dezernat 37 der Bezirksregierung Arnsberg; Netzwerk der Kommunalen Integrationszentren.',
  lastConfirmed: '2026-01-20',
});
responsible('koordinierungsstelle', 'integration', koordinierungsstelle);
responsible('koordinierungsstelle', 'training', koordinierungsstelle);
responsible('koordinierungsstelle', 'interpreting', koordinierungsstelle);
responsible('koordinierungsstelle', 'release', koordinierungsstelle);
responsible('koordinierungsstelle', 'info-material', koordinierungsstelle);
responsible('kfi', 'integration', kfi);
responsible('kfi', 'funding', kfi);
responsible('kfi', 'municipal-integration', kfi, laki);
responsible('kfi', 'training', kfi);
responsible('kfi', 'migration-counselling', kfi);
responsible('kfi', 'antidiscrimination', kfi);
responsible('fb-radikalisierungspraevention', 'extremism', fb);
responsible('fb-radikalisierungspraevention', 'training', fb);

// Every prison: its Integrationsbeauftragte/r (integration, interpreters, information material), the
// Sozialdienst as deputy, Extremismusbeauftragte/r, Seelsorge and Übergangsmanagement — functions, not people.
for (const jva of institutions.ofKind('jva')) {
  const of = genitive(jva);
  const region = jva.city ?? jva.regierungsbezirk ?? 'NRW';
  const date = nextDate();
  const ib = contact({ id: `integration-${jva.id}`, name: `Integrationsbeauftragte/r ${of}`, category: 'function', institutionId: jva.id, region, topics: ['integration', 'interpreting', 'info-material'], channels: { email: `integration.${jva.id}@example.org` }, lastConfirmed: date });
  const sd = contact({ id: `sozialdienst-${jva.id}`, name: `Sozialdienst ${of} (Vertretung Integration)`, category: 'function', institutionId: jva.id, region, topics: ['integration', 'release'], channels: { email: `sozialdienst.${jva.id}@example.org` }, lastConfirmed: date });
  const ex = contact({ id: `extremismus-${jva.id}`, name: `Extremismusbeauftragte/r ${of}`, category: 'function', institutionId: jva.id, region, topics: ['extremism'], channels: { email: `extremismus.${jva.id}@example.org` }, lastConfirmed: nextDate() });
  const se = contact({ id: `seelsorge-${jva.id}`, name: `Seelsorge ${of}`, category: 'function', institutionId: jva.id, region, topics: ['religious-care'], channels: { email: `seelsorge.${jva.id}@example.org` }, lastConfirmed: nextDate() });
  const ue = contact({ id: `uebergang-${jva.id}`, name: `Übergangsmanagement ${of}`, category: 'function', institutionId: jva.id, region, topics: ['release'], channels: { email: `uebergangsmanagement.${jva.id}@example.org` }, lastConfirmed: nextDate() });
  responsible(jva.id, 'integration', ib, sd);
  responsible(jva.id, 'interpreting', ib, sd);
  responsible(jva.id, 'info-material', ib, sd);
  responsible(jva.id, 'extremism', ex, fb);
  responsible(jva.id, 'religious-care', se);
  responsible(jva.id, 'release', ue, sd);
}

// Crisis intervention where a psychological service is on record (a few, to show both answers).
for (const id of ['jva-koeln', 'jva-werl', 'jva-bochum', 'jva-wuppertal-ronsdorf']) {
  const jva = institutions.byId(id)!;
  const c = contact({ id: `psychologischer-dienst-${id}`, name: `Psychologischer Dienst ${genitive(jva)}`, category: 'function', institutionId: id, region: jva.city ?? 'NRW', topics: ['crisis'], channels: { email: `psychologischer-dienst.${id}@example.org` }, lastConfirmed: '2026-03-02' });
  responsible(id, 'crisis', c, `integration-${id}`);
}

// Immigration authorities near some prisons (examples; which Ausländerbehörde is competent depends on the case).
const AUTHORITIES: [string, string, string, string[]][] = [
  ['abh-koeln', 'Ausländerbehörde Stadt Köln (Beispiel)', 'Köln', ['jva-koeln']],
  ['abh-bochum', 'Ausländerbehörde Stadt Bochum (Beispiel)', 'Bochum', ['jva-bochum', 'jva-bochum-langendreer', 'sotha-nrw']],
  ['abh-dortmund', 'Ausländerbehörde Stadt Dortmund (Beispiel)', 'Dortmund', ['jva-dortmund']],
  ['abh-essen', 'Ausländerbehörde Stadt Essen (Beispiel)', 'Essen', ['jva-essen']],
  ['abh-muenster', 'Ausländerbehörde Stadt Münster (Beispiel)', 'Münster', ['jva-muenster']],
  ['abh-bielefeld', 'Ausländerbehörde Stadt Bielefeld (Beispiel)', 'Bielefeld', ['jva-bielefeld-brackwede', 'jva-bielefeld-senne']],
  ['abh-wuppertal', 'Ausländerbehörde Stadt Wuppertal (Beispiel)', 'Wuppertal', ['jva-wuppertal-vohwinkel', 'jva-wuppertal-ronsdorf']],
  ['abh-aachen', 'Ausländerbehörde Stadt Aachen (Beispiel)', 'Aachen', ['jva-aachen']],
  ['abh-kreis-mettmann', 'Ausländerbehörde Kreis Mettmann (Beispiel)', 'Ratingen', ['jva-duesseldorf']],
  ['abh-kreis-soest', 'Ausländerbehörde Kreis Soest (Beispiel)', 'Werl', ['jva-werl']],
];
for (const [id, name, region, jvas] of AUTHORITIES) {
  contact({ id, name, category: 'authority', region, topics: ['foreigners-law'], channels: { email: `${id}@example.org`, url: `https://www.example.org/${id}` }, notes: 'Beispieldaten. Die zuständige Ausländerbehörde richtet sich nach dem Einzelfall.', lastConfirmed: nextDate() });
  for (const jva of jvas) responsible(jva, 'foreigners-law', id, `integration-${jva}`);
}

// Bezirksregierungen: the Integrationsbeauftragte/r (TIntG § 6 Abs. 5) and a deputy.
for (const br of institutions.ofKind('bezirksregierung')) {
  const of = `der ${br.name}`;
  const date = nextDate();
  const ib = contact({ id: `integration-${br.id}`, name: `Integrationsbeauftragte/r ${of}`, category: 'function', institutionId: br.id, region: br.city!, topics: ['integration', 'antidiscrimination', 'training'], channels: { email: `integration.${br.id}@example.org` }, lastConfirmed: date });
  const dep = contact({ id: `vertretung-integration-${br.id}`, name: `Vertretung der/des Integrationsbeauftragten ${of}`, category: 'function', institutionId: br.id, region: br.city!, topics: ['integration'], channels: { email: `integration-vertretung.${br.id}@example.org` }, lastConfirmed: date });
  responsible(br.id, 'integration', ib, dep);
}

// Kommunale Integrationszentren: the office of each of the 54.
for (const ki of institutions.ofKind('ki')) {
  const place = ki.name.replace(/^Kommunales Integrationszentrum /, '');
  const c = contact({ id: ki.id, name: `${ki.name} – Geschäftsstelle`, category: 'organisation', institutionId: ki.id, region: ki.city ?? place, topics: ['municipal-integration', 'language-courses'], channels: { email: `${ki.id}@example.org` }, lastConfirmed: nextDate() });
  responsible(ki.id, 'municipal-integration', c, 'kfi');
}

// Services and counselling, searchable by topic, place and language.
const ORGANISATIONS: Parameters<typeof contact>[0][] = [
  { id: 'dolmetscherpool-rheinland', name: 'Dolmetscherpool Rheinland (Beispiel)', category: 'service', region: 'Köln', topics: ['interpreting'], languages: ['ar', 'ary', 'tr', 'fa', 'prs', 'ps', 'kmr', 'ru', 'pl', 'ro'], channels: { email: 'dolmetscherpool-rheinland@example.org' }, notes: 'Beispieldaten. Vor-Ort-Dolmetschen, beeidigte Dolmetscher/innen.', lastConfirmed: '2026-05-12' },
  { id: 'dolmetscherpool-westfalen', name: 'Dolmetscherpool Westfalen (Beispiel)', category: 'service', region: 'Münster', topics: ['interpreting'], languages: ['tr', 'ar', 'pl', 'ru', 'uk', 'ro', 'bg', 'sq'], channels: { email: 'dolmetscherpool-westfalen@example.org' }, lastConfirmed: '2026-03-02' },
  { id: 'dolmetscherdienst-ruhr', name: 'Dolmetscherdienst Ruhr (Beispiel)', category: 'service', region: 'Essen', topics: ['interpreting', 'info-material'], languages: ['ar', 'tr', 'ku', 'sr', 'hr', 'bs', 'sq', 'ro', 'bg'], channels: { email: 'dolmetscherdienst-ruhr@example.org' }, lastConfirmed: '2025-06-30' },
  { id: 'videodolmetschen-nrw', name: 'Video-Dolmetschdienst (Beispiel, landesweit)', category: 'service', region: 'NRW', topics: ['interpreting', 'crisis'], languages: ['ar', 'tr', 'ru', 'pl', 'ro', 'sq', 'sr', 'bg', 'fa', 'ti', 'so', 'fr', 'en', 'vi', 'ka', 'uk'], channels: { email: 'videodolmetschen@example.org', url: 'https://www.example.org/videodolmetschen' }, notes: 'Beispieldaten. Video-Dolmetschen rund um die Uhr, gängige Sprachen in wenigen Minuten.', lastConfirmed: '2026-05-12' },
  { id: 'gebaerdensprache-nrw', name: 'Gebärdensprachdolmetschen – Vermittlung (Beispiel)', category: 'service', region: 'NRW', topics: ['interpreting'], languages: ['gsg'], channels: { email: 'gebaerdensprache@example.org' }, lastConfirmed: '2026-01-20' },
  { id: 'uebersetzungsbuero-info', name: 'Übersetzungsbüro für Informationsmaterial (Beispiel)', category: 'service', region: 'Düsseldorf', topics: ['info-material'], languages: ['ar', 'tr', 'ru', 'pl', 'ro', 'fa', 'en', 'fr'], channels: { email: 'uebersetzungen@example.org' }, lastConfirmed: '2026-03-02' },
  { id: 'praeventionsberatung-koeln', name: 'Beratungsstelle Extremismusprävention Köln (Beispiel)', category: 'counselling', region: 'Köln', topics: ['extremism'], channels: { email: 'praeventionsberatung-koeln@example.org' }, lastConfirmed: '2026-01-20' },
  { id: 'ausstiegsberatung-nrw', name: 'Ausstiegsberatung Extremismus (Beispiel, landesweit)', category: 'counselling', region: 'NRW', topics: ['extremism', 'release'], channels: { email: 'ausstiegsberatung@example.org' }, lastConfirmed: '2026-03-02' },
  { id: 'migrationsberatung-koeln', name: 'Migrationsberatung für Erwachsene, Köln (Beispielträger)', category: 'counselling', region: 'Köln', topics: ['migration-counselling', 'language-courses', 'release'], languages: ['tr', 'ar', 'ru'], channels: { email: 'migrationsberatung-koeln@example.org' }, lastConfirmed: '2026-05-12' },
  { id: 'migrationsberatung-dortmund', name: 'Migrationsberatung für Erwachsene, Dortmund (Beispielträger)', category: 'counselling', region: 'Dortmund', topics: ['migration-counselling'], languages: ['ar', 'ro', 'bg'], channels: { email: 'migrationsberatung-dortmund@example.org' }, lastConfirmed: '2025-06-30' },
  { id: 'antidiskriminierung-essen', name: 'Servicestelle Antidiskriminierung Essen (Beispiel)', category: 'counselling', region: 'Essen', topics: ['antidiscrimination'], channels: { email: 'antidiskriminierung-essen@example.org' }, lastConfirmed: '2026-03-02' },
  { id: 'integrationskurse-dortmund', name: 'Integrationskursträger Dortmund (Beispiel)', category: 'organisation', region: 'Dortmund', topics: ['language-courses'], channels: { email: 'integrationskurse-dortmund@example.org' }, lastConfirmed: '2026-01-20' },
  { id: 'muslimische-seelsorge-nrw', name: 'Koordination muslimische Seelsorge im Justizvollzug (Beispiel)', category: 'organisation', region: 'NRW', topics: ['religious-care', 'training'], channels: { email: 'muslimische-seelsorge@example.org' }, lastConfirmed: '2026-05-12' },
  { id: 'fortbildung-interkulturell', name: 'Fortbildungsteam interkulturelle Kompetenz (Beispiel)', category: 'service', region: 'Wuppertal', topics: ['training'], channels: { email: 'fortbildung-interkulturell@example.org' }, lastConfirmed: '2026-03-02' },
];
for (const o of ORGANISATIONS) contact({ notes: 'Beispieldaten.', ...o });

const data: DirectoryData = { source: 'sample', contacts, responsibilities };
mkdirSync(SAMPLE_DIR, { recursive: true });
const csv = exportCsv(data);
const json = exportJson(data);
writeFileSync(path.join(SAMPLE_DIR, 'contacts.csv'), csv.contacts);
writeFileSync(path.join(SAMPLE_DIR, 'responsibilities.csv'), csv.responsibilities);
writeFileSync(path.join(SAMPLE_DIR, 'contacts.json'), json.contacts);
writeFileSync(path.join(SAMPLE_DIR, 'responsibilities.json'), json.responsibilities);
const check = loadSampleDirectory(institutions, new Date(STAMP));
console.log(`sample directory: ${Object.keys(check.contacts).length} contacts, ${check.responsibilities.length} responsibilities → ${SAMPLE_DIR}`);
