// Action.Execute verbs of the announcement cards: "Zur Kenntnis genommen" (recipients only, once) and the
// sender's refreshed read report. Data parsed strictly; "not yours" and "does not exist" answer alike.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { turnInfo } from '../../src/bot/turn.js';
import { ANNOUNCEMENT_VERBS, recipientCard, reportCard } from '../../src/cards/announcementCards.js';
import { ANNOUNCEMENT_ID } from '../../src/knowledge/types.js';
import { institutionName, viewOf, type KnowledgeDeps } from '../knowledge/deps.js';
import { cardResponse, errorResponse, messageResponse } from '../knowledge/reply.js';
import { senderName } from './announceDialog.js';
import { deliveryFacts } from './report.js';

const idData = z.strictObject({ announcementId: z.string().regex(ANNOUNCEMENT_ID), cmd: z.string().max(300).optional() });
type Handler = (deps: KnowledgeDeps, ctx: TurnContext, data: unknown) => Promise<AdaptiveCardInvokeResponse>;

const ack: Handler = async (deps, ctx, data) => {
  const { t, identity } = turnInfo(ctx);
  const parsed = idData.safeParse(data);
  if (!parsed.success) return errorResponse(400, t('knowledge.errors.invalid'));
  const result = await deps.announcements.acknowledge(identity, parsed.data.announcementId);
  if (!result.ok) return messageResponse(t('announcements.errors.notFound', { id: parsed.data.announcementId }));
  const a = result.announcement;
  return cardResponse(recipientCard(viewOf(ctx), a, senderName(deps, a), a.acks[identity.userKey]));
};

const report: Handler = async (deps, ctx, data) => {
  const { t, identity } = turnInfo(ctx);
  const parsed = idData.safeParse(data);
  if (!parsed.success) return errorResponse(400, t('knowledge.errors.invalid'));
  const r = await deps.announcements.report(identity, parsed.data.announcementId, deliveryFacts(deps));
  if (!r) return messageResponse(t('announcements.errors.notFound', { id: parsed.data.announcementId }));
  return cardResponse(reportCard(viewOf(ctx), r, (id) => institutionName(deps, id)));
};

export const ANNOUNCEMENT_CARD_ACTIONS: Record<string, Handler> = {
  [ANNOUNCEMENT_VERBS.ack]: ack,
  [ANNOUNCEMENT_VERBS.report]: report,
};
