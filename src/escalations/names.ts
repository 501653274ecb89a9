// Names around a case: places (institution, coordinating unit) and coordinators. A coordinator's label
// is the display name Teams sent in their own activity, else the roster label, else a short id. Labels
// are plain text: control characters, markup characters and links are dropped, the length is capped.
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { UnitMember } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { Clock } from '../time/clock.js';
import { NAME_MAX, type EscalationData } from './types.js';

export interface NamesDeps {
  store: DocumentStore<EscalationData>;
  institutions: InstitutionDirectory;
  members: (unitId: string) => UnitMember[];
  /** The roster label of any user (the requester line on a coordinator's card). */
  labelOf?: (userKey: string) => string | undefined;
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

  /**
   * Display label of a coordinator: the name Teams showed for them, the roster label, or else the unit's
   * name — never an id (a "name" that is the id itself, as the console and the Emulator send, does not count).
   */
  nameOf(userKey: string, unitId?: string): string {
    const seen = own(this.deps.store.data.names, userKey)?.name;
    const roster = unitId ? this.deps.members(unitId).find((m) => m.userKey === userKey)?.name : undefined;
    // Names also appear inside sentences, where a client may render markup.
    return this.safe([seen, roster].filter((n) => n !== userKey)) || (unitId ? this.shortName(unitId) : '…');
  }

  /** Who sent a case, for coordinators: the Teams name, else the roster label; '' (never an id) when neither exists. */
  requesterName(userKey: string): string {
    return this.safe([own(this.deps.store.data.names, userKey)?.name, this.deps.labelOf?.(userKey)].filter((n) => n !== userKey));
  }

  private safe(candidates: (string | undefined)[]): string {
    const name = candidates.find((n) => n && n.trim());
    return name ? cleanName(name).replace(MARKUP, '').trim() : '';
  }

  /** The unit's coordinators with their labels (assign choices). */
  memberLabels(unitId: string): MemberLabel[] {
    return this.deps.members(unitId).map((m) => ({ userKey: m.userKey, label: this.nameOf(m.userKey, unitId) }));
  }

  /** Remembers a coordinator's Teams display name (from their own activity) for the assign list. */
  async noteName(actor: Identity, name: string | undefined): Promise<void> {
    // Officers too: coordinators see who sent a case.
    if ((actor.role !== 'coordinator' && actor.role !== 'officer') || !name) return;
    const clean = cleanName(name);
    if (!clean || clean === actor.userKey || own(this.deps.store.data.names, actor.userKey)?.name === clean) return;
    const at = this.deps.clock.now().toISOString();
    await this.deps.store.commit((draft) => {
      draft.names[actor.userKey] = { name: clean, at };
    });
  }
}
