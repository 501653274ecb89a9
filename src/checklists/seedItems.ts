// Every task and measure package named in the two seed documents, plus the tasks of
// the JM-Richtlinien for prison officers. Template steps point at these ids in
// `covers`; docs/coverage.md is generated from them (`npm run checklists:validate -- --write-coverage`),
// and validation fails while any item with `task: true` is supported by neither a step nor a capability.

export type SeedDocument = 'flyer' | 'runderlass' | 'jmrl';

export interface SeedItem {
  id: string;
  document: SeedDocument;
  /** The wording of the seed document (German, as published). */
  label: string;
  /** False for provisions that assign no task (general clause, entry into force). */
  task: boolean;
  /** Group heading inside the document. */
  group: string;
  /** Remark shown in the coverage table, e.g. why an item assigns no task or what is uncertain. */
  remark?: string;
}

export const SEED_DOCUMENTS: Readonly<Record<SeedDocument, { title: string; source: string }>> = {
  flyer: { title: 'Flyer „Integration im Vollzug“ (Ministerium der Justiz NRW)', source: '../shared/seeds/000_2c8863137647aa10.txt' },
  runderlass: {
    title: 'Runderlass „Bestellung von Integrationsbeauftragten bei den Bezirksregierungen“ vom 5. Dezember 2023',
    source: '../shared/seeds/002_51a10b3044d45d15.txt',
  },
  jmrl: {
    title: 'Richtlinien für die Integrationsbeauftragten in den JVAs (RV JM 08.06.2018 i. d. F. 27.01.2025)',
    source: '../shared/domain/domain.md §4.3 (Auszug; Volltext nicht gelesen)',
  },
};

const flyer = (id: string, group: string, label: string): SeedItem => ({ id, document: 'flyer', label, task: true, group });
const rd = (id: string, label: string, task = true, remark?: string): SeedItem => ({
  id,
  document: 'runderlass',
  label,
  task,
  group: `Nr. ${id.split('.')[1]}`,
  ...(remark ? { remark } : {}),
});
const jm = (id: string, label: string, remark?: string): SeedItem => ({
  id,
  document: 'jmrl',
  label,
  task: true,
  group: `Nr. ${id.split('.').slice(1, 3).filter((p) => /^\d+$/.test(p)).join('.')}`,
  ...(remark ? { remark } : {}),
});

const PAKET = 'Maßnahmenpakete';
const AUFGABE = 'Aufgaben der Integrationsbeauftragten';

