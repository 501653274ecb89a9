// The understanding step: free text + the asker's role and institution → a typed interpretation.
// It reads the *shape* of a message — which capability (a request verb, a clock time, "eskalieren"),
// which place, which topic, whether it is a question — rather than matching whole sentences, and is
// role-aware: a reading the asker may not act on never wins over one they may use.
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Institution, InstitutionKind } from '../institutions/institutionsFile.js';
import { editDistance, letterMask, maybeWithin } from '../text/normalize.js';
import { tokensOf } from '../institutions/institutions.js';
import { findLanguageMentions } from '../language/languageNames.js';
import { TopicMatcher, topicById, TOPICS, type Topic } from '../directory/topics.js';
import type { Role } from '../roles/types.js';
import { hasPhrase, loadLexicon, phraseAt, type Lexicon } from './lexicon.js';
import { narrowMention, scanPlaces, typoPlaces } from './places.js';
import type { Asker, CommandId, CommandReading, Interpretation, ResponsibilityReading } from './types.js';

/** Longer texts are cut: a question is never this long, and parsing stays bounded. */
export const MAX_TEXT = 400;

/** Who may start which capability from free text (the capabilities' own role lists). */
export type CommandRoles = Readonly<Record<CommandId, readonly Role[]>>;
export const DEFAULT_COMMAND_ROLES: CommandRoles = { interpreter: ['officer'], escalation: ['officer'] };

interface Signals {
  tokens: string[];
  question: boolean;
  topicCue: boolean;
  request: boolean;
  time: boolean;
  escalation: boolean;
  search: boolean;
  speak: boolean;
  /** Languages named (not German), ISO codes. */
  languages: string[];
  topics: Topic[];
  mentions: Institution[][];
  own: boolean;
  /** Words nothing explained: no filler, place, topic, cue or language. */
  leftover: string[];
  questionLanguage?: 'de' | 'en';
}

export class Understander {
  private readonly matcher: TopicMatcher;
  /** Folded words of every topic's names, for "closest topics". */
  private readonly topicWords: { topic: Topic; words: { word: string; mask: number }[] }[];

  constructor(
    private readonly institutions: InstitutionDirectory,
    private readonly lexicon: Lexicon = loadLexicon(),
    private readonly topics: readonly Topic[] = TOPICS,
    private readonly commandRoles: CommandRoles = DEFAULT_COMMAND_ROLES,
  ) {
    this.matcher = new TopicMatcher(topics, { withSituations: true, knownWords: lexicon.fillers });
    this.topicWords = topics.map((topic) => {
      const words = new Set([topic.label.de, topic.label.en, ...topic.synonyms].flatMap((p) => tokensOf(p)).filter((w) => w.length >= 4));
      return { topic, words: [...words].map((word) => ({ word, mask: letterMask(word) })) };
    });
  }

  understand(text: string, asker: Asker): Interpretation {
    const s = this.signals(text.slice(0, MAX_TEXT), asker);
    const lang = s.questionLanguage ? { questionLanguage: s.questionLanguage } : {};
    const may = (c: CommandId) => this.commandRoles[c].includes(asker.role);
    const interpreting = s.topics.some((t) => t.id === 'interpreting');

    if (s.escalation && !s.question) return may('escalation') ? { kind: 'command', command: 'escalation', slots: {}, ...lang } : { kind: 'refused', command: 'escalation', ...lang };
    if (interpreting && !s.question && (s.request || s.time || s.languages.length > 0)) {
      if (may('interpreter')) return this.interpreterCommand(s, lang);
      // Only a clear request is refused; "Dolmetscher Arabisch" from staff is a directory question.
      if (s.request) return { kind: 'refused', command: 'interpreter', ...lang };
    }
    if (s.search || (s.speak && s.languages.length > 0 && !s.topics.length)) {
      return { kind: 'search', query: text.slice(0, 300), ...(s.languages[0] ? { language: s.languages[0] } : {}), ...lang };
    }
    const reading = this.responsibility(s, asker, lang);
    if (interpreting && !s.question && s.mentions.length > 0 && may('interpreter')) {
      // An officer naming only the topic and a place: a request there, or who is responsible there.
      return { kind: 'ask', choices: [this.interpreterCommand(s, lang), reading], ...lang };
    }
    if (reading.topics.length > 0) return reading;
    // An unknown topic needs a word that could be one, and a place or a cue that a topic was named.
    if (s.leftover.some((w) => w.length >= 4) && (s.topicCue || reading.institutions.length > 0)) {
      return { kind: 'unknownTopic', words: s.leftover, closest: this.closestTopics(s.leftover), institutions: reading.institutions, ...lang };
    }
    if (reading.institutions.length > 0) return reading;
    const closest = this.closestTopics(s.leftover);
    return { kind: 'unclear', readings: closest.map((t) => ({ ...reading, topics: [t] })), ...lang };
  }

  private interpreterCommand(s: Signals, lang: { questionLanguage?: 'de' | 'en' }): CommandReading {
    const place = s.mentions[0]?.length === 1 ? s.mentions[0][0] : undefined;
    return {
      kind: 'command',
      command: 'interpreter',
      slots: { ...(s.languages[0] ? { language: s.languages[0] } : {}), ...(place ? { institutionId: place.id } : {}) },
      ...lang,
    };
  }

  private responsibility(s: Signals, asker: Asker, lang: { questionLanguage?: 'de' | 'en' }): ResponsibilityReading {
    const own = asker.institutionId ? this.institutions.byId(asker.institutionId) : undefined;
    const institutions = s.mentions[0] ?? (s.own && own ? [own] : []);
    let topics = s.topics;
    if (topics.length === 0 && institutions.length > 0 && s.leftover.length === 0) topics = this.defaultTopic(institutions);
    return {
      kind: 'responsibility',
      topics,
      institutions,
      ...(s.mentions.length === 0 && s.own && own ? { ownInstitution: true } : {}),
      ...(s.languages[0] ? { language: s.languages[0] } : {}),
      ...lang,
    };
  }

