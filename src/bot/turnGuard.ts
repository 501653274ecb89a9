// What every activity passes before any handler, store or dialog sees it: ids of the right shape, an
// allowed tenant, and a per-user rate limit. Refusals are audited (a bounded number per window, so a
// flood cannot fill the audit log) and get no reply; an invoke still needs an HTTP status.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { Logger } from '../log/logger.js';
import { EventLimiter } from '../security/eventLimiter.js';
import { checkIdentityShape } from './identityShape.js';
import { checkTenant } from './tenantGuard.js';
import { userKeyOf } from './turn.js';

/** Set in turnState when a user's turn was refused for flooding; the HTTP layer answers 429. */
export const RATE_LIMITED = Symbol('integrationslotse.rateLimited');

const AUDIT_PER_MINUTE = 20;

export interface TurnGuardOptions {
  allowedTenants: readonly string[];
  /** Messages and invokes per user and minute (each kind counted on its own). */
  perUserPerMinute: number;
  audit: AuditTrail;
  log: Logger;
  now?: () => number;
}

export class TurnGuard {
  private readonly perUser: EventLimiter;
  private readonly auditBudget: EventLimiter;
  /** One audit entry per flooding user and window, however long the flood. */
  private readonly floodAudit: EventLimiter;

  constructor(private readonly opts: TurnGuardOptions) {
    this.perUser = new EventLimiter(opts.perUserPerMinute, 60_000, opts.now);
    this.auditBudget = new EventLimiter(AUDIT_PER_MINUTE, 60_000, opts.now);
    this.floodAudit = new EventLimiter(1, 60_000, opts.now);
  }

  /** Keys the per-user limiter holds now (bounded by EventLimiter; read by the memory-bound test). */
  get trackedKeys(): number {
    return this.perUser.size;
  }

  /** True if the turn may run; otherwise it has been answered (invokes) and recorded. */
  async admit(ctx: TurnContext): Promise<boolean> {
    const activity = ctx.activity;
    const shape = checkIdentityShape(activity);
    if (!shape.ok) {
      await this.refuse(ctx, 'identity.rejected', 'invalid', shape.field, 403);
      return false;
    }
    const tenant = checkTenant(activity, this.opts.allowedTenants);
    if (!tenant.ok) {
      await this.refuse(ctx, 'tenant.rejected', userKeyOf(activity) ?? 'unknown', tenant.tenant.slice(0, 200), 403);
      return false;
    }
    const key = userKeyOf(activity);
    if (key && (activity.type === ActivityTypes.Message || activity.type === ActivityTypes.Invoke)) {
      const decision = this.perUser.take(`${activity.type}|${key}`);
      if (!decision.allowed) {
        ctx.turnState.set(RATE_LIMITED, true);
        const first = this.floodAudit.take(key).allowed;
        await this.refuse(ctx, 'rate.limited', key, activity.type, 429, first);
        return false;
      }
    }
    return true;
  }

  private async refuse(ctx: TurnContext, action: string, actor: string, record: string, status: number, worthRecording = true): Promise<void> {
    const activity = ctx.activity;
    const budget = worthRecording ? this.auditBudget.take(action) : { allowed: false, suppressedBefore: 0 };
    if (budget.allowed) {
      await this.opts.audit.record({ actor, action, record, outcome: 'rejected' });
      this.opts.log.warn(action, { activityType: activity.type, suppressedBefore: budget.suppressedBefore || undefined });
    }
    if (activity.type === ActivityTypes.Invoke) await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status } });
  }
}
