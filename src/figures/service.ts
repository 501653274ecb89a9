// The figures service: who asks (server-side identity) + period + scope → a suppressed report.
// Every answer and refusal is audited (actor, scope and period only). Reports are cached per store
// version, scope and period, so a burst of identical requests costs one computation.
import type { AuditTrail } from '../audit/auditTrail.js';
import type { Clock } from '../time/clock.js';
import type { Identity } from '../roles/types.js';
import { dateIn } from '../time/zoned.js';
import { computeFigures } from './compute.js';
import { checkPeriod, yearToDate, type PeriodProblem } from './period.js';
import { scopeText, type ScopePolicy } from './scope.js';
import type { FactSource } from './source.js';
import type { FiguresReport, Period, Scope } from './types.js';

export interface FiguresQuery {
  from?: unknown;
  to?: unknown;
  scope?: unknown;
}

export type FiguresProblem = PeriodProblem | 'forbidden' | 'unknownScope';
export type FiguresResult = { ok: true; report: FiguresReport } | { ok: false; problem: FiguresProblem };

const CACHE_ENTRIES = 200;

export class FiguresService {
  private readonly cache = new Map<string, FiguresReport>();

  constructor(
    private readonly deps: { source: FactSource; policy: ScopePolicy; audit: AuditTrail; clock: Clock; timeZone: string },
  ) {}

  get policy(): ScopePolicy {
    return this.deps.policy;
  }

  today(): string {
    return dateIn(this.deps.clock.now(), this.deps.timeZone);
  }

  /** `action`: what the audit entry says ("figures.read", "figures.export", "figures.card"). */
  async figures(who: Identity, query: FiguresQuery, action = 'figures.read'): Promise<FiguresResult> {
    const scope = this.deps.policy.resolve(who, query.scope);
    if (!scope.ok) return this.refuse(who, action, scope.problem);
    const today = this.today();
    const fallback = yearToDate(today);
    const period = checkPeriod(query.from ?? fallback.from, query.to ?? fallback.to, today);
    if (!period.ok) return this.refuse(who, action, period.problem);
    const report = await this.report(scope.scope, period.period);
    await this.deps.audit.record({ actor: who.userKey, action, record: auditRecord(scope.scope, period.period), role: who.role, outcome: 'ok' });
    return { ok: true, report };
  }

  /** The report without an identity check: the operator's export script and the monthly job. */
  async report(scope: Scope, period: Period): Promise<FiguresReport> {
    const facts = await this.deps.source.facts();
    const key = `${facts.version}|${scopeText(scope)}|${scope.kind === 'institution' ? (scope.unitId ?? '') : ''}|${period.from}|${period.to}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const report = computeFigures(facts, scope, period, this.deps.policy, this.deps.clock.now(), this.today());
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, report);
    return report;
  }

  private async refuse(who: Identity, action: string, problem: FiguresProblem): Promise<FiguresResult> {
    await this.deps.audit.record({ actor: who.userKey, action, role: who.role, outcome: problem === 'forbidden' ? 'denied' : 'rejected' });
    return { ok: false, problem };
  }
}

export function auditRecord(scope: Scope, period: Period): string {
  return `${scopeText(scope)}@${period.from}..${period.to}`;
}
