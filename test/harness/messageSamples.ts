// Sample values for every placeholder of the locale files, by type: what the code puts there (ids,
// counts, money, dates through the real formatter, place names with their article from
// data/grammar.json, names, labels). A placeholder without a type here fails the render tests, so a
// new placeholder must say what it holds.
import { DATE_PLACEHOLDERS, formatter } from '../../src/i18n/format.js';
import { loadInstitutions } from '../../src/institutions/institutions.js';
import { towards, withPreposition, type Preposition } from '../../src/institutions/grammar.js';
import { figureLabels } from '../../src/tab/labels.js';

type Locale = 'de' | 'en';
const places = loadInstitutions();
const place = (id: string) => places.byId(id)!;

/** A Friday in winter: 4 December 2026, 11:00 UTC (12:00 in Berlin). */
export const SAMPLE_INSTANT = new Date('2026-12-04T11:00:00Z');
export const SAMPLE_DAY = '2026-12-04';

const COUNTS = [
  'active', 'attempts', 'breached', 'checklists', 'confirmed', 'count', 'dead', 'delivered', 'done', 'escalations', 'expected', 'failed', 'found',
  'interpreters', 'length', 'max', 'min', 'n', 'number', 'open', 'others', 'parked', 'percent', 'recipients', 'retired', 'row', 'shown', 'skipped',
  'stale', 'total', 'undelivered', 'users', 'minutes',
];
const TEXT: Record<string, Record<Locale, string>> = {
  id: { de: 'ESK-2026-0001', en: 'ESK-2026-0001' },
  ids: { de: 'ESK-2026-0001, ESK-2026-0002', en: 'ESK-2026-0001, ESK-2026-0002' },
  name: { de: 'Kim Beispiel', en: 'Kim Beispiel' },
  names: { de: 'Kim Beispiel, Robin Muster', en: 'Kim Beispiel, Robin Muster' },
  sender: { de: 'Koordinierungsstelle Integration', en: 'Koordinierungsstelle Integration' },
  user: { de: 'demo-officer-jva', en: 'demo-officer-jva' },
  admins: { de: 'Demo: Administration', en: 'Demo: Administration' },
  interpreter: { de: 'Sprachmittlung Beispiel', en: 'Sprachmittlung Beispiel' },
  institution: { de: 'JVA Köln', en: 'JVA Köln' },
  unit: { de: 'Koordinierungsstelle Integration', en: 'Koordinierungsstelle Integration' },
  coordination: { de: 'Kompetenzzentrum für Integration', en: 'Kompetenzzentrum für Integration' },
  place: { de: 'JVA Köln', en: 'JVA Köln' },
  where: { de: 'JVA Köln', en: 'JVA Köln' },
  scope: { de: 'Koordinierungsstelle Integration', en: 'Koordinierungsstelle Integration' },
  units: { de: 'KfI, Koordinierungsstelle', en: 'KfI, Koordinierungsstelle' },
  category: { de: 'Krisenintervention', en: 'Crisis intervention' },
  urgency: { de: 'dringend', en: 'urgent' },
  status: { de: 'neu', en: 'new' },
  language: { de: 'Arabisch', en: 'Arabic' },
  languages: { de: 'Arabisch, Farsi', en: 'Arabic, Farsi' },
  dialect: { de: 'Ägyptisch', en: 'Egyptian' },
  mode: { de: 'vor Ort', en: 'on site' },
  modes: { de: 'vor Ort, Video', en: 'on site, video' },
  kind: { de: 'Dienst', en: 'Service' },
  sworn: { de: 'beeidigt', en: 'sworn' },
  title: { de: 'Schulung für Beschäftigte', en: 'Staff training' },
  step: { de: 'Termin vereinbaren', en: 'Arrange a date' },
  topic: { de: 'Seelsorge', en: 'Pastoral care' },
  topics: { de: 'Seelsorge, Dolmetschen', en: 'pastoral care, interpreting' },
  words: { de: 'Wohnungssuche', en: 'housing search' },
  hint: { de: 'Vorher beim Team nachfragen.', en: 'Ask the team first.' },
  note: { de: 'Bitte pünktlich.', en: 'Please be on time.' },
  reason: { de: 'nicht erreichbar', en: 'unreachable' },
  error: { de: 'Zeitüberschreitung', en: 'timeout' },
  detail: { de: 'Zeitraum fehlt', en: 'period missing' },
  value: { de: 'xyz', en: 'xyz' },
  options: { de: 'KfI, Koordinierungsstelle', en: 'KfI, Koordinierungsstelle' },
  suggestion: { de: 'Seelsorge', en: 'pastoral care' },
  command: { de: 'kontakte', en: 'contacts' },
  examples: { de: '„kontakte Seelsorge“', en: '"contacts pastoral care"' },
  key: { de: 'esk:ESK-2026-0001:card', en: 'esk:ESK-2026-0001:card' },
  target: { de: 'inbox:kfi', en: 'inbox:kfi' },
  column: { de: 'telefon', en: 'phone' },
  allowed: { de: 'id, name, category', en: 'id, name, category' },
  contacts: { de: 'contacts.csv', en: 'contacts.csv' },
  responsibilities: { de: 'responsibilities.csv', en: 'responsibilities.csv' },
  material: { de: 'material.csv', en: 'material.csv' },
  entries: { de: 'entries.csv', en: 'entries.csv' },
  source: { de: 'Deutsch', en: 'German' },
  sources: { de: 'Leitfaden Integration', en: 'Integration guide' },
  ref: { de: 'BN 123/26', en: 'BN 123/26' },
  audience: { de: 'alle Integrationsbeauftragten', en: 'all integration officers' },
  report: { de: 'Zustellbericht', en: 'delivery report' },
  what: { de: 'Checkliste', en: 'checklist' },
  role: { de: 'Integrationsbeauftragte/r', en: 'Integration officer' },
  roles: { de: 'Integrationsbeauftragte/r', en: 'integration officer' },
  month: { de: 'Dez. 2026', en: 'Dec 2026' },
  duration: { de: '90 Minuten', en: '90 minutes' },
  confidence: { de: '85 %', en: '85%' },
  log: { de: 'logs/chat.log', en: 'logs/chat.log' },
  items: { de: 'Checklisten, Kontakte', en: 'checklists, contacts' },
  progress: { de: '2 von 5 Schritten erledigt', en: '2 of 5 steps done' },
  typed: { de: '31.02.2026', en: '31.02.2026' },
};
/** Place phrases whose article or contraction comes from data/grammar.json (German), never from the string. */
const PLACE_PHRASES: Record<string, { id: string; prep: Preposition | 'towards'; english: string }> = {
  atUnit: { id: 'kfi', prep: 'bei', english: 'at' },
  byUnit: { id: 'koordinierungsstelle', prep: 'von', english: 'by' },
  fromUnit: { id: 'fb-radikalisierungspraevention', prep: 'von', english: 'from' },
  toUnit: { id: 'kfi', prep: 'towards', english: 'to' },
  ofUnit: { id: 'koordinierungsstelle', prep: 'von', english: 'of' },
  atCoordination: { id: 'kfi', prep: 'bei', english: 'the' },
  atInstitution: { id: 'br-detmold', prep: 'in', english: 'at' },
  inInstitution: { id: 'br-detmold', prep: 'in', english: 'at' },
  forInstitution: { id: 'jva-koeln', prep: 'für', english: 'for' },
  ofInstitution: { id: 'jva-koeln', prep: 'von', english: 'of' },
};
/** The same placeholder name with another meaning in one message. */
const PER_KEY: Record<string, Record<string, Record<Locale, string>>> = {
  'interpreters.sent.done': { to: { de: 'Die Anfrage ging an die JVA Köln.', en: 'The request went to JVA Köln.' } },
  'delivery.deadLine': { status: { de: '403', en: '403' } },
  'delivery.rowLine': { status: { de: '429', en: '429' } },
  'figures.hours': { value: { de: '1,5', en: '1.5' } },
};

