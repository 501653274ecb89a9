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

/**
 * The address of the team channel an activity came from, for proactive posts there (an escalation
 * inbox). Posts go to the channel itself (a new thread), not to the thread the activity was in:
 * Teams names the channel in channelData.channel.id; the conversation id of a channel message is
 * "<channel id>;messageid=<thread>". No user id or locale of the sender is kept.
 */
export function channelAddressOf(activity: Partial<Activity>): ConversationAddress | undefined {
  if (!activity.serviceUrl || !activity.conversation?.id || !activity.recipient?.id || !activity.channelId) return undefined;
  if (activity.conversation.conversationType !== 'channel') return undefined;
  const channelData = activity.channelData as { channel?: { id?: unknown } } | undefined;
  const fromData = typeof channelData?.channel?.id === 'string' ? channelData.channel.id : undefined;
  const conversationId = (fromData ?? activity.conversation.id.split(';')[0] ?? '').trim();
  if (!conversationId) return undefined;
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversationId,
    conversationType: 'channel',
    ...(activity.conversation.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
    botId: activity.recipient.id,
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}
