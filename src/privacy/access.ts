// The data subject's access and erasure (for the data-protection officer): everything stored about a
// pseudonymous case reference or a user key, found across every store file of a DATA_DIR and the
// audit log; and its deletion. Works on the stored JSON shapes of the open stores (like retention).
import type { StoredAuditEntry } from '../audit/auditLog.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { StoreLookup } from '../store/engine.js';
import { deleteCases, deleteDelivery, deleteRequests, deleteRuns, deleteStateItems, referencesTo } from './retention/plan.js';
import { auditId, FILES, snapshotOf } from './retention/run.js';

export type Selector = { caseRef: string } | { user: string };

type Rec = Record<string, any>;

export interface AccessResult {
  selector: Selector;
  generatedAt: string;
  /** Records that belong to the selector (erasure deletes these). */
  records: {
    escalations: Rec[];
    interpreterRequests: Rec[];
    checklistRuns: Rec[];
    outboxRows: Rec[];
    scheduledJobs: Rec[];
    dialogState: Record<string, Rec>;
    conversation?: Rec;
    roleAssignment?: Rec;
    displayName?: Rec;
  };
  /** Other people's records that name the user (kept on erasure: they document those people's work). */
  mentionedIn: string[];
  audit: StoredAuditEntry[];
}

/** Case references are compared as officers type them: case, spaces and dashes do not matter. */
export const normalizeRef = (ref: string): string => ref.normalize('NFKC').toLowerCase().replace(/[\s\-_/.]+/g, '');

const values = (map: Rec | undefined): Rec[] => Object.values(map ?? {});
const own = (map: Rec | undefined, key: string): Rec | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined);

function ownedBy(selector: Selector, field: string) {
  if ('caseRef' in selector) {
    const wanted = normalizeRef(selector.caseRef);
    return (r: Rec) => typeof r.caseRef === 'string' && normalizeRef(r.caseRef) === wanted;
  }
  return (r: Rec) => r[field] === selector.user;
}

/** Whether `user` appears anywhere in a record (history, thread, assignee, recipients, organisers …). */
function mentions(record: Rec, user: string): boolean {
  const seen = (v: unknown): boolean => {
    if (v === user) return true;
    if (Array.isArray(v)) return v.some(seen);
    if (v && typeof v === 'object') return Object.values(v).some(seen);
    return false;
  };
  return seen(record);
}

/** Dialog-state keys of a user: botbuilder keys by channel user id and by their 1:1 conversation id. */
function stateKeysOf(items: Rec | undefined, user: string, conversation: Rec | undefined): string[] {
  const endings = [`/users/${user}`];
  if (typeof conversation?.userId === 'string') endings.push(`/users/${conversation.userId}`);
  if (typeof conversation?.conversationId === 'string') endings.push(`/conversations/${conversation.conversationId}`);
  return Object.keys(items ?? {}).filter((key) => endings.some((end) => key.endsWith(end)));
}

