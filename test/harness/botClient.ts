// Sends Bot Framework activities to the bot over real HTTP, as the Teams channel would.
import { randomUUID } from 'node:crypto';
import type { FakeConnector, Received } from './fakeConnector.js';

export const TENANT = '11111111-2222-3333-4444-555555555555';

export interface TestUser {
  aadObjectId: string;
  locale?: string;
  tenant?: string;
}

export interface SendResult {
  status: number;
  body: string;
  replies: Received[];
}

export class BotClient {
  /** Ids of the activities sent: the bot's replies within a turn are posted to `/activities/{one of them}`. */
  readonly sentIds = new Set<string>();

  /** `botUrl` may be a function, for a client that follows a restarted server (see useBot). */
  constructor(
    private readonly botUrl: string | (() => string),
    private readonly connector: FakeConnector,
  ) {}

  conversationId(user: TestUser): string {
    return `a:personal-${user.aadObjectId}`;
  }

  activity(user: TestUser, fields: Record<string, unknown>): Record<string, unknown> {
    const tenant = user.tenant ?? TENANT;
    return {
      type: 'message',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: 'Testnutzer' },
      recipient: { id: '28:integrationslotse', name: 'Integrationslotse' },
      conversation: { id: this.conversationId(user), conversationType: 'personal', tenantId: tenant },
      channelData: { tenant: { id: tenant } },
      locale: user.locale ?? 'de-DE',
      ...fields,
    };
  }

  /** Posts one activity; the bot answers the POST after the turn, so the turn's replies are all in by then. */
  async send(user: TestUser, fields: Record<string, unknown>): Promise<SendResult> {
    const activity = this.activity(user, fields);
    this.sentIds.add(activity.id as string);
    const before = this.connector.received.length;
    const res = await this.post(JSON.stringify(activity));
    const replies = this.connector.received
      .slice(before)
      .filter((r) => r.body?.type !== 'typing' && r.conversationId === (activity.conversation as { id: string }).id);
    return { ...res, replies };
  }

  say(user: TestUser, text: string): Promise<SendResult> {
    return this.send(user, { text });
  }

  async post(body: string | Buffer, headers: Record<string, string> = {}, path = '/api/messages'): Promise<{ status: number; body: string }> {
    const base = typeof this.botUrl === 'function' ? this.botUrl() : this.botUrl;
    const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: await res.text() };
  }
}

/** All visible text of an activity: its text plus the TextBlock/TextRun texts, fact values and button titles of its cards. */
export function visibleText(activity: { text?: string; attachments?: unknown[]; suggestedActions?: unknown } | undefined): string {
  if (!activity) return '';
  const parts: string[] = [activity.text ?? ''];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      if (typeof o.title === 'string') parts.push(o.title);
      if (typeof o.value === 'string' && o.type === undefined) parts.push(o.value);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(activity.attachments);
  walk(activity.suggestedActions);
  return parts.join('\n');
}

/** All visible text of a reply the fake connector received. */
export function textOf(reply: Received): string {
  return visibleText(reply.body);
}
