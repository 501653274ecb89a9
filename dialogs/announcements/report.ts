// "ankündigungen" / "announcements" and "ankündigung ANK-…": the read reports a sender (and the sender's
// unit) may see. Delivery facts come from the outbox: delivered = it has the Teams activity id, failed =
// listed as dead or failed.
import type { DialogContext } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { listCard, reportCard } from '../../src/cards/announcementCards.js';
import type { DeliveryFacts } from '../../src/announcements/service.js';
import { institutionName, viewOf, type KnowledgeDeps } from '../knowledge/deps.js';
import { say, sendCard } from '../knowledge/reply.js';

export function deliveryFacts(deps: KnowledgeDeps): DeliveryFacts {
  const failed = new Set(deps.core.delivery.undelivered().map((r) => r.key));
  return {
    delivered: (key) => deps.core.notifier.deliveredActivityId(key) !== undefined,
    failed: (key) => failed.has(key),
  };
}

export async function showReport(deps: KnowledgeDeps, dc: DialogContext, id: string): Promise<void> {
  const { t, identity } = turnInfo(dc.context);
  const r = await deps.announcements.report(identity, id, deliveryFacts(deps));
  if (!r) await say(dc.context, t('announcements.errors.notFound', { id }));
  else await sendCard(dc.context, reportCard(viewOf(dc.context), r, (inst) => institutionName(deps, inst)));
}

export async function listAnnouncements(deps: KnowledgeDeps, dc: DialogContext): Promise<void> {
  await sendCard(dc.context, listCard(viewOf(dc.context), deps.announcements.mine(turnInfo(dc.context).identity)));
}
