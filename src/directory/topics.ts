// Topics of "wer ist zuständig" with German and English synonyms, and the matcher that
// finds them in what people type: exact words, inflected forms (Dolmetscherin, Seelsorger) and typos,
// with umlauts, ASCII spellings and case folded by the shared normalize/loosen.
import { editDistance, foldTokens, letterMask, maybeWithin, typoBudget } from '../text/normalize.js';

/** The three coordinating bodies; ids as in data/institutions.json. */
export type CoordinationId = 'koordinierungsstelle' | 'kfi' | 'fb-radikalisierungspraevention';

export interface Topic {
  id: string;
  label: { de: string; en: string };
  /** Words and phrases, German and English, in any spelling; the label and the id count too. */
  synonyms: readonly string[];
  /** Who to ask when nothing is on record and no institution narrows it. */
  coordination: CoordinationId;
  /** "Integration" is the general topic: a more specific topic in the same question wins. */
  generic?: boolean;
}

export const TOPICS: readonly Topic[] = [
  {
    id: 'integration',
    label: { de: 'Integration', en: 'Integration' },
    generic: true,
    coordination: 'koordinierungsstelle',
    synonyms: [
      'Integrationsbeauftragte', 'Integrationsbeauftragter', 'Integrationsbeauftragten', 'Integrationsbeauftragte/r', 'IB',
      'Integrationsarbeit', 'Integrationsfragen', 'Integrationsthemen', 'interkulturelle Öffnung',
      'integration officer', 'integration officers', 'integration commissioner', 'integration representative', 'integration matters',
    ],
  },
  {
    id: 'interpreting',
    label: { de: 'Dolmetscher und Sprachmittlung', en: 'Interpreters and language mediation' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'Dolmetscher', 'Dolmetscherin', 'Dolmetschen', 'Dolmetschung', 'Dolmetscherdienst', 'Dolmetscherdatenbank',
      'Dolmetscher-Adressdatei', 'Dolmetschersprechstunde', 'Videodolmetschen', 'Sprachmittlung', 'Sprachmittler',
      'Sprachmittlerin', 'Übersetzer', 'Übersetzerin', 'Gebärdensprache',
      'interpreter', 'interpreters', 'interpreting', 'interpretation', 'language mediation', 'translator', 'sign language',
    ],
  },
  {
    id: 'religious-care',
    label: { de: 'Religiöse Betreuung und Seelsorge', en: 'Religious care and chaplaincy' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'religiöse Betreuung', 'Religion', 'Seelsorge', 'Seelsorger', 'Seelsorgerin', 'Gefängnisseelsorge', 'Anstaltsseelsorge',
      'Imam', 'Imame', 'Pfarrer', 'Gottesdienst', 'muslimische Seelsorge',
      'religious care', 'chaplain', 'chaplaincy', 'pastoral care', 'spiritual care', 'prison chaplain',
    ],
  },
  {
    id: 'extremism',
    label: { de: 'Extremismus und Radikalisierung', en: 'Extremism and radicalisation' },
    coordination: 'fb-radikalisierungspraevention',
    synonyms: [
      'Extremismus', 'Extremist', 'Extremismusbeauftragte', 'Extremismusbeauftragter', 'Extremismusbeauftragte/r',
      'Radikalisierung', 'Deradikalisierung', 'Radikalisierungsprävention', 'Salafismus', 'Islamismus',
      'Rechtsextremismus', 'Linksextremismus', 'Verdachtsfall',
      'extremism', 'extremist', 'radicalisation', 'radicalization', 'deradicalisation', 'deradicalization', 'extremism officer',
    ],
  },
  {
    id: 'foreigners-law',
    label: { de: 'Ausländerrechtliche Fragen', en: 'Immigration and residence law' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'ausländerrechtliche Fragen', 'ausländerrechtlich', 'ausländerrechtliche Belange', 'Ausländerrecht', 'Ausländerbehörde',
      'Ausländeramt', 'Aufenthaltsrecht', 'Aufenthaltsstatus', 'Aufenthaltstitel', 'Abschiebung', 'Ausweisung', 'Duldung',
      'Ausreisepflicht', 'ZAB',
      'immigration office', 'immigration authority', 'foreigners authority', 'foreigners office', 'immigration law',
      'residence law', 'residence permit', 'deportation', 'immigration',
    ],
  },
  {
    id: 'release',
    label: { de: 'Entlassungsvorbereitung und Übergangsmanagement', en: 'Release preparation and transition management' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'Entlassungsvorbereitung', 'Entlassung', 'Haftentlassung', 'Übergangsmanagement', 'Übergangsmanager', 'Übergangsmanagerin',
      'Nachsorge', 'Wiedereingliederung',
      'release preparation', 'release', 'transition management', 'reentry', 're-entry', 'aftercare',
    ],
  },
  {
    id: 'crisis',
    label: { de: 'Krisenintervention', en: 'Crisis intervention' },
    coordination: 'koordinierungsstelle',
    synonyms: ['Krisenintervention', 'Krise', 'Krisenfall', 'Notfall', 'Suizidprävention', 'crisis intervention', 'crisis', 'emergency'],
  },
  {
    id: 'training',
    label: { de: 'Schulung und Fortbildung', en: 'Training' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'Schulung', 'Fortbildung', 'Weiterbildung', 'interkulturelle Kompetenz', 'interkulturelle Schulung', 'Mitarbeiterschulung',
      'training', 'further training', 'staff training', 'intercultural training', 'workshop',
    ],
  },
  {
    id: 'info-material',
    label: { de: 'Informationsmaterial und Übersetzungen', en: 'Information material and translations' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'Informationsmaterial', 'Infomaterial', 'Informationsblatt', 'Merkblatt', 'Merkblätter', 'Übersetzung', 'Übersetzungen',
      'mehrsprachiges Material', 'mehrsprachige Informationen', 'Flyer',
      'information material', 'information sheet', 'leaflet', 'leaflets', 'translation', 'translations', 'multilingual material',
    ],
  },
  {
    id: 'municipal-integration',
    label: { de: 'Kommunale Integration (KI, KIM)', en: 'Municipal integration (KI, KIM)' },
    coordination: 'kfi',
    synonyms: [
      'kommunale Integration', 'KI', 'KIM', 'Kommunales Integrationszentrum', 'Kommunale Integrationszentren', 'Integrationszentrum',
      'Kommunales Integrationsmanagement', 'Integrationsmanagement', 'Case Management',
      'municipal integration', 'municipal integration centre', 'local integration', 'integration centre',
    ],
  },
  {
    id: 'funding',
    label: { de: 'Förderung und Fördermittel', en: 'Funding' },
    coordination: 'kfi',
    synonyms: ['Förderung', 'Fördermittel', 'Förderprogramm', 'Zuwendung', 'Zuwendungen', 'Zuschuss', 'Finanzierung', 'funding', 'grant', 'grants', 'subsidy'],
  },
  {
    id: 'consular',
    label: { de: 'Konsulate und Auslandsvertretungen', en: 'Consulates and embassies' },
    coordination: 'koordinierungsstelle',
    synonyms: ['Konsulat', 'Konsulate', 'Generalkonsulat', 'Botschaft', 'Auslandsvertretung', 'konsularische Benachrichtigung', 'consulate', 'embassy', 'consular'],
  },
  {
    id: 'language-courses',
    label: { de: 'Deutschkurse und Sprachförderung', en: 'German courses' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'Deutschkurs', 'Deutschkurse', 'Sprachkurs', 'Sprachkurse', 'Sprachförderung', 'Deutschunterricht', 'Integrationskurs', 'Alphabetisierung',
      'german course', 'german courses', 'german lessons', 'language course', 'language courses', 'literacy',
    ],
  },
  {
    id: 'migration-counselling',
    label: { de: 'Migrationsberatung', en: 'Migration counselling' },
    coordination: 'kfi',
    synonyms: [
      'Migrationsberatung', 'Migrationsdienst', 'Jugendmigrationsdienst', 'MBE', 'Flüchtlingsberatung', 'Asylberatung',
      'Integrationsagentur', 'Integrationsagenturen', 'migration counselling', 'migration counseling', 'refugee counselling',
    ],
  },
  {
    id: 'antidiscrimination',
    label: { de: 'Antidiskriminierung', en: 'Anti-discrimination' },
    coordination: 'kfi',
    synonyms: ['Antidiskriminierung', 'Diskriminierung', 'Servicestelle Antidiskriminierung', 'Rassismus', 'anti-discrimination', 'discrimination', 'racism'],
  },
  {
    id: 'data-protection',
    label: { de: 'Datenschutz', en: 'Data protection' },
    coordination: 'koordinierungsstelle',
    synonyms: [
      'Datenschutz', 'Datenschutzbeauftragte', 'Datenschutzbeauftragter', 'DSGVO', 'JVollzDSG',
      'data protection', 'data protection officer', 'gdpr', 'privacy',
    ],
  },
];

