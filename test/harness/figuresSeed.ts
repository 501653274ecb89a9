// Seeds a DATA_DIR with interpreter requests, escalations, checklist runs and directory entries
// through the capability stores themselves (openStore, schema-validated), so figures read real records.
import { writeFile } from 'node:fs/promises';
import { listStoreFiles, MANIFEST_FILE } from '../../src/store/dataDir.js';
import { openInterpreterStore, type InterpreterRequest } from '../../src/interpreters/store.js';
import { openEscalationStore } from '../../src/escalations/store.js';
import type { Escalation } from '../../src/escalations/types.js';
import { openChecklistStore, type ChecklistRun } from '../../src/checklists/store.js';
import { DIRECTORY_FILE, DIRECTORY_SCHEMA_VERSION } from '../../src/directory/service.js';
import { directoryDataSchema, type DirectoryData } from '../../src/directory/types.js';
import { openStore } from '../../src/store/engine.js';
import path from 'node:path';

export interface SeedInterpreter {
  institutionId: string;
  language: string;
  mode?: 'vor_ort' | 'video' | 'telefon';
  start: string;
  durationMin?: number;
  status?: InterpreterRequest['status'];
}
export interface SeedEscalation {
  institutionId: string;
  unitId: string;
  category: Escalation['category'];
  urgency?: Escalation['urgency'];
  createdAt: string;
  /** Minutes after creation. */
  takenAfter?: number;
  resolvedAfter?: number;
  slaHours?: number;
  status?: Escalation['status'];
}
export interface SeedRun {
  placeId: string;
  templateId: string;
  startDate: string;
  finishedAt?: string;
}

export interface Seed {
  interpreters?: SeedInterpreter[];
  escalations?: SeedEscalation[];
  runs?: SeedRun[];
  contacts?: { id: string; institutionId?: string; lastConfirmed?: string }[];
}

/** `times` copies of a record. */
export function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

export async function seedStores(dataDir: string, seed: Seed): Promise<void> {
  await seedInterpreters(dataDir, seed.interpreters ?? []);
  await seedEscalations(dataDir, seed.escalations ?? []);
  await seedRuns(dataDir, seed.runs ?? []);
  if (seed.contacts) await seedDirectory(dataDir, seed.contacts);
  // A DATA_DIR records which store files it holds (src/store/dataDir.ts); the others are created on start.
  const files = await listStoreFiles(dataDir);
  await writeFile(path.join(dataDir, MANIFEST_FILE), JSON.stringify({ version: 1, files }) + '\n');
}

async function seedInterpreters(dataDir: string, list: SeedInterpreter[]): Promise<void> {
  const store = await openInterpreterStore(dataDir);
  await store.commit((d) => {
    list.forEach((s, i) => {
      const id = `DOL-${s.start.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`;
      d.requests[id] = {
        id, version: 1, requester: 'seed-officer', institutionId: s.institutionId, language: s.language, languageSource: 'named',
        start: s.start, durationMin: s.durationMin ?? 60, mode: s.mode ?? 'vor_ort', purpose: 'zugang', urgency: 'normal',
        status: s.status ?? 'angefragt', createdAt: s.start, updatedAt: s.start, organisers: [],
        history: [{ at: s.start, by: 'seed-officer', action: 'created', version: 1 }],
      };
    });
  });
  await store.close();
}

async function seedEscalations(dataDir: string, list: SeedEscalation[]): Promise<void> {
  const store = await openEscalationStore(dataDir);
  await store.commit((d) => {
    list.forEach((s, i) => {
      const id = `ESK-${s.createdAt.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`;
      const at = (min: number) => new Date(Date.parse(s.createdAt) + min * 60_000).toISOString();
      const history: Escalation['history'] = [{ v: 1, at: s.createdAt, by: 'seed-officer', action: 'created' }];
      if (s.takenAfter !== undefined) history.push({ v: history.length + 1, at: at(s.takenAfter), by: 'seed-coordinator', action: 'taken' });
      if (s.resolvedAfter !== undefined) history.push({ v: history.length + 1, at: at(s.resolvedAfter), by: 'seed-coordinator', action: 'resolved' });
      const status = s.status ?? (s.resolvedAfter !== undefined ? 'erledigt' : s.takenAfter !== undefined ? 'angenommen' : 'neu');
      d.cases[id] = {
        id, requester: 'seed-officer', institutionId: s.institutionId, unitId: s.unitId, category: s.category, urgency: s.urgency ?? 'normal',
        summary: 'Beispielfall ohne Personenbezug', status, version: history.length, createdAt: s.createdAt, updatedAt: history.at(-1)!.at,
        slaDueAt: at((s.slaHours ?? 48) * 60), thread: [], history, notifiedVersion: history.length, recipients: [], channelPosted: false,
        ...(s.takenAfter !== undefined ? { assignee: 'seed-coordinator' } : {}),
      };
    });
  });
  await store.close();
}

