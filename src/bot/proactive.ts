// DeliveryPorts for the outbox (src/outbox): Teams/Bot Framework over the CloudAdapter, and the
// terminal for the console chat. The outbox decides when and whether; a port only sends once.
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { ConversationRecord } from '../conversations/types.js';
import type { Logger } from '../log/logger.js';
import { DeliveryError, type DeliveryPort, type OutboxPayload } from '../outbox/types.js';

/** The message activity for a payload: the card with its text summary, or the text alone. */
export function activityOf(payload: OutboxPayload): Partial<Activity> {
  return payload.card ? MessageFactory.attachment(CardFactory.adaptiveCard(payload.card), payload.text) : MessageFactory.text(payload.text);
}

/** A ConversationReference rebuilt from the stored record (src/bot/address.ts wrote it). */
export function referenceOf(address: ConversationRecord): Partial<ConversationReference> {
  return {
    channelId: address.channelId,
    serviceUrl: address.serviceUrl,
    conversation: {
      id: address.conversationId,
      isGroup: address.conversationType !== undefined && address.conversationType !== 'personal',
      ...(address.conversationType ? { conversationType: address.conversationType } : {}),
      ...(address.tenantId ? { tenantId: address.tenantId } : {}),
    } as ConversationReference['conversation'],
    bot: { id: address.botId } as ConversationReference['bot'],
    ...(address.userId ? { user: { id: address.userId } as ConversationReference['user'] } : {}),
    ...(address.locale ? { locale: address.locale } : {}),
  };
}

export interface BotDeliveryPortOptions {
  /** MicrosoftAppId; '' when authentication is off (development). */
  appId?: string;
  log?: Logger;
  /**
   * Keep botbuilder's own HTTP retries (default false). The connector client retries 429/503 with
   * Retry-After and 5xx/network errors with exponential backoff, 3 times each, inside one call.
   * The outbox already retries with backoff, jitter, pacing and a bounded attempt count, so by
   * default the retry policy is removed from the per-call connector client of each proactive turn
   * (inbound replies keep it): one outbox attempt = one HTTP request.
   */
  keepConnectorRetries?: boolean;
}

/**
 * Sends through `CloudAdapter.continueConversationAsync`. Errors are caught inside the turn (so the
 * adapter's onTurnError — which would reply and clear dialog state — never sees them) and mapped
 * to DeliveryError with the connector's HTTP status and Retry-After.
 */
export class BotDeliveryPort implements DeliveryPort {
  private warnedRetries = false;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly options: BotDeliveryPortOptions = {},
  ) {}

  /** The console chat's conversations are not reachable over the Bot Connector. */
  accepts(address: ConversationRecord): boolean {
    return address.channelId !== 'console';
  }

  async send(address: ConversationRecord, payload: OutboxPayload): Promise<{ activityId?: string }> {
    let activityId: string | undefined;
    await this.run(address, async (ctx) => {
      const response = await ctx.sendActivity(activityOf(payload));
      activityId = response?.id || undefined;
    });
    return activityId ? { activityId } : {};
  }

  async update(address: ConversationRecord, activityId: string, payload: OutboxPayload): Promise<void> {
    await this.run(address, async (ctx) => {
      await ctx.updateActivity({ ...activityOf(payload), id: activityId });
    });
  }

  private async run(address: ConversationRecord, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown;
    let ran = false;
    try {
      await this.adapter.continueConversationAsync(this.options.appId ?? '', referenceOf(address) as ConversationReference, async (ctx) => {
        ran = true;
        try {
          if (!this.options.keepConnectorRetries) this.dropConnectorRetries(ctx);
          await logic(ctx);
        } catch (err) {
          failure = err;
        }
      });
    } catch (err) {
      failure ??= err; // before the turn: credentials, token acquisition, connector set-up
    }
    if (failure !== undefined) throw toDeliveryError(failure);
    if (!ran) throw new DeliveryError('not_run');
  }

  private dropConnectorRetries(ctx: TurnContext): void {
    const connector = ctx.turnState.get(this.adapter.ConnectorClientKey) as { client?: { pipeline?: { removePolicy?: (o: { name: string }) => unknown[] } } } | undefined;
    const removed = connector?.client?.pipeline?.removePolicy?.({ name: 'defaultRetryPolicy' });
    if ((!removed || removed.length === 0) && !this.warnedRetries) {
      // botbuilder changed inside: still correct, only each attempt may now hide up to 3 retries.
      this.warnedRetries = true;
      this.options.log?.warn('outbox.connector_retries_kept', {});
    }
  }
}

/** RestError (status, headers) or a network error → DeliveryError with status / code only. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { statusCode?: unknown; code?: unknown; name?: unknown; response?: { status?: unknown; headers?: unknown } } | undefined;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.response?.status === 'number' ? e.response.status : undefined;
  if (status !== undefined) {
    const retryAfterMs = retryAfterOf(e?.response?.headers);
    return new DeliveryError(`connector_${status}`, status, retryAfterMs);
  }
  const code = typeof e?.code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(e.code) ? e.code : typeof e?.name === 'string' ? e.name : 'error';
  return new DeliveryError(code);
}

/** Retry-After in ms from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
export function retryAfterOf(headers: unknown, now = Date.now()): number | undefined {
  const get = (name: string): string | undefined => {
    if (!headers || typeof headers !== 'object') return undefined;
    const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
    const value = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
    return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
  };
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = get(name);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v));
  }
  const v = get('retry-after');
  if (v === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * The console chat's port: proactive messages are printed to the terminal (the chat renders the
 * activity). It reaches only console conversations and never the network.
 */
export class ConsoleDeliveryPort implements DeliveryPort {
  readonly local = true;
  private next = 1;

  constructor(private readonly print: (activity: Partial<Activity>, address: ConversationRecord) => void) {}

  accepts(address: ConversationRecord): boolean {
    return address.channelId === 'console';
  }

  async send(address: ConversationRecord, payload: OutboxPayload): Promise<{ activityId?: string }> {
    this.print({ ...activityOf(payload), type: ActivityTypes.Message }, address);
    return { activityId: `console-${this.next++}` };
  }

  async update(address: ConversationRecord, activityId: string, payload: OutboxPayload): Promise<void> {
    this.print({ ...activityOf(payload), type: ActivityTypes.Message, id: activityId }, address);
  }
}
