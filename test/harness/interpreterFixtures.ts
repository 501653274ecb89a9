// Fixtures for the interpreter tests: the service on real files in a temp DATA_DIR, a notifier that
// records what would be sent, a settable clock, a small roster (two officers in Köln, one in Werl).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { AuditLog } from '../../src/audit/auditLog.js';
import { ConversationDirectory } from '../../src/conversations/conversationDirectory.js';
import { loadInstitutions } from '../../src/institutions/institutions.js';
import { silentLogger } from '../../src/log/logger.js';
import { RoleService } from '../../src/roles/roleService.js';
import type { RosterEntry } from '../../src/roles/roster.js';
import type { Identity } from '../../src/roles/types.js';
import { openMainStore } from '../../src/store/mainStore.js';
import type { JsonStore } from '../../src/store/jsonStore.js';
import type { MainData } from '../../src/store/mainStore.js';
import { loadRates } from '../../src/interpreters/cost.js';
import { InterpreterService } from '../../src/interpreters/service.js';
import { openInterpreterStore, type InterpreterData } from '../../src/interpreters/store.js';
import { interpreterRenderer } from '../../dialogs/interpreter/render.js';
import { tempDir } from './botProcess.js';
import { TestClock } from './testClock.js';
import { RecordingNotifier } from './fakePorts.js';

export { RecordingNotifier, TestClock };

export const institutions = loadInstitutions();

export const requester: Identity = { userKey: 'officer-koeln-1', role: 'officer', institutionId: 'jva-koeln' };
export const organiser: Identity = { userKey: 'officer-koeln-2', role: 'officer', institutionId: 'jva-koeln' };
export const werl: Identity = { userKey: 'officer-werl-1', role: 'officer', institutionId: 'jva-werl' };
export const brOfficer: Identity = { userKey: 'officer-br-1', role: 'officer', institutionId: 'br-detmold' };
export const admin: Identity = { userKey: 'admin-1', role: 'admin' };
export const staff: Identity = { userKey: 'staff-1', role: 'staff' };

export const roster: RosterEntry[] = [
  { id: requester.userKey, role: 'officer', institutionId: 'jva-koeln' },
  { id: organiser.userKey, role: 'officer', institutionId: 'jva-koeln' },
  { id: werl.userKey, role: 'officer', institutionId: 'jva-werl' },
  { id: brOfficer.userKey, role: 'officer', institutionId: 'br-detmold' },
  { id: admin.userKey, role: 'admin' },
] as RosterEntry[];

export interface InterpreterFixture {
  dir: string;
  service: InterpreterService;
  store: JsonStore<InterpreterData>;
  main: JsonStore<MainData>;
  roles: RoleService;
  conversations: ConversationDirectory;
  notifier: RecordingNotifier;
  clock: TestClock;
  audit: AuditLog;
  reopen(): Promise<void>;
  auditText(): string;
  close(): Promise<void>;
}

/** Tuesday 10 March 2026, 14:30 in Berlin, unless told otherwise. */
export async function interpreterFixture(startIso = '2026-03-10T13:30:00Z'): Promise<InterpreterFixture> {
  const dir = tempDir('lotse-interpreters-');
  const clock = new TestClock(new Date(startIso));
  const notifier = new RecordingNotifier();
  const rates = loadRates();
  let audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
  let main = await openMainStore(path.join(dir, 'store.json'));
  let store = await openInterpreterStore(dir);
  const build = () => {
    const roles = new RoleService(main, roster, institutions, audit);
    const conversations = new ConversationDirectory(main, () => clock.now());
    const service = new InterpreterService({ store, audit, institutions, roles, conversations, notifier, clock, log: silentLogger, timeZone: 'Europe/Berlin', rates, renderer: interpreterRenderer('Europe/Berlin') });
    return { roles, conversations, service };
  };
  const fx = { dir, notifier, clock, ...build(), store, main, audit } as InterpreterFixture;
  fx.reopen = async () => {
    await store.close();
    await main.close();
    await audit.close();
    audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
    main = await openMainStore(path.join(dir, 'store.json'));
    store = await openInterpreterStore(dir);
    Object.assign(fx, build(), { store, main, audit });
  };
  fx.auditText = () => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8');
  fx.close = async () => {
    await store.close();
    await main.close();
    await audit.close();
  };
  return fx;
}

/** A complete, valid request for tomorrow 10:00 Berlin (relative to the fixture clock). */
export function requestInput(overrides: Record<string, unknown> = {}) {
  return {
    language: 'ar',
    languageSource: 'named' as const,
    start: new Date('2026-03-11T09:00:00Z'),
    durationMin: 60,
    mode: 'video' as const,
    purpose: 'zugang' as const,
    urgency: 'normal' as const,
    ...overrides,
  };
}

/** Everything visible in an activity or card: texts, titles, fact titles and values. */
export function visible(node: unknown): string {
  const parts: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label']) if (typeof o[k] === 'string') parts.push(o[k] as string);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(node);
  // Intl puts no-break spaces into amounts and dates ("93,00 €").
  return parts.join('\n').replace(/[\u00a0\u202f]/g, ' ');
}
