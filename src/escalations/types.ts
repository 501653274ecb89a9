// Escalations: an officer hands a case to the coordinating unit; the unit's
// coordinators take it on, ask back, answer and close it. Plain data and zod schemas, no botbuilder.
import { z } from 'zod';

/** Categories of the escalation dialog, stable ids; labels are in the locale files. */
export const CATEGORIES = [
  'radikalisierung',
  'krisenintervention',
  'auslaenderrecht',
  'religioese-betreuung',
  'vollzugsalltag',
  'integrationsmassnahme',
  'sonstiges',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const URGENCIES = ['normal', 'dringend'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const STATUSES = ['neu', 'angenommen', 'rueckfrage', 'erledigt', 'zurueckgezogen'] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['neu', 'angenommen', 'rueckfrage'];
export const isOpen = (status: Status): boolean => OPEN_STATUSES.includes(status);

/** Human-readable ids: ESK-<year>-<number, at least 4 digits>. */
export const CASE_ID = /^ESK-\d{4}-\d{4,}$/;
export const CASE_ID_IN_TEXT = /\bESK-\d{4}-\d{4,}\b/i;

export const SUMMARY_MIN = 10;
export const SUMMARY_MAX = 2000;
/** Questions, answers, resolution notes. */
export const MESSAGE_MAX = 1000;
export const NAME_MAX = 80;
/** Thread entries per case; a case needing more is a case for a phone call. */
export const THREAD_MAX = 50;

/** Changes of a case; each bumps its version. */
export const ACTIONS = ['created', 'taken', 'assigned', 'asked', 'answered', 'resolved', 'reopened', 'withdrawn'] as const;
export type HistoryAction = (typeof ACTIONS)[number];

const isoInstant = z.iso.datetime();
/** User keys as the bot stores them (aadObjectId or from.id): no whitespace or control characters. */
export const userKeySchema = z.string().regex(/^[^\s\p{C}<>]{1,128}$/u);
export const caseIdSchema = z.string().regex(CASE_ID);

export const historyEntrySchema = z.strictObject({
  v: z.int().min(1),
  at: isoInstant,
  by: userKeySchema,
  action: z.enum(ACTIONS),
  /** assigned: the new assignee. */
  to: userKeySchema.optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const threadEntrySchema = z.strictObject({
  v: z.int().min(1),
  at: isoInstant,
  by: userKeySchema,
  kind: z.enum(['question', 'answer', 'resolution']),
  /** Redacted by the language service before it was stored. */
  text: z.string().min(1).max(MESSAGE_MAX),
});
export type ThreadEntry = z.infer<typeof threadEntrySchema>;

export const escalationSchema = z.strictObject({
  id: caseIdSchema,
  requester: userKeySchema,
  institutionId: z.string().min(1).max(100),
  unitId: z.string().min(1).max(100),
  category: z.enum(CATEGORIES),
  urgency: z.enum(URGENCIES),
  /** Redacted by the language service and confirmed by the officer before it was stored. */
  summary: z.string().min(1).max(SUMMARY_MAX),
  /** Pseudonymous (a Buchnummer or Aktenzeichen), never a name. */
  caseRef: z.string().max(40).optional(),
  status: z.enum(STATUSES),
  assignee: userKeySchema.optional(),
  version: z.int().min(1),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  slaDueAt: isoInstant,
  /** Set while the case waits for the officer's answer: the SLA clock stands still. */
  slaPausedAt: isoInstant.optional(),
  thread: z.array(threadEntrySchema).max(THREAD_MAX),
  history: z.array(historyEntrySchema).min(1),
  /** Notifications for versions up to this one are in the outbox (the rest is enqueued on recovery). */
  notifiedVersion: z.int().min(0),
  /** Coordinators who were sent the case card (later changes update it in place). */
  recipients: z.array(userKeySchema),
  /** The case was posted to the unit's inbox channel. */
  channelPosted: z.boolean(),
});
export type Escalation = z.infer<typeof escalationSchema>;

export const escalationDataSchema = z.strictObject({
  cases: z.record(z.string(), escalationSchema),
  /** Next number per year: "ESK-2026" → 17. */
  counters: z.record(z.string(), z.int().nonnegative()),
  /** Teams display names of coordinators (for "zuweisen"), as Teams sent them in their own activities. */
  names: z.record(z.string(), z.strictObject({ name: z.string().min(1).max(NAME_MAX), at: isoInstant })),
});
export type EscalationData = z.infer<typeof escalationDataSchema>;

export const emptyEscalationData = (): EscalationData => ({ cases: {}, counters: {}, names: {} });

// ---- what callers hand the service ------------------------------------------------------------

export const newEscalationSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  urgency: z.enum(URGENCIES),
  summary: z.string().trim().min(SUMMARY_MIN).max(SUMMARY_MAX),
  caseRef: z.string().trim().min(1).max(40).optional(),
});
export type NewEscalation = z.infer<typeof newEscalationSchema>;

const text = z.string().trim().min(1).max(MESSAGE_MAX);
const version = z.int().min(1).optional();

/** An action on a case. `version` comes from a card (stale check); typed commands carry none. */
export const actionInputSchema = z.discriminatedUnion('verb', [
  z.strictObject({ verb: z.literal('take'), caseId: caseIdSchema, version }),
  z.strictObject({ verb: z.literal('assign'), caseId: caseIdSchema, version, to: userKeySchema }),
  z.strictObject({ verb: z.literal('ask'), caseId: caseIdSchema, version, text }),
  z.strictObject({ verb: z.literal('resolve'), caseId: caseIdSchema, version, text }),
  z.strictObject({ verb: z.literal('reopen'), caseId: caseIdSchema, version }),
  z.strictObject({ verb: z.literal('withdraw'), caseId: caseIdSchema, version }),
  z.strictObject({ verb: z.literal('answer'), caseId: caseIdSchema, version, text }),
]);
export type ActionInput = z.infer<typeof actionInputSchema>;
export type Verb = ActionInput['verb'];
export const COORDINATOR_VERBS: readonly Verb[] = ['take', 'assign', 'ask', 'resolve', 'reopen'];
export const REQUESTER_VERBS: readonly Verb[] = ['withdraw', 'answer'];

// ---- views and card verbs ---------------------------------------------------------------------

/** Who looks at a case, decided on the server: coordinators of the unit (1:1 or channel), the requester, anyone else. */
export type CaseView = 'coordinator' | 'coordinatorChannel' | 'requester' | 'limited';

/** Action.Execute verb of a card's refresh (every viewer gets the current state in their own view). */
export const REFRESH_VERB = 'escalation.refresh';
/** Action.Execute verbs of the case card, one per action. */
export const CARD_VERBS = {
  take: 'escalation.take',
  assign: 'escalation.assign',
  ask: 'escalation.ask',
  resolve: 'escalation.resolve',
  reopen: 'escalation.reopen',
  withdraw: 'escalation.withdraw',
  answer: 'escalation.answer',
} as const satisfies Record<Verb, string>;
