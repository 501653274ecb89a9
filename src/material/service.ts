// Material library (issue 14): information material for inmates, by topic and language, and the
// "fehlende Sprachen" view that sets it against the languages an institution actually requested
// interpreters for. The bot stores links only (SharePoint/intranet), never files; links are http(s).
import type { AuditTrail } from '../audit/auditTrail.js';
import { foldTokens, TopicMatcher, type Topic } from '../directory/topics.js';
import { isoDay } from '../directory/types.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { findLanguageMentions } from '../language/languageNames.js';
import type { Clock } from '../time/clock.js';
import type { Identity, Role } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { KnowledgeData, Material } from '../knowledge/types.js';
import type { LanguageDemandPort } from './demand.js';

export const MATERIAL_ROLES: readonly Role[] = ['officer', 'coordinator', 'admin'];
/** Words that name the command's object rather than a topic ("Merkblatt zu Ramadan auf Arabisch"). */
const FILLER = new Set(['material', 'materialien', 'merkblatt', 'merkblaetter', 'info', 'infos', 'zu', 'zum', 'zur', 'auf', 'in', 'fuer', 'ueber', 'on', 'about', 'for', 'leaflet', 'leaflets', 'sprache', 'language']);
export const RESULT_MAX = 8;

export interface MaterialQuery {
  topic?: Topic;
  /** Language codes named ("Kurdisch" may name two). */
  languages: string[];
  words: string[];
}

export interface MaterialView {
  query: MaterialQuery;
  items: Material[];
  total: number;
  /** With a language: material on the topic that exists, but not in that language. */
  otherLanguages: Material[];
}

export interface MissingRow {
  language: string;
  requests: number;
  /** Applicable material not available in this language. */
  missing: Material[];
}

export interface MissingView {
  institutionId: string;
  since: string;
  rows: MissingRow[];
  materialCount: number;
}

export class MaterialService {
  constructor(
    private readonly opts: {
      store: DocumentStore<KnowledgeData>;
      audit: AuditTrail;
      clock: Clock;
      timeZone: string;
      institutions: InstitutionDirectory;
      demand: LanguageDemandPort;
      topics?: TopicMatcher;
    },
  ) {}

  private get topics(): TopicMatcher {
    return (this.opts.topics ??= new TopicMatcher());
  }

  today(): string {
    return isoDay(this.opts.clock.now(), this.opts.timeZone);
  }

  isExpired(m: Material): boolean {
    return m.validUntil !== undefined && m.validUntil < this.today();
  }

  private async audit(actor: Identity, action: string, record?: string, outcome: 'ok' | 'denied' | 'rejected' = 'ok'): Promise<void> {
    await this.opts.audit.record({ actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome });
  }

  parse(text: string): MaterialQuery {
    const clipped = text.slice(0, 300);
    const languageMentions = findLanguageMentions(clipped);
    const languages = [...new Set(languageMentions.flatMap((m) => m.codes))];
    const languageWords = new Set(languageMentions.flatMap((m) => m.match.split(' ')));
    const tokens = foldTokens(clipped);
    // "Merkblatt" names the kind of thing searched, not its topic (it is a synonym of info-material).
    const mention = this.topics.scan(tokens).find((m) => !m.topic.generic && !tokens.slice(m.start, m.start + m.length).every((w) => FILLER.has(w)));
    const taken = new Set<number>();
    if (mention) for (let i = mention.start; i < mention.start + mention.length; i++) taken.add(i);
    const words = tokens.filter((w, i) => !taken.has(i) && w.length > 1 && !FILLER.has(w) && !languageWords.has(w) && !languageWords.has(w.replace(/e?n$/, '')));
    return { ...(mention ? { topic: mention.topic } : {}), languages, words };
  }

  /** "material <Thema> [Sprache]": matching items (topic, title words, language), title order. */
  async find(actor: Identity, text: string): Promise<MaterialView> {
    const query = this.parse(text);
    const all = Object.values(this.opts.store.data.material).sort((a, b) => a.title.localeCompare(b.title, 'de'));
    const onTopic = all.filter((m) => (!query.topic || m.topic === query.topic.id) && query.words.every((w) => titleHas(m, w)));
    const inLanguage = query.languages.length ? onTopic.filter((m) => m.languages.some((l) => query.languages.includes(l))) : onTopic;
    const otherLanguages = query.languages.length ? onTopic.filter((m) => !inLanguage.includes(m)).slice(0, RESULT_MAX) : [];
    const items = inLanguage.slice(0, RESULT_MAX);
    for (const m of items) await this.audit(actor, 'material.read', m.id);
    return { query, items, total: inLanguage.length, otherLanguages };
  }

  /** Material an institution's officers can hand out: everything for a JVA, "all" for the others. */
  private applicable(institutionId: string): Material[] {
    const kind = this.opts.institutions.byId(institutionId)?.kind;
    return Object.values(this.opts.store.data.material)
      .filter((m) => (kind === 'jva' ? true : m.audience === 'all') && !this.isExpired(m))
      .sort((a, b) => a.title.localeCompare(b.title, 'de'));
  }

  /** "fehlende Sprachen": requested languages (12 months) × applicable material not in that language. */
  async missingLanguages(actor: Identity, institutionId: string): Promise<MissingView> {
    const now = this.opts.clock.now();
    const since = new Date(now);
    since.setUTCFullYear(since.getUTCFullYear() - 1);
    const counts = await this.opts.demand.requestsByLanguage(institutionId, since);
    const material = this.applicable(institutionId);
    const rows = [...counts.entries()]
      .filter(([language]) => language !== 'de')
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([language, requests]) => ({ language, requests, missing: material.filter((m) => !m.languages.includes(language)) }));
    await this.audit(actor, 'material.missing_languages', institutionId);
    return { institutionId, since: isoDay(since, this.opts.timeZone), rows, materialCount: material.length };
  }
}

function titleHas(m: Material, word: string): boolean {
  return foldTokens(m.title).some((t) => t.startsWith(word));
}
