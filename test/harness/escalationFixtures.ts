// The escalation service on real files with the real outbox and scheduler (recording port, test clock):
// identities, roster, and a fixture that can restart, shared by the escalation tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../../src/audit/auditLog.js';
import { ConversationDirectory } from '../../src/conversations/conversationDirectory.js';
import { loadInstitutions } from '../../src/institutions/institutions.js';
import { createLanguageService } from '../../src/language/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { DELIVERY_FILE, openDelivery, type Delivery, type DeliveryOptions } from '../../src/outbox/delivery.js';
import { RoleService } from '../../src/roles/roleService.js';
import type { RosterEntry } from '../../src/roles/roster.js';
import type { Identity } from '../../src/roles/types.js';
import { openMainStore, type MainData } from '../../src/store/mainStore.js';
import type { DocumentStore } from '../../src/store/documentStore.js';
import { loadRouting } from '../../src/escalations/routing.js';
import { EscalationService, SLA_BREACH_KIND, SLA_REMINDER_KIND } from '../../src/escalations/service.js';
import { openEscalationStore } from '../../src/escalations/store.js';
import { type Escalation, type EscalationData } from '../../src/escalations/types.js';
import { EscalationNames } from '../../src/escalations/names.js';
import { tempDir } from './botProcess.js';
import { RecordingPort } from './fakePorts.js';
import { TestClock } from './testClock.js';
import { EscalationCards } from '../../dialogs/escalation/index.js';

export const institutions = loadInstitutions();
export const TZ = 'Europe/Berlin';

export const officerJva: Identity = { userKey: 'officer-jva', role: 'officer', institutionId: 'jva-koeln' };
export const officerJva2: Identity = { userKey: 'officer-jva-2', role: 'officer', institutionId: 'jva-werl' };
export const officerBr: Identity = { userKey: 'officer-br', role: 'officer', institutionId: 'br-detmold' };
export const ks1: Identity = { userKey: 'coord-ks-1', role: 'coordinator', unitId: 'koordinierungsstelle' };
export const ks2: Identity = { userKey: 'coord-ks-2', role: 'coordinator', unitId: 'koordinierungsstelle' };
export const kfi: Identity = { userKey: 'coord-kfi', role: 'coordinator', unitId: 'kfi' };
export const fb: Identity = { userKey: 'coord-fb', role: 'coordinator', unitId: 'fb-radikalisierungspraevention' };
export const admin: Identity = { userKey: 'admin-1', role: 'admin' };
export const staff: Identity = { userKey: 'staff-1', role: 'staff' };

export const ROSTER: RosterEntry[] = [
  { id: officerJva.userKey, role: 'officer', institutionId: 'jva-koeln' },
  { id: officerJva2.userKey, role: 'officer', institutionId: 'jva-werl' },
  { id: officerBr.userKey, role: 'officer', institutionId: 'br-detmold' },
  { id: ks1.userKey, role: 'coordinator', unitId: 'koordinierungsstelle', name: 'Koordination Eins (Beispiel)' },
  { id: ks2.userKey, role: 'coordinator', unitId: 'koordinierungsstelle' },
  { id: kfi.userKey, role: 'coordinator', unitId: 'kfi' },
  { id: fb.userKey, role: 'coordinator', unitId: 'fb-radikalisierungspraevention' },
  { id: admin.userKey, role: 'admin' },
];

export const SUMMARY = 'Der Gefangene Max Mustermann, Tel. 0171 1234567, braucht Beratung zum Aufenthaltsrecht (BN 123/26).';

export interface Fixture {
  dir: string;
  clock: TestClock;
  port: RecordingPort;
  service: EscalationService;
  cards: EscalationCards;
  delivery: Delivery;
  escalations: DocumentStore<EscalationData>;
  main: DocumentStore<MainData>;
  conversations: ConversationDirectory;
  roles: RoleService;
  /** Test hook of the outbox file's writes (throwing fails that write). */
  deliveryBeforeStep?: DeliveryOptions['beforeStep'];
  restart(): Promise<void>;
  auditLines(): Record<string, any>[];
  close(): Promise<void>;
}

export async function fixture(startIso = '2026-03-02T09:00:00Z'): Promise<Fixture> {
  const dir = tempDir('lotse-esk-');
  const clock = new TestClock(startIso);
  const port = new RecordingPort();
  const f = { dir, clock, port } as Fixture;
  let audit: AuditLog;
  const open = async () => {
    audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
    f.main = await openMainStore(path.join(dir, 'store.json'));
    f.conversations = new ConversationDirectory(f.main, clock.now);
    f.roles = new RoleService(f.main, ROSTER, institutions, audit, clock.now);
    f.delivery = await openDelivery({
      file: path.join(dir, DELIVERY_FILE), conversations: f.conversations, port, clock, log: silentLogger, audit,
      allowedServiceHosts: ['127.0.0.1'], pacing: false, random: () => 0.5,
      beforeStep: (step, file) => f.deliveryBeforeStep?.(step, file),
    });
    f.escalations = await openEscalationStore(dir);
    const notifier = f.delivery.notifier;
    const members = (unit: string) => f.roles.membersOf(unit);
    const names = new EscalationNames({ store: f.escalations, institutions, members, labelOf: (key) => f.roles.labelOf(key), conversations: f.conversations, clock });
    f.cards = new EscalationCards({ names, members, conversations: f.conversations, clock, timeZone: TZ });
    f.service = new EscalationService({
      store: f.escalations, routing: loadRouting(institutions), audit, institutions,
      members, conversations: f.conversations, notifier, scheduler: f.delivery.scheduler,
      language: createLanguageService({}, silentLogger, clock), render: f.cards, names, clock, log: silentLogger, timeZone: TZ,
    });
    f.delivery.scheduler.handle(SLA_REMINDER_KIND, (job) => f.service.reminderFor(job));
    f.delivery.scheduler.handle(SLA_BREACH_KIND, (job) => f.service.breachFor(job));
    await f.service.recover();
  };
  const closeAll = async () => {
    await f.delivery.close();
    await f.escalations.close();
    await f.main.close();
    await audit.close();
  };
  await open();
  for (const who of [officerJva, officerJva2, officerBr, ks1, ks2, kfi, fb]) {
    await f.conversations.remember(who.userKey, { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: `a:${who.userKey}`, botId: '28:bot', userId: `29:${who.userKey}`, locale: 'de-DE' });
  }
  f.restart = async () => {
    await closeAll();
    await open();
  };
  f.auditLines = () => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  f.close = closeAll;
  return f;
}

/** Runs the worker until no row is due any more (one row per target goes out per pass). */
export async function drain(f: Fixture): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = f.port.sent.length;
    await f.delivery.tick();
    if (f.port.sent.length === before) return;
  }
}

export async function file(f: Fixture, input: Partial<{ category: string; urgency: string; summary: string; caseRef: string }> = {}, who = officerJva): Promise<Escalation> {
  const result = await f.service.create(who, { category: 'auslaenderrecht', urgency: 'normal', summary: SUMMARY, ...input }, 'de');
  if (!result.ok) throw new Error(`create failed: ${result.reason}`);
  return result.c;
}

