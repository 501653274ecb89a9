// Action.Execute verbs of the knowledge cards, one function each. Data is client input: parsed strictly
// (only the keys our cards send, plus their inputs); role, unit and record version are checked again by
// the services. "Not yours" and "does not exist" get the same answer.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { turnInfo } from '../../src/bot/turn.js';
import { coordinatorCard, requesterNotice, QUESTION_VERBS } from '../../src/cards/expertCards.js';
import { entryCard, entryFormCard, feedbackCard, KNOWLEDGE_VERBS } from '../../src/cards/knowledgeCards.js';
import type { FieldProblem } from '../../src/knowledge/entryForm.js';
import { EDIT_ROLES } from '../../src/knowledge/service.js';
import type { EntryResult } from '../../src/knowledge/service.js';
import { ENTRY_ID, QUESTION_ID, type ExpertQuestion } from '../../src/knowledge/types.js';
import { institutionName, viewOf, type KnowledgeDeps } from './deps.js';
import { toRequester } from './notify.js';
import { cardResponse, errorResponse, messageResponse } from './reply.js';

const cmd = z.string().max(300).optional();
const version = z.int().min(1).max(1_000_000);
const input = z.string().max(5000).optional();
const formInputs = { question_de: input, question_en: input, answer_de: input, answer_en: input, topics: input, source: input, valid_from: input };

const schemas = {
  feedback: z.strictObject({ entryId: z.string().regex(ENTRY_ID), helpful: z.boolean(), q: z.string().max(300).optional(), cmd }),
  save: z.strictObject({ entryId: z.string().regex(ENTRY_ID).optional(), version: version.optional(), ...formInputs, cmd }),
  state: z.strictObject({ entryId: z.string().regex(ENTRY_ID), version, cmd }),
  answer: z.strictObject({ questionId: z.string().regex(QUESTION_ID), version, answer: input, cmd }),
  publish: z.strictObject({ questionId: z.string().regex(QUESTION_ID), version, ...formInputs, cmd }),
  refresh: z.strictObject({ questionId: z.string().regex(QUESTION_ID), cmd }),
};

type Handler = (deps: KnowledgeDeps, ctx: TurnContext, data: unknown) => Promise<AdaptiveCardInvokeResponse>;

function invalid(ctx: TurnContext): AdaptiveCardInvokeResponse {
  return errorResponse(400, turnInfo(ctx).t('knowledge.errors.invalid'));
}

function entryRefusal(ctx: TurnContext, result: Exclude<EntryResult, { ok: true }>, id: string): AdaptiveCardInvokeResponse {
  const { t } = turnInfo(ctx);
  if (result.reason === 'forbidden') return errorResponse(403, t('errors.noAccess'));
  if (result.reason === 'stale') return messageResponse(t('knowledge.errors.stale', { id }));
  return messageResponse(t('knowledge.errors.notFound', { id }));
}

const feedback: Handler = async (deps, ctx, data) => {
  const parsed = schemas.feedback.safeParse(data);
  if (!parsed.success) return invalid(ctx);
  const result = await deps.knowledge.feedback(turnInfo(ctx).identity, parsed.data.entryId, parsed.data.helpful);
  if (!result.ok) return entryRefusal(ctx, result, parsed.data.entryId);
  return cardResponse(feedbackCard(viewOf(ctx), result.entry, deps.knowledge.isStale(result.entry), parsed.data.helpful, parsed.data.q ?? ''));
};

const save: Handler = async (deps, ctx, data) => {
  const parsed = schemas.save.safeParse(data);
  if (!parsed.success) return invalid(ctx);
  const { entryId, version: v, cmd: _cmd, ...form } = parsed.data;
  if ((entryId === undefined) !== (v === undefined)) return invalid(ctx);
  const { identity, t, locale } = turnInfo(ctx);
  // Personal data out before the entry is stored and shown to every officer (issue 10).
  const redacted = await deps.questions.redactForm(form, locale);
  const result = await deps.knowledge.save(identity, redacted.form, entryId ? { id: entryId, version: v! } : undefined);
  if (result.ok) {
    const notice = t('knowledge.form.saved', { id: result.entry.id }) + (redacted.count > 0 ? ` ${t('knowledge.question.publishRedacted', { count: redacted.count })}` : '');
    return cardResponse(entryCard(viewOf(ctx), result.entry, deps.knowledge.isStale(result.entry), true, notice));
  }
  if (result.reason === 'invalid') {
    const current = entryId ? deps.knowledge.store.data.entries[entryId] : undefined;
    const values = Object.fromEntries(Object.entries(form).map(([k, val]) => [k, String(val ?? '')]));
    return cardResponse(entryFormCard(viewOf(ctx), current, values, result.problems));
  }
  return entryRefusal(ctx, result, entryId ?? '');
};

