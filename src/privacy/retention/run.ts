// Applies the retention plan to the open stores of a DATA_DIR (the same JsonStore instances the bot
// uses, so a deletion is one durable commit per file) and prunes the audit log. Every deleted record
// is audited by id (JVollzDSG NRW § 35: deletion is logged). Used by `npm run retention` and daily by the bot.
import { createHash } from 'node:crypto';
import type { AuditTrail } from '../../audit/auditTrail.js';
import type { Logger } from '../../log/logger.js';
import type { StoreLookup } from '../../store/engine.js';
import {
  deleteCases, deleteDelivery, deleteRequests, deleteRuns, deleteStateItems, planRetention, stampStateItems,
  type RetentionPlan, type RetentionSnapshot,
} from './plan.js';
import { cutoff, type RetentionRules } from './rules.js';

/** The store files retention reads and changes (their stored names are a contract of each capability). */
export const FILES = {
  escalations: 'escalations.json',
  interpreters: 'interpreters.json',
  checklists: 'checklists.json',
  state: 'state.json',
  delivery: 'delivery.json',
} as const;
type Part = keyof typeof FILES;

export interface RetentionDeps {
  context: StoreLookup;
  audit: AuditTrail;
  rules: RetentionRules;
  now: Date;
  log: Logger;
  /** Who ran it, for the audit entries ("retention" for the bot's daily run, "cli" for the script). */
  actor: string;
}

export interface RetentionReport {
  dryRun: boolean;
  now: string;
  plan: RetentionPlan;
  /** Audit entries older than the § 35 period (removed, or that would be). */
  auditEntries: number;
  auditBefore: string;
}

const AUDIT_ID = /^[^\s\p{C}]{1,200}$/u;
/** Audit records hold ids only; a key that is no valid id is logged by its hash. */
export const auditId = (prefix: string, id: string): string =>
  AUDIT_ID.test(`${prefix}:${id}`) ? `${prefix}:${id}` : `${prefix}:sha256-${createHash('sha256').update(id).digest('hex').slice(0, 24)}`;

export function snapshotOf(context: StoreLookup): RetentionSnapshot {
  const data = (part: Part) => context.storeOf(FILES[part])?.data as any;
  return { escalations: data('escalations'), interpreters: data('interpreters'), checklists: data('checklists'), state: data('state'), delivery: data('delivery') };
}

function commitTo(context: StoreLookup, part: Part, mutator: (draft: object) => void): Promise<void> {
  const store = context.storeOf(FILES[part]);
  return store ? store.commit(mutator) : Promise.resolve();
}

export async function runRetention(deps: RetentionDeps, opts: { dryRun: boolean }): Promise<RetentionReport> {
  const { context, audit, rules, now } = deps;
  const auditBefore = cutoff(rules, 'audit.entries', now);
  const expiredAudit = (e: { time?: string }) => typeof e.time === 'string' && Date.parse(e.time) < auditBefore.getTime();
  let auditEntries: number;
  if (opts.dryRun) auditEntries = (await audit.entries()).filter(expiredAudit).length;
  // Old audit entries go first, so this run's own entries are never among them.
  else auditEntries = (await audit.rewrite((e) => !expiredAudit(e))).removed;
  const plan = planRetention(snapshotOf(context), rules, now);
  const report = { dryRun: opts.dryRun, now: now.toISOString(), plan, auditEntries, auditBefore: auditBefore.toISOString() };
  if (opts.dryRun) return report;
  // Every mutator runs in this same synchronous step as the plan, so no change in between is lost or half-deleted.
  // A file with nothing to delete is not rewritten.
  await Promise.all([
    plan.escalations.length > 0 && commitTo(context, 'escalations', deleteCases(plan.escalations)),
    plan.interpreters.length > 0 && commitTo(context, 'interpreters', deleteRequests(plan.interpreters)),
    plan.checklists.length > 0 && commitTo(context, 'checklists', deleteRuns(plan.checklists)),
    plan.state.length + plan.stateToStamp.length > 0 &&
      commitTo(context, 'state', (d) => {
        deleteStateItems(plan.state)(d);
        stampStateItems(plan.stateToStamp, now.toISOString())(d);
      }),
    plan.outboxRows.length + plan.jobs.length > 0 && commitTo(context, 'delivery', deleteDelivery(plan.outboxRows, plan.jobs)),
  ]);
  const ids = [
    ...plan.escalations.map((id) => auditId('escalation', id)),
    ...plan.interpreters.map((id) => auditId('interpreter', id)),
    ...plan.checklists.map((id) => auditId('checklist', id)),
    ...plan.state.map((key) => auditId('state', key)),
    ...plan.outboxRows.map((key) => auditId('outbox', key)),
    ...plan.jobs.map((id) => auditId('job', id)),
  ];
  await Promise.all(ids.map((record) => audit.record({ actor: deps.actor, action: 'retention.deleted', record, outcome: 'ok' })));
  if (report.auditEntries > 0) {
    await audit.record({ actor: deps.actor, action: 'retention.audit_pruned', record: `entries-before-${report.auditBefore.slice(0, 10)}`, outcome: 'ok' });
  }
  deps.log.info('retention.done', { deleted: ids.length, auditEntries: report.auditEntries });
  return report;
}

export interface DailyRetention {
  /** Stops the timer and waits for a run in progress. */
  close(): Promise<void>;
}

/** Runs retention `firstDelayMs` after start and then every `intervalMs` (default: daily). Failures are logged, never thrown. */
export function startDailyRetention(
  deps: Omit<RetentionDeps, 'now' | 'rules' | 'actor'> & { now: () => Date; rules: () => RetentionRules },
  timing: { firstDelayMs?: number; intervalMs?: number } = {},
): DailyRetention {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const once = () => {
    if (stopped) return;
    running = runRetention({ ...deps, now: deps.now(), rules: deps.rules(), actor: 'retention' }, { dryRun: false }).catch((err: unknown) =>
      deps.log.error('retention.failed', { error: (err as Error).name }),
    );
  };
  const first = setTimeout(once, timing.firstDelayMs ?? 5 * 60_000);
  const every = setInterval(once, timing.intervalMs ?? 86_400_000);
  first.unref();
  every.unref();
  return {
    async close() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
