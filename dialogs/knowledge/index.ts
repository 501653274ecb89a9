// Knowledge capabilities (issue 14) and the module that owns DATA_DIR/knowledge.json for them and for the
// material library and announcements (dialogs/material, dialogs/announcements):
//   Officers, coordinators, admins: "frage <text>" / "ask <text>" (also a free question the base answers),
//                  "wissen [KB-…]" / "knowledge [KB-…]".
//   Officers:      "fachfrage <text>" / "ask expert <text>", "praxisbeispiel <text>" / "good practice <text>".
//   Coordinators:  "fachfragen" / "expert questions" — answer and publish in the card.
//   Coordinators, admins: "wissen neu" / "knowledge new"; edit, confirm, retire in the entry card.
import type { TurnContext } from 'botbuilder';
import type { Capability, CapabilityContext, OpenCapabilityModule } from '../../src/bot/capability.js';
import { turnInfo } from '../../src/bot/turn.js';
import { entryCard } from '../../src/cards/knowledgeCards.js';
import { AnnouncementService } from '../../src/announcements/service.js';
import { loadRouting } from '../../src/escalations/routing.js';
import { ExpertQuestionService } from '../../src/knowledge/questions.js';
import { loadKnowledgeSample } from '../../src/knowledge/sample.js';
import { EDIT_ROLES, KnowledgeService, READ_ROLES } from '../../src/knowledge/service.js';
import { isNewKnowledgeStore, openKnowledgeStore } from '../../src/knowledge/store.js';
import { emptyKnowledge } from '../../src/knowledge/types.js';
import { interpreterFileDemand, type LanguageDemandPort } from '../../src/material/demand.js';
import { MaterialService } from '../../src/material/service.js';
import { announcementCapabilities } from '../announcements/index.js';
import { materialCapabilities } from '../material/index.js';
import { AskDialog, ASK_DIALOG } from './askDialog.js';
import { KNOWLEDGE_CARD_ACTIONS } from './cardActions.js';
import { KNOWLEDGE_PHRASES } from './commands.js';
import { viewOf, type KnowledgeDeps } from './deps.js';
import { newEntryForm, showKnowledge, showPending } from './entries.js';
import { EXPERT_DIALOG, ExpertDialog, PRACTICE_DIALOG } from './expertDialog.js';
import type { ExtensionItem } from '../../src/bot/capability.js';
import { errorResponse } from './reply.js';
import { outboxOf } from '../../src/outbox/withMessages.js';

const SEARCH_RESULTS = 5;

/** Message-extension results: any entry the search finds (the user picks), as the entry card. */
async function searchEntries(deps: KnowledgeDeps, ctx: TurnContext, query: string): Promise<ExtensionItem[]> {
  const { identity } = turnInfo(ctx);
  const found = await deps.knowledge.ask(identity, query, SEARCH_RESULTS);
  const view = viewOf(ctx);
  return found.entries.map(({ entry, stale }) => ({
    title: entry.question[view.locale] ?? entry.question.de,
    text: `${entry.id} · ${view.t('knowledge.card.confirmed', { date: view.fmt.day(entry.lastConfirmed) })}`,
    card: entryCard(view, entry, stale, false).card as unknown as Record<string, unknown>,
  }));
}

export function knowledgeCapabilities(deps: KnowledgeDeps): Capability[] {
  const verbs = Object.keys(KNOWLEDGE_CARD_ACTIONS);
  const onCardAction = async (ctx: TurnContext, verb: string, data: unknown) => {
    const handler = KNOWLEDGE_CARD_ACTIONS[verb];
    return handler ? handler(deps, ctx, data) : errorResponse(400, 'unknown action');
  };
  return [
    {
      id: 'knowledge.ask', phrases: KNOWLEDGE_PHRASES.ask, roles: READ_ROLES,
      menu: { label: 'knowledge.menu.ask', command: { de: 'frage', en: 'ask' } },
      dialogs: [new AskDialog(deps)],
      start: (dc, args) => dc.beginDialog(ASK_DIALOG, { args }),
      recognizes: (text) => deps.knowledge.recognizes(text),
      answersQuestions: true,
      cardVerbs: verbs, onCardAction,
      searchExtension: (ctx, query) => searchEntries(deps, ctx, query),
    },
    { id: 'knowledge.show', phrases: KNOWLEDGE_PHRASES.show, roles: READ_ROLES, start: (dc, args) => showKnowledge(deps, dc, args) },
    {
      id: 'knowledge.create', phrases: KNOWLEDGE_PHRASES.create, roles: EDIT_ROLES,
      menu: { label: 'knowledge.menu.create', command: { de: 'wissen neu', en: 'knowledge new' } },
      start: (dc) => newEntryForm(dc),
    },
    {
      id: 'knowledge.expert', phrases: KNOWLEDGE_PHRASES.expert, roles: ['officer'],
      menu: { label: 'knowledge.menu.expert', command: { de: 'fachfrage', en: 'ask expert' } },
      dialogs: [new ExpertDialog(deps, 'question')],
      start: (dc, args) => dc.beginDialog(EXPERT_DIALOG, { args }),
    },
    {
      id: 'knowledge.practice', phrases: KNOWLEDGE_PHRASES.practice, roles: ['officer'],
      menu: { label: 'knowledge.menu.practice', command: { de: 'praxisbeispiel', en: 'good practice' } },
      dialogs: [new ExpertDialog(deps, 'practice')],
      start: (dc, args) => dc.beginDialog(PRACTICE_DIALOG, { args }),
    },
    {
      id: 'knowledge.pending', phrases: KNOWLEDGE_PHRASES.pending, roles: ['coordinator'],
      menu: { label: 'knowledge.menu.pending', command: { de: 'fachfragen', en: 'expert questions' } },
      start: (dc) => showPending(deps, dc),
    },
  ];
}

export interface KnowledgeModuleOptions {
  /** Interpreter requests per language (read-only); default: the interpreter capability's durable file. */
  demand?: LanguageDemandPort;
}

export function knowledgeModule(options: KnowledgeModuleOptions = {}): OpenCapabilityModule {
  return async (ctx: CapabilityContext) => {
    const timeZone = ctx.config.timeZone;
    const sample = ctx.config.env !== 'production' && isNewKnowledgeStore(ctx.dataDir);
    const store = await openKnowledgeStore({ dataDir: ctx.dataDir, log: ctx.log, initial: sample ? () => loadKnowledgeSample(ctx.clock.now(), timeZone) : emptyKnowledge });
    const knowledge = new KnowledgeService({ store, audit: ctx.audit, clock: ctx.clock, timeZone });
    const deps: KnowledgeDeps = {
      knowledge,
      questions: new ExpertQuestionService({ knowledge, roles: ctx.roles, institutions: ctx.institutions, routing: loadRouting(ctx.institutions), language: ctx.language, outbox: () => outboxOf(ctx.notifier, 'expert questions') }),
      material: new MaterialService({ store, audit: ctx.audit, clock: ctx.clock, timeZone, institutions: ctx.institutions, demand: options.demand ?? interpreterFileDemand(ctx.dataDir), topics: knowledge.topics }),
      announcements: new AnnouncementService({ store, audit: ctx.audit, clock: ctx.clock, roles: ctx.roles, institutions: ctx.institutions, outbox: () => outboxOf(ctx.notifier, 'announcements') }),
      core: ctx,
    };
    return {
      capabilities: [...knowledgeCapabilities(deps), ...materialCapabilities(deps), ...announcementCapabilities(deps)],
      close: () => store.close(),
    };
  };
}

export const openKnowledgeModule: OpenCapabilityModule = knowledgeModule();
