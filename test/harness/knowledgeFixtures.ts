// Fixtures for the knowledge tests: a roster with officers in two JVAs and a Bezirksregierung and the
// coordinators of both coordinating units, and interpreter requests written through the interpreter
// capability's own store (so the missing-languages view reads a real, durable file).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openInterpreterStore, type InterpreterRequest } from '../../src/interpreters/store.js';
import type { TestUser } from './botClient.js';

export const officerKoeln: TestUser = { aadObjectId: 'ib-koeln' };
export const officerWerl: TestUser = { aadObjectId: 'ib-werl' };
export const officerBr: TestUser = { aadObjectId: 'ib-detmold' };
export const coordinator: TestUser = { aadObjectId: 'ko-koordinierungsstelle' };
export const kfi: TestUser = { aadObjectId: 'ko-kfi' };
export const admin: TestUser = { aadObjectId: 'admin-1' };
export const staff: TestUser = { aadObjectId: 'staff-1' };

export const ROSTER = [
  { id: officerKoeln.aadObjectId, role: 'officer', institutionId: 'jva-koeln', name: 'Beispiel: IB JVA Köln' },
  { id: officerWerl.aadObjectId, role: 'officer', institutionId: 'jva-werl', name: 'Beispiel: IB JVA Werl' },
  { id: officerBr.aadObjectId, role: 'officer', institutionId: 'br-detmold', name: 'Beispiel: IB BR Detmold' },
  { id: coordinator.aadObjectId, role: 'coordinator', unitId: 'koordinierungsstelle', name: 'Beispiel: Koordinierungsstelle' },
  { id: kfi.aadObjectId, role: 'coordinator', unitId: 'kfi', name: 'Beispiel: KfI' },
  { id: admin.aadObjectId, role: 'admin' },
];

export function writeRoster(dir: string, entries: readonly object[] = ROSTER): string {
  const file = path.join(dir, 'roster.json');
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

/** Interpreter requests created `daysAgo` days ago at an institution, one per language listed. */
export async function writeInterpreterRequests(dataDir: string, institutionId: string, languages: { language: string; daysAgo: number }[]): Promise<void> {
  const store = await openInterpreterStore(dataDir);
  await store.commit((d) => {
    languages.forEach(({ language, daysAgo }, i) => {
      const created = new Date(Date.now() - daysAgo * 24 * 3600 * 1000).toISOString();
      const id = `DOL-2026-${String(i + 1).padStart(4, '0')}`;
      const request: InterpreterRequest = {
        id, version: 1, requester: 'ib-koeln', institutionId, language, languageSource: 'named', start: created, durationMin: 60,
        mode: 'vor_ort', purpose: 'zugang', urgency: 'normal', status: 'erledigt', createdAt: created, updatedAt: created, organisers: [], history: [],
      };
      d.requests[id] = request;
    });
  });
  await store.close();
}
