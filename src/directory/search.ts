// Directory search ("kontakte …"): a small inverted index built for this job, because the job is
// "all words must match, typed carelessly": each query word expands to the indexed words it may mean
// (exact, prefix, typos within the project's budget, umlauts/ASCII and case folded as everywhere else),
// words are intersected rarest first, and only the surviving contacts are scored (BM25 per field with
// field boosts). Stock MiniSearch scores every posting of every word before it intersects, which costs
// ~10× more on 10 k contacts with common words (see bench/directory.ts, where it is the baseline).
// A recognised topic word ("Seelsorger", "Dolmetcher", "chaplain") also matches the contacts filed
// under that topic; a language named in the query ("Arabisch") becomes a filter.
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { editDistance, foldTokens, letterMask, maybeWithin, typoBudget } from '../text/normalize.js';
import { best, distinct, lowerBound, STOP_WORDS, topK, words, type PostingRef } from './searchParts.js';
import { languageAt, languageTerms } from './languages.js';
import { topicById, TopicMatcher } from './topics.js';
import { CATEGORY_WORDS, type Contact } from './types.js';

export const SEARCH_FIELDS = ['name', 'institution', 'region', 'topics', 'category', 'languages', 'notes'] as const;
type Field = (typeof SEARCH_FIELDS)[number];
const BOOST: Record<Field, number> = { name: 3, institution: 2, region: 1.5, topics: 1.5, category: 1, languages: 1, notes: 0.5 };
/** BM25 parameters. */
const K1 = 1.2;
const B = 0.7;
/** A word found by prefix or by a typo counts less than the word itself. */
const PREFIX_WEIGHT = 0.4;
const FUZZY_WEIGHT = 0.45;
/** At most this many indexed words per query word (prefixes of very short words would match half the index). */
const MAX_EXPANSIONS = 60;

export interface SearchOutcome {
  ids: string[];
  total: number;
  /** Language filter taken from the query (ISO code), if any. */
  language?: string;
}

/** A word no one types: "ztopicreligiouscare". Indexed with each contact's topics; a query topic looks for it. */
export function topicTerm(id: string): string {
  return `ztopic${id.replace(/[^a-z0-9]/g, '')}`;
}

interface Doc {
  contact: Contact;
  /** Words per field, for the length normalisation and for removal on update. */
  fields: Record<Field, string[]>;
}

/** One query word: the indexed words it may mean, each with its weight. */
type Part = Map<string, number>;

export class DirectoryIndex {
  private readonly docs = new Map<string, Doc>();
  /**
   * word → (contact id → its weight in that contact: BM25 term-frequency part summed over the fields the
   * word occurs in, with field boosts; computed when the contact is indexed). idf is applied at query time.
   */
  private readonly postings = new Map<string, Map<string, number>>();
  /** language code → contacts offering it (the query's language filter starts here). */
  private readonly byLanguage = new Map<string, Set<string>>();
  /** Indexed words by length, for the typo scan; sorted list for prefixes (rebuilt lazily). */
  private byLength: { word: string; mask: number }[][] = [];
  private sorted: string[] | undefined;
  private totalLength: Record<Field, number> = zeroLengths();
  // Institution and topic texts repeat across thousands of contacts: fold them once.
  private readonly institutionWords = new Map<string, string[]>();
  private readonly topicWords = new Map<string, string[]>();

  constructor(
    private readonly institutions: InstitutionDirectory,
    private readonly topics: TopicMatcher = new TopicMatcher(),
  ) {}

  get size(): number {
    return this.docs.size;
  }

  rebuild(contacts: Iterable<Contact>): void {
    this.docs.clear();
    this.postings.clear();
    this.byLanguage.clear();
    this.totalLength = zeroLengths();
    // Field lengths first, so every contact is weighted against the final averages.
    const all = [...contacts].map((c) => ({ contact: c, fields: this.fieldsOf(c) }));
    for (const { fields } of all) for (const field of SEARCH_FIELDS) this.totalLength[field] += fields[field].length;
    for (const doc of all) this.add(doc.contact, doc.fields, false);
    this.vocabularyChanged();
  }

  upsert(contact: Contact): void {
    this.remove(contact.id);
    this.add(contact, this.fieldsOf(contact), true);
    this.vocabularyChanged();
  }

