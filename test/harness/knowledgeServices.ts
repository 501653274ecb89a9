// The knowledge services on real files in a temp DATA_DIR (knowledge.json, store.json, audit.jsonl),
// with the offline language service, a settable clock and a small roster.
import path from 'node:path';
import { AuditLog } from '../../src/audit/auditLog.js';
import { AnnouncementService, rowKey } from '../../src/announcements/service.js';
import type { OutboxRequest } from '../../src/outbox/types.js';
import { loadRouting } from '../../src/escalations/routing.js';
import { loadInstitutions } from '../../src/institutions/institutions.js';
import { OfflineLanguageService } from '../../src/language/offlineLanguage.js';
import { ExpertQuestionService, type QuestionMessages } from '../../src/knowledge/questions.js';
import { loadKnowledgeSample } from '../../src/knowledge/sample.js';
import { KnowledgeService } from '../../src/knowledge/service.js';
import { openKnowledgeStore } from '../../src/knowledge/store.js';
import { emptyKnowledge, type Announcement, type KnowledgeData } from '../../src/knowledge/types.js';
import type { LanguageDemandPort } from '../../src/material/demand.js';
import { MaterialService } from '../../src/material/service.js';
import { RoleService } from '../../src/roles/roleService.js';
import type { RosterEntry } from '../../src/roles/roster.js';
import type { Identity } from '../../src/roles/types.js';
import type { DocumentStore } from '../../src/store/documentStore.js';
import { openMainStore } from '../../src/store/mainStore.js';
import { RecordingNotifier } from './fakePorts.js';
import { TestClock } from './testClock.js';

export const institutions = loadInstitutions();
export const officer: Identity = { userKey: 'ib-koeln', role: 'officer', institutionId: 'jva-koeln' };
export const brOfficer: Identity = { userKey: 'ib-detmold', role: 'officer', institutionId: 'br-detmold' };
export const coordinator: Identity = { userKey: 'ko-1', role: 'coordinator', unitId: 'koordinierungsstelle' };
export const kfi: Identity = { userKey: 'kfi-1', role: 'coordinator', unitId: 'kfi' };
export const admin: Identity = { userKey: 'admin-1', role: 'admin' };
export const staff: Identity = { userKey: 'staff-1', role: 'staff' };

export const ROSTER = [officer, brOfficer, coordinator, kfi, admin].map((i) => ({ id: i.userKey, role: i.role, ...(i.institutionId ? { institutionId: i.institutionId } : {}), ...(i.unitId ? { unitId: i.unitId } : {}) })) as RosterEntry[];

export interface KnowledgeFixture {
  dir: string;
  clock: TestClock;
  store: DocumentStore<KnowledgeData>;
  knowledge: KnowledgeService;
  questions: ExpertQuestionService;
  material: MaterialService;
  announcements: AnnouncementService;
  demand: Map<string, Map<string, number>>;
  /** Records the messages the services commit together with their records. */
  notifier: RecordingNotifier;
  /** One message per recipient of an announcement (what the dialog layer would render). */
  announce: (a: Announcement) => OutboxRequest[];
  /** A message per change of a question (what the dialog layer would render). */
  tell: QuestionMessages;
  close(): Promise<void>;
}

export async function openFixture(dir: string, opts: { sample?: boolean; roster?: RosterEntry[] } = {}): Promise<KnowledgeFixture> {
  const clock = new TestClock(new Date('2026-11-20T10:00:00Z'));
  const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
  const main = await openMainStore(path.join(dir, 'store.json'));
  const roles = new RoleService(main, opts.roster ?? ROSTER, institutions, audit);
  const store = await openKnowledgeStore({ dataDir: dir, initial: opts.sample === false ? emptyKnowledge : () => loadKnowledgeSample(clock.now(), 'Europe/Berlin') });
  const knowledge = new KnowledgeService({ store, audit, clock, timeZone: 'Europe/Berlin' });
  const demand = new Map<string, Map<string, number>>();
  const notifier = new RecordingNotifier();
  const port: LanguageDemandPort = { requestsByLanguage: async (id) => new Map(demand.get(id) ?? []) };
  return {
    dir, clock, store, knowledge, demand,
    notifier,
    announce: (a) => a.recipients.map((r) => ({ target: { userKey: r.userKey }, key: rowKey(a.id, r.userKey), payload: { text: `${a.id}` } })),
    tell: (q) => [{ target: { userKey: q.requester }, key: `ff:${q.id}:v${q.version}`, payload: { text: `${q.id} ${q.status}` } }],
    questions: new ExpertQuestionService({ knowledge, roles, institutions, routing: loadRouting(institutions), language: new OfflineLanguageService({ clock }), outbox: () => notifier.stage }),
    material: new MaterialService({ store, audit, clock, timeZone: 'Europe/Berlin', institutions, demand: port }),
    announcements: new AnnouncementService({ store, audit, clock, roles, institutions, outbox: () => notifier.stage }),
    async close() {
      await store.close();
      await main.close();
      await audit.close();
    },
  };
}
