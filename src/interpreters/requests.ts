// The request lifecycle: angefragt → bestätigt → erledigt, or storniert (withdrawn or declined).
// Callers check who may request; this module checks who may act on a given request.
import { z } from 'zod';
import type { AuditEntry } from '../audit/auditLog.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { checkCaseRef } from '../privacy/caseRef.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Logger } from '../log/logger.js';
import type { OutboxStage } from '../outbox/types.js';
import { commitWithMessages } from '../outbox/withMessages.js';
import type { Identity } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import { nextYearlyId } from '../store/ids.js';
import type { AddressFile } from './addressFile.js';
import type { Inboxes } from './inboxes.js';
import type { ChangeMessages, NotifyWhat } from './notify.js';
import { DIALECT_MAX, DURATION_MAX, DURATION_MIN, INTERPRETER_TEXT_MAX, MODES, NOTE_MAX, PLACE_TEXT_MAX, PURPOSES, REQUEST_ID, URGENCIES, languageCodeSchema, requestSchema, type HistoryEntry, type InterpreterData, type InterpreterRequest } from './store.js';
import { screenLine, screenNote } from './text.js';
import { fail, type ActionOrigin, type ConfirmInput, type Outcome, type RequestInput } from './types.js';
import { MAX_AHEAD_DAYS } from './when.js';

export const MAX_OPEN_REQUESTS = 100;

const inputSchema = z.strictObject({
  language: languageCodeSchema,
  languageSource: z.enum(['named', 'detected']),
  dialect: z.string().trim().min(1).max(DIALECT_MAX).optional(),
  start: z.date(),
  durationMin: z.int().min(DURATION_MIN).max(DURATION_MAX),
  mode: z.enum(MODES),
  placeId: z.string().min(1).max(80).optional(),
  placeText: z.string().trim().min(1).max(PLACE_TEXT_MAX).optional(),
  purpose: z.enum(PURPOSES),
  urgency: z.enum(URGENCIES),
  caseRef: z.string().max(40).optional(),
});

type Valid<T> = { ok: true; value: T } | { ok: false };

export interface RequestBookDeps {
  store: DocumentStore<InterpreterData>;
  audit: AuditTrail;
  institutions: InstitutionDirectory;
  log: Logger;
  timeZone: string;
  now: () => Date;
  inboxes: Inboxes;
  addresses: AddressFile;
  /** The outbox the request store commits together with. */
  outbox(): OutboxStage;
  /** The messages of a change (synchronous: built inside its commit). */
  messages(request: InterpreterRequest, what: NotifyWhat): ChangeMessages;
}

const isOpen = (r: InterpreterRequest) => r.status === 'angefragt' || r.status === 'bestaetigt';

/** Optional free text: absent, or screened (refused when it looks like personal data). */
function optionalScreened(text: string | undefined, screen: (t: string) => { ok: true; value: string } | { ok: false }): Valid<string | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  return screen(text);
}

const screened = (max: number) => (t: string) => {
  const s = screenLine(t, max);
  return s.ok ? { ok: true as const, value: s.text } : { ok: false as const };
};
const caseRefChecked = (t: string) => {
  const c = checkCaseRef(t);
  return c.ok ? { ok: true as const, value: c.value } : { ok: false as const };
};

export class RequestBook {
  constructor(private readonly deps: RequestBookDeps) {}

  /** 'officer' or 'inbox' when the actor may organise this request, else false. */
  organiserRole(actor: Identity, request: InterpreterRequest, origin?: ActionOrigin): 'officer' | 'inbox' | false {
    if (actor.role === 'officer' && actor.institutionId === request.institutionId) return 'officer';
    return this.deps.inboxes.isInboxOrigin(request.institutionId, origin) ? 'inbox' : false;
  }

  async create(actor: Identity, input: RequestInput): Promise<Outcome<InterpreterRequest>> {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) return fail('invalid');
    const v = parsed.data;
    const now = this.deps.now();
    if (v.start.getTime() < now.getTime() - 5 * 60_000) return fail('past');
    if (v.start.getTime() > now.getTime() + (MAX_AHEAD_DAYS + 1) * 86_400_000) return fail('invalid');
    if (v.placeId && (!this.deps.institutions.byId(v.placeId) || v.placeText)) return fail('invalid');
    const caseRef = optionalScreened(v.caseRef, caseRefChecked);
    const dialect = optionalScreened(v.dialect, screened(DIALECT_MAX));
    const placeText = optionalScreened(v.placeText, screened(PLACE_TEXT_MAX));
    if (!caseRef.ok || !dialect.ok || !placeText.ok) return fail('invalid');
    const open = Object.values(this.deps.store.data.requests).filter((r) => r.requester === actor.userKey && isOpen(r));
    if (open.length >= MAX_OPEN_REQUESTS) return fail('limit');

