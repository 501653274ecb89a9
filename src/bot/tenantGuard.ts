// Teams lets any tenant reach a bot (research/reliability.md finding 2): the allow-list lives here
// and fails closed. With ALLOWED_TENANTS set, an activity must carry channelData.tenant.id from the
// list, and conversation.tenantId, when present, must agree with it.
import type { Activity } from 'botbuilder';

export type TenantCheck = { ok: true } | { ok: false; tenant: string };

export function checkTenant(activity: Partial<Activity>, allowed: readonly string[]): TenantCheck {
  if (allowed.length === 0) return { ok: true };
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = activity.conversation?.tenantId;
  const tenant = typeof fromChannelData === 'string' ? fromChannelData : undefined;
  if (!tenant) return { ok: false, tenant: 'missing' };
  if (fromConversation !== undefined && fromConversation !== tenant) return { ok: false, tenant: 'mismatch' };
  const wanted = tenant.toLowerCase();
  return allowed.some((t) => t.toLowerCase() === wanted) ? { ok: true } : { ok: false, tenant };
}
