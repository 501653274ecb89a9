// Knowledge-base search ("frage …"): offline, typo-tolerant, German and English in one index.
// MiniSearch (already used for the directory benchmark) over the folded words of question, answer,
// topics and source; umlauts/ASCII and case fold as everywhere else (normalize + loosen). A topic named
// in the question ("Dolmetcher", "chaplain") adds the topic's marker word, so entries filed under it rank
// higher even when they use another synonym. "Nothing fits" is decided here too: a hit must match
// enough of the question's meaningful words, or the officer is offered the experts instead.
import MiniSearch, { type SearchResult } from 'minisearch';
import { topicById, foldTokens, TopicMatcher } from '../directory/topics.js';
import type { Entry } from './types.js';

/** Words that carry no meaning in a question (folded): articles, pronouns, question and modal words. */
const STOP_WORDS = new Set(
  [
    'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'und', 'oder', 'fuer', 'in', 'im', 'am', 'an',
    'bei', 'beim', 'von', 'vom', 'zu', 'zum', 'zur', 'mit', 'nach', 'aus', 'auf', 'ich', 'wir', 'man', 'sie', 'er', 'es', 'ist', 'sind',
    'wie', 'was', 'wer', 'wann', 'wo', 'warum', 'welche', 'welcher', 'welches', 'darf', 'duerfen', 'muss', 'muessen', 'kann', 'koennen',
    'soll', 'sollen', 'gibt', 'habe', 'haben', 'hat', 'wird', 'werden', 'mein', 'meine', 'unser', 'unsere', 'bitte', 'frage', 'mal',
    'ueber', 'auch', 'noch', 'schon', 'nicht', 'kein', 'keine', 'so', 'dass', 'wenn', 'ob', 'als', 'um',
    'the', 'a', 'an', 'of', 'for', 'and', 'or', 'at', 'to', 'with', 'from', 'on', 'in', 'is', 'are', 'do', 'does', 'can', 'may', 'must',
    'how', 'what', 'who', 'when', 'where', 'why', 'which', 'i', 'we', 'my', 'our', 'you', 'there', 'it', 'be', 'please', 'question', 'about',
  ].map((w) => foldTokens(w).join(' ')),
);

const TOPIC_MARK = 'ztopic';
/** A word no one types; indexed with an entry's topics and added to a query that names the topic. */
export function topicMarker(id: string): string {
  return `${TOPIC_MARK}${id.replace(/[^a-z0-9]/g, '')}`;
}

interface Doc {
  id: string;
  q: string;
  a: string;
  t: string;
  s: string;
}

export interface KnowledgeHit {
  id: string;
  score: number;
  /** Meaningful query words this entry matched, of `wanted`. */
  matched: number;
  wanted: number;
  /** Enough of the question matched to offer it as the answer. */
  confident: boolean;
}

export interface KnowledgeSearch {
  hits: KnowledgeHit[];
  /** Topics recognised in the question (ids). */
  topics: string[];
  /** Meaningful words in the question; 0 means there was nothing to search for. */
  words: number;
}

/** Content words of a text, folded, stop words and single letters dropped. */
export function contentWords(text: string): string[] {
  return foldTokens(text).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}

function topicWords(ids: readonly string[]): string {
  return ids
    .map((id) => {
      const topic = topicById(id);
      return topic ? `${topicMarker(id)} ${topic.label.de} ${topic.label.en}` : '';
    })
    .join(' ');
}

function docOf(e: Entry): Doc {
  return {
    id: e.id,
    q: `${e.question.de} ${e.question.en ?? ''}`,
    a: `${e.answer.de} ${e.answer.en ?? ''}`,
    t: topicWords(e.topics),
    s: e.source ?? '',
  };
}

/** Words with digits (paragraphs, file numbers) match as typed; near misses would be other numbers. */
const HAS_DIGIT = /\d/;

/** Fuzziness per query word: none for short words, numbers and topic markers; 1 edit from 5 letters, 2 from 10. */
function fuzzyOf(term: string): number | false {
  if (term.startsWith(TOPIC_MARK) || HAS_DIGIT.test(term)) return false;
  return term.length >= 10 ? 2 : term.length >= 5 ? 1 : false;
}

const MAX_QUERY_WORDS = 24;

export class KnowledgeIndex {
  private mini = KnowledgeIndex.create();

  constructor(private readonly topics: TopicMatcher = new TopicMatcher()) {}

  private static create(): MiniSearch<Doc> {
    return new MiniSearch<Doc>({
      fields: ['q', 'a', 't', 's'],
      storeFields: [],
      tokenize: (text) => foldTokens(text),
      processTerm: (term) => (term.length > 1 && !STOP_WORDS.has(term) ? term : null),
    });
  }

  get size(): number {
    return this.mini.documentCount;
  }

  /** Active entries only; retired ones are never found. */
  rebuild(entries: Iterable<Entry>): void {
    this.mini = KnowledgeIndex.create();
    this.mini.addAll([...entries].filter((e) => e.status === 'active').map(docOf));
  }

  upsert(entry: Entry): void {
    if (this.mini.has(entry.id)) this.mini.discard(entry.id);
    if (entry.status === 'active') this.mini.add(docOf(entry));
  }

  search(query: string, limit = 3): KnowledgeSearch {
    const words = contentWords(query.slice(0, 500)).slice(0, MAX_QUERY_WORDS);
    if (words.length === 0) return { hits: [], topics: [], words: 0 };
    const topics = [...new Set(this.topics.scan(foldTokens(query.slice(0, 500))).filter((m) => !m.topic.generic).map((m) => m.topic.id))];
    const terms = [...new Set(words), ...topics.map(topicMarker)];
    const results = this.mini.search(terms.join(' '), {
      boost: { q: 3, t: 1.5, a: 1, s: 0.5 },
      fuzzy: (term) => fuzzyOf(term),
      prefix: (term) => term.length >= 5 && !term.startsWith(TOPIC_MARK) && !HAS_DIGIT.test(term),
      combineWith: 'OR',
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
    });
    const wanted = new Set(words).size;
    const need = wanted <= 2 ? wanted : Math.ceil(wanted / 2);
    const hits = results.slice(0, limit).map((r) => hitOf(r, wanted, need));
    return { hits, topics, words: wanted };
  }
}

/** A topic named in the question and filed on the entry counts as one more matched word. */
function hitOf(r: SearchResult, wanted: number, need: number): KnowledgeHit {
  const words = r.queryTerms.filter((t) => !t.startsWith(TOPIC_MARK)).length;
  const topic = r.queryTerms.length > words ? 1 : 0;
  const matched = Math.min(wanted, words + topic);
  return { id: String(r.id), score: r.score, matched, wanted, confident: matched >= need };
}
