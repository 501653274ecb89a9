// A command whose record change causes messages: the record, the outbox rows and the command's audit
// entries are one commit (commitTogether: one transaction on PostgreSQL; on the JSON files the outbox
// file is written after the record's). Capabilities build the messages inside the commit, from the
// record as changed, so nothing is sent for a change that was not stored and nothing stored stays unsent.
import type { AuditEntry } from '../audit/auditLog.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { DocumentStore } from '../store/documentStore.js';
import { commitTogether } from '../store/together.js';
import type { Notifier, OutboxRequest, OutboxStage } from './types.js';

export interface CommandCommit<R> {
  result: R;
  messages?: OutboxRequest[];
  entries?: AuditEntry[];
}

/** The outbox of a notifier that can commit together (the real one can; a capability refuses to run without it). */
export function outboxOf(notifier: Notifier, capability: string): OutboxStage {
  if (!notifier.stage) throw new TypeError(`${capability} need an outbox that commits together with their records`);
  return notifier.stage;
}

export async function commitWithMessages<D extends object, R>(
  store: DocumentStore<D>,
  outbox: OutboxStage,
  audit: AuditTrail,
  mutator: (draft: D) => CommandCommit<R>,
): Promise<R> {
  const done = await commitTogether([store, outbox.store], (draft, outboxDraft) => {
    const out = mutator(draft);
    const keys = out.messages && out.messages.length > 0 ? outbox.insert(outboxDraft, out.messages) : [];
    return { ...out, keys };
  }, { audit, entries: (d) => d.entries ?? [] });
  outbox.enqueued(done.keys);
  return done.result;
}