export async function collect(context: StoreLookup, audit: AuditTrail, selector: Selector, now: Date): Promise<AccessResult> {
  const snap = snapshotOf(context) as Record<string, Rec | undefined>;
  const main = context.storeOf('store.json')?.data as Rec | undefined;
  const escalations = values(snap.escalations?.cases).filter(ownedBy(selector, 'requester'));
  const interpreterRequests = values(snap.interpreters?.requests).filter(ownedBy(selector, 'requester'));
  const checklistRuns = values(snap.checklists?.runs).filter(ownedBy(selector, 'owner'));
  const ids = new Set([...escalations, ...interpreterRequests, ...checklistRuns].map((r) => r.id as string));
  const refs = referencesTo(snap.delivery as any, ids);
  const user = 'user' in selector ? selector.user : undefined;
  const rowKeys = new Set(refs.rows);
  if (user) for (const row of values(snap.delivery?.rows)) if (row.target?.userKey === user) rowKeys.add(row.key);
  const conversation = user ? own(main?.conversations, user) : undefined;
  const stateKeys = user ? stateKeysOf(snap.state?.items, user, conversation) : [];
  const mentionedIn = user
    ? [...values(snap.escalations?.cases), ...values(snap.interpreters?.requests), ...values(snap.checklists?.runs)]
        .filter((r) => !ids.has(r.id) && mentions(r, user))
        .map((r) => r.id as string)
        .sort()
    : [];
  const auditEntries = (await audit.entries()).filter(
    (e) => (e.record !== undefined && (ids.has(e.record) || (user !== undefined && e.record === user))) || (user !== undefined && e.actor === user),
  );
  return {
    selector,
    generatedAt: now.toISOString(),
    records: {
      escalations,
      interpreterRequests,
      checklistRuns,
      outboxRows: [...rowKeys].sort().map((k) => own(snap.delivery?.rows, k)!),
      scheduledJobs: refs.jobs.map((id) => own(snap.delivery?.jobs, id)!),
      dialogState: Object.fromEntries(stateKeys.map((k) => [k, own(snap.state?.items, k)!])),
      conversation,
      roleAssignment: user ? own(main?.roleAssignments, user) : undefined,
      displayName: user ? own(snap.escalations?.names, user) : undefined,
    },
    mentionedIn,
    audit: auditEntries,
  };
}

export const selectorId = (selector: Selector): string =>
  'caseRef' in selector ? auditId('caseref', normalizeRef(selector.caseRef)) : auditId('user', selector.user);

/** Record ids (prefixed by kind) that erasure deletes, for reports and audit entries. */
export function erasedIds(found: AccessResult): string[] {
  const r = found.records;
  return [
    ...r.escalations.map((c) => auditId('escalation', c.id)),
    ...r.interpreterRequests.map((q) => auditId('interpreter', q.id)),
    ...r.checklistRuns.map((q) => auditId('checklist', q.id)),
    ...r.outboxRows.map((row) => auditId('outbox', row.key)),
    ...r.scheduledJobs.map((job) => auditId('job', job.id)),
    ...Object.keys(r.dialogState).map((k) => auditId('state', k)),
    ...(r.conversation ? [auditId('conversation', (found.selector as { user: string }).user)] : []),
    ...(r.roleAssignment ? [auditId('role', (found.selector as { user: string }).user)] : []),
    ...(r.displayName ? [auditId('name', (found.selector as { user: string }).user)] : []),
  ];
}

/**
 * Deletes what `collect` found, one commit per store file (all mutators run in one synchronous step),
 * and audits each deleted record by id. Audit entries themselves stay: JVollzDSG NRW § 35 keeps them two years.
 */
export async function erase(context: StoreLookup, audit: AuditTrail, found: AccessResult, actor: string): Promise<string[]> {
  const r = found.records;
  const user = 'user' in found.selector ? found.selector.user : undefined;
  const commit = (name: string, mutator: (draft: any) => void) => context.storeOf(name)?.commit(mutator) ?? Promise.resolve();
  await Promise.all([
    commit(FILES.escalations, (d) => {
      deleteCases(r.escalations.map((c) => c.id))(d);
      if (user && Object.hasOwn(d.names, user)) delete d.names[user];
    }),
    commit(FILES.interpreters, deleteRequests(r.interpreterRequests.map((q) => q.id))),
    commit(FILES.checklists, deleteRuns(r.checklistRuns.map((q) => q.id))),
    commit(FILES.state, deleteStateItems(Object.keys(r.dialogState))),
    commit(FILES.delivery, deleteDelivery(r.outboxRows.map((row) => row.key), r.scheduledJobs.map((job) => job.id))),
    commit('store.json', (d) => {
      if (!user) return;
      if (Object.hasOwn(d.conversations, user)) delete d.conversations[user];
      if (Object.hasOwn(d.roleAssignments, user)) delete d.roleAssignments[user];
    }),
  ]);
  const ids = erasedIds(found);
  await Promise.all(ids.map((record) => audit.record({ actor, action: 'privacy.erased', record, role: 'admin', outcome: 'ok' })));
  await audit.record({ actor, action: 'privacy.erase', record: selectorId(found.selector), role: 'admin', outcome: 'ok' });
  return ids;
}