    const institutionId = actor.institutionId!;
    const organisers = this.deps.inboxes.organiserTargets(institutionId, actor.userKey);
    const at = now.toISOString();
    const draft: Omit<InterpreterRequest, 'id'> = {
      version: 1,
      requester: actor.userKey,
      institutionId,
      language: v.language,
      languageSource: v.languageSource,
      ...(dialect.value ? { dialect: dialect.value } : {}),
      start: v.start.toISOString(),
      durationMin: v.durationMin,
      mode: v.mode,
      ...(placeText.value ? { placeText: placeText.value } : { placeId: v.placeId ?? institutionId }),
      purpose: v.purpose,
      urgency: v.urgency,
      ...(caseRef.value ? { caseRef: caseRef.value } : {}),
      status: 'angefragt',
      createdAt: at,
      updatedAt: at,
      organisers,
      history: [{ at, by: actor.userKey, action: 'created', version: 1 }],
    };
    // Validate the complete record before it is committed (the store validates only on open).
    if (!requestSchema.safeParse({ ...draft, id: 'DOL-2000-0001' }).success) return fail('invalid');
    const request = await this.commitChange((data) => {
      const id = nextYearlyId(data.counters, 'DOL', now, this.deps.timeZone);
      const created: InterpreterRequest = { id, ...draft };
      data.requests[id] = created;
      return created;
    }, { organisers: 'new' }, (r) => [{ actor: actor.userKey, action: 'interpreter.create', record: r.id }]);
    this.deps.log.info('interpreter.created', { id: request.id, organisers: organisers.length, inbox: organisers.some((o) => 'conversationKey' in o) });
    return { ok: true, value: request };
  }

  async listOwn(actor: Identity, closedMax: number): Promise<InterpreterRequest[]> {
    const mine = Object.values(this.deps.store.data.requests).filter((r) => r.requester === actor.userKey);
    const open = mine.filter(isOpen).sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    const closed = mine
      .filter((r) => !isOpen(r))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id))
      .slice(0, closedMax);
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.list' });
    return structuredClone([...open, ...closed]);
  }

  /** One request for its requester or an organiser (audited read). */
  async get(actor: Identity, id: string, origin?: ActionOrigin): Promise<Outcome<{ request: InterpreterRequest; as: 'requester' | 'organiser' }>> {
    const found = this.find(id);
    if (!found) return fail('notFound');
    const as = found.requester === actor.userKey ? 'requester' : this.organiserRole(actor, found, origin) ? 'organiser' : undefined;
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.view', record: found.id, ...(as ? {} : { outcome: 'denied' as const }) });
    if (!as) return fail('notFound');
    return { ok: true, value: { request: structuredClone(found), as } };
  }

  /** The requester withdraws the request (from "angefragt" or "bestätigt"). Organisers are told. */
  async cancel(actor: Identity, id: string, version?: number): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(id);
    if (!found || found.requester !== actor.userKey) return this.notVisible(actor, 'interpreter.cancel', found);
    if (version !== undefined && version !== found.version) return fail('stale', structuredClone(found));
    if (!isOpen(found)) return fail('wrongStatus', structuredClone(found));
    return this.changed(actor, 'interpreter.cancel', found.id, 'cancelled', (r, at) => {
      r.status = 'storniert';
      r.closed = { by: actor.userKey, at, reason: 'withdrawn' };
    }, { organisers: 'cancelled' });
  }

  async confirm(actor: Identity, ref: { id: string; version: number }, input: ConfirmInput, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(ref.id);
    if (!found || !this.organiserRole(actor, found, origin)) return this.notVisible(actor, 'interpreter.confirm', found);
    if (ref.version !== found.version) return fail('stale', structuredClone(found));
    if (found.status !== 'angefragt') return fail('wrongStatus', structuredClone(found));
    const entry = input.entryId ? this.deps.addresses.byId(input.entryId) : undefined;
    if (input.entryId && (!entry || entry.institutionId !== found.institutionId)) return fail('invalid');
    const entryId = entry?.id;
    // Screened like the note (issue 10: a name and a phone number were stored verbatim): a service or an
    // office is typed here; a named interpreter comes from the address file (entryId).
    const interpreter = screenNote(input.interpreter, INTERPRETER_TEXT_MAX);
    if (interpreter === null) return fail('invalid');
    // The requester's notice must say who comes.
    if (!entryId && !interpreter) return fail('noInterpreter', structuredClone(found));
    const note = screenNote(input.note, NOTE_MAX);
    if (note === null) return fail('invalid');
    const by = actor.userKey;
    const used: AuditEntry[] = entryId ? [{ actor: actor.userKey, action: 'interpreter.address.use', record: entryId }] : [];
    return this.changed(actor, 'interpreter.confirm', found.id, 'confirmed', (r, at) => {
      r.status = 'bestaetigt';
      r.confirmation = { by, at, ...(entryId ? { entryId } : {}), ...(interpreter ? { interpreter } : {}), ...(note ? { note } : {}) };
    }, { requester: 'confirmed', organisers: 'update' }, used);
  }

  /** An organiser declines (no interpreter available) — also after confirming (interpreter dropped out). */
  async decline(actor: Identity, ref: { id: string; version: number }, input: { note?: string }, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(ref.id);
    if (!found || !this.organiserRole(actor, found, origin)) return this.notVisible(actor, 'interpreter.decline', found);
    if (ref.version !== found.version) return fail('stale', structuredClone(found));
    if (!isOpen(found)) return fail('wrongStatus', structuredClone(found));
    const note = screenNote(input.note, NOTE_MAX);
    if (note === null) return fail('invalid');
    const by = actor.userKey;
    return this.changed(actor, 'interpreter.decline', found.id, 'declined', (r, at) => {
      r.status = 'storniert';
      r.closed = { by, at, reason: 'declined', ...(note ? { note } : {}) };
    }, { requester: 'declined', organisers: 'update' });
  }

  /** Requester or organiser: the appointment took place. */
  async markDone(actor: Identity, ref: { id: string; version?: number }, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(ref.id);
    const isRequester = found?.requester === actor.userKey;
    if (!found || (!isRequester && !this.organiserRole(actor, found, origin))) return this.notVisible(actor, 'interpreter.done', found);
    if (ref.version !== undefined && ref.version !== found.version) return fail('stale', structuredClone(found));
    if (found.status !== 'bestaetigt') return fail('wrongStatus', structuredClone(found));
    const by = actor.userKey;
    return this.changed(actor, 'interpreter.done', found.id, 'done', (r, at) => {
      r.status = 'erledigt';
      r.closed = { by, at, reason: 'done' };
    }, isRequester ? { organisers: 'update' } : { requester: 'done', organisers: 'update' });
  }

  /** A change after creation: the request's new version, its messages and its audit entries in one commit. */
  private async changed(actor: Identity, action: string, id: string, event: HistoryEntry['action'], mutate: (r: InterpreterRequest, at: string) => void, what: NotifyWhat, extra: AuditEntry[] = []): Promise<Outcome<InterpreterRequest>> {
    const at = this.deps.now().toISOString();
    const request = await this.commitChange((data) => {
      const r = data.requests[id]!;
      mutate(r, at);
      r.version += 1;
      r.updatedAt = at;
      r.history.push({ at, by: actor.userKey, action: event, version: r.version });
      if (r.history.length > 100) r.history.splice(1, r.history.length - 100);
      return r;
    }, what, () => [{ actor: actor.userKey, action, record: id }, ...extra]);
    return { ok: true, value: request };
  }

  /** Record, counter, outbox rows and audit entries (the command's, and the address entries a card offers) together. */
  private async commitChange(mutate: (data: InterpreterData) => InterpreterRequest, what: NotifyWhat, entries: (r: InterpreterRequest) => AuditEntry[]): Promise<InterpreterRequest> {
    const request = await commitWithMessages(this.deps.store, this.deps.outbox(), this.deps.audit, (data) => {
      const r = mutate(data);
      const { messages, reads } = this.deps.messages(r, what);
      return { result: structuredClone(r), messages, entries: [...entries(r), ...reads] };
    });
    this.deps.log.info('interpreter.notified', { id: request.id, version: request.version });
    return request;
  }

  private find(id: string): InterpreterRequest | undefined {
    if (!REQUEST_ID.test(id)) return undefined;
    return Object.hasOwn(this.deps.store.data.requests, id) ? this.deps.store.data.requests[id] : undefined;
  }

  private async notVisible<T>(actor: Identity, action: string, found: InterpreterRequest | undefined): Promise<Outcome<T>> {
    if (found) await this.deps.audit.record({ actor: actor.userKey, action, record: found.id, role: actor.role, outcome: 'denied' });
    return fail('notFound');
  }
}
