// Shared fixtures for the checklist tests: a service on real files, a fake scheduler with tick(), a clock.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { AuditLog } from '../../src/audit/auditLog.js';
import { loadInstitutions } from '../../src/institutions/institutions.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Identity } from '../../src/roles/types.js';
import { ChecklistService } from '../../src/checklists/service.js';
import { reminderMessage } from '../../dialogs/checklist/reminderMessage.js';
import { openChecklistStore } from '../../src/checklists/store.js';
import { loadTemplates, type TemplateCatalog } from '../../src/checklists/templates.js';
import { tempDir } from './botProcess.js';
import { TestClock } from './testClock.js';
import { FakeScheduler } from './fakePorts.js';

export { FakeScheduler, TestClock };

export const institutions = loadInstitutions();

export const jvaOfficer: Identity = { userKey: 'officer-jva-1', role: 'officer', institutionId: 'jva-koeln' };
export const jvaOfficer2: Identity = { userKey: 'officer-jva-2', role: 'officer', institutionId: 'jva-werl' };
export const brOfficer: Identity = { userKey: 'officer-br-1', role: 'officer', institutionId: 'br-detmold' };
export const kfiCoordinator: Identity = { userKey: 'coord-kfi', role: 'coordinator', unitId: 'kfi' };
export const staff: Identity = { userKey: 'staff-1', role: 'staff' };

export interface ServiceFixture {
  dir: string;
  service: ChecklistService;
  scheduler: FakeScheduler;
  clock: TestClock;
  audit: AuditLog;
  locales: Map<string, string>;
  reopen(templates?: TemplateCatalog): Promise<void>;
  auditLines(): Record<string, unknown>[];
  close(): Promise<void>;
}

/** A ChecklistService over real files in a temp DATA_DIR; reopen() simulates a restart (same dir and scheduler). */
export async function serviceFixture(startIso = '2026-03-11T09:00:00Z', templates: TemplateCatalog = loadTemplates()): Promise<ServiceFixture> {
  const dir = tempDir('lotse-checklists-');
  const clock = new TestClock(new Date(startIso));
  const scheduler = new FakeScheduler();
  const locales = new Map<string, string>();
  let audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
  let store = await openChecklistStore(dir);
  const build = (catalog: TemplateCatalog) => {
    const service = new ChecklistService({
      store,
      templates: catalog,
      audit,
      institutions,
      scheduler,
      clock,
      log: silentLogger,
      timeZone: 'Europe/Berlin',
      renderReminder: reminderMessage('Europe/Berlin', (k) => locales.get(k)),
    });
    scheduler.handle('checklist.reminder', (job) => service.reminderFor(job));
    return service;
  };
  const fixture: ServiceFixture = {
    dir,
    service: build(templates),
    scheduler,
    clock,
    audit,
    locales,
    async reopen(catalog = templates) {
      await store.close();
      await audit.close();
      audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
      store = await openChecklistStore(dir);
      fixture.audit = audit;
      fixture.service = build(catalog);
    },
    auditLines() {
      return readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
    async close() {
      await store.close();
      await audit.close();
    },
  };
  return fixture;
}

export { visibleText } from './botClient.js';

/** The buttons of a card activity: title and submitted data. */
export function cardButtons(activity: { attachments?: { content?: unknown }[] } | undefined): { title: string; data: Record<string, any> }[] {
  const out: { title: string; data: Record<string, any> }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Submit' && typeof o.title === 'string' && o.data) out.push({ title: o.title, data: o.data as Record<string, any> });
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(activity?.attachments?.map((a) => a.content));
  return out;
}

/** The submit value of the first button with this title (and, optionally, this checklist action). */
export function button(activity: { attachments?: { content?: unknown }[] } | undefined, title: string, match: Record<string, string> = {}): Record<string, any> {
  const hit = cardButtons(activity).find((b) => b.title === title && Object.entries(match).every(([k, v]) => b.data.checklist?.[k] === v));
  if (!hit) throw new Error(`no button "${title}" ${JSON.stringify(match)} on the card`);
  return hit.data;
}