const BY_ID = new Map(TOPICS.map((t) => [t.id, t]));

export function topicById(id: string): Topic | undefined {
  return BY_ID.get(id);
}

/** Comparison tokens, the same folding as the institution lookup. */
export { foldTokens };

export type MatchQuality = 'exact' | 'prefix' | 'fuzzy';
const QUALITY_RANK: Record<MatchQuality, number> = { exact: 3, prefix: 2, fuzzy: 1 };

export interface TopicMention {
  topic: Topic;
  /** Token span in the folded tokens. */
  start: number;
  length: number;
  quality: MatchQuality;
}

interface Entry {
  topic: Topic;
  tokens: string[];
  masks: number[];
  chars: number;
}

/** Longest inflection ending accepted after a synonym word ("Dolmetscher" + "innen"). */
const MAX_SUFFIX = 5;
/** Prefix matches only for synonyms at least this long ("ki" must not match "kinder"). */
const MIN_PREFIX_STEM = 5;

export class TopicMatcher {
  private readonly entries: Entry[] = [];
  private readonly exact = new Map<string, Topic>();

  constructor(readonly topics: readonly Topic[] = TOPICS) {
    for (const topic of topics) {
      const phrases = new Set([topic.id.replace(/-/g, ' '), topic.label.de, topic.label.en, ...topic.synonyms]);
      for (const phrase of phrases) {
        const tokens = foldTokens(phrase);
        if (tokens.length === 0) continue;
        const key = tokens.join(' ');
        if (!this.exact.has(key)) this.exact.set(key, topic);
        this.entries.push({ topic, tokens, masks: tokens.map(letterMask), chars: key.length });
      }
    }
    // Labels like "Dolmetscher und Sprachmittlung" also yield their parts via the synonyms; longest first.
    this.entries.sort((a, b) => b.tokens.length - a.tokens.length || b.chars - a.chars);
  }

