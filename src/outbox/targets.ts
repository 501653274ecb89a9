// Unreachable targets: a 403/404, a missing address or a refused serviceUrl parks the target's rows
// until an incoming activity, a changed address or an admin revives it; its parked rows are then sent.
import type { ConversationRecord } from '../conversations/types.js';
import { auditSafe, closeRow, type OutboxCore } from './core.js';
import { own, PARKED, targetKeyOf } from './schema.js';

export type DeadReason = 'forbidden' | 'not_found' | 'no_address';
export type ReviveCause = 'activity' | 'address_changed' | 'admin';

export class DeadTargets {
  constructor(private readonly core: OutboxCore) {}

  /** The target is unreachable: this row dead, its other open rows parked (dead) until it revives. */
  async markDead(
    target: string,
    key: string,
    why: { reason: DeadReason; status?: number; address?: ConversationRecord },
    code: string,
  ): Promise<void> {
    const at = new Date(this.core.now()).toISOString();
    const parked = await this.core.store.commit((draft) => {
      draft.deadTargets[target] = {
        reason: why.reason,
        ...(why.status ? { status: why.status } : {}),
        since: at,
        ...(why.address ? { conversationId: why.address.conversationId, serviceUrl: why.address.serviceUrl } : {}),
      };
      let n = 0;
      for (const row of Object.values(draft.rows)) {
        if (targetKeyOf(row.target) !== target || (row.status !== 'pending' && row.key !== key)) continue;
        row.status = 'dead';
        row.lastError = row.key === key ? code : 'target_dead';
        row.closedAt = at;
        n++;
      }
      return n;
    });
    this.core.counters.dead += parked;
    this.core.log.warn('outbox.target_dead', { target, reason: why.reason, status: why.status, key, parkedRows: parked });
    await auditSafe(this.core, { actor: 'system', action: 'outbox.target_dead', record: target, outcome: 'rejected' });
  }

  async refuse(target: string, key: string, host: string, reason: string): Promise<void> {
    await closeRow(this.core, key, 'dead', 'host_refused');
    this.core.counters.refused++;
    this.core.log.error('outbox.refused', { security: true, key, target, host: host.slice(0, 253), reason });
    await auditSafe(this.core, { actor: 'system', action: 'outbox.refused', record: key, outcome: 'rejected' });
  }

  async revive(target: string, cause: ReviveCause): Promise<boolean> {
    if (!own(this.core.store.data.deadTargets, target)) return false;
    const now = new Date(this.core.now()).toISOString();
    const requeued = await this.core.store.commit((draft) => {
      delete draft.deadTargets[target];
      let n = 0;
      for (const row of Object.values(draft.rows)) {
        if (row.status !== 'dead' || targetKeyOf(row.target) !== target || !PARKED.has(row.lastError ?? '')) continue;
        row.status = 'pending';
        row.attempts = 0;
        row.nextAttemptAt = now;
        delete row.lastError;
        delete row.closedAt;
        n++;
      }
      return n;
    });
    this.core.log.info('outbox.revived', { target, cause, requeued });
    await auditSafe(this.core, { actor: 'system', action: 'outbox.revived', record: target, outcome: 'ok' });
    this.core.kick();
    return true;
  }
}
