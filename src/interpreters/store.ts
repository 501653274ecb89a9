// DATA_DIR/interpreters.json: interpreter requests (DOL-2026-0001), the interpreter address file of each
// institution, the registered interpreter inbox channels, and the id counters. Owned by this capability;
// validated on open, written durably through JsonStore (group commit).
import { z } from 'zod';
import { openCapabilityStore } from '../store/capabilityStore.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { Logger } from '../log/logger.js';

export const INTERPRETER_SCHEMA_VERSION = 1;
export const INTERPRETER_FILE = 'interpreters.json';

export const REQUEST_ID = /^DOL-\d{4}-\d{4,}$/;
export const ENTRY_ID = /^DA-\d{4,}$/;

export const MODES = ['vor_ort', 'video', 'telefon'] as const;
export type Mode = (typeof MODES)[number];
export const PURPOSES = ['zugang', 'medizin', 'vollzugsplanung', 'auslaenderrecht', 'krise', 'information', 'sonstiges'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const URGENCIES = ['normal', 'dringend'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const STATUSES = ['angefragt', 'bestaetigt', 'erledigt', 'storniert'] as const;
export type Status = (typeof STATUSES)[number];
export const ENTRY_KINDS = ['service', 'person'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Shortest and longest appointment. */
export const DURATION_MIN = 15;
export const DURATION_MAX = 480;
export const DIALECT_MAX = 60;
export const PLACE_TEXT_MAX = 100;
export const NOTE_MAX = 200;
export const INTERPRETER_TEXT_MAX = 120;
export const ENTRY_NAME_MAX = 100;
export const ENTRY_CONTACT_MAX = 200;

const isoInstant = z.iso.datetime();
/** ISO 639-1, or a 3-letter ISO 639-3 code (prs, kmr, ckb, ary …). */
export const languageCodeSchema = z.string().regex(/^[a-z]{2,3}$/);
const userKey = z.string().min(1).max(200);

export const historySchema = z.strictObject({
  at: isoInstant,
  by: userKey,
  action: z.enum(['created', 'confirmed', 'declined', 'cancelled', 'done']),
  version: z.int().min(1),
});
export type HistoryEntry = z.infer<typeof historySchema>;

export const targetSchema = z.union([z.strictObject({ userKey }), z.strictObject({ conversationKey: z.string().min(1).max(200) })]);
export type NotifyTarget = z.infer<typeof targetSchema>;

export const requestSchema = z.strictObject({
  id: z.string().regex(REQUEST_ID),
  /** Bumped on every change; card actions carry it (stale cards are refused). */
  version: z.int().min(1),
  requester: userKey,
  /** The requester's institution: whose organisers handle it. */
  institutionId: z.string().min(1),
  language: languageCodeSchema,
  /** Typed by the officer, or detected from a sample and confirmed. */
  languageSource: z.enum(['named', 'detected']),
  dialect: z.string().max(DIALECT_MAX).optional(),
  start: isoInstant,
  durationMin: z.int().min(DURATION_MIN).max(DURATION_MAX),
  mode: z.enum(MODES),
  /** An institution (default: the requester's) … */
  placeId: z.string().optional(),
  /** … or a place described in words (screened). */
  placeText: z.string().max(PLACE_TEXT_MAX).optional(),
  purpose: z.enum(PURPOSES),
  urgency: z.enum(URGENCIES),
  caseRef: z.string().max(40).optional(),
  status: z.enum(STATUSES),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  confirmation: z
    .strictObject({
      by: userKey,
      at: isoInstant,
      /** An address-file entry chosen by the organiser … */
      entryId: z.string().regex(ENTRY_ID).optional(),
      /** … or the interpreter or service as the organiser gave it. */
      interpreter: z.string().max(INTERPRETER_TEXT_MAX).optional(),
      note: z.string().max(NOTE_MAX).optional(),
    })
    .optional(),
  closed: z
    .strictObject({
      by: userKey,
      at: isoInstant,
      reason: z.enum(['withdrawn', 'declined', 'done']),
      note: z.string().max(NOTE_MAX).optional(),
    })
    .optional(),
  /** Where the organiser cards went (their messages are updated in place on every change). */
  organisers: z.array(targetSchema).max(200),
  history: z.array(historySchema).max(100),
});
export type InterpreterRequest = z.infer<typeof requestSchema>;

export const entrySchema = z.strictObject({
  id: z.string().regex(ENTRY_ID),
  version: z.int().min(1),
  institutionId: z.string().min(1),
  kind: z.enum(ENTRY_KINDS),
  /** As given by the officer: a service, or an interpreter (a professional's business name). */
  name: z.string().min(1).max(ENTRY_NAME_MAX),
  languages: z.array(languageCodeSchema).min(1).max(30),
  modes: z.array(z.enum(MODES)).min(1).max(3),
  sworn: z.boolean(),
  contact: z.string().max(ENTRY_CONTACT_MAX).optional(),
  createdBy: userKey,
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type AddressEntry = z.infer<typeof entrySchema>;

export const inboxSchema = z.strictObject({
  /** The ConversationDirectory key the channel's address is stored under. */
  conversationKey: z.string().min(1).max(200),
  /** The channel's conversation id (without ";messageid=…"), to recognise actions taken there. */
  conversationId: z.string().min(1).max(500),
  registeredBy: userKey,
  registeredAt: isoInstant,
});
export type Inbox = z.infer<typeof inboxSchema>;

export const interpreterDataSchema = z.strictObject({
  requests: z.record(z.string(), requestSchema),
  entries: z.record(z.string(), entrySchema),
  inboxes: z.record(z.string(), inboxSchema),
  counters: z.record(z.string(), z.int().nonnegative()),
});
export type InterpreterData = z.infer<typeof interpreterDataSchema>;

export function emptyInterpreterData(): InterpreterData {
  return { requests: {}, entries: {}, inboxes: {}, counters: {} };
}

/** Pure migrations: key n upgrades schema version n to n + 1. */
export const interpreterMigrations: Record<number, (data: any) => any> = {};

export function openInterpreterStore(dataDir: string, log?: Logger): Promise<DocumentStore<InterpreterData>> {
  const spec = { fileName: INTERPRETER_FILE, schemaVersion: INTERPRETER_SCHEMA_VERSION, schema: interpreterDataSchema, initial: emptyInterpreterData, migrations: interpreterMigrations };
  return openCapabilityStore(dataDir, spec, log ? { log } : {});
}
