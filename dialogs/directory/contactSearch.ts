// Message-extension results from the contact directory: the same search as "kontakte …" (audited reads
// in the service), each contact as its own card. The directory capability offers it as `searchExtension`.
import type { TurnContext } from 'botbuilder';
import type { ExtensionItem } from '../../src/bot/capability.js';
import { turnInfo } from '../../src/bot/turn.js';
import { contactBlock } from '../../src/cards/directoryCards.js';
import { card } from '../../src/cards/elements.js';
import type { DirectoryService } from '../../src/directory/service.js';
import type { InstitutionDirectory } from '../../src/institutions/institutions.js';

const CONTACTS_SHOWN = 5;

export async function searchContacts(service: DirectoryService, institutions: InstitutionDirectory, ctx: TurnContext, query: string): Promise<ExtensionItem[]> {
  const { identity, t, fmt, locale } = turnInfo(ctx);
  const result = await service.search(identity, query, CONTACTS_SHOWN);
  const view = { t, fmt, locale, today: service.today(), institution: (id: string) => institutions.byId(id) };
  return result.contacts.map((c) => ({
    title: c.name,
    text: [c.institutionId ? institutions.byId(c.institutionId)?.name : undefined, c.region].filter(Boolean).join(' · '),
    card: card([contactBlock(view, c)]) as unknown as Record<string, unknown>,
  }));
}
