// Proactive messages of the expert questions, through the persisted outbox (idempotent keys): the new
// question to every coordinator of its unit, the answer and the publication to the officer.
import { coordinatorCard, requesterNotice } from '../../src/cards/expertCards.js';
import type { ExpertQuestion } from '../../src/knowledge/types.js';
import { institutionName, recipientView, type KnowledgeDeps } from './deps.js';

function context(deps: KnowledgeDeps, q: ExpertQuestion) {
  return { institutionName: institutionName(deps, q.institutionId), unitName: deps.questions.unitName(q.unitId) };
}

/** Returns how many coordinators were notified (0: the unit has nobody in the roster yet). */
export async function notifyCoordinators(deps: KnowledgeDeps, q: ExpertQuestion): Promise<number> {
  const keys = deps.questions.coordinatorsOf(q.unitId);
  await deps.core.notifier.enqueue(
    keys.map((userKey) => {
      const built = coordinatorCard(recipientView(deps, { userKey, role: 'coordinator', unitId: q.unitId }), q, context(deps, q));
      return { target: { userKey }, key: `ff:${q.id}:new:${userKey}`, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> } };
    }),
  );
  return keys.length;
}

export async function notifyRequester(deps: KnowledgeDeps, q: ExpertQuestion, event: 'answered' | 'published'): Promise<void> {
  const built = requesterNotice(recipientView(deps, { userKey: q.requester, role: 'officer', institutionId: q.institutionId }), q, context(deps, q));
  await deps.core.notifier.enqueue({ target: { userKey: q.requester }, key: `ff:${q.id}:${event}`, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> } });
}
