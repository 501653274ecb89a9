// Roles come from server-side state only: an admin's assignment (store) overrides the roster file;
// everyone else is staff. Nothing a client sends can grant a role.
import type { AuditTrail } from '../audit/auditTrail.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { MainData } from '../store/mainStore.js';
import type { RosterEntry } from './roster.js';
import type { Identity, Role } from './types.js';

export interface UnitMember {
  userKey: string;
  /** The roster entry's optional label (operator-maintained), never sent by a client. */
  name?: string;
}

export type SetRoleResult =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'forbidden' | 'selfDemotion' | 'placeRequired' | 'wrongPlace' };

export class RoleService {
  private readonly roster: Map<string, RosterEntry>;

  constructor(
    private readonly store: DocumentStore<MainData>,
    roster: RosterEntry[],
    private readonly institutions: InstitutionDirectory,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.roster = new Map(roster.map((e) => [e.id, e]));
  }

  identify(userKey: string): Identity {
    const assigned = this.store.data.roleAssignments[userKey];
    if (assigned) return withPlace({ userKey, role: assigned.role }, assigned);
    const entry = this.roster.get(userKey);
    if (entry) return withPlace({ userKey, role: entry.role }, entry);
    return { userKey, role: 'staff' };
  }

  /**
   * Everyone whose effective role is coordinator of `unitId`: admin assignments (store) first, then
   * roster entries not overridden by an assignment. `name` is the roster's optional label, if any.
   */
  membersOf(unitId: string): UnitMember[] {
    const members = new Map<string, UnitMember>();
    const assignments = this.store.data.roleAssignments;
    for (const [userKey, a] of Object.entries(assignments)) {
      if (a.role === 'coordinator' && a.unitId === unitId) members.set(userKey, { userKey });
    }
    for (const entry of this.roster.values()) {
      if (Object.hasOwn(assignments, entry.id)) continue;
      if (entry.role === 'coordinator' && entry.unitId === unitId) members.set(entry.id, { userKey: entry.id, ...(entry.name ? { name: entry.name } : {}) });
    }
    return [...members.values()].sort((a, b) => a.userKey.localeCompare(b.userKey));
  }

  /**
   * User keys whose current role is officer at `institutionId` (roster and admin assignments; an
   * assignment overrides the roster), sorted. Interpreter requests go to them when the institution
   * has no registered interpreter inbox.
   */
  officersOf(institutionId: string): string[] {
    const keys = new Set([...this.roster.keys(), ...Object.keys(this.store.data.roleAssignments)]);
    return [...keys]
      .filter((key) => {
        const who = this.identify(key);
        return who.role === 'officer' && who.institutionId === institutionId;
      })
      .sort();
  }

  /** The roster's display label for a user, if the operator gave one. */
  labelOf(userKey: string): string | undefined {
    return this.roster.get(userKey)?.name;
  }

  /** Roster labels of everyone whose current role is admin, sorted; admins without a label are left out. */
  adminNames(): string[] {
    return [...this.roster.values()]
      .filter((e) => e.name && this.identify(e.id).role === 'admin')
      .map((e) => e.name!)
      .sort();
  }

  /** The place a role needs: officers an institution (JVA or Bezirksregierung), coordinators a unit, others none. */
  placeKind(role: Role): 'institution' | 'unit' | null {
    return role === 'officer' ? 'institution' : role === 'coordinator' ? 'unit' : null;
  }

  async setRole(actor: Identity, targetKey: string, role: Role, placeId?: string): Promise<SetRoleResult> {
    if (actor.role !== 'admin') {
      await this.audit.record({ actor: actor.userKey, action: 'role.set', record: targetKey, outcome: 'denied' });
      return { ok: false, reason: 'forbidden' };
    }
    if (targetKey === actor.userKey && role !== 'admin') return { ok: false, reason: 'selfDemotion' };
    const kind = this.placeKind(role);
    const place = placeId ? this.institutions.byId(placeId) : undefined;
    if (kind && !place) return { ok: false, reason: 'placeRequired' };
    if (kind === 'institution' && place && place.kind !== 'jva' && place.kind !== 'bezirksregierung') return { ok: false, reason: 'wrongPlace' };
    if (kind === 'unit' && place && place.kind !== 'coordination') return { ok: false, reason: 'wrongPlace' };

    const assignment = {
      role,
      ...(kind === 'institution' ? { institutionId: placeId } : {}),
      ...(kind === 'unit' ? { unitId: placeId } : {}),
      setBy: actor.userKey,
      setAt: this.now().toISOString(),
    };
    await this.store.commit((draft) => {
      draft.roleAssignments[targetKey] = assignment;
    });
    await this.audit.record({ actor: actor.userKey, action: 'role.set', record: targetKey, role: actor.role, outcome: 'ok' });
    return { ok: true, identity: this.identify(targetKey) };
  }
}

function withPlace(identity: Identity, source: { institutionId?: string; unitId?: string }): Identity {
  return {
    ...identity,
    ...(source.institutionId ? { institutionId: source.institutionId } : {}),
    ...(source.unitId ? { unitId: source.unitId } : {}),
  };
}
