// Turns what an admin typed ("JVA Köln", "Kompetenzzentrum") into the institution or unit a role needs.
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Institution } from '../institutions/institutionsFile.js';
import { ROLES, type Role } from './types.js';

/** Why a place was refused; the values name locale keys of the admin section, so dialogs show them as they are. */
export type PlaceProblem = 'admin.notAUnit' | 'admin.notAnOfficerInstitution' | 'admin.ambiguousInstitution' | 'admin.unknownInstitution';

export type PlaceResult = { ok: true; place: Institution } | { ok: false; message: PlaceProblem; params: Record<string, string> };

const fits = (kind: 'institution' | 'unit', inst: Institution) =>
  kind === 'unit' ? inst.kind === 'coordination' : inst.kind === 'jva' || inst.kind === 'bezirksregierung';

export function resolvePlace(institutions: InstitutionDirectory, text: string, kind: 'institution' | 'unit'): PlaceResult {
  const value = text.trim().slice(0, 120);
  const units = () => institutions.ofKind('coordination').map((u) => u.name).join(', ');
  const found = institutions.find(value);
  if ('match' in found) {
    if (fits(kind, found.match)) return { ok: true, place: found.match };
    return kind === 'unit'
      ? { ok: false, message: 'admin.notAUnit', params: { value, options: units() } }
      : { ok: false, message: 'admin.notAnOfficerInstitution', params: { value } };
  }
  if ('ambiguous' in found) {
    const candidates = found.ambiguous.filter((i) => fits(kind, i));
    if (candidates.length === 1) return { ok: true, place: candidates[0]! };
    if (candidates.length > 1) {
      return { ok: false, message: 'admin.ambiguousInstitution', params: { value, options: candidates.map((c) => c.name).join(', ') } };
    }
  }
  return kind === 'unit'
    ? { ok: false, message: 'admin.notAUnit', params: { value, options: units() } }
    : { ok: false, message: 'admin.unknownInstitution', params: { value } };
}

const ROLE_WORDS: Record<string, Role> = {
  officer: 'officer',
  ib: 'officer',
  integrationsbeauftragte: 'officer',
  integrationsbeauftragter: 'officer',
  'integration officer': 'officer',
  coordinator: 'coordinator',
  koordinator: 'coordinator',
  koordinatorin: 'coordinator',
  koordination: 'coordinator',
  admin: 'admin',
  administrator: 'admin',
  administration: 'admin',
  staff: 'staff',
  mitarbeitende: 'staff',
  mitarbeiter: 'staff',
  mitarbeiterin: 'staff',
  keine: 'staff',
  none: 'staff',
};

/** A role from its English id or a German/English word for it. */
export function parseRole(text: string): Role | undefined {
  const word = text.trim().toLowerCase();
  return (ROLES as readonly string[]).includes(word) ? (word as Role) : ROLE_WORDS[word];
}
