// The search message extension (manifest composeExtensions, command "search"): from any chat or channel
// a user searches contacts, knowledge entries and material and inserts the result card. Every capability
// that offers `searchExtension` answers, but only when the user's role may use it in the 1:1 chat too;
// the capabilities audit what they return. The query is client input: parsed and capped here.
import type { MessagingExtensionQuery, MessagingExtensionResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Capability, ExtensionItem } from './capability.js';
import { turnInfo } from './turn.js';

export const SEARCH_COMMAND_ID = 'search';
export const QUERY_PARAMETER = 'query';
const QUERY_MAX = 200;
const PER_CAPABILITY = 5;
const RESULTS_MAX = 15;
const PREVIEW_MAX = 120;

const querySchema = z.object({
  commandId: z.string().max(100).optional(),
  parameters: z.array(z.object({ name: z.string().max(100).optional(), value: z.unknown() }).loose()).max(10).optional(),
  queryOptions: z.object({ skip: z.number().optional(), count: z.number().optional() }).loose().optional(),
}).loose();

function message(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

function clip(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function attachment(item: ExtensionItem) {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: item.card,
    preview: { contentType: 'application/vnd.microsoft.card.thumbnail', content: { title: clip(item.title, PREVIEW_MAX), ...(item.text ? { text: clip(item.text, PREVIEW_MAX) } : {}) } },
  };
}

/** The query text of a search invoke, or undefined when it is not ours or malformed. */
export function queryText(query: unknown): string | undefined {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success || (parsed.data.commandId && parsed.data.commandId !== SEARCH_COMMAND_ID)) return undefined;
  const value = parsed.data.parameters?.find((p) => p.name === QUERY_PARAMETER)?.value ?? parsed.data.parameters?.[0]?.value;
  return typeof value === 'string' ? value.trim().slice(0, QUERY_MAX) : '';
}

export async function answerExtensionQuery(ctx: TurnContext, query: MessagingExtensionQuery, capabilities: readonly Capability[]): Promise<MessagingExtensionResponse> {
  const { identity, t } = turnInfo(ctx);
  if (identity.userKey === 'anonymous') return message(t('errors.noAccess'));
  const text = queryText(query);
  if (text === undefined) return message(t('knowledge.extension.invalid'));
  if (text.length < 2) return message(t('knowledge.extension.prompt'));
  const allowed = capabilities.filter((c) => c.searchExtension && c.roles.includes(identity.role));
  const items: ExtensionItem[] = [];
  for (const capability of allowed) items.push(...(await capability.searchExtension!(ctx, text)).slice(0, PER_CAPABILITY));
  if (items.length === 0) return message(t('knowledge.extension.none'));
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: items.slice(0, RESULTS_MAX).map(attachment) as never } };
}
