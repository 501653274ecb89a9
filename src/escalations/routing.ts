// data/routing.json (editable): which coordinating unit gets an escalation, and the SLA per
// urgency. Validated at start-up: every requester kind × category must reach a coordinating unit.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { StartupRefusal } from '../startup/refusal.js';
import { CATEGORIES, URGENCIES, type Category, type Urgency } from './types.js';

export const ROUTING_FILE = fileURLToPath(new URL('../../data/routing.json', import.meta.url));
export const REQUESTER_KINDS = ['jva', 'bezirksregierung'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

const routeSchema = z.strictObject({
  requester: z.enum(REQUESTER_KINDS),
  categories: z.union([z.literal('*'), z.array(z.enum(CATEGORIES)).min(1)]),
  unit: z.string().min(1),
  /** Where the rule comes from (for the reader of the file). */
  basis: z.string().optional(),
});

const slaRuleSchema = z
  .strictObject({
    hours: z.number().positive().max(24 * 30).optional(),
    workingDays: z.int().min(1).max(30).optional(),
    reminderBeforeMinutes: z.int().min(0).max(7 * 24 * 60),
  })
  .refine((r) => (r.hours === undefined) !== (r.workingDays === undefined), 'needs exactly one of "hours" and "workingDays"');

const fileSchema = z.strictObject({
  version: z.literal(1),
  comment: z.string().optional(),
  routes: z.array(routeSchema).min(1),
  sla: z.strictObject({ normal: slaRuleSchema, dringend: slaRuleSchema }),
});

export type Route = z.infer<typeof routeSchema>;
export type SlaRule = z.infer<typeof slaRuleSchema>;
export type SlaConfig = Record<Urgency, SlaRule>;

/** A broken routing file: the bot refuses to start and names file, field and reason. */
export class RoutingFileError extends StartupRefusal {
  override name = 'RoutingFileError';
}

export class RoutingTable {
  constructor(
    readonly routes: readonly Route[],
    readonly sla: SlaConfig,
  ) {}

  /** The unit for a requester kind and a category: the first matching route. */
  unitFor(requester: RequesterKind, category: Category): string {
    const route = this.routes.find((r) => r.requester === requester && (r.categories === '*' || r.categories.includes(category)));
    // parseRoutingFile proved every combination is covered.
    if (!route) throw new Error(`no route for ${requester}/${category}`);
    return route.unit;
  }
}

/** Validates the parsed file; throws RoutingFileError naming every problem. */
export function parseRoutingFile(data: unknown, institutions: InstitutionDirectory, label = 'routing'): RoutingTable {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `field "${i.path.join('.') || '(file)'}": ${i.message}`);
    throw new RoutingFileError(`Invalid routing file ${label}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const problems: string[] = [];
  parsed.data.routes.forEach((r, i) => {
    const unit = institutions.byId(r.unit);
    if (!unit || unit.kind !== 'coordination') problems.push(`field "routes.${i}.unit": "${r.unit}" is not a coordinating unit (kfi, koordinierungsstelle, fb-radikalisierungspraevention)`);
  });
  for (const kind of REQUESTER_KINDS) {
    for (const category of CATEGORIES) {
      if (!parsed.data.routes.some((r) => r.requester === kind && (r.categories === '*' || r.categories.includes(category)))) {
        problems.push(`no route for requester "${kind}" and category "${category}"`);
      }
    }
  }
  for (const urgency of URGENCIES) {
    const rule = parsed.data.sla[urgency];
    const span = rule.hours !== undefined ? rule.hours * 60 : (rule.workingDays ?? 0) * 24 * 60;
    if (rule.reminderBeforeMinutes >= span) problems.push(`field "sla.${urgency}.reminderBeforeMinutes": must be shorter than the SLA itself`);
  }
  if (problems.length) throw new RoutingFileError(`Invalid routing file ${label}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return new RoutingTable(parsed.data.routes, parsed.data.sla);
}

export function loadRouting(institutions: InstitutionDirectory, file: string = ROUTING_FILE): RoutingTable {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RoutingFileError(`Cannot read routing file ${file}: ${(err as Error).message}`);
  }
  return parseRoutingFile(data, institutions, file);
}
