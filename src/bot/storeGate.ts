// Before a turn runs, the stores catch up with what other instances wrote (PostgreSQL). While the
// database is unreachable the turn is not run at all: the user gets a polite "temporarily
// unavailable" at once (their message stays in the chat to send again), nothing half-done is stored.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { resolveLocale, translator } from '../i18n/i18n.js';
import { errorFields, type Logger } from '../log/logger.js';
import { messageResponse } from './reply.js';

export interface SyncedStorage {
  readonly available: boolean;
  sync(): Promise<void>;
}

export function withSyncedStorage(storage: SyncedStorage, logic: (ctx: TurnContext) => Promise<void>, log: Logger): (ctx: TurnContext) => Promise<void> {
  return async (ctx) => {
    let ready = storage.available;
    if (ready) {
      try {
        await storage.sync();
      } catch (err) {
        log.warn('turn.storage_unavailable', { activityId: ctx.activity.id, ...errorFields(err) });
        ready = false;
      }
    }
    if (ready) return logic(ctx);
    const text = translator(resolveLocale(ctx.activity.locale))('errors.storeUnavailable');
    if (ctx.activity.type === ActivityTypes.Message) await ctx.sendActivity(text);
    else if (ctx.activity.type === ActivityTypes.Invoke) {
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: messageResponse(text) } });
    }
  };
}
