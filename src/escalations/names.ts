// Names around a case: places (institution, coordinating unit) and coordinators. A coordinator's label
// is the display name Teams sent in their own activity, else the roster label, else a short id. Labels
// are plain text: control characters, markup characters and links are dropped, the length is capped.
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { UnitMember } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { JsonStore } from '../store/jsonStore.js';
import type { Clock } from '../time/clock.js';
import { NAME_MAX, type EscalationData } from './types.js';

export interface NamesDeps {
  store: JsonStore<EscalationData>;
  institutions: InstitutionDirectory;
  members: (unitId: string) => UnitMember[];
  clock: Clock;
}

export interface MemberLabel {
  userKey: string;
  label: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g;
const MARKUP = /[[\]*_~`#<>|\\]|:\/\//g;

/** Control characters out, trimmed, capped with an ellipsis. */
export function cleanName(text: string, max = NAME_MAX): string {
  const clean = text.replace(CONTROL, '').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

export class EscalationNames {
  constructor(private readonly deps: NamesDeps) {}

  placeName(id: string): string {
    return this.deps.institutions.byId(id)?.name ?? id;
  }

  /** "KfI", "Koordinierungsstelle Integration", "FB Radikalisierungsprävention" where the data has one. */
  shortName(id: string): string {
    const place = this.deps.institutions.byId(id);
    return place?.shortName ?? place?.name ?? id;
  }

  /** Display label of a coordinator: the name Teams showed for them, the roster label, or a short id. */
  nameOf(userKey: string, unitId?: string): string {
    const seen = own(this.deps.store.data.names, userKey);
    const roster = seen ? undefined : unitId ? this.deps.members(unitId).find((m) => m.userKey === userKey)?.name : undefined;
    const name = seen?.name ?? roster;
    // Names also appear inside sentences, where a client may render markup.
    const safe = name ? cleanName(name).replace(MARKUP, '').trim() : '';
    return safe || `…${userKey.slice(-6)}`;
  }

  /** The unit's coordinators with their labels (assign choices). */
  memberLabels(unitId: string): MemberLabel[] {
    return this.deps.members(unitId).map((m) => ({ userKey: m.userKey, label: this.nameOf(m.userKey, unitId) }));
  }

  /** Remembers a coordinator's Teams display name (from their own activity) for the assign list. */
  async noteName(actor: Identity, name: string | undefined): Promise<void> {
    if (actor.role !== 'coordinator' || !name) return;
    const clean = cleanName(name);
    if (!clean || own(this.deps.store.data.names, actor.userKey)?.name === clean) return;
    const at = this.deps.clock.now().toISOString();
    await this.deps.store.commit((draft) => {
      draft.names[actor.userKey] = { name: clean, at };
    });
  }
}
