// Proactive messages of the expert questions (idempotent keys): the new question to every coordinator
// of its unit, the answer and the publication to the officer. Built inside the commit of the change
// (ExpertQuestionService), so the question, these outbox rows and the audit entries go together.
import { coordinatorCard, requesterNotice } from '../../src/cards/expertCards.js';
import type { QuestionMessages } from '../../src/knowledge/questions.js';
import type { ExpertQuestion } from '../../src/knowledge/types.js';
import { institutionName, recipientView, type KnowledgeDeps } from './deps.js';

function context(deps: KnowledgeDeps, q: ExpertQuestion) {
  return { institutionName: institutionName(deps, q.institutionId), unitName: deps.questions.unitName(q.unitId) };
}

/** The new question's card to each coordinator of its unit (none while the unit has nobody in the roster). */
export function toCoordinators(deps: KnowledgeDeps): QuestionMessages {
  return (q) =>
    deps.questions.coordinatorsOf(q.unitId).map((userKey) => {
      const built = coordinatorCard(recipientView(deps, { userKey, role: 'coordinator', unitId: q.unitId }), q, context(deps, q));
      return { target: { userKey }, key: `ff:${q.id}:new:${userKey}`, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> } };
    });
}

export function toRequester(deps: KnowledgeDeps, event: 'answered' | 'published'): QuestionMessages {
  return (q) => {
    const built = requesterNotice(recipientView(deps, { userKey: q.requester, role: 'officer', institutionId: q.institutionId }), q, context(deps, q));
    return [{ target: { userKey: q.requester }, key: `ff:${q.id}:${event}`, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> } }];
  };
}
