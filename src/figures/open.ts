// Builds the figures service from the shared parts: the store files in DATA_DIR, the institutions,
// routing (a unit's side) and the JVEG rates.
import type { AuditTrail } from '../audit/auditTrail.js';
import { loadRouting } from '../escalations/routing.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { loadRates } from '../interpreters/cost.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../time/clock.js';
import { ScopePolicy } from './scope.js';
import { FiguresService } from './service.js';
import { StoreFileSource } from './source.js';

export interface FiguresParts {
  dataDir: string;
  institutions: InstitutionDirectory;
  audit: AuditTrail;
  clock: Clock;
  timeZone: string;
  log?: Logger;
}

export function openFiguresService(parts: FiguresParts): FiguresService {
  const { dataDir, institutions, audit, clock, timeZone, log } = parts;
  const source = new StoreFileSource({ dataDir, rates: loadRates(), timeZone, clock, log });
  return new FiguresService({ source, policy: new ScopePolicy(institutions, loadRouting(institutions)), audit, clock, timeZone });
}
