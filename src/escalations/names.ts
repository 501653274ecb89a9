// Names around a case: places (institution, coordinating unit) and people. A person's label is the
// roster's name for them, else the display name their Teams client sent at their last 1:1 activity
// (kept by the conversation directory; older data also in this store's `names`), else '' — the
// renderer then writes a neutral word in the reader's language. Never an id. Labels are plain text:
// control characters, markup characters and links are dropped, the length is capped.
import type { ConversationRecord } from '../conversations/types.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { UnitMember } from '../roles/roleService.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { Clock } from '../time/clock.js';
import { NAME_MAX, type EscalationData } from './types.js';

export interface NamesDeps {
  store: DocumentStore<EscalationData>;
  institutions: InstitutionDirectory;
  members: (unitId: string) => UnitMember[];
  /** The roster label of any user (the requester line on a coordinator's card). */
  labelOf?: (userKey: string) => string | undefined;
  /** Where the display name captured at a user's last activity is kept. */
  conversations?: { get(key: string): ConversationRecord | undefined };
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
   * Display label of a coordinator: the roster's name, else the name Teams showed for them; '' when
   * neither is known (a "name" that is the id itself, as the console and the Emulator send, does not count).
   */
  nameOf(userKey: string, unitId?: string): string {
    const roster = unitId ? this.deps.members(unitId).find((m) => m.userKey === userKey)?.name : this.deps.labelOf?.(userKey);
    return this.personName(userKey, roster ?? this.deps.labelOf?.(userKey));
  }

  /** Who sent a case, for coordinators: the roster label, else the Teams name; '' (never an id) when neither exists. */
  requesterName(userKey: string): string {
    return this.personName(userKey, this.deps.labelOf?.(userKey));
  }

  private personName(userKey: string, roster: string | undefined): string {
    const seen = this.deps.conversations?.get(userKey)?.name;
    const older = own(this.deps.store.data.names, userKey)?.name;
    // Names also appear inside sentences, where a client may render markup.
    return this.safe([roster, seen, older].filter((n) => n !== userKey));
  }

  private safe(candidates: (string | undefined)[]): string {
    const name = candidates.find((n) => n && n.trim());
    return name ? cleanName(name).replace(MARKUP, '').trim() : '';
  }

  /** The unit's coordinators with their labels (assign choices); one without a known name is "<fallback> 2". */
  memberLabels(unitId: string, fallback: string): MemberLabel[] {
    return this.deps.members(unitId).map((m, i) => ({ userKey: m.userKey, label: this.nameOf(m.userKey, unitId) || `${fallback} ${i + 1}` }));
  }
}
