// The shared-knowledge records (issue 14): knowledge-base entries, expert questions ("Fachfrage") and
// practice examples waiting for review, information material, and announcements. Plain data, validated
// with zod when the store opens and when a form or import arrives.
import { z } from 'zod';

export const ENTRY_ID = /^KB-\d{4}-\d{4,}$/;
export const QUESTION_ID = /^FF-\d{4}-\d{4,}$/;
export const MATERIAL_ID = /^MAT-\d{4}-\d{4,}$/;
export const ANNOUNCEMENT_ID = /^ANK-\d{4}-\d{4,}$/;
export const ID_IN_TEXT = /\b(?:KB|FF|MAT|ANK)-\d{4}-\d{4,}\b/i;

export const LIMITS = {
  questionMin: 5,
  question: 300,
  answerMin: 10,
  answer: 4000,
  source: 300,
  topics: 8,
  /** What an officer may send to the experts. */
  askMin: 10,
  ask: 1500,
  title: 200,
  person: 120,
  edition: 40,
  url: 500,
  languages: 40,
  announcementMin: 5,
  announcement: 1500,
} as const;

const isoInstant = z.iso.datetime();
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const userKey = z.string().min(1).max(200);
const topicId = z.string().regex(/^[a-z0-9-]{1,60}$/);
export const languageCode = z.string().regex(/^[a-z]{2,3}$/);

/** Only http(s) links are stored or shown; anything else (javascript:, file:, mailto:) is refused. */
export const httpUrl = z
  .string()
  .trim()
  .max(LIMITS.url)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be an http(s) link');

export const textPair = z.strictObject({ de: z.string(), en: z.string().optional() });
export type TextPair = z.infer<typeof textPair>;

export const ENTRY_KINDS = ['faq', 'practice'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const entrySchema = z.strictObject({
  id: z.string().regex(ENTRY_ID),
  version: z.int().min(1),
  kind: z.enum(ENTRY_KINDS),
  status: z.enum(['active', 'retired']),
  question: textPair,
  answer: textPair,
  topics: z.array(topicId).max(LIMITS.topics),
  source: z.string().max(LIMITS.source).optional(),
  validFrom: isoDate,
  lastConfirmed: isoDate,
  /** The unit or institution that wrote it (an institution id), never a person. */
  authorUnit: z.string().min(1).max(80),
  /** The expert question it was published from, if any. */
  origin: z.string().regex(QUESTION_ID).optional(),
  helpful: z.int().nonnegative(),
  notHelpful: z.int().nonnegative(),
  /** Each reader's current vote (user key → helpful), so a second click changes the vote instead of counting twice. */
  votes: z.record(z.string(), z.boolean()).optional(),
  /** Marks the shipped example entries. */
  sample: z.boolean().optional(),
  createdBy: userKey,
  createdAt: isoInstant,
  updatedBy: userKey,
  updatedAt: isoInstant,
});
export type Entry = z.infer<typeof entrySchema>;

export const QUESTION_KINDS = ['question', 'practice'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_STATUSES = ['offen', 'beantwortet', 'veroeffentlicht'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export const questionSchema = z.strictObject({
  id: z.string().regex(QUESTION_ID),
  version: z.int().min(1),
  kind: z.enum(QUESTION_KINDS),
  status: z.enum(QUESTION_STATUSES),
  requester: userKey,
  institutionId: z.string().min(1),
  /** The coordinating unit it went to (data/routing.json). */
  unitId: z.string().min(1),
  /** Already redacted and confirmed by the officer; the original is never stored. */
  text: z.string().min(1).max(LIMITS.ask),
  redacted: z.int().nonnegative(),
  answer: z.strictObject({ text: z.string().min(1).max(LIMITS.answer), by: userKey, at: isoInstant }).optional(),
  published: z.strictObject({ entryId: z.string().regex(ENTRY_ID), by: userKey, at: isoInstant }).optional(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type ExpertQuestion = z.infer<typeof questionSchema>;

export const MATERIAL_FORMATS = ['merkblatt', 'broschuere', 'formular', 'aushang', 'video', 'audio'] as const;
export type MaterialFormat = (typeof MATERIAL_FORMATS)[number];
export const MATERIAL_AUDIENCES = ['jva', 'all'] as const;
export type MaterialAudience = (typeof MATERIAL_AUDIENCES)[number];

export const materialSchema = z.strictObject({
  id: z.string().regex(MATERIAL_ID),
  version: z.int().min(1),
  title: z.string().min(3).max(LIMITS.title),
  topic: topicId,
  languages: z.array(languageCode).min(1).max(LIMITS.languages),
  format: z.enum(MATERIAL_FORMATS),
  /** The material's own edition label ("2. Auflage 2026"), not the record version. */
  edition: z.string().max(LIMITS.edition).optional(),
  validUntil: isoDate.optional(),
  /** Functions or services, not private persons ("Sprachendienst JVA Köln"). */
  translatedBy: z.string().max(LIMITS.person).optional(),
  checkedBy: z.string().max(LIMITS.person).optional(),
  link: httpUrl,
  audience: z.enum(MATERIAL_AUDIENCES),
  sample: z.boolean().optional(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type Material = z.infer<typeof materialSchema>;

export const AUDIENCES = ['all', 'jva', 'bezirksregierung'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const announcementSchema = z.strictObject({
  id: z.string().regex(ANNOUNCEMENT_ID),
  sender: userKey,
  /** The sender's coordinating unit (admins have none): who may see names in the read report. */
  senderUnit: z.string().optional(),
  text: z.string().min(1).max(LIMITS.announcement),
  link: httpUrl.optional(),
  audience: z.enum(AUDIENCES),
  recipients: z.array(z.strictObject({ userKey, institutionId: z.string().min(1) })).max(5000),
  /** user key → when they confirmed "Zur Kenntnis genommen". */
  acks: z.record(z.string(), isoInstant),
  createdAt: isoInstant,
});
export type Announcement = z.infer<typeof announcementSchema>;

export const knowledgeDataSchema = z.strictObject({
  entries: z.record(z.string(), entrySchema),
  questions: z.record(z.string(), questionSchema),
  material: z.record(z.string(), materialSchema),
  announcements: z.record(z.string(), announcementSchema),
  counters: z.record(z.string(), z.int().nonnegative()),
});
export type KnowledgeData = z.infer<typeof knowledgeDataSchema>;

export function emptyKnowledge(): KnowledgeData {
  return { entries: {}, questions: {}, material: {}, announcements: {}, counters: {} };
}
