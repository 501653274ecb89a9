// Who may see which figures (server-side roles only): admins the state and anything in it,
// coordinators their unit's side and its institutions, officers their own institution, staff nothing.
// A unit's side is the requester kinds routed to it (data/routing.json): the Koordinierungsstelle and
// the Fachbereich Radikalisierungsprävention see the JVAs, the KfI the Bezirksregierungen.
import type { Identity } from '../roles/types.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { RoutingTable } from '../escalations/routing.js';
import type { Scope } from './types.js';

export type ScopeResult = { ok: true; scope: Scope } | { ok: false; problem: 'forbidden' | 'unknownScope' };

const SCOPE_TEXT = /^(state|unit:[a-z0-9-]{1,60}|institution:[a-z0-9-]{1,60})$/;

export class ScopePolicy {
  constructor(
    private readonly institutions: InstitutionDirectory,
    private readonly routing: RoutingTable,
  ) {}

  /** The widest scope the person may see, or undefined (staff, or a role without its place). */
  home(who: Identity): Scope | undefined {
    if (who.role === 'admin') return { kind: 'state' };
    if (who.role === 'coordinator' && who.unitId) return { kind: 'unit', unitId: who.unitId };
    if (who.role === 'officer' && who.institutionId) return { kind: 'institution', institutionId: who.institutionId };
    return undefined;
  }

  /** Resolves "state" | "unit:<id>" | "institution:<id>" (absent = the home scope) against what `who` may see. */
  resolve(who: Identity, requested: unknown): ScopeResult {
    const home = this.home(who);
    if (!home) return { ok: false, problem: 'forbidden' };
    if (requested === undefined || requested === '') return { ok: true, scope: home };
    if (typeof requested !== 'string' || !SCOPE_TEXT.test(requested)) return { ok: false, problem: 'unknownScope' };
    const scope = this.parse(requested);
    if (!scope) return { ok: false, problem: 'unknownScope' };
    if (!this.contains(home, scope)) return { ok: false, problem: 'forbidden' };
    if (home.kind === 'unit' && scope.kind === 'institution') return { ok: true, scope: { ...scope, unitId: home.unitId } };
    return { ok: true, scope };
  }

  /** The scopes `who` can choose from, widest first. */
  choices(who: Identity): Scope[] {
    const home = this.home(who);
    if (!home) return [];
    if (home.kind === 'institution') return [home];
    const units = home.kind === 'state' ? this.institutions.ofKind('coordination').map((u) => u.id) : [home.unitId];
    const institutions = this.institutions.all().filter((i) => (i.kind === 'jva' || i.kind === 'bezirksregierung') && this.contains(home, { kind: 'institution', institutionId: i.id }));
    return [home, ...(home.kind === 'state' ? units.map((unitId) => ({ kind: 'unit' as const, unitId })) : []), ...institutions.map((i) => ({ kind: 'institution' as const, institutionId: i.id }))];
  }

  /** Whether an institution belongs to the scope. */
  covers(scope: Scope, institutionId: string | undefined): boolean {
    if (scope.kind === 'state') return true;
    if (!institutionId) return false;
    if (scope.kind === 'institution') return institutionId === scope.institutionId;
    if (institutionId === scope.unitId) return true;
    const kind = this.institutions.byId(institutionId)?.kind;
    return kind !== undefined && this.kindsOf(scope.unitId).has(kind);
  }

  /** Whether an escalation routed to `unitId` from `institutionId` belongs to the scope. */
  coversCase(scope: Scope, institutionId: string, unitId: string): boolean {
    if (scope.kind === 'state') return true;
    if (scope.kind === 'unit') return unitId === scope.unitId;
    return institutionId === scope.institutionId && (scope.unitId === undefined || scope.unitId === unitId);
  }

  private readonly unitKinds = new Map<string, Set<string>>();

  private kindsOf(unitId: string): Set<string> {
    let kinds = this.unitKinds.get(unitId);
    if (!kinds) {
      kinds = new Set(this.routing.routes.filter((r) => r.unit === unitId).map((r) => r.requester));
      this.unitKinds.set(unitId, kinds);
    }
    return kinds;
  }

  private parse(text: string): Scope | undefined {
    if (text === 'state') return { kind: 'state' };
    const [kind, id] = text.split(':') as [string, string];
    const place = this.institutions.byId(id);
    if (kind === 'unit' && place?.kind === 'coordination') return { kind: 'unit', unitId: id };
    if (kind === 'institution' && (place?.kind === 'jva' || place?.kind === 'bezirksregierung')) return { kind: 'institution', institutionId: id };
    return undefined;
  }

  private contains(outer: Scope, inner: Scope): boolean {
    if (outer.kind === 'state') return true;
    if (outer.kind === 'institution') return inner.kind === 'institution' && inner.institutionId === outer.institutionId;
    if (inner.kind === 'unit') return inner.unitId === outer.unitId;
    return inner.kind === 'institution' && this.covers(outer, inner.institutionId);
  }
}

export function scopeText(scope: Scope): string {
  return scope.kind === 'state' ? 'state' : scope.kind === 'unit' ? `unit:${scope.unitId}` : `institution:${scope.institutionId}`;
}
