import { z } from 'zod';

export const DISPLAY_NAME_MAX = 80;

/** Where to reach a user or channel proactively (a Bot Framework conversation reference, reduced to what is needed). */
export const conversationRecordSchema = z
  .object({
    channelId: z.string(),
    serviceUrl: z.string(),
    conversationId: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    botId: z.string(),
    userId: z.string().optional(),
    locale: z.string().optional(),
    /** The user's display name as Teams sent it in their last 1:1 activity (cleaned, capped); shown instead of ids. */
    name: z.string().min(1).max(DISPLAY_NAME_MAX).optional(),
    updatedAt: z.string(),
  })
  .strict();
export type ConversationRecord = z.infer<typeof conversationRecordSchema>;