export const SEED_ITEMS: readonly SeedItem[] = [
  flyer('flyer.paket.sprache', PAKET, 'Maßnahmen zur Verbesserung der sprachlichen Verständigung'),
  flyer('flyer.paket.zusammenleben', PAKET, 'Maßnahmen zur Sicherstellung eines spannungsfreien Zusammenlebens im Vollzug'),
  flyer('flyer.paket.radikalisierung', PAKET, 'Maßnahmen zur Verhinderung von Radikalisierung im Vollzug'),
  flyer('flyer.paket.entlassung', PAKET, 'Maßnahmen zur Förderung der Integrationschancen nach der Haftentlassung'),
  flyer('flyer.paket.handlungssicherheit', PAKET, 'Maßnahmen zur Optimierung der Handlungssicherheit der Vollzugsbediensteten'),
  flyer('flyer.aufgabe.interkulturell', AUFGABE, 'Förderung interkultureller Kompetenzen sowie Demokratieförderung'),
  flyer('flyer.aufgabe.praevention', AUFGABE, 'Prävention von Radikalisierung durch Aufklärung, Einzel- und Gruppenarbeit'),
  flyer('flyer.aufgabe.behandlungsangebote', AUFGABE, 'Entwicklung und Begleitung von integrativen Behandlungsangeboten'),
  flyer('flyer.aufgabe.religion', AUFGABE, 'Ausbau und Sicherstellung der religiösen Betreuung'),
  flyer('flyer.aufgabe.dolmetscher', AUFGABE, 'Organisation von Dolmetschertätigkeiten und Übersetzungsleistungen'),
  flyer('flyer.aufgabe.infomaterial', AUFGABE, 'Entwicklung und Bereitstellung von Informationsmaterial für Inhaftierte in verschiedenen Sprachen'),
  flyer('flyer.aufgabe.vernetzung', AUFGABE, 'Vernetzung mit verschiedenen, für die Arbeit relevanten Behörden, Institutionen und Einrichtungen'),
  flyer('flyer.aufgabe.auslaenderrecht', AUFGABE, 'Unterstützung in ausländerrechtlichen Belangen'),
  flyer('flyer.aufgabe.schulung', AUFGABE, 'Schulung von Mitarbeitern'),
  flyer('flyer.aufgabe.krise', AUFGABE, 'Krisenintervention'),
  flyer('flyer.aufgabe.projekte', AUFGABE, 'Projektarbeit'),
  flyer('flyer.aufgabe.entlassung', AUFGABE, 'Entlassungsvorbereitung'),

  rd('rd.1', 'Allgemeines: Bestellung nach dem Teilhabe- und Integrationsgesetz', false, 'Rechtsgrundlage, keine eigene Aufgabe'),
  rd('rd.2', 'Anforderung: Sachkenntnis (Netzwerke und Strukturen, interkulturelle Kompetenz, TIntG, Landesverwaltung)'),
  rd('rd.3', 'Bestellung per Organisationsverfügung; Bekanntmachung von Anbindung und Erreichbarkeit; Information des Ministeriums'),
  rd('rd.4.anbindung', 'Organisatorische Anbindung durch die Behördenleitung; unmittelbares Vortragsrecht; Weisungsbindung'),
  rd('rd.4.unterstuetzung', 'Beratung durch sachkundige Beschäftigte; personelle Unterstützung, Einrichtungen und Bürobedarf'),
  rd('rd.4.mittler', 'Mittler zwischen den Fachbereichen; fachübergreifende Zusammenarbeit initiieren und koordinieren'),
  rd('rd.5.a', 'a) Mitwirkung bei der Umsetzung von Maßnahmen mit möglichen Auswirkungen auf Menschen mit Einwanderungsgeschichte'),
  rd('rd.5.b', 'b) Wirken nach innen und außen; Ansprechperson für Behördenleitung und Beschäftigte'),
  rd('rd.5.c', 'c) Beitrag zur Vernetzung und Stärkung von interkultureller Öffnung und Integration als Querschnittsaufgabe'),
  rd('rd.5.d', 'd) Ansprechperson der kommunalen Integrationsbeauftragten; Austausch mit Institutionen, Einrichtungen und Vereinen'),
  rd('rd.5.intern', 'In der eigenen Behörde sensibilisieren und informieren, vernetzen und beraten, Strukturen gestalten'),
  rd('rd.6.kfi', 'Aufgabenwahrnehmung in eigener Verantwortung; bei Bedarf Beratung durch das Kompetenzzentrum für Integration'),
  rd('rd.6.koordinierungskreis', 'Koordinierungskreis (Erfahrungs- und Informationsaustausch, Wissenstransfer, Abstimmung)'),
  rd('rd.7', 'Inkrafttreten', false, 'keine Aufgabe'),

  jm('jmrl.2.1', 'Integration in den Vollzugsalltag (spannungsfreies Zusammenleben) und nach der Entlassung; auch Gefangene ohne eigenes Interesse einbeziehen', 'Text in der gelesenen Fassung abgeschnitten [U]'),
  jm('jmrl.2.2.koordination', 'Koordination der Integrationsarbeit in der JVA'),
  jm('jmrl.2.2.adressdatei', 'Aufbau einer Dolmetscher-Adressdatei auf Grundlage der Dolmetscherdatenbank der Justiz'),
  jm('jmrl.2.2.sprechstunde', 'Organisation von Dolmetschersprechstunden'),
  jm('jmrl.2.2.kontakte', 'Kontakte zu ausländischen … (Text abgeschnitten; vermutlich konsularische Vertretungen)', 'Wortlaut unsicher [U]'),
  jm('jmrl.3', 'Koordinierungsstelle im Fachbereich Sozialdienst; regionale Arbeitskreise der Integrationsbeauftragten'),
  jm('jmrl.5', 'Austausch und Abstimmung der Integrationsbeauftragten, auch in der Zusammenarbeit mit externen Stellen'),
];

export const SEED_ITEM_IDS: ReadonlySet<string> = new Set(SEED_ITEMS.map((i) => i.id));

/** Other capabilities of the bot that support a seed item beside, or instead of, a checklist step. */
export interface CapabilityRef {
  name: string;
  command: string;
}

export const CAPABILITIES = {
  interpreter: { name: 'Dolmetscheranfrage', command: 'dolmetscher' },
  escalation: { name: 'Eskalation an die koordinierende Stelle', command: 'eskalation' },
  directory: { name: 'Zuständigkeiten und Netzwerkkontakte', command: 'zuständig … / kontakte …' },
  checklists: { name: 'Geführte Checklisten mit Quelle je Schritt', command: 'checkliste' },
} as const satisfies Record<string, CapabilityRef>;

export const CAPABILITY_COVERAGE: Readonly<Record<string, (keyof typeof CAPABILITIES)[]>> = {
  'flyer.paket.sprache': ['interpreter'],
  'flyer.paket.radikalisierung': ['escalation'],
  'flyer.paket.handlungssicherheit': ['checklists', 'directory'],
  'flyer.aufgabe.praevention': ['escalation'],
  'flyer.aufgabe.dolmetscher': ['interpreter'],
  'flyer.aufgabe.vernetzung': ['directory'],
  'flyer.aufgabe.krise': ['escalation'],
  'rd.5.d': ['directory'],
  'rd.6.kfi': ['escalation'],
  'jmrl.3': ['escalation'],
};
