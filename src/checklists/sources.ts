// The vetted legal and administrative sources a checklist step may cite. A template citing anything
// else fails validation: a step's source must be traceable to a published provision (its basis is
// given per entry) or to one of the two seed documents. To cite a new provision, add it here with
// the place it was verified — never invent a paragraph number. Steps that are practice advice carry
// `derived: true` and are shown as "Praxisempfehlung (abgeleitet)".

export interface SourceInfo {
  /** What the citation refers to, in German (shown in docs/coverage.md). */
  title: string;
  /** Where the claim was verified. */
  basis: string;
}

export const SOURCES: Readonly<Record<string, SourceInfo>> = {
  // Strafvollzugsgesetz NRW
  '§ 2 Abs. 2 StVollzG NRW': { title: 'Vollzugsgestaltung: Zuwanderungshintergrund und Religion berücksichtigen', basis: 'domain.md §4.4' },
  '§ 8 StVollzG NRW': { title: 'Aufnahme: Zugangsgespräch, Hausordnung, ärztliche Untersuchung, keine Mitgefangenen', basis: 'domain.md §4.4' },
  '§ 9 StVollzG NRW': { title: 'Behandlungsuntersuchung', basis: 'domain.md §4.4' },
  '§ 10 StVollzG NRW': { title: 'Vollzugsplan', basis: 'domain.md §4.4' },
  '§§ 18–28 StVollzG NRW': { title: 'Außenkontakte: Besuch, Schriftwechsel, Telefon', basis: 'domain.md §4.4' },
  '§ 41 StVollzG NRW': { title: 'Religiöse Veranstaltungen', basis: 'domain.md §4.4' },
  '§ 60 StVollzG NRW': { title: 'Entlassung, Schlussbericht', basis: 'domain.md §4.4' },
  '§ 98 StVollzG NRW': { title: 'Seelsorge', basis: 'domain.md §4.4' },
  // Jugendstrafvollzug
  '§ 9 JStVollzG NRW': { title: 'Erstgespräch (Jugendstrafvollzug)', basis: 'domain.md §4.4' },
  '§ 10 JStVollzG NRW': { title: 'Aufnahme (Jugendstrafvollzug)', basis: 'domain.md §4.4' },
  // Justizvollzugsdatenschutzgesetz NRW
  '§ 13 JVollzDSG NRW': { title: 'Übermittlung an öffentliche Stellen (z. B. Ausländerbehörde)', basis: 'domain.md §4.5' },
  '§ 21 JVollzDSG NRW': { title: 'Sicherheitsanfrage, auch für anstaltsfremde Personen', basis: 'domain.md §4.5' },
  // Teilhabe- und Integrationsgesetz NRW
  '§ 6 Abs. 2 TIntG': { title: 'Interkulturelle Kompetenz in Aus- und Fortbildung', basis: 'domain.md §4.1' },
  '§ 6 Abs. 3 TIntG': { title: 'Anteil der Beschäftigten mit Einwanderungsgeschichte erhöhen', basis: 'domain.md §4.1' },
  '§ 6 Abs. 5 TIntG': { title: 'Integrationsbeauftragte der Bezirksregierungen: Mitwirkung an Maßnahmen', basis: 'domain.md §4.1' },
  // Runderlass vom 5.12.2023
  'Runderlass 5.12.2023 Nr. 2': { title: 'Anforderung (Sachkenntnis)', basis: 'Seed 002, Nr. 2' },
  'Runderlass 5.12.2023 Nr. 3': { title: 'Bestellung per Organisationsverfügung, Bekanntmachung, Information des Ministeriums', basis: 'Seed 002, Nr. 3' },
  'Runderlass 5.12.2023 Nr. 4': { title: 'Organisation: Anbindung, Vortragsrecht, Unterstützung, Mittlerrolle', basis: 'Seed 002, Nr. 4' },
  'Runderlass 5.12.2023 Nr. 5': { title: 'Aufgaben (sensibilisieren, informieren, vernetzen, beraten, Strukturen gestalten)', basis: 'Seed 002, Nr. 5' },
  'Runderlass 5.12.2023 Nr. 5 a)': { title: 'Mitwirkung an Maßnahmen mit Auswirkungen auf Menschen mit Einwanderungsgeschichte', basis: 'Seed 002, Nr. 5 a' },
  'Runderlass 5.12.2023 Nr. 5 b)': { title: 'Wirken nach innen und außen; Ansprechperson für Behördenleitung und Beschäftigte', basis: 'Seed 002, Nr. 5 b' },
  'Runderlass 5.12.2023 Nr. 5 c)': { title: 'Vernetzung und Stärkung der interkulturellen Öffnung als Querschnittsaufgabe', basis: 'Seed 002, Nr. 5 c' },
  'Runderlass 5.12.2023 Nr. 5 d)': { title: 'Ansprechperson der kommunalen Integrationsbeauftragten; Austausch mit Institutionen und Vereinen', basis: 'Seed 002, Nr. 5 d' },
  'Runderlass 5.12.2023 Nr. 6': { title: 'Steuerung und Koordinierung: Kompetenzzentrum für Integration, Koordinierungskreis', basis: 'Seed 002, Nr. 6' },
  // Richtlinien für die Integrationsbeauftragten in den JVAs
  'JM-Richtlinien IB Nr. 2.1': { title: 'Integration in den Vollzugsalltag und nach der Entlassung', basis: 'domain.md §4.3' },
  'JM-Richtlinien IB Nr. 2.2': { title: 'Koordination, Dolmetscher-Adressdatei, Dolmetschersprechstunden', basis: 'domain.md §4.3' },
  'JM-Richtlinien IB Nr. 3': { title: 'Koordinierungsstelle, regionale Arbeitskreise', basis: 'domain.md §4.3' },
  'JM-Richtlinien IB Nr. 5': { title: 'Austausch und Abstimmung der Integrationsbeauftragten', basis: 'domain.md §4.3' },
  // Weitere Verwaltungsvorschriften und Gesetze
  'Übergangsmanagement-RL 2021': { title: 'Richtlinien für das Übergangsmanagement (RV JM 12.04.2021)', basis: 'domain.md §4.4' },
  'GemRdErl 29.04.2022': { title: 'Zusammenarbeit von Ausländer-, Polizei- und Justizbehörden bei straffälligen ausländischen Personen', basis: 'domain.md §4.4' },
  '§ 456a StPO': { title: 'Absehen von der Vollstreckung bei Auslieferung oder Ausweisung', basis: 'domain.md §4.4' },
  'RV JM 09.11.2022 (Extremismusbeauftragte)': { title: 'Extremismusbeauftragte in allen JVAs', basis: 'domain.md §7' },
  'AV JM 31.05.2021 (Fachbereich Radikalisierungsprävention)': { title: 'Fachbereich Radikalisierungsprävention im Justizvollzug NRW', basis: 'domain.md §7' },
  JVEG: { title: 'Justizvergütungs- und -entschädigungsgesetz (Dolmetscher- und Übersetzerhonorare)', basis: 'domain.md §5' },
  '§ 14 JVEG': { title: 'Vereinbarung der Vergütung (Rahmenvereinbarungen)', basis: 'domain.md §5' },
  GDolmG: { title: 'Gerichtsdolmetschergesetz: allgemeine Beeidigung auf 5 Jahre befristet', basis: 'domain.md §5' },
  '§ 33 JustG NRW': { title: 'Ermächtigung von Übersetzerinnen und Übersetzern', basis: 'domain.md §5' },
  'Art. 36 WÜK': { title: 'Wiener Übereinkommen über konsularische Beziehungen: Benachrichtigung der Konsularbehörde', basis: 'domain.md §8 A [D]' },
  'Flyer „Integration im Vollzug“': { title: 'MdJ NRW: Aufgaben der Integrationsbeauftragten und Maßnahmenpakete', basis: 'Seed 000' },
};

export function isKnownSource(citation: string): boolean {
  return Object.hasOwn(SOURCES, citation);
}
