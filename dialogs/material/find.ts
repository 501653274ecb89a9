// "material <Thema> [Sprache]" and "fehlende Sprachen [Einrichtung]": the library search and the
// per-institution view of requested languages without material. Officers see their own institution;
// coordinators and admins name one.
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import type { ExtensionItem } from '../../src/bot/capability.js';
import { materialCard, missingCard } from '../../src/cards/materialCards.js';
import { normalize } from '../../src/text/normalize.js';
import { institutionName, viewOf, type KnowledgeDeps } from '../knowledge/deps.js';
import { say, sendCard } from '../knowledge/reply.js';
import { OWN_INSTITUTION } from './words.js';

export async function findMaterial(deps: KnowledgeDeps, dc: DialogContext, args: string): Promise<void> {
  const { identity } = turnInfo(dc.context);
  const result = await deps.material.find(identity, args);
  await sendCard(dc.context, materialCard(viewOf(dc.context), result, deps.material.today()));
}

export async function missingLanguages(deps: KnowledgeDeps, dc: DialogContext, args: string): Promise<void> {
  const { identity, t } = turnInfo(dc.context);
  let institutionId = identity.role === 'officer' ? identity.institutionId : undefined;
  const named = args.trim();
  if (named && !OWN_INSTITUTION.includes(normalize(named))) {
    const found = deps.core.institutions.find(named);
    if ('ambiguous' in found) {
      await say(dc.context, t('material.missing.ambiguous', { names: found.ambiguous.slice(0, 5).map((i) => i.name).join(', ') }));
      return;
    }
    if ('none' in found) {
      await say(dc.context, t('material.missing.unknownInstitution'));
      return;
    }
    // Officers see their own institution only; naming another is answered with their own.
    if (identity.role !== 'officer') institutionId = found.match.id;
  }
  if (!institutionId) {
    await say(dc.context, t('material.missing.nameInstitution'));
    return;
  }
  const result = await deps.material.missingLanguages(identity, institutionId);
  await sendCard(dc.context, missingCard(viewOf(dc.context), result, institutionName(deps, institutionId)));
}

/** Message-extension results: one card per item found. */
export async function searchMaterial(deps: KnowledgeDeps, ctx: TurnContext, query: string): Promise<ExtensionItem[]> {
  const { identity } = turnInfo(ctx);
  const result = await deps.material.find(identity, query);
  const view = viewOf(ctx);
  return result.items.map((m) => ({
    title: m.title,
    text: `${view.t(`material.format.${m.format}`)} · ${m.languages.join(', ')}`,
    card: materialCard(view, { ...result, items: [m], total: 1 }, deps.material.today()).card as unknown as Record<string, unknown>,
  }));
}
