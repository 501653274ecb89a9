// "Wer ist zuständig?" — understands a question as people type it (German or English, typos, ASCII
// spellings, city names, JVA nicknames) and finds the responsibility: institution × topic → contact and
// deputy. Ambiguity yields options; nothing on record names the coordinating body to ask.
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Institution } from '../institutions/institutionsFile.js';
import type { Identity } from '../roles/types.js';
import { CUE_PHRASES, hasPhrase, isCueWord, languageOf, OPENINGS, ROLE_WORDS, startsWithAny, STOP_WORDS } from './questionWords.js';
import { TopicMatcher, topicById, type CoordinationId, type Topic } from './topics.js';
import { responsibilityKey, type Contact, type DirectoryData, type Responsibility } from './types.js';

export interface ParsedQuestion {
  tokens: string[];
  /** One entry per mention; a mention may fit several institutions ("Köln"). */
  mentions: Institution[][];
  /** Distinct topics, specific ones only when any is present. */
  topics: Topic[];
  /** The message reads like a responsibility question (cue word or question + role + place). */
  cue: boolean;
  /** Detected question language, when the words say so clearly. */
  language?: 'de' | 'en';
  /** Every word is a place, a topic, a role word or a filler ("Seelsorge Werl", "Extremismusbeauftragter JVA Bochum"). */
  explained: boolean;
}

export interface AnswerOption {
  institution: Institution;
  topic: Topic;
}

interface Base {
  language?: 'de' | 'en';
}
export type Resolution = Base &
  (
    | {
        kind: 'answer';
        institution: Institution;
        topic: Topic;
        responsibility: Responsibility;
        contact: Contact;
        deputy?: Contact;
        /** Nothing on record at `asked`; this is the coordinating body's entry for the topic. */
        asked?: Institution;
        /** The asker named no institution; their own was used. */
        ownInstitution?: boolean;
        /** Other topics on record for the same institution (when the question named none). */
        otherTopics: Topic[];
        /** No place was named: this is the state-wide entry of a coordinating body. */
        stateWide?: boolean;
      }
    | { kind: 'choice'; options: AnswerOption[]; by: 'institution' | 'topic' }
    | { kind: 'unknown'; institution?: Institution; topic?: Topic; coordination: Institution; coordinationContact?: Contact }
    | { kind: 'needInstitution'; topic: Topic; coordination: Institution; coordinationContact?: Contact }
    | {
        kind: 'unknownTopic';
        /** The words no known topic matched, as typed (folded); shown back, never stored or logged. */
        words: string[];
        /** Known topics nearest to those words, then the topics on record at the place. */
        closest: Topic[];
        institution?: Institution;
        coordination: Institution;
        coordinationContact?: Contact;
      }
    | { kind: 'notUnderstood' }
  );

/** What the understanding step read from a question (src/understanding): topics and the candidate places. */
export interface QuestionReading {
  topics: Topic[];
  /** Every institution the named place may mean; empty when no place was named. */
  institutions: Institution[];
  language?: 'de' | 'en';
}

/** At most this many options on a choice card. */
export const MAX_OPTIONS = 6;

export class ResponsibilityResolver {
  private readonly byKey = new Map<string, Responsibility>();
  private readonly byInstitution = new Map<string, Responsibility[]>();
  private readonly byTopic = new Map<string, Responsibility[]>();
  private contacts: Record<string, Contact> = {};

  constructor(
    private readonly institutions: InstitutionDirectory,
    private readonly topics: TopicMatcher = new TopicMatcher(),
  ) {}

  /** Re-reads the directory (after an import or an edit). */
  load(data: DirectoryData): void {
    this.byKey.clear();
    this.byInstitution.clear();
    this.byTopic.clear();
    this.contacts = data.contacts;
    for (const r of data.responsibilities) {
      this.byKey.set(responsibilityKey(r.institutionId, r.topic), r);
      push(this.byInstitution, r.institutionId, r);
      push(this.byTopic, r.topic, r);
    }
  }

