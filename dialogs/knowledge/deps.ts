// What the knowledge, material and announcement dialogs share: the services over the one store file and
// the parts of the core they notify through.
import type { TurnContext } from 'botbuilder';
import type { CapabilityContext } from '../../src/bot/capability.js';
import { turnInfo } from '../../src/bot/turn.js';
import type { KnowledgeView } from '../../src/cards/knowledgeParts.js';
import { translator } from '../../src/i18n/i18n.js';
import type { Locale } from '../../src/text/locale.js';
import { formatter } from '../../src/i18n/format.js';
import type { AnnouncementService } from '../../src/announcements/service.js';
import type { ExpertQuestionService } from '../../src/knowledge/questions.js';
import type { KnowledgeService } from '../../src/knowledge/service.js';
import type { MaterialService } from '../../src/material/service.js';
import type { Identity } from '../../src/roles/types.js';

export interface KnowledgeDeps {
  knowledge: KnowledgeService;
  questions: ExpertQuestionService;
  material: MaterialService;
  announcements: AnnouncementService;
  core: Pick<CapabilityContext, 'notifier' | 'delivery' | 'institutions' | 'config' | 'log'>;
}

export function viewOf(ctx: TurnContext): KnowledgeView {
  const { t, fmt, locale, identity } = turnInfo(ctx);
  return { t, fmt, locale, identity };
}

/** Proactive messages go out in German (the recipients' language is not known outside their turn). */
export function recipientView(deps: KnowledgeDeps, identity: Identity, locale: Locale = 'de'): KnowledgeView {
  return { t: translator(locale), fmt: formatter(locale, deps.core.config.timeZone), locale, identity };
}

export function institutionName(deps: KnowledgeDeps, id: string): string {
  return deps.core.institutions.byId(id)?.name ?? id;
}
