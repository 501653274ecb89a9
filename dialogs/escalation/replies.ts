// Answers shared by the escalation dialogs, commands and card actions: the text of a refusal or of a
// done action, a typed action with its result, and one case as a card.
import type { TurnContext } from 'botbuilder';
import { say, sendCard } from '../../src/bot/reply.js';
import { turnInfo, type TurnInfo } from '../../src/bot/turn.js';
import type { ActResult, EscalationService } from '../../src/escalations/service.js';
import type { Refusal } from '../../src/escalations/stateMachine.js';
import type { ActionInput, Escalation } from '../../src/escalations/types.js';
import type { EscalationCards } from './render.js';

/** What every part of the capability works with: the service (data) and the cards (presentation). */
export interface Escalations {
  service: EscalationService;
  cards: EscalationCards;
}

export type RefusalReason = Refusal | 'notFound' | 'invalid' | 'unavailable';

/** A case card shown in a channel gets the channel view: no summary, no thread. */
export function where(ctx: TurnContext): 'personal' | 'channel' {
  const type = ctx.activity.conversation?.conversationType;
  return type === undefined || type === 'personal' ? 'personal' : 'channel';
}

/** Text of a refusal for a typed command or a card banner. */
export function refusalText(info: TurnInfo, service: EscalationService, reason: RefusalReason, c: Escalation | undefined, caseId: string): string {
  const { t } = info;
  switch (reason) {
    case 'notFound':
      return t('escalations.error.notFound', { id: caseId });
    case 'forbidden':
      return t('errors.noAccess');
    case 'stale':
      return t('escalations.error.stale', { id: caseId });
    case 'invalidState':
      if (c?.assignee && c.status !== 'erledigt' && c.status !== 'zurueckgezogen') return t('escalations.error.alreadyTaken', { id: caseId, name: service.nameOf(c.assignee, c.unitId) || t('escalations.someone.dative') });
      return t('escalations.error.invalidState', { id: caseId, status: c ? t(`escalations.status.${c.status}`) : '' });
    case 'notMember':
      return t('escalations.error.notMember');
    case 'unchanged':
      return t('escalations.error.unchanged', { id: caseId });
    case 'threadFull':
      return t('escalations.error.threadFull', { id: caseId });
    case 'unavailable':
      return t('escalations.error.unavailable');
    case 'invalid':
      return t('escalations.error.invalid');
  }
}

export function doneText(info: TurnInfo, service: EscalationService, input: ActionInput, c: Escalation, redacted: number): string {
  const { t } = info;
  const base =
    input.verb === 'assign' ? t('escalations.done.assign', { id: c.id, name: service.nameOf(input.to, c.unitId) || t('escalations.someone.dative') })
    : t(`escalations.done.${input.verb}`, { id: c.id });
  return redacted > 0 ? `${base} ${t('escalations.done.redacted', { count: redacted })}` : base;
}

/** A typed action: result as text plus the current card for the actor. */
export async function runAction(ctx: TurnContext, { service, cards }: Escalations, input: ActionInput): Promise<ActResult> {
  const info = turnInfo(ctx);
  const result = await service.act(info.identity, input, info.locale);
  if (result.ok) {
    await say(ctx, doneText(info, service, input, result.c, result.redacted));
    const viewed = await service.view(info.identity, result.c.id, where(ctx), ctx.activity.conversation?.id);
    if (viewed) await sendCard(ctx, cards.caseCard(viewed.c, viewed.view, info.locale));
    return result;
  }
  await say(ctx, refusalText(info, service, result.reason, 'c' in result ? result.c : undefined, input.caseId));
  return result;
}

/** One case as a card in the viewer's view; "not found" alike for missing and foreign cases. */
export async function showCase(ctx: TurnContext, { service, cards }: Escalations, caseId: string): Promise<void> {
  const info = turnInfo(ctx);
  const viewed = await service.view(info.identity, caseId, where(ctx), ctx.activity.conversation?.id);
  if (!viewed) {
    await say(ctx, info.t('escalations.error.notFound', { id: caseId }));
    return;
  }
  if (viewed.view === 'limited' && info.identity.role !== 'admin') {
    await say(ctx, info.t('errors.noAccess'));
    return;
  }
  await sendCard(ctx, cards.caseCard(viewed.c, viewed.view, info.locale));
}
