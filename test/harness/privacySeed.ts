// A DATA_DIR filled through the bot's own stores (real files, real schemas) with records of every kind,
// old and new, for the retention and privacy tests. Fictional ids and case references only.
import path from 'node:path';
import { openCore } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DeliveryPort } from '../../src/outbox/types.js';
import { seal, type KeyRing } from '../../src/store/encryption.js';
import { appendFile } from 'node:fs/promises';
import { sqlAt } from './pglite.js';

const DAY = 86_400_000;
export const ago = (days: number, now = Date.now()): string => new Date(now - days * DAY).toISOString();

const noSending: DeliveryPort = { send: () => Promise.reject(new Error('no')), update: () => Promise.reject(new Error('no')), accepts: () => false };

export const OFFICER = 'officer-seed-1';
export const OTHER = 'officer-seed-2';
export const COORD = 'coord-seed-1';
export const REF_OLD = 'BN 2020/0815';
export const REF_NEW = 'BN 2026/4711';

function escalation(id: string, requester: string, status: string, updatedAt: string, caseRef?: string) {
  return {
    id, requester, institutionId: 'jva-koeln', unitId: 'kfi', category: 'vollzugsalltag', urgency: 'normal',
    summary: 'Sprachprobleme beim Zugang, Dolmetscher benötigt.', ...(caseRef ? { caseRef } : {}), status,
    assignee: COORD, version: 2, createdAt: updatedAt, updatedAt, slaDueAt: updatedAt,
    thread: [{ v: 2, at: updatedAt, by: COORD, kind: 'resolution', text: 'Erledigt.' }],
    history: [{ v: 1, at: updatedAt, by: requester, action: 'created' }, { v: 2, at: updatedAt, by: COORD, action: 'resolved' }],
    notifiedVersion: 2, recipients: [COORD], channelPosted: false,
  };
}

function request(id: string, requester: string, status: string, updatedAt: string, caseRef?: string) {
  return {
    id, version: 1, requester, institutionId: 'jva-koeln', language: 'ar', languageSource: 'named', start: updatedAt,
    durationMin: 60, mode: 'vor_ort', purpose: 'zugang', urgency: 'normal', ...(caseRef ? { caseRef } : {}), status,
    createdAt: updatedAt, updatedAt, organisers: [], history: [{ at: updatedAt, by: requester, action: 'created', version: 1 }],
  };
}

function run(id: string, owner: string, status: 'open' | 'done', at: string, caseRef?: string) {
  return {
    id, templateId: 'zugangsgespraech', templateVersion: 1, owner, ...(caseRef ? { caseRef } : {}), status,
    createdAt: at, updatedAt: at, ...(status === 'done' ? { finishedAt: at } : {}), startDate: at.slice(0, 10), cursor: 'sprache', steps: {},
  };
}

function row(key: string, userKey: string, status: string, at: string) {
  return {
    key, seq: 1, target: { userKey }, status, attempts: 1, nextAttemptAt: at, createdAt: at,
    ...(status === 'sent' ? { sentAt: at } : { closedAt: at, lastError: '404' }),
  };
}

