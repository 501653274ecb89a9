// What retention deletes, decided by pure functions over the stored JSON shapes of each store file
// (escalations.json, interpreters.json, checklists.json, state.json, delivery.json). Only the fields
// retention needs are typed here, so a capability may add fields without touching this file.
import { cutoff, type RetentionRules } from './rules.js';

export interface EscalationsShape { cases: Record<string, { id: string; status: string; updatedAt: string }> }
export interface InterpretersShape { requests: Record<string, { id: string; status: string; updatedAt: string }> }
export interface ChecklistsShape { runs: Record<string, { id: string; status: string; updatedAt: string; finishedAt?: string }> }
export interface StateShape { items: Record<string, { at?: string }> }
export interface DeliveryShape {
  rows: Record<string, { key: string; status: string; createdAt: string; sentAt?: string; closedAt?: string; target: { userKey: string } | { conversationKey: string } }>;
  jobs: Record<string, { id: string; data: Record<string, string | number | boolean> }>;
}

/** The data of each store, as far as it exists in this DATA_DIR. */
export interface RetentionSnapshot {
  escalations?: EscalationsShape;
  interpreters?: InterpretersShape;
  checklists?: ChecklistsShape;
  state?: StateShape;
  delivery?: DeliveryShape;
}

export interface RetentionPlan {
  escalations: string[];
  interpreters: string[];
  checklists: string[];
  /** State items untouched for the period. */
  state: string[];
  /** State items written before timestamps existed: stamped now, so they expire one full period later. */
  stateToStamp: string[];
  /** Closed rows past their period, and any row naming a deleted record. */
  outboxRows: string[];
  /** Scheduled jobs naming a deleted record. */
  jobs: string[];
}

const CLOSED_ESCALATION = new Set(['erledigt', 'zurueckgezogen']);
const FINISHED_INTERPRETER = new Set(['erledigt', 'storniert']);
const CLOSED_ROW = new Set(['sent', 'dead', 'failed']);

const before = (iso: string | undefined, limit: Date): boolean => iso !== undefined && Date.parse(iso) < limit.getTime();
const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

/** Outbox keys and job ids name their record between ":" or "@" (esk:ESK-2026-0001:card:…, checklist:CL-…:item@day). */
const tokensOf = (key: string): string[] => key.split(/[:@]/);

/** Rows and jobs that name one of `ids` in their key, id or job data. */
export function referencesTo(delivery: DeliveryShape | undefined, ids: ReadonlySet<string>): { rows: string[]; jobs: string[] } {
  if (!delivery || ids.size === 0) return { rows: [], jobs: [] };
  const rows = Object.keys(delivery.rows).filter((key) => tokensOf(key).some((t) => ids.has(t)));
  const jobs = Object.values(delivery.jobs)
    .filter((job) => tokensOf(job.id).some((t) => ids.has(t)) || Object.values(job.data).some((v) => typeof v === 'string' && ids.has(v)))
    .map((job) => job.id);
  return { rows, jobs };
}

export function planRetention(snapshot: RetentionSnapshot, rules: RetentionRules, now: Date): RetentionPlan {
  const escalationLimit = cutoff(rules, 'escalations.closed', now);
  const escalations = Object.values(snapshot.escalations?.cases ?? {})
    .filter((c) => CLOSED_ESCALATION.has(c.status) && before(c.updatedAt, escalationLimit))
    .map((c) => c.id);
  const interpreterLimit = cutoff(rules, 'interpreters.finished', now);
  const interpreters = Object.values(snapshot.interpreters?.requests ?? {})
    .filter((r) => FINISHED_INTERPRETER.has(r.status) && before(r.updatedAt, interpreterLimit))
    .map((r) => r.id);
  const checklistLimit = cutoff(rules, 'checklists.finished', now);
  const checklists = Object.values(snapshot.checklists?.runs ?? {})
    .filter((r) => r.status === 'done' && before(r.finishedAt ?? r.updatedAt, checklistLimit))
    .map((r) => r.id);

  const stateLimit = cutoff(rules, 'state.inactive', now);
  const items = Object.entries(snapshot.state?.items ?? {});
  const state = items.filter(([, item]) => before(item.at, stateLimit)).map(([key]) => key);
  const stateToStamp = items.filter(([, item]) => item.at === undefined).map(([key]) => key);

  const deleted = new Set([...escalations, ...interpreters, ...checklists]);
  const refs = referencesTo(snapshot.delivery, deleted);
  const rowLimit = cutoff(rules, 'outbox.closed', now);
  const closedRows = Object.values(snapshot.delivery?.rows ?? {})
    .filter((r) => CLOSED_ROW.has(r.status) && before(r.sentAt ?? r.closedAt ?? r.createdAt, rowLimit))
    .map((r) => r.key);

  return {
    escalations: sorted(escalations),
    interpreters: sorted(interpreters),
    checklists: sorted(checklists),
    state: sorted(state),
    stateToStamp: sorted(stateToStamp),
    outboxRows: sorted(new Set([...closedRows, ...refs.rows])),
    jobs: sorted(refs.jobs),
  };
}

// ---- the deletions, as mutators for JsonStore.commit ---------------------------------------------

const removeKeys = (map: Record<string, unknown>, keys: readonly string[]): void => {
  for (const key of keys) if (Object.hasOwn(map, key)) delete map[key];
};

export const deleteCases = (ids: readonly string[]) => (draft: object) => removeKeys((draft as EscalationsShape).cases, ids);
export const deleteRequests = (ids: readonly string[]) => (draft: object) => removeKeys((draft as InterpretersShape).requests, ids);
export const deleteRuns = (ids: readonly string[]) => (draft: object) => removeKeys((draft as ChecklistsShape).runs, ids);
export const deleteStateItems = (keys: readonly string[]) => (draft: object) => removeKeys((draft as StateShape).items, keys);
export const stampStateItems = (keys: readonly string[], at: string) => (draft: object) => {
  const items = (draft as StateShape).items;
  for (const key of keys) if (Object.hasOwn(items, key) && items[key]!.at === undefined) items[key]!.at = at;
};
export const deleteDelivery = (rows: readonly string[], jobs: readonly string[]) => (draft: object) => {
  removeKeys((draft as DeliveryShape).rows, rows);
  removeKeys((draft as DeliveryShape).jobs, jobs);
};