  /** A place that stands for one topic: a KI for municipal integration, the Fachbereich for extremism. */
  private defaultTopic(institutions: Institution[]): Topic[] {
    const { byInstitution, byKind } = this.lexicon.defaultTopics;
    const ids = new Set(institutions.map((i) => byInstitution[i.id] ?? byKind[i.kind]));
    const id = ids.size === 1 ? [...ids][0] : undefined;
    const topic = id ? topicById(id) : undefined;
    return topic ? [topic] : [];
  }

  private signals(text: string, asker: Asker): Signals {
    const lx = this.lexicon;
    const scan = scanPlaces(tokensOf(text), this.institutions, lx);
    const { tokens, taken } = scan;
    const cue = new Set<number>();
    const mark = (phrases: Lexicon['questionCues']) => {
      let found = false;
      for (let i = 0; i < tokens.length; i++) {
        const p = phraseAt(tokens, i, phrases);
        if (!p) continue;
        found = true;
        for (let k = 0; k < p.length; k++) cue.add(i + k);
      }
      return found;
    };
    const question = mark(lx.questionCues) || text.includes('?');
    const topicCue = mark(lx.topicCues);
    const request = mark(lx.requestWords);
    const time = mark(lx.timeWords) || tokens.some((t) => /^\d{1,2}$/.test(t) && Number(t) <= 24) || /\b\d{1,2}\s?(?:uhr|h|am|pm)\b/i.test(text);
    const escalation = tokens.some((t) => lx.escalationWords.some((p) => t.startsWith(p[0]!.slice(0, 6))));
    const search = phraseAt(tokens, 0, lx.searchWords) !== undefined;
    const speak = mark(lx.speakWords);
    const own = mark(lx.ownPlace);
    const languageMentions = findLanguageMentions(text);
    const languageWords = new Set(languageMentions.flatMap((m) => m.match.split(' ')));
    const languages = [...new Set(languageMentions.flatMap((m) => (m.codes.length === 1 && m.codes[0] !== 'de' ? m.codes : [])))];

    const mentions = this.matcher.scan(tokens, (i) => taken.has(i));
    for (const m of mentions) for (let k = m.start; k < m.start + m.length; k++) taken.add(k);
    const free = (i: number) => !taken.has(i) && !cue.has(i) && !lx.fillers.has(tokens[i]!) && !languageWords.has(tokens[i]!) && !/^\d+$/.test(tokens[i]!);
    if (scan.mentions.length === 0) typoPlaces(scan, free, this.institutions);
    const distinct = [...new Set(mentions.map((m) => m.topic))];
    const specific = distinct.filter((t) => !t.generic);
    const topics = specific.length ? specific : distinct;
    const leftover = tokens.filter((_, i) => free(i));
    const kinds = scan.kinds.size ? scan.kinds : this.usualKinds(topics);
    return {
      tokens,
      question,
      topicCue,
      request,
      time,
      escalation,
      search,
      speak,
      languages,
      topics,
      mentions: scan.mentions.map((m) => (kinds.size ? narrowMention(m, kinds, this.institutions) : m.institutions)),
      own: own && asker.institutionId !== undefined,
      leftover,
      ...questionLanguage(tokens, lx),
    };
  }

  /** Where the named topics are usually handled (a place without a topic: the default, the prison). */
  private usualKinds(topics: readonly Topic[]): Set<InstitutionKind> {
    const { byTopic, default: fallback } = this.lexicon.topicKinds;
    return new Set(topics.length ? topics.flatMap((t) => byTopic[t.id] ?? fallback) : fallback);
  }

  /** Known topics nearest to words nothing matched (for "unknown topic" answers), at most three. */
  closestTopics(words: readonly string[]): Topic[] {
    const scored: { topic: Topic; score: number }[] = [];
    const candidates = words.filter((w) => w.length >= 4).map((w) => ({ w, mask: letterMask(w) }));
    if (candidates.length === 0) return [];
    for (const { topic, words: known } of this.topicWords) {
      let best = Infinity;
      for (const want of known) {
        for (const { w: word, mask } of candidates) {
          // A compound that starts with a known word ("Fortbildungsplanung") is near it.
          if (want.word.length >= 5 && word.length > want.word.length && word.startsWith(want.word)) best = Math.min(best, 0.1);
          const budget = Math.max(2, Math.floor(Math.min(word.length, want.word.length) / 3));
          if (!maybeWithin(mask, want.mask, budget)) continue;
          const d = editDistance(word, want.word, budget);
          if (d <= budget) best = Math.min(best, d / want.word.length);
        }
      }
      if (best < Infinity) scored.push({ topic, score: best });
    }
    return scored.sort((a, b) => a.score - b.score).slice(0, 3).map((s) => s.topic);
  }
}

function questionLanguage(tokens: readonly string[], lx: Lexicon): { questionLanguage?: 'de' | 'en' } {
  let en = 0;
  let de = 0;
  for (const t of tokens) {
    if (lx.englishWords.has(t)) en++;
    if (lx.germanWords.has(t)) de++;
  }
  if (en > de) return { questionLanguage: 'en' };
  if (de > en) return { questionLanguage: 'de' };
  return {};
}

/** Convenience for one-off use (tests, scripts). */
export function understand(text: string, asker: Asker, institutions: InstitutionDirectory): Interpretation {
  return new Understander(institutions).understand(text, asker);
}

export { hasPhrase };