async function seedRuns(dataDir: string, list: SeedRun[]): Promise<void> {
  const store = await openChecklistStore(dataDir);
  await store.commit((d) => {
    list.forEach((s, i) => {
      const id = `CL-${s.startDate.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`;
      const run: ChecklistRun = {
        id, templateId: s.templateId, templateVersion: 1, owner: 'seed-officer', placeId: s.placeId, status: s.finishedAt ? 'done' : 'open',
        createdAt: `${s.startDate}T08:00:00.000Z`, updatedAt: s.finishedAt ?? `${s.startDate}T08:00:00.000Z`, startDate: s.startDate,
        cursor: 'step-1', steps: {}, ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
      };
      d.runs[id] = run;
    });
  });
  await store.close();
}

async function seedDirectory(dataDir: string, contacts: NonNullable<Seed['contacts']>): Promise<void> {
  const data: DirectoryData = { source: 'empty', contacts: {}, responsibilities: [] };
  for (const c of contacts) {
    data.contacts[c.id] = {
      id: c.id, name: `Beispielstelle ${c.id}`, category: 'function', topics: [], languages: [], channels: { url: 'https://example.org/' },
      version: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'sample',
      ...(c.institutionId ? { institutionId: c.institutionId } : {}), ...(c.lastConfirmed ? { lastConfirmed: c.lastConfirmed } : {}),
    };
  }
  const store = await openStore<DirectoryData>({
    file: path.join(dataDir, DIRECTORY_FILE), schemaVersion: DIRECTORY_SCHEMA_VERSION, initial: () => data, validate: (d) => directoryDataSchema.parse(d),
  });
  await store.close();
}

/** Day `n` (0-based) of 2026 spread over January–October, at 09:00 UTC. */
function spread(n: number, of: number): string {
  const day = Math.floor((n * 300) / Math.max(of, 1));
  return new Date(Date.UTC(2026, 0, 2 + day, 9)).toISOString();
}

function requests(institutionId: string, language: string, n: number, mode: SeedInterpreter['mode'] = 'vor_ort'): SeedInterpreter[] {
  return times(n, (i) => ({ institutionId, language, start: spread(i, n), mode: i % 3 === 0 ? 'video' : mode }));
}

function cases(institutionId: string, unitId: string, category: SeedEscalation['category'], n: number): SeedEscalation[] {
  return times(n, (i) => ({ institutionId, unitId, category, createdAt: spread(i, n), takenAfter: 30 + 20 * i, resolvedAfter: i % 4 === 3 ? undefined : 600 + 300 * i, slaHours: 48, urgency: i % 3 === 0 ? 'dringend' : 'normal' }));
}

/**
 * The dashboard's sample (browser tests, screenshot, API tests). For the Koordinierungsstelle (JVAs):
 * Köln 96 Arabic, 60 Turkish, 36 Russian, 3 Georgian (withheld); Werl 48 Turkish, 32 Arabic, 24 Polish.
 * Bezirksregierung Detmold 7 Polish (KfI only). Escalations: Koordinierungsstelle 24 Ausländerrecht +
 * 18 Vollzugsalltag + 2 Krisenintervention; Fachbereich 5 Radikalisierung; KfI 5 Sonstiges.
 */
export const DASHBOARD_SEED: Seed = {
  interpreters: [
    ...requests('jva-koeln', 'ar', 96),
    ...requests('jva-koeln', 'tr', 60, 'telefon'),
    ...requests('jva-koeln', 'ru', 36),
    ...requests('jva-koeln', 'ka', 3),
    ...requests('jva-werl', 'tr', 48),
    ...requests('jva-werl', 'ar', 32, 'telefon'),
    ...requests('jva-werl', 'pl', 24),
    ...requests('br-detmold', 'pl', 7),
  ],
  escalations: [
    ...cases('jva-koeln', 'koordinierungsstelle', 'auslaenderrecht', 24),
    ...cases('jva-werl', 'koordinierungsstelle', 'vollzugsalltag', 18),
    ...cases('jva-koeln', 'koordinierungsstelle', 'krisenintervention', 2),
    ...cases('jva-koeln', 'fb-radikalisierungspraevention', 'radikalisierung', 5),
    ...cases('br-arnsberg', 'kfi', 'sonstiges', 5),
  ],
  runs: [
    ...times(36, (i) => ({ placeId: 'jva-koeln', templateId: 'zugangsgespraech', startDate: spread(i, 36).slice(0, 10), ...(i < 27 ? { finishedAt: spread(i + 1, 36) } : {}) })),
    ...times(18, (i) => ({ placeId: 'jva-werl', templateId: 'entlassungsvorbereitung', startDate: spread(i, 18).slice(0, 10) })),
  ],
  contacts: [
    { id: 'c-koeln-1', institutionId: 'jva-koeln', lastConfirmed: '2024-03-01' },
    { id: 'c-koeln-2', institutionId: 'jva-koeln', lastConfirmed: '2026-05-01' },
    { id: 'c-werl-1', institutionId: 'jva-werl' },
  ],
};
