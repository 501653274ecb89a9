// Admin views of the outbox (keys, ids and codes only): unreachable targets, undelivered rows, counts.
import type { Counters, DeadTarget, DeliveryStats, UndeliveredRow } from './contract.js';
import { PARKED, targetKeyOf, type DeliveryData, type OutboxRow, type RowStatus } from './schema.js';

export function deadTargetsOf(data: DeliveryData): DeadTarget[] {
  const rows = Object.values(data.rows);
  return Object.entries(data.deadTargets)
    .map(([target, d]) => ({
      target,
      reason: d.reason,
      ...(d.status ? { status: d.status } : {}),
      since: d.since,
      parkedRows: rows.filter((r) => r.status === 'dead' && targetKeyOf(r.target) === target && PARKED.has(r.lastError ?? '')).length,
    }))
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** Dead and failed rows, oldest first. */
export function undeliveredOf(data: DeliveryData): UndeliveredRow[] {
  return Object.values(data.rows)
    .filter((r): r is OutboxRow & { status: 'dead' | 'failed' } => r.status === 'dead' || r.status === 'failed')
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({
      key: r.key,
      target: targetKeyOf(r.target),
      status: r.status,
      attempts: r.attempts,
      ...(r.lastError ? { lastError: r.lastError } : {}),
      createdAt: r.createdAt,
      ...(r.closedAt ? { closedAt: r.closedAt } : {}),
    }));
}

export function statsOf(data: DeliveryData, inFlight: number, counters: Counters): DeliveryStats {
  const rows: Record<RowStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0, failed: 0 };
  for (const r of Object.values(data.rows)) rows[r.status]++;
  return {
    rows,
    jobs: Object.keys(data.jobs).length,
    deadTargets: Object.keys(data.deadTargets).length,
    inFlight,
    counters: { ...counters },
  };
}
