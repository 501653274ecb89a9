// The roster file (a contract, see README): JSON array of {id, role, institutionId?, unitId?, name?}.
// Validated at start-up; every error names the entry so an operator can fix the file.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { userIdSchema } from './types.js';
import { StartupRefusal } from '../startup/refusal.js';

const entrySchema = z
  .object({
    id: userIdSchema,
    role: z.enum(['officer', 'coordinator', 'admin']),
    institutionId: z.string().min(1).optional(),
    unitId: z.string().min(1).optional(),
    name: z.string().max(200).optional(),
  })
  .strict();

export type RosterEntry = z.infer<typeof entrySchema>;

export class RosterError extends StartupRefusal {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`ROSTER_FILE ${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 2);
    this.name = 'RosterError';
  }
}

/** Checks that ids are unique and that places fit roles: officers belong to a JVA or a Bezirksregierung, coordinators to a unit. */
export function validateRoster(raw: unknown, institutions: InstitutionDirectory, file = 'roster'): RosterEntry[] {
  if (!Array.isArray(raw)) throw new RosterError(file, ['the file must contain a JSON array of entries']);
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries: RosterEntry[] = [];
  raw.forEach((item, index) => {
    const label = `entry ${index + 1}${item && typeof item === 'object' && 'id' in item ? ` (id ${JSON.stringify((item as { id: unknown }).id)})` : ''}`;
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${label}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      return;
    }
    const e = parsed.data;
    if (seen.has(e.id)) problems.push(`${label}: id appears more than once`);
    seen.add(e.id);
    if (e.role === 'officer') {
      const inst = e.institutionId ? institutions.byId(e.institutionId) : undefined;
      if (!e.institutionId) problems.push(`${label}: institutionId is required for role officer`);
      else if (!inst) problems.push(`${label}: institutionId "${e.institutionId}" is not a known institution (see data/institutions.json)`);
      else if (inst.kind !== 'jva' && inst.kind !== 'bezirksregierung') problems.push(`${label}: officers belong to a JVA or a Bezirksregierung, not "${e.institutionId}"`);
    }
    if (e.role === 'coordinator') {
      const unit = e.unitId ? institutions.byId(e.unitId) : undefined;
      if (!e.unitId) problems.push(`${label}: unitId is required for role coordinator`);
      else if (!unit || unit.kind !== 'coordination') problems.push(`${label}: unitId "${e.unitId}" is not a coordinating unit (kfi, koordinierungsstelle, fb-radikalisierungspraevention)`);
    }
    entries.push(e);
  });
  if (problems.length) throw new RosterError(file, problems);
  return entries;
}

export function loadRoster(file: string, institutions: InstitutionDirectory): RosterEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON';
    throw new RosterError(file, [reason]);
  }
  return validateRoster(raw, institutions, file);
}
