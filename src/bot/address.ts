import type { Activity } from 'botbuilder';
import type { ConversationAddress } from '../conversations/conversationDirectory.js';

/** The parts of an incoming 1:1 activity needed to write to that user later. */
export function addressOf(activity: Partial<Activity>): ConversationAddress | undefined {
  if (!activity.serviceUrl || !activity.conversation?.id || !activity.recipient?.id || !activity.channelId) return undefined;
  if (activity.conversation.conversationType && activity.conversation.conversationType !== 'personal') return undefined;
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversationId: activity.conversation.id,
    ...(activity.conversation.conversationType ? { conversationType: activity.conversation.conversationType } : {}),
    ...(activity.conversation.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
    botId: activity.recipient.id,
    ...(activity.from?.id ? { userId: activity.from.id } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}
