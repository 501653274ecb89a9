// The retention periods (data/retention.json): one rule per record type, each with its legal source.
// Validated on load; a bad file names the rule and the problem.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StartupRefusal } from '../../startup/refusal.js';

export const RECORD_TYPES = ['escalations.closed', 'interpreters.finished', 'checklists.finished', 'state.inactive', 'outbox.closed', 'audit.entries'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** JVollzDSG NRW § 35 Abs. 4: log data is deleted two years after it was generated. */
export const AUDIT_MAX_DAYS = 730;

const ruleSchema = z.strictObject({
  days: z.int().min(1).max(3650),
  source: z.string().trim().min(10).max(300),
  what: z.string().trim().min(5).max(300),
});
export type RetentionRule = z.infer<typeof ruleSchema>;

const fileSchema = z.strictObject({
  version: z.literal(1),
  note: z.string().optional(),
  rules: z
    .strictObject(Object.fromEntries(RECORD_TYPES.map((t) => [t, ruleSchema])) as Record<RecordType, typeof ruleSchema>)
    .refine((r) => r['audit.entries'].days <= AUDIT_MAX_DAYS, { message: `audit entries must go after at most ${AUDIT_MAX_DAYS} days (JVollzDSG NRW § 35 Abs. 4)`, path: ['audit.entries', 'days'] }),
});
export type RetentionRules = Record<RecordType, RetentionRule>;

export const RETENTION_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'retention.json');

export class RetentionFileError extends StartupRefusal {
  override name = 'RetentionFileError';
  constructor(message: string) {
    super(message, 2);
  }
}

export function parseRetentionRules(file: string, text: string): RetentionRules {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RetentionFileError(`Retention file ${file} is not valid JSON.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RetentionFileError(`Retention file ${file} is invalid at "${issue.path.map(String).join('.') || '(root)'}": ${issue.message}.`);
  }
  return parsed.data.rules as RetentionRules;
}

export function loadRetentionRules(file = RETENTION_FILE): RetentionRules {
  return parseRetentionRules(file, readFileSync(file, 'utf8'));
}

/** The instant before which a record of this type has expired. */
export function cutoff(rules: RetentionRules, type: RecordType, now: Date): Date {
  return new Date(now.getTime() - rules[type].days * 86_400_000);
}
