// "wissen …" / "knowledge …": one entry by id, the new-entry form for coordinators and admins, the
// overview, or (any other text) the same answer as "frage". "fachfragen": the unit's pending questions.
import type { DialogContext } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { coordinatorCard } from '../../src/cards/expertCards.js';
import { entryCard, entryFormCard } from '../../src/cards/knowledgeCards.js';
import { EDIT_ROLES } from '../../src/knowledge/service.js';
import { ID_IN_TEXT } from '../../src/knowledge/types.js';
import { answerQuestion } from './askDialog.js';
import { institutionName, viewOf, type KnowledgeDeps } from './deps.js';
import { say, sendCard } from './reply.js';

const PENDING_SHOWN = 5;

export async function showKnowledge(deps: KnowledgeDeps, dc: DialogContext, args: string): Promise<void> {
  const { t, identity } = turnInfo(dc.context);
  const id = ID_IN_TEXT.exec(args)?.[0]?.toUpperCase();
  if (id?.startsWith('KB-')) {
    const entry = await deps.knowledge.entry(identity, id);
    if (!entry) await say(dc.context, t('knowledge.errors.notFound', { id }));
    else await sendCard(dc.context, entryCard(viewOf(dc.context), entry, deps.knowledge.isStale(entry), EDIT_ROLES.includes(identity.role)));
    return;
  }
  if (args.trim()) {
    await answerQuestion(deps, dc, args.trim());
    return;
  }
  const counts = deps.knowledge.counts();
  const lines = [t('knowledge.overview.counts', { active: counts.active, stale: counts.stale, retired: counts.retired }), t('knowledge.overview.hint')];
  if (EDIT_ROLES.includes(identity.role)) lines.push(t('knowledge.overview.editorHint'));
  await say(dc.context, lines.join('\n\n'));
}

export async function newEntryForm(dc: DialogContext): Promise<void> {
  await sendCard(dc.context, entryFormCard(viewOf(dc.context)));
}

export async function showPending(deps: KnowledgeDeps, dc: DialogContext): Promise<void> {
  const { t, identity } = turnInfo(dc.context);
  const list = await deps.questions.pending(identity);
  if (list.length === 0) {
    await say(dc.context, t('knowledge.pending.none'));
    return;
  }
  await say(dc.context, t('knowledge.pending.count', { count: list.length, shown: Math.min(list.length, PENDING_SHOWN) }));
  for (const q of list.slice(0, PENDING_SHOWN)) {
    await sendCard(dc.context, coordinatorCard(viewOf(dc.context), q, { institutionName: institutionName(deps, q.institutionId), unitName: deps.questions.unitName(q.unitId) }));
  }
}