  private add(c: Contact, fields: Record<Field, string[]>, countLengths: boolean): void {
    this.docs.set(c.id, { contact: c, fields });
    for (const l of c.languages) {
      let set = this.byLanguage.get(l);
      if (!set) this.byLanguage.set(l, (set = new Set()));
      set.add(c.id);
    }
    if (countLengths) for (const field of SEARCH_FIELDS) this.totalLength[field] += fields[field].length;
    const n = Math.max(this.docs.size, 1);
    const weights = new Map<string, number>();
    for (const field of SEARCH_FIELDS) {
      const list = fields[field];
      const tf = new Map<string, number>();
      for (const w of list) tf.set(w, (tf.get(w) ?? 0) + 1);
      const avg = this.totalLength[field] / n || 1;
      const norm = K1 * (1 - B + (B * list.length) / avg);
      for (const [w, f] of tf) weights.set(w, (weights.get(w) ?? 0) + BOOST[field] * ((f * (K1 + 1)) / (f + norm)));
    }
    for (const [w, weight] of weights) {
      let posting = this.postings.get(w);
      if (!posting) this.postings.set(w, (posting = new Map()));
      posting.set(c.id, weight);
    }
  }

  private remove(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    for (const l of doc.contact.languages) this.byLanguage.get(l)?.delete(id);
    for (const field of SEARCH_FIELDS) {
      this.totalLength[field] -= doc.fields[field].length;
      for (const w of new Set(doc.fields[field])) {
        const posting = this.postings.get(w);
        posting?.delete(id);
        if (posting && posting.size === 0) this.postings.delete(w);
      }
    }
    this.docs.delete(id);
  }

  private vocabularyChanged(): void {
    this.sorted = undefined;
    this.byLength = [];
  }

  private fieldsOf(c: Contact): Record<Field, string[]> {
    return {
      name: words(c.name),
      institution: c.institutionId ? this.wordsOfInstitution(c.institutionId) : [],
      region: words(c.region ?? ''),
      topics: c.topics.flatMap((id) => this.wordsOfTopic(id)),
      category: words([c.category, ...CATEGORY_WORDS[c.category]].join(' ')),
      languages: c.languages.flatMap((l) => languageTerms(l).flatMap((t) => t.split(' '))),
      notes: words(c.notes ?? ''),
    };
  }

  private wordsOfInstitution(id: string): string[] {
    let list = this.institutionWords.get(id);
    if (!list) {
      const inst = this.institutions.byId(id);
      list = inst ? distinct([inst.name, inst.shortName ?? '', inst.city ?? '', inst.regierungsbezirk ?? '', ...inst.aliases].flatMap(words)) : [];
      this.institutionWords.set(id, list);
    }
    return list;
  }

  private wordsOfTopic(id: string): string[] {
    let list = this.topicWords.get(id);
    if (!list) {
      const t = topicById(id);
      list = t ? [topicTerm(t.id), ...distinct([t.label.de, t.label.en].flatMap(words))] : [id];
      this.topicWords.set(id, list);
    }
    return list;
  }

  /** Best matches first. All words must match (with typos and prefixes); if no contact has all, the most. */
  search(query: string, limit = 5): SearchOutcome {
    const tokens = foldTokens(query.slice(0, 300));
    let language: string | undefined;
    const rest: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      const lang = language ? undefined : languageAt(tokens, i);
      if (lang) {
        language = lang.code;
        i += lang.length;
      } else rest.push(tokens[i++]!);
    }
    const only = language ? (this.byLanguage.get(language) ?? new Set<string>()) : undefined;
    const queryWords = rest.filter((t) => !STOP_WORDS.has(t)).slice(0, 8);
    const withLanguage = (o: Omit<SearchOutcome, 'language'>): SearchOutcome => (language ? { ...o, language } : o);
    if (queryWords.length === 0) {
      if (!language) return { ids: [], total: 0 };
      const ids = [...only!].map((id) => this.docs.get(id)!.contact).sort((a, b) => a.name.localeCompare(b.name, 'de')).map((c) => c.id);
      return withLanguage({ ids: ids.slice(0, limit), total: ids.length });
    }

    const parts: Part[] = [];
    const mentions = this.topics.scan(queryWords);
    for (let i = 0, m = 0; i < queryWords.length; ) {
      const mention = mentions[m];
      if (mention && mention.start === i) {
        // The topic, or the typed word itself (in a name or a note): "Dolmetscherpool" has no topic word in it.
        const part = this.expand(queryWords.slice(i, i + mention.length).sort((a, b) => b.length - a.length)[0]!);
        part.set(topicTerm(mention.topic.id), 1);
        parts.push(part);
        i += mention.length;
        m++;
      } else parts.push(this.expand(queryWords[i++]!));
    }