const CHANGED = { confirm: 'knowledge.entry.confirmed', retire: 'knowledge.entry.retired', reactivate: 'knowledge.entry.reactivated' } as const;

const setState = (change: 'confirm' | 'retire' | 'reactivate'): Handler => async (deps, ctx, data) => {
  const parsed = schemas.state.safeParse(data);
  if (!parsed.success) return invalid(ctx);
  const { identity, t } = turnInfo(ctx);
  const result = await deps.knowledge.setState(identity, parsed.data.entryId, parsed.data.version, change);
  if (!result.ok) return entryRefusal(ctx, result, parsed.data.entryId);
  return cardResponse(entryCard(viewOf(ctx), result.entry, deps.knowledge.isStale(result.entry), EDIT_ROLES.includes(identity.role), t(CHANGED[change], { id: result.entry.id })));
};

function questionContext(deps: KnowledgeDeps, q: ExpertQuestion, extra: { notice?: string; values?: Record<string, string>; problems?: FieldProblem[] } = {}) {
  return { institutionName: institutionName(deps, q.institutionId), unitName: deps.questions.unitName(q.unitId), ...extra };
}

function questionRefusal(ctx: TurnContext, reason: string, id: string): AdaptiveCardInvokeResponse {
  const { t } = turnInfo(ctx);
  if (reason === 'stale') return messageResponse(t('knowledge.errors.stale', { id }));
  if (reason === 'invalidState') return messageResponse(t('knowledge.errors.invalidState', { id }));
  if (reason === 'tooShort' || reason === 'tooLong') return messageResponse(t(`knowledge.errors.answer.${reason}`));
  return messageResponse(t('knowledge.errors.questionNotFound', { id }));
}

const answer: Handler = async (deps, ctx, data) => {
  const parsed = schemas.answer.safeParse(data);
  if (!parsed.success) return invalid(ctx);
  const { identity, t, locale } = turnInfo(ctx);
  const result = await deps.questions.answer(identity, parsed.data.questionId, parsed.data.version, parsed.data.answer ?? '', toRequester(deps, 'answered'), locale);
  if (!result.ok) return questionRefusal(ctx, result.reason, parsed.data.questionId);
  return cardResponse(coordinatorCard(viewOf(ctx), result.question, questionContext(deps, result.question, { notice: t('knowledge.question.answered', { id: result.question.id }) })));
};

const publish: Handler = async (deps, ctx, data) => {
  const parsed = schemas.publish.safeParse(data);
  if (!parsed.success) return invalid(ctx);
  const { identity, t, locale } = turnInfo(ctx);
  const { questionId, version: v, cmd: _cmd, ...form } = parsed.data;
  const result = await deps.questions.publish(identity, questionId, v, form, locale, toRequester(deps, 'published'));
  if (!result.ok) {
    if (result.reason !== 'invalid') return questionRefusal(ctx, result.reason, questionId);
    const q = deps.knowledge.store.data.questions[questionId]!;
    const values = Object.fromEntries(Object.entries(form).map(([k, val]) => [k, String(val ?? '')]));
    return cardResponse(coordinatorCard(viewOf(ctx), q, questionContext(deps, q, { values, problems: result.problems, notice: t('knowledge.form.invalid') })));
  }
  const notice = t('knowledge.question.published', { id: result.entry.id }) + (result.redacted > 0 ? ` ${t('knowledge.question.publishRedacted', { count: result.redacted })}` : '');
  return cardResponse(coordinatorCard(viewOf(ctx), result.question, questionContext(deps, result.question, { notice })));
};

const refresh: Handler = async (deps, ctx, data) => {
  const parsed = schemas.refresh.safeParse(data);
  if (!parsed.success) return invalid(ctx);
  const { identity } = turnInfo(ctx);
  const q = await deps.questions.question(identity, parsed.data.questionId);
  if (!q) return questionRefusal(ctx, 'notFound', parsed.data.questionId);
  const view = viewOf(ctx);
  return cardResponse(q.requester === identity.userKey ? requesterNotice(view, q, questionContext(deps, q)) : coordinatorCard(view, q, questionContext(deps, q)));
};

export const KNOWLEDGE_CARD_ACTIONS: Record<string, Handler> = {
  [KNOWLEDGE_VERBS.feedback]: feedback,
  [KNOWLEDGE_VERBS.save]: save,
  [KNOWLEDGE_VERBS.confirm]: setState('confirm'),
  [KNOWLEDGE_VERBS.retire]: setState('retire'),
  [KNOWLEDGE_VERBS.reactivate]: setState('reactivate'),
  [QUESTION_VERBS.answer]: answer,
  [QUESTION_VERBS.publish]: publish,
  [QUESTION_VERBS.refresh]: refresh,
};