  responsibility(institutionId: string, topic: string): Responsibility | undefined {
    return this.byKey.get(responsibilityKey(institutionId, topic));
  }

  /** Cheap check for free text (no command word): is this a responsibility question we can work on? */
  recognizes(text: string): boolean {
    if (text.length > 400) return false;
    const q = this.parse(text);
    if (q.cue) return q.topics.length > 0 || q.mentions.length > 0;
    // No question word: only a bare "topic/role + place" message, nothing else in it.
    return q.explained && q.mentions.length > 0 && (q.topics.length > 0 || q.tokens.some((t) => ROLE_WORDS.test(t)));
  }

  parse(text: string): ParsedQuestion {
    const { tokens, mentions } = this.institutions.scanText(text.slice(0, 400));
    const taken = new Set<number>();
    const groups: Institution[][] = [];
    for (const m of mentions) {
      let institutions = m.institutions;
      let start = m.start;
      // "Bezirksregirung Detmold": a misspelt kind word before an ambiguous place decides it.
      const before = tokens[m.start - 1];
      if (institutions.length > 1 && before && !STOP_WORDS.has(before) && before.length >= 2) {
        const found = this.institutions.find([before, ...tokens.slice(m.start, m.start + m.length)].join(' '));
        if ('match' in found) {
          institutions = [found.match];
          start = m.start - 1;
        }
      }
      for (let k = start; k < m.start + m.length; k++) taken.add(k);
      groups.push(institutions);
    }
    const cueAt = new Set<number>();
    tokens.forEach((t, i) => {
      if (isCueWord(t)) cueAt.add(i);
    });
    const topicMentions = this.topics.scan(tokens, (i) => taken.has(i) || cueAt.has(i) || STOP_WORDS.has(tokens[i]!));
    for (const m of topicMentions) for (let k = m.start; k < m.start + m.length; k++) taken.add(k);

    if (groups.length === 0) {
      // Typo fallback: windows of the words nothing else explained ("JVA Kleev", "Bezirksregierung Detmodl").
      const free = tokens.map((t, i) => !taken.has(i) && !cueAt.has(i) && !STOP_WORDS.has(t));
      for (let i = 0; i < tokens.length; i++) {
        if (!free[i]) continue;
        for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
          if (!free.slice(i, i + n).every(Boolean)) continue;
          const window = tokens.slice(i, i + n);
          if (!window.some((w) => w.length >= 5)) continue;
          const found = this.institutions.find(window.join(' '));
          if ('none' in found) continue;
          groups.push('match' in found ? [found.match] : found.ambiguous);
          for (let k = i; k < i + n; k++) free[k] = false;
          break;
        }
      }
    }

    const distinct: Topic[] = [];
    for (const m of topicMentions) if (!distinct.includes(m.topic)) distinct.push(m.topic);
    const specific = distinct.filter((t) => !t.generic);
    const topics = specific.length ? specific : distinct;