    let scores = this.all(parts, only);
    if (scores.size === 0) scores = this.most(parts, only);
    return withLanguage({ ids: topK(scores, limit), total: scores.size });
  }

  /** The indexed words a query word may mean, with weights (exact 1, prefix, typo). */
  private expand(word: string): Part {
    const part: Part = new Map();
    if (this.postings.has(word)) part.set(word, 1);
    if (word.length >= 3) {
      const sorted = this.sortedWords();
      let lo = lowerBound(sorted, word);
      for (let n = 0; lo < sorted.length && sorted[lo]!.startsWith(word) && n < MAX_EXPANSIONS; lo++, n++) {
        const w = sorted[lo]!;
        if (w !== word) part.set(w, PREFIX_WEIGHT);
      }
    }
    const budget = typoBudget(word.length);
    if (budget > 0) {
      const byLength = this.wordsByLength();
      const mask = letterMask(word);
      let n = 0;
      for (let len = word.length - budget; len <= word.length + budget && n < MAX_EXPANSIONS; len++) {
        if (typoBudget(Math.min(len, word.length)) === 0) continue;
        for (const { word: w, mask: m } of byLength[len] ?? []) {
          if (!maybeWithin(mask, m, budget) || part.has(w)) continue;
          if (editDistance(word, w, budget) <= budget) {
            part.set(w, FUZZY_WEIGHT);
            if (++n >= MAX_EXPANSIONS) break;
          }
        }
      }
    }
    return part;
  }

  /** Contacts matching every part: ids intersected from the rarest part first, then only those are scored. */
  private all(parts: Part[], only: Set<string> | undefined): Map<string, number> {
    const sized = this.sized(parts);
    if (sized[0]!.size === 0) return new Map();
    let candidates: Iterable<string>;
    let rest = sized;
    if (only && only.size <= sized[0]!.size) candidates = only;
    else {
      const first = new Set<string>();
      for (const { posting } of sized[0]!.lists) for (const id of posting.keys()) if (!only || only.has(id)) first.add(id);
      candidates = first;
      rest = sized.slice(1);
    }
    for (const { lists } of rest) {
      const next = new Set<string>();
      for (const id of candidates) if (lists.some((l) => l.posting.has(id))) next.add(id);
      candidates = next;
      if (next.size === 0) return new Map();
    }
    const scores = new Map<string, number>();
    for (const id of candidates) {
      let sum = 0;
      for (const { lists } of sized) sum += best(lists, id);
      scores.set(id, sum);
    }
    return scores;
  }

  /** No contact has every word: rank by how many words match, then by score. */
  private most(parts: Part[], only: Set<string> | undefined): Map<string, number> {
    const sized = this.sized(parts);
    const scores = new Map<string, number>();
    // 1000 per matched word dominates any score, so more matched words always rank first.
    if (only && only.size < sized.reduce((s, p) => s + p.size, 0)) {
      for (const id of only) {
        let sum = 0;
        for (const { lists } of sized) {
          const s = best(lists, id);
          if (s > 0) sum += 1000 + s;
        }
        if (sum > 0) scores.set(id, sum);
      }
      return scores;
    }
    for (const { lists } of sized) {
      const top = new Map<string, number>();
      for (const { posting, factor } of lists) {
        for (const [id, weight] of posting) {
          if (only && !only.has(id)) continue;
          const s = factor * weight;
          if (s > (top.get(id) ?? 0)) top.set(id, s);
        }
      }
      for (const [id, s] of top) scores.set(id, (scores.get(id) ?? 0) + 1000 + s);
    }
    return scores;
  }

  /** Each part's postings with their factor (expansion weight × idf), rarest part first. */
  private sized(parts: Part[]): { lists: PostingRef[]; size: number }[] {
    const n = this.docs.size;
    return parts
      .map((part) => {
        const lists: PostingRef[] = [];
        for (const [w, weight] of part) {
          const posting = this.postings.get(w);
          if (posting) lists.push({ posting, factor: weight * Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5)) });
        }
        return { lists, size: lists.reduce((sum, l) => sum + l.posting.size, 0) };
      })
      .sort((a, b) => a.size - b.size);
  }

  private sortedWords(): string[] {
    if (!this.sorted) this.sorted = [...this.postings.keys()].sort();
    return this.sorted;
  }

  private wordsByLength(): { word: string; mask: number }[][] {
    if (this.byLength.length === 0) {
      for (const w of this.postings.keys()) (this.byLength[w.length] ??= []).push({ word: w, mask: letterMask(w) });
    }
    return this.byLength;
  }
}

function zeroLengths(): Record<Field, number> {
  return { name: 0, institution: 0, region: 0, topics: 0, category: 0, languages: 0, notes: 0 };
}
