// POST /api/messages → one bot turn. Replaces CloudAdapter.process, which writes the raw error (token
// claims an attacker chose) to stderr and answers 500 for several forged tokens. Here a request that
// fails before the bot's logic runs is an authentication failure: 401, one structured line with a
// reason code, one audit entry — both bounded per minute, so a flood cannot fill logs or disk.
import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { AuditTrail } from '../audit/auditTrail.js';
import { errorFields, type Logger } from '../log/logger.js';
import { authFailureReason } from '../security/authFailure.js';
import { EventLimiter } from '../security/eventLimiter.js';
import { RATE_LIMITED } from './turnGuard.js';

/** CloudAdapter with its turn entry point reachable without the HTTP glue of `process`. */
export class LotseAdapter extends CloudAdapter {
  runActivity(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

const AUTH_EVENTS_PER_MINUTE = 20;

export interface HttpTurnDeps {
  adapter: LotseAdapter;
  logic: (ctx: TurnContext) => Promise<void>;
  log: Logger;
  audit: AuditTrail;
  now?: () => number;
}

export function createHttpTurnHandler(deps: HttpTurnDeps): (req: Request, res: Response) => Promise<void> {
  const authEvents = new EventLimiter(AUTH_EVENTS_PER_MINUTE, 60_000, deps.now);

  const noteAuthFailure = async (err: unknown, hadHeader: boolean) => {
    const reason = authFailureReason(err, hadHeader);
    const budget = authEvents.take(reason);
    if (!budget.allowed) return;
    deps.log.warn('auth.rejected', { reason, suppressedBefore: budget.suppressedBefore || undefined });
    await deps.audit.record({ actor: 'unauthenticated', action: 'auth.rejected', record: reason, outcome: 'rejected' }).catch(() => {});
  };

  return async (req, res) => {
    const header = req.headers.authorization;
    const authHeader = typeof header === 'string' ? header : '';
    const activity = withDates(req.body as Activity);
    let logicStarted = false;
    let rateLimited = false;
    try {
      const invoke = await deps.adapter.runActivity(authHeader, activity, async (ctx) => {
        logicStarted = true;
        await deps.logic(ctx);
        rateLimited = ctx.turnState.get(RATE_LIMITED) === true;
      });
      if (rateLimited) return reply(res, 429, { error: 'too many requests' });
      reply(res, invoke?.status ?? 200, invoke?.body);
    } catch (err) {
      if (logicStarted) {
        deps.log.error('http.turnEscaped', errorFields(err));
        return reply(res, 500, { error: 'internal error' });
      }
      await noteAuthFailure(err, authHeader !== '');
      reply(res, 401, { error: 'unauthorized' });
    }
  };
}

/** What botbuilder's activity validator does: timestamps arrive as strings. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    if (typeof raw[field] === 'string') {
      raw[rawField] = raw[field];
      raw[field] = new Date(raw[field] as string);
    }
  }
  return activity;
}

function reply(res: Response, status: number, body?: unknown): void {
  res.status(status);
  if (body !== undefined) res.send(body);
  res.end();
}
