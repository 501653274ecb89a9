import { z } from 'zod';

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
    updatedAt: z.string(),
  })
  .strict();
export type ConversationRecord = z.infer<typeof conversationRecordSchema>;