    const explained = tokens.every((t, i) => taken.has(i) || cueAt.has(i) || STOP_WORDS.has(t) || ROLE_WORDS.test(t)) && tokens.length <= 8;
    const cue = cueAt.size > 0 || hasPhrase(tokens, CUE_PHRASES) || (startsWithAny(tokens, OPENINGS) && groups.length > 0 && (topics.length > 0 || tokens.some((t) => ROLE_WORDS.test(t))));
    return { tokens, mentions: groups, topics, cue, explained, ...languageOf(tokens) };
  }

  /** Answers a question for someone (an officer's own institution fills a missing place). */
  resolve(text: string, asker?: Pick<Identity, 'institutionId'>): Resolution {
    const q = this.parse(text);
    return this.decide(q, asker);
  }

  /** Answers what the understanding step read (the topic and places it found, never a replacement topic). */
  resolveReading(reading: QuestionReading, asker?: Pick<Identity, 'institutionId'>): Resolution {
    return this.decide({ topics: reading.topics, mentions: reading.institutions.length ? [reading.institutions] : [], ...(reading.language ? { language: reading.language } : {}) }, asker);
  }

  /** A question whose topic the lexicon does not know: say so, offer the nearest topics and whom to ask. */
  unknownTopic(words: string[], nearest: Topic[], institutions: Institution[], language?: 'de' | 'en'): Resolution {
    const institution = institutions.length === 1 ? institutions[0] : undefined;
    const onRecord = institution ? (this.byInstitution.get(institution.id) ?? []).map((r) => topicById(r.topic)).filter(isDefined) : [];
    const closest = unique([...nearest, ...onRecord]).slice(0, MAX_OPTIONS);
    const coordination = this.coordinationFor(undefined, institution);
    return {
      kind: 'unknownTopic',
      words,
      closest,
      ...(institution ? { institution } : {}),
      coordination,
      ...this.generalContact(coordination),
      ...(language ? { language } : {}),
    };
  }

  private decide(q: Pick<ParsedQuestion, 'topics' | 'mentions' | 'language'>, asker?: Pick<Identity, 'institutionId'>): Resolution {
    const language = q.language;
    const done = (r: Resolution): Resolution => (language ? { ...r, language } : r);
    const candidates = unique(q.mentions.flat());
    const topic = q.topics[0];

    if (q.topics.length > 1) {
      // Several specific topics: offer those on record (at the named place, if one is named).
      const places = candidates.length ? candidates : asker?.institutionId ? [this.institutions.byId(asker.institutionId)].filter(isDefined) : [];
      const options: AnswerOption[] = [];
      for (const t of q.topics) {
        const at = places.length ? places.filter((p) => this.responsibility(p.id, t.id)) : this.coordinationEntries(t).map((r) => this.institutions.byId(r.institutionId)!);
        for (const inst of at) options.push({ institution: inst, topic: t });
      }
      if (options.length === 1) return done(this.answer(options[0]!.institution, options[0]!.topic, { otherTopics: [] }));
      if (options.length > 1) return done({ kind: 'choice', options: options.slice(0, MAX_OPTIONS), by: 'topic' });
      return done(this.unknown(places[0], q.topics[0]));
    }

    if (candidates.length === 0) {
      if (!topic) return done({ kind: 'notUnderstood' });
      const own = asker?.institutionId ? this.institutions.byId(asker.institutionId) : undefined;
      if (own) {
        const r = this.forPlaces([own], topic);
        return done(r.kind === 'answer' ? { ...r, ownInstitution: true } : r);
      }
      const entries = this.coordinationEntries(topic);
      if (entries.length === 1) return done({ ...this.answer(this.institutions.byId(entries[0]!.institutionId)!, topic, { otherTopics: [] }), stateWide: true } as Resolution);
      if (entries.length > 1) {
        return done({ kind: 'choice', by: 'institution', options: entries.slice(0, MAX_OPTIONS).map((r) => ({ institution: this.institutions.byId(r.institutionId)!, topic })) });
      }
      const coordination = this.institutions.byId(topic.coordination)!;
      return done({ kind: 'needInstitution', topic, coordination, ...this.generalContact(coordination) });
    }

    if (!topic) {
      const withEntries = candidates.filter((c) => (this.byInstitution.get(c.id)?.length ?? 0) > 0);
      if (withEntries.length > 1) {
        return done({
          kind: 'choice',
          by: 'institution',
          options: withEntries.slice(0, MAX_OPTIONS).map((inst) => ({ institution: inst, topic: this.mainTopic(inst)! })),
        });
      }
      const inst = withEntries[0];
      if (!inst) return done(this.unknown(candidates[0], undefined));
      const entries = this.byInstitution.get(inst.id)!;
      const main = this.mainTopic(inst)!;
      if (entries.length > 1 && !isMainTopic(main, inst)) {
        return done({ kind: 'choice', by: 'topic', options: entries.slice(0, MAX_OPTIONS).map((r) => ({ institution: inst, topic: topicById(r.topic)! })) });
      }
      const others = entries.filter((r) => r.topic !== main.id).map((r) => topicById(r.topic)).filter(isDefined);
      return done(this.answer(inst, main, { otherTopics: others }));
    }

    return done(this.forPlaces(candidates, topic));
  }

  private forPlaces(candidates: Institution[], topic: Topic): Resolution {
    const withTopic = candidates.filter((c) => this.responsibility(c.id, topic.id));
    if (withTopic.length === 1) return this.answer(withTopic[0]!, topic, { otherTopics: [] });
    if (withTopic.length > 1) return { kind: 'choice', by: 'institution', options: withTopic.slice(0, MAX_OPTIONS).map((inst) => ({ institution: inst, topic })) };
    // Nothing at the place itself: the coordinating body's own entry for the topic, else say whom to ask.
    const place = candidates[0]!;
    const coordination = this.coordinationFor(topic, place);
    if (coordination.id !== place.id && this.responsibility(coordination.id, topic.id)) {
      return this.answer(coordination, topic, { otherTopics: [], asked: candidates.length === 1 ? place : undefined });
    }
    return this.unknown(candidates.length === 1 ? place : undefined, topic);
  }

  private answer(institution: Institution, topic: Topic, extra: { otherTopics: Topic[]; asked?: Institution }): Resolution {
    const responsibility = this.responsibility(institution.id, topic.id)!;
    const contact = this.contacts[responsibility.contactId]!;
    const deputy = responsibility.deputyContactId ? this.contacts[responsibility.deputyContactId] : undefined;
    return {
      kind: 'answer',
      institution,
      topic,
      responsibility,
      contact,
      ...(deputy ? { deputy } : {}),
      ...(extra.asked ? { asked: extra.asked } : {}),
      otherTopics: extra.otherTopics,
    };
  }

  private unknown(institution: Institution | undefined, topic: Topic | undefined): Resolution {
    const coordination = this.coordinationFor(topic, institution);
    return {
      kind: 'unknown',
      ...(institution ? { institution } : {}),
      ...(topic ? { topic } : {}),
      coordination,
      ...this.generalContact(coordination),
    };
  }

  /** Escalation routing: radicalisation → Fachbereich; prisons → Koordinierungsstelle; Bezirksregierungen and KIs → KfI. */
  coordinationFor(topic: Topic | undefined, institution: Institution | undefined): Institution {
    let id: CoordinationId;
    if (topic?.id === 'extremism') id = 'fb-radikalisierungspraevention';
    else if (institution?.kind === 'coordination') return institution;
    else if (institution?.kind === 'jva') id = 'koordinierungsstelle';
    else if (institution?.kind === 'bezirksregierung' || institution?.kind === 'ki') id = 'kfi';
    else id = topic?.coordination ?? 'koordinierungsstelle';
    return this.institutions.byId(id)!;
  }

  /** The coordinating body's own contact: its general (integration) entry, else its first entry. */
  private generalContact(coordination: Institution): { coordinationContact?: Contact } {
    const entries = this.byInstitution.get(coordination.id) ?? [];
    const main = entries.find((r) => topicById(r.topic)?.generic) ?? entries[0];
    const contact = main ? this.contacts[main.contactId] : Object.values(this.contacts).find((c) => c.institutionId === coordination.id && c.category === 'coordination');
    return contact ? { coordinationContact: contact } : {};
  }

  /** What "Ansprechpartner <institution>" means: its general (integration) entry, for a coordinating body its own topic. */
  private mainTopic(inst: Institution): Topic | undefined {
    const entries = this.byInstitution.get(inst.id) ?? [];
    const main = entries.find((r) => topicById(r.topic)?.generic) ?? entries.find((r) => isMainTopic(topicById(r.topic), inst)) ?? entries[0];
    return main ? topicById(main.topic) : undefined;
  }

  /** Entries of the coordinating bodies for a topic (state-wide answers when no place is named). */
  private coordinationEntries(topic: Topic): Responsibility[] {
    return (this.byTopic.get(topic.id) ?? []).filter((r) => this.institutions.byId(r.institutionId)?.kind === 'coordination');
  }
}

function isMainTopic(topic: Topic | undefined, inst: Institution): boolean {
  return topic !== undefined && (topic.generic === true || topic.coordination === inst.id);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}
