// DATA_DIR/delivery.json: outbox rows, scheduled jobs and dead targets, validated with zod on open
// and on every enqueue. Keys, ids and codes only besides the payload, which is dropped once sent.
import { z } from 'zod';
import type { OutboxTarget } from './types.js';

export const DELIVERY_SCHEMA_VERSION = 1;
export const DELIVERY_FILE = 'delivery.json';

/** Keys, ids and kinds: no whitespace or control characters, ≤ 200 chars (as in the audit log). */
const ID = /^[^\s\p{C}]{1,200}$/u;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const idSchema = z
  .string()
  .regex(ID, 'must be 1–200 characters without spaces or control characters')
  .refine((v) => !RESERVED.has(v), 'is a reserved name');
const isoSchema = z.string().refine((v) => Number.isFinite(Date.parse(v)), 'must be an ISO date-time');

/** Teams refuses messages over ~100 KB (413); keep the stored payload well below. */
const MAX_PAYLOAD_CHARS = 60_000;
const payloadSchema = z
  .object({ text: z.string().min(1).max(20_000), card: z.record(z.string(), z.unknown()).optional() })
  .strict()
  .refine((p) => JSON.stringify(p).length <= MAX_PAYLOAD_CHARS, `must be at most ${MAX_PAYLOAD_CHARS} characters as JSON`);
const targetSchema = z.union([z.object({ userKey: idSchema }).strict(), z.object({ conversationKey: idSchema }).strict()]);
const requestSchema = z
  .object({ target: targetSchema, payload: payloadSchema, key: idSchema, replaces: idSchema.optional() })
  .strict()
  .refine((r) => r.replaces !== r.key, 'a message cannot replace itself');
export const requestsSchema = z.array(requestSchema).max(1000);

export const jobSchema = z
  .object({ id: idSchema, kind: idSchema, dueAt: isoSchema, data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) })
  .strict();

export type RowStatus = 'pending' | 'sending' | 'sent' | 'dead' | 'failed';
const rowSchema = z
  .object({
    key: idSchema,
    /** Enqueue order; rows to one target go out in this order. */
    seq: z.number().int().nonnegative(),
    target: targetSchema,
    /** Dropped once sent. */
    payload: payloadSchema.optional(),
    replaces: idSchema.optional(),
    status: z.enum(['pending', 'sending', 'sent', 'dead', 'failed']),
    /** Several instances: a \`sending\` row belongs to the instance that claimed it until then; afterwards another takes it over. */
    claimedUntil: isoSchema.optional(),
    attempts: z.number().int().nonnegative(),
    nextAttemptAt: isoSchema,
    /** HTTP status or error code only, never a message. */
    lastError: z.string().max(60).optional(),
    activityId: z.string().max(500).optional(),
    /** The in-place update of `replaces` failed (message gone): send a new message instead. */
    sendNew: z.literal(true).optional(),
    createdAt: isoSchema,
    sentAt: isoSchema.optional(),
    /** When the row became dead or failed. */
    closedAt: isoSchema.optional(),
  })
  .strict();
export type OutboxRow = z.infer<typeof rowSchema>;

const deadTargetSchema = z
  .object({
    reason: z.enum(['forbidden', 'not_found', 'no_address']),
    status: z.number().int().optional(),
    since: isoSchema,
    /** The address that failed; a different one in the directory revives the target. */
    conversationId: z.string().optional(),
    serviceUrl: z.string().optional(),
  })
  .strict();

export const deliveryDataSchema = z
  .object({
    seq: z.number().int().nonnegative(),
    rows: z.record(z.string(), rowSchema),
    jobs: z.record(z.string(), jobSchema),
    deadTargets: z.record(z.string(), deadTargetSchema),
  })
  .strict();
export type DeliveryData = z.infer<typeof deliveryDataSchema>;

export const emptyDeliveryData = (): DeliveryData => ({ seq: 0, rows: {}, jobs: {}, deadTargets: {} });
export type ValidRequest = z.infer<typeof requestsSchema>[number];

export const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);
export const targetKeyOf = (t: OutboxTarget): string => ('userKey' in t ? t.userKey : t.conversationKey);
export const isOpenRow = (r: OutboxRow): boolean => r.status === 'pending' || r.status === 'sending';
/** Row errors that mean "the target was unreachable", so a revived target sends the row after all. */
export const PARKED = new Set(['target_dead', 'no_address', '403', '404']);
/** A \`sending\` row whose claim ran out (or that never had one: written by a single process). */
export const leaseExpired = (r: OutboxRow, now: number): boolean => r.claimedUntil === undefined || Date.parse(r.claimedUntil) <= now;
