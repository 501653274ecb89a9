// Directory search ("kontakte …"): a MiniSearch index over name, institution (with its aliases and city),
// region, topics (with their synonyms), category and languages, using the project's folding (case,
// umlauts/ASCII, "ue" → "u") and a per-term typo budget. A language named in the query ("Arabisch")
// becomes a filter, so interpreter services for other languages do not show up.
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { loosen, normalize, typoBudget } from '../institutions/normalize.js';
import { languageAt, languageTerms } from './languages.js';
import { foldTokens, topicById, TopicMatcher } from './topics.js';
import { CATEGORY_WORDS, type Contact } from './types.js';

/** Words that carry no meaning in a directory query. */
const STOP_WORDS = new Set(
  [
    'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einer', 'und', 'oder', 'fur', 'in', 'im', 'am', 'an',
    'bei', 'beim', 'von', 'vom', 'zu', 'zum', 'zur', 'mit', 'nach', 'aus', 'auf', 'fuer', 'suche', 'suchen', 'gibt', 'es',
    'the', 'a', 'of', 'for', 'and', 'or', 'at', 'to', 'with', 'from', 'on', 'find', 'search', 'me',
  ].map((w) => loosen(normalize(w))),
);

interface Doc {
  id: string;
  name: string;
  institution: string;
  region: string;
  topics: string;
  category: string;
  languages: string;
  notes: string;
}

export const SEARCH_FIELDS = ['name', 'institution', 'region', 'topics', 'category', 'languages', 'notes'] as const;
const BOOST: Record<(typeof SEARCH_FIELDS)[number], number> = { name: 3, institution: 2, region: 1.5, topics: 1.5, category: 1, languages: 1, notes: 0.5 };

export interface SearchOutcome {
  ids: string[];
  total: number;
  /** Language filter taken from the query (ISO code), if any. */
  language?: string;
}

function processTerm(term: string): string | null {
  const t = loosen(term);
  return t && !STOP_WORDS.has(t) ? t : null;
}

const tokenize = (text: string) => normalize(text).split(' ');

export class DirectoryIndex {
  private mini: MiniSearch<Doc>;
  private readonly contacts = new Map<string, Contact>();
  // Institution and topic texts repeat across thousands of contacts: fold them once.
  private readonly institutionText = new Map<string, string>();
  private readonly topicText = new Map<string, string>();

  constructor(
    private readonly institutions: InstitutionDirectory,
    private readonly topics: TopicMatcher = new TopicMatcher(),
  ) {
    this.mini = DirectoryIndex.create();
  }

  private static create(): MiniSearch<Doc> {
    return new MiniSearch<Doc>({
      fields: [...SEARCH_FIELDS],
      storeFields: [],
      tokenize,
      processTerm,
      searchOptions: { tokenize, processTerm },
    });
  }

  get size(): number {
    return this.contacts.size;
  }

  rebuild(contacts: Iterable<Contact>): void {
    this.mini = DirectoryIndex.create();
    this.contacts.clear();
    const docs: Doc[] = [];
    for (const c of contacts) {
      this.contacts.set(c.id, c);
      docs.push(this.doc(c));
    }
    this.mini.addAll(docs);
  }

  upsert(contact: Contact): void {
    if (this.contacts.has(contact.id)) this.mini.replace(this.doc(contact));
    else this.mini.add(this.doc(contact));
    this.contacts.set(contact.id, contact);
  }

  private doc(c: Contact): Doc {
    return {
      id: c.id,
      name: c.name,
      institution: c.institutionId ? this.textOfInstitution(c.institutionId) : '',
      region: c.region ?? '',
      topics: c.topics.map((id) => this.textOfTopic(id)).join(' · '),
      category: [c.category, ...CATEGORY_WORDS[c.category]].join(' '),
      languages: c.languages.flatMap((l) => languageTerms(l)).join(' '),
      notes: c.notes ?? '',
    };
  }

  private textOfInstitution(id: string): string {
    let text = this.institutionText.get(id);
    if (text === undefined) {
      const inst = this.institutions.byId(id);
      text = inst ? uniqueTokens([inst.name, inst.shortName ?? '', inst.city ?? '', inst.regierungsbezirk ?? '', ...inst.aliases]) : '';
      this.institutionText.set(id, text);
    }
    return text;
  }

  private textOfTopic(id: string): string {
    let text = this.topicText.get(id);
    if (text === undefined) {
      const t = topicById(id);
      // The topic's own term (what a recognised topic word in a query looks for) plus its labels.
      text = t ? `${topicTerm(t.id)} ${uniqueTokens([t.label.de, t.label.en])}` : id;
      this.topicText.set(id, text);
    }
    return text;
  }

  /** Best matches first. All words must match (with typos and prefixes); if none does, any word may. */
  search(query: string, limit = 5): SearchOutcome {
    const tokens = foldTokens(query);
    let language: string | undefined;
    const rest: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      const lang = language ? undefined : languageAt(tokens, i);
      if (lang) {
        language = lang.code;
        i += lang.length;
      } else rest.push(tokens[i++]!);
    }
    const filter = language ? (r: SearchResult) => this.contacts.get(r.id)?.languages.includes(language!) ?? false : undefined;
    const words = rest.filter((t) => !STOP_WORDS.has(t));
    if (words.length === 0) {
      if (!language) return { ids: [], total: 0 };
      const ids = [...this.contacts.values()].filter((c) => c.languages.includes(language!)).sort((a, b) => a.name.localeCompare(b.name, 'de')).map((c) => c.id);
      return { ids: ids.slice(0, limit), total: ids.length, language };
    }
    // A recognised topic word ("Seelsorger", "Dolmetcher", "chaplain") matches the contacts with that topic,
    // or the word itself in a name or note; every other word matches as typed (typos, prefixes).
    const queries: Query[] = [];
    const mentions = this.topics.scan(words);
    for (let i = 0, m = 0; i < words.length; ) {
      const mention = mentions[m];
      if (mention && mention.start === i) {
        const typed = words.slice(i, i + mention.length).join(' ');
        queries.push({ combineWith: 'OR', queries: [typed, { queries: [topicTerm(mention.topic.id)], fuzzy: false, prefix: false }] });
        i += mention.length;
        m++;
      } else queries.push(words[i++]!);
    }
    const options = {
      boost: BOOST,
      fuzzy: (term: string) => typoBudget(term.length),
      prefix: (term: string) => term.length >= 3,
      ...(filter ? { filter } : {}),
    };
    let results: SearchResult[] = this.mini.search({ combineWith: 'AND', queries }, options);
    if (results.length === 0) results = this.mini.search({ combineWith: 'OR', queries }, options);
    return { ids: results.slice(0, limit).map((r) => r.id), total: results.length, ...(language ? { language } : {}) };
  }
}

/** The distinct folded words of some phrases (the index folds again; repeats only cost). */
function uniqueTokens(parts: string[]): string {
  const seen = new Set<string>();
  for (const p of parts) for (const t of foldTokens(p)) seen.add(t);
  return [...seen].join(' ');
}

/** A word no one types: "ztopicreligiouscare". Indexed with each contact's topics; a query topic looks for it. */
export function topicTerm(id: string): string {
  return `ztopic${id.replace(/[^a-z0-9]/g, '')}`;
}
