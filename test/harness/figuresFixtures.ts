// The figures service on a seeded temp DATA_DIR (real store files, real audit log).
import path from 'node:path';
import { AuditLog } from '../../src/audit/auditLog.js';
import { loadInstitutions } from '../../src/institutions/institutions.js';
import { loadRouting } from '../../src/escalations/routing.js';
import { loadRates } from '../../src/interpreters/cost.js';
import { FiguresService } from '../../src/figures/service.js';
import { ScopePolicy } from '../../src/figures/scope.js';
import { StoreFileSource } from '../../src/figures/source.js';
import { TestClock } from './testClock.js';

export const institutions = loadInstitutions();
export const routing = loadRouting(institutions);
export const rates = loadRates();

export async function openFigures(dataDir: string, now = '2026-12-01T10:00:00.000Z') {
  const clock = new TestClock(new Date(now));
  const audit = await AuditLog.open(path.join(dataDir, 'audit.jsonl'));
  const source = new StoreFileSource({ dataDir, rates, timeZone: 'Europe/Berlin', clock });
  const policy = new ScopePolicy(institutions, routing);
  const service = new FiguresService({ source, policy, audit, clock, timeZone: 'Europe/Berlin' });
  return { service, clock, audit, policy, source };
}
