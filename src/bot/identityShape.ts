// Ids that reach the store, the audit log and outgoing URLs must look like ids. Teams and the Bot
// Connector send printable ids without spaces (GUIDs, "29:…", "a:…", "19:…@thread.tacv2;messageid=…");
// anything else — a space, CR/LF, a control character, a non-string — is refused before any handler runs.
import type { Activity } from 'botbuilder';

const SHORT_ID = /^[^\s\p{C}]{1,128}$/u; // tenant and AAD object ids (GUIDs; Emulator ids are short words)
const LONG_ID = /^[^\s\p{C}]{1,1024}$/u; // conversation, activity and channel-account ids

export type ShapeCheck = { ok: true } | { ok: false; field: string };

export function checkIdentityShape(activity: Partial<Activity>): ShapeCheck {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fields: [string, unknown, RegExp, boolean][] = [
    ['from.id', activity.from?.id, LONG_ID, false],
    ['from.aadObjectId', activity.from?.aadObjectId, SHORT_ID, false],
    ['conversation.id', activity.conversation?.id, LONG_ID, false],
    ['conversation.tenantId', activity.conversation?.tenantId, SHORT_ID, false],
    ['channelData.tenant.id', channelTenant, SHORT_ID, false],
    ['id', activity.id, LONG_ID, false],
    ['replyToId', activity.replyToId, LONG_ID, false],
  ];
  for (const [field, value, shape] of fields) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !shape.test(value)) return { ok: false, field };
  }
  return { ok: true };
}
