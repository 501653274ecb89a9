// Announcement capabilities (issue 14); opened with the knowledge module (one store file):
//   Coordinators, admins: "ankündigung [Text]" / "announce [text]", "ankündigung ANK-…" (read report),
//                         "ankündigungen" / "announcements" (own and own unit's reports).
//   Recipients (officers): "Zur Kenntnis genommen" in the card.
import type { TurnContext } from 'botbuilder';
import type { Capability } from '../../src/bot/capability.js';
import { SENDER_ROLES } from '../../src/announcements/service.js';
import { ANNOUNCEMENT_ID } from '../../src/knowledge/types.js';
import type { KnowledgeDeps } from '../knowledge/deps.js';
import { errorResponse } from '../knowledge/reply.js';
import { AnnounceDialog, ANNOUNCE_DIALOG } from './announceDialog.js';
import { ANNOUNCEMENT_CARD_ACTIONS } from './cardActions.js';
import { ANNOUNCEMENT_PHRASES } from './commands.js';
import { listAnnouncements, showReport } from './report.js';

const ID_ONLY = new RegExp(`^${ANNOUNCEMENT_ID.source.slice(1, -1)}$`, 'i');

export function announcementCapabilities(deps: KnowledgeDeps): Capability[] {
  const onCardAction = async (ctx: TurnContext, verb: string, data: unknown) => {
    const handler = ANNOUNCEMENT_CARD_ACTIONS[verb];
    return handler ? handler(deps, ctx, data) : errorResponse(400, 'unknown action');
  };
  return [
    {
      id: 'announcements.send', phrases: ANNOUNCEMENT_PHRASES.send, roles: SENDER_ROLES,
      menu: { label: 'announcements.menu.send', command: { de: 'ankündigung', en: 'announce' } },
      dialogs: [new AnnounceDialog(deps)],
      start: (dc, args) => (ID_ONLY.test(args.trim()) ? showReport(deps, dc, args.trim().toUpperCase()) : dc.beginDialog(ANNOUNCE_DIALOG, { args })),
      // Recipients of any role confirm; the service checks they were a recipient.
      cardVerbs: Object.keys(ANNOUNCEMENT_CARD_ACTIONS), onCardAction,
    },
    {
      id: 'announcements.list', phrases: ANNOUNCEMENT_PHRASES.list, roles: SENDER_ROLES,
      menu: { label: 'announcements.menu.list', command: { de: 'ankündigungen', en: 'announcements' } },
      start: (dc) => listAnnouncements(deps, dc),
    },
  ];
}