/** Technical values (ids, keys, what the user typed): they start as the data does, upper or lower case. */
export const DATA_PLACEHOLDERS = new Set(['id', 'ids', 'key', 'target', 'value', 'user', 'log', 'column', 'command', 'typed', 'ref']);

/** The sample value of one placeholder of one message; undefined when the placeholder has no type yet. */
export function sampleValue(locale: Locale, key: string, name: string): string | undefined {
  const special = PER_KEY[key]?.[name];
  if (special) return special[locale];
  const fmt = formatter(locale);
  const dateKind = (DATE_PLACEHOLDERS as Record<string, string>)[name];
  if (dateKind === 'date') return fmt.day(SAMPLE_DAY);
  if (dateKind === 'dateTime') return fmt.dateTime(SAMPLE_INSTANT);
  if (dateKind === 'weekday') return fmt.weekday(SAMPLE_DAY);
  // The figures' period ends come from the figures' own day labels (also in exports and the tab).
  if (name === 'from' || name === 'to') return figureLabels(locale, { institutions: places }).day(SAMPLE_DAY);
  if (COUNTS.includes(name)) return fmt.number(3);
  if (name === 'amount' || name === 'rate') return fmt.euro(93);
  if (name === 'hours') return fmt.number(1.5);
  const phrase = PLACE_PHRASES[name];
  if (phrase) {
    const p = place(phrase.id);
    const label = p.shortName ?? p.name;
    return phrase.prep === 'towards' ? towards(p, label, locale) : withPreposition(phrase.prep, p, label, locale, { english: phrase.english });
  }
  return TEXT[name]?.[locale];
}

export const placeholdersOf = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