  /** A whole field value (import cell, form choice): the topic id, label or a synonym, exactly (folded). */
  resolve(value: string): Topic | undefined {
    const byId = BY_ID.get(value.trim().toLowerCase());
    if (byId && this.topics.includes(byId)) return byId;
    return this.exact.get(foldTokens(value).join(' '));
  }

  /** The topic a mistyped value probably meant, for error messages. */
  suggest(value: string): Topic | undefined {
    const tokens = foldTokens(value);
    return tokens.length ? this.scan(tokens)[0]?.topic : undefined;
  }

  /**
   * Topic mentions in folded tokens, left to right, each word used once. At each position the best
   * entry wins: exact over inflected over mistyped, then more words, then more characters.
   * `skip(i)` marks tokens already taken (institution names, command words).
   */
  scan(tokens: readonly string[], skip: (i: number) => boolean = () => false): TopicMention[] {
    const found: TopicMention[] = [];
    const masks = tokens.map(letterMask);
    for (let i = 0; i < tokens.length; ) {
      if (skip(i)) {
        i++;
        continue;
      }
      let best: { entry: Entry; quality: MatchQuality } | undefined;
      for (const entry of this.entries) {
        const n = entry.tokens.length;
        if (i + n > tokens.length) continue;
        if (best && (QUALITY_RANK[best.quality] === 3 && n < best.entry.tokens.length)) break; // sorted: nothing better follows
        let blocked = false;
        for (let k = 1; k < n; k++) if (skip(i + k)) blocked = true;
        if (blocked) continue;
        const quality = matchQuality(tokens, masks, i, entry);
        if (!quality) continue;
        if (!best || better(quality, entry, best.quality, best.entry)) best = { entry, quality };
      }
      if (!best) {
        i++;
        continue;
      }
      found.push({ topic: best.entry.topic, start: i, length: best.entry.tokens.length, quality: best.quality });
      i += best.entry.tokens.length;
    }
    return found;
  }
}

function better(q: MatchQuality, e: Entry, bq: MatchQuality, be: Entry): boolean {
  if (QUALITY_RANK[q] !== QUALITY_RANK[bq]) return QUALITY_RANK[q] > QUALITY_RANK[bq];
  if (e.tokens.length !== be.tokens.length) return e.tokens.length > be.tokens.length;
  return e.chars > be.chars;
}

function matchQuality(tokens: readonly string[], masks: readonly number[], at: number, entry: Entry): MatchQuality | undefined {
  let quality: MatchQuality = 'exact';
  let typos = 0;
  for (let k = 0; k < entry.tokens.length; k++) {
    const word = tokens[at + k]!;
    const want = entry.tokens[k]!;
    if (word === want) continue;
    const last = k === entry.tokens.length - 1;
    if (last && want.length >= MIN_PREFIX_STEM && word.length > want.length && word.length - want.length <= MAX_SUFFIX && word.startsWith(want)) {
      if (quality === 'exact') quality = 'prefix';
      continue;
    }
    const budget = typoBudget(Math.min(word.length, want.length));
    if (budget === 0 || Math.abs(word.length - want.length) > budget || !maybeWithin(masks[at + k]!, entry.masks[k]!, budget)) return undefined;
    const d = editDistance(word, want, budget);
    if (d > budget) return undefined;
    typos += d;
    quality = 'fuzzy';
  }
  return typos > 2 ? undefined : quality;
}