/** Seeds `dataDir` (created as a new install) and closes it again. */
/** `engine` (STORE, DATABASE_URL …) seeds the same records into PostgreSQL instead of the files. */
export async function seedDataDir(dataDir: string, keyFile?: string, ring?: KeyRing, engine: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, ...(keyFile ? { STORE_KEY_FILE: keyFile } : {}), ...engine }, process.cwd());
  const core = await openCore(config, silentLogger, { deliveryPort: noSending, dailyRetention: false });
  const context = core.storage.stores;
  const commit = (name: string, mutator: (d: any) => void) => context.storeOf(name)!.commit(mutator);
  try {
    await commit('escalations.json', (d) => {
      d.cases['ESK-2020-0001'] = escalation('ESK-2020-0001', OFFICER, 'erledigt', ago(400), REF_OLD);
      d.cases['ESK-2020-0002'] = escalation('ESK-2020-0002', OTHER, 'erledigt', ago(100));
      d.cases['ESK-2026-0003'] = escalation('ESK-2026-0003', OFFICER, 'erledigt', ago(10), REF_NEW);
      d.cases['ESK-2026-0004'] = escalation('ESK-2026-0004', OTHER, 'erledigt', ago(10));
      d.names[COORD] = { name: 'Koordination Eins', at: ago(10) };
    });
    await commit('interpreters.json', (d) => {
      d.requests['DOL-2020-0001'] = request('DOL-2020-0001', OFFICER, 'erledigt', ago(200), REF_OLD);
      d.requests['DOL-2026-0002'] = request('DOL-2026-0002', OTHER, 'angefragt', ago(200));
    });
    await commit('checklists.json', (d) => {
      d.runs['CL-2020-0001'] = run('CL-2020-0001', OFFICER, 'done', ago(500));
      d.runs['CL-2026-0002'] = run('CL-2026-0002', OFFICER, 'open', ago(500), REF_NEW);
    });
    await commit('state.json', (d) => {
      d.items['msteams/users/29:seed-inactive'] = { eTag: 'a', value: { dialog: 1 }, at: ago(40) };
      d.items['msteams/users/29:seed-active'] = { eTag: 'b', value: { dialog: 2 }, at: ago(1) };
      d.items['msteams/users/29:seed-legacy'] = { eTag: 'c', value: { dialog: 3 } };
      d.items[`msteams/users/29:${OFFICER}`] = { eTag: 'd', value: { dialog: 4 }, at: ago(1) };
    });
    await commit('delivery.json', (d) => {
      d.rows['esk:ESK-2020-0001:card:coord-seed-1'] = row('esk:ESK-2020-0001:card:coord-seed-1', COORD, 'dead', ago(2));
      d.rows['esk:ESK-2026-0003:v2:requester:officer-seed-1'] = row('esk:ESK-2026-0003:v2:requester:officer-seed-1', OFFICER, 'sent', ago(40));
      d.rows['esk:ESK-2026-0004:v2:requester:officer-seed-2'] = row('esk:ESK-2026-0004:v2:requester:officer-seed-2', OTHER, 'sent', ago(2));
      d.jobs['checklist:CL-2020-0001:sprache'] = { id: 'checklist:CL-2020-0001:sprache', kind: 'privacy.test', dueAt: ago(-30), data: { runId: 'CL-2020-0001' } };
      d.jobs['privacy-test:other-run'] = { id: 'privacy-test:other-run', kind: 'privacy.test', dueAt: ago(-30), data: { runId: 'CL-2026-0002' } };
    });
    await commit('store.json', (d) => {
      d.conversations[OFFICER] = {
        channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: `a:conv-${OFFICER}`, botId: 'bot', userId: `29:${OFFICER}`, updatedAt: ago(1),
      };
      d.roleAssignments[OFFICER] = { role: 'officer', institutionId: 'jva-koeln', setBy: 'admin-seed', setAt: ago(30) };
    });
    await core.audit.record({ actor: OFFICER, action: 'escalation.created', record: 'ESK-2026-0003', role: 'officer', outcome: 'ok' });
  } finally {
    await core.close();
  }
  // Two audit entries from three years ago (the log only ever appends with the current time).
  const audit = path.join(dataDir, 'audit.jsonl');
  for (const record of ['ESK-2020-0001', 'ESK-2020-0002']) {
    const entry = { time: ago(3 * 365), actor: OFFICER, action: 'escalation.created', record, role: 'officer', outcome: 'ok' };
    if (config.store.engine === 'postgres') await sqlAt(config.store.url, 'INSERT INTO audit_log (time, entry) VALUES ($1, $2)', [entry.time, entry]);
    else await appendFile(audit, (ring ? seal(ring, 'audit.jsonl', JSON.stringify(entry)) : JSON.stringify(entry)) + '\n');
  }
}
