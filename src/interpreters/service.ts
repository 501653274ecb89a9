// Interpreter requests (issue 4): create, list, cancel; organisers confirm, decline, mark done; the
// institution's address file (addressFile.ts) and inbox channel (inboxes.ts) behind one facade.
// Plain data in and out. Every input is validated before anything is committed, every change is durable
// before the call resolves, every read and change is audited with ids only, and every change after
// creation reaches the requester proactively through the outbox (notify.ts).
//
// Organisers act by card (Action.Execute) and are re-checked on every action: an officer of the request's
// institution, or anyone acting inside the registered inbox channel (Teams controls who is in it).
import type { AuditTrail } from '../audit/auditTrail.js';
import type { ConversationAddress, ConversationDirectory } from '../conversations/conversationDirectory.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Logger } from '../log/logger.js';
import type { Notifier } from '../outbox/types.js';
import type { Clock } from '../time/clock.js';
import type { RoleService } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import { AddressFile } from './addressFile.js';
import { estimateCost, type CostEstimate, type RateTable } from './cost.js';
import { Inboxes } from './inboxes.js';
import { changeMessages } from './notify.js';
import { outboxOf } from '../outbox/withMessages.js';
import { RequestBook } from './requests.js';
import { DIALECT_MAX, PLACE_TEXT_MAX, type AddressEntry, type InterpreterData, type InterpreterRequest, type Mode } from './store.js';
import { screenLine } from './text.js';
import { fail, INTERPRETER_ROLES, type ActionOrigin, type ConfirmInput, type EntryInput, type InterpreterRenderer, type Outcome, type RequestInput, type RequestView } from './types.js';

export { inboxKey, stripMessageId } from './inboxes.js';
export { cleanLine } from './text.js';
export { INTERPRETER_ROLES } from './types.js';
export { MAX_ENTRIES, SUGGESTIONS_MAX } from './addressFile.js';
export { MAX_OPEN_REQUESTS } from './requests.js';

export interface InterpreterServiceDeps {
  store: DocumentStore<InterpreterData>;
  audit: AuditTrail;
  institutions: InstitutionDirectory;
  roles: RoleService;
  conversations: ConversationDirectory;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  timeZone: string;
  rates: RateTable;
  /** Builds the proactive cards (wired in by the dialog layer). */
  renderer: InterpreterRenderer;
}

type PlaceResult = { ok: true; placeId: string } | { ok: true; placeText: string } | { ok: false; reason: 'empty' | 'tooLong' | 'name' | 'contact' | 'birthDate' };

export class InterpreterService {
  private readonly addresses: AddressFile;
  private readonly inboxes: Inboxes;
  private readonly requests: RequestBook;

  constructor(private readonly deps: InterpreterServiceDeps) {
    const now = () => deps.clock.now();
    this.addresses = new AddressFile(deps.store, deps.audit, now);
    this.inboxes = new Inboxes({ ...deps, now });
    this.requests = new RequestBook({
      ...deps,
      now,
      inboxes: this.inboxes,
      addresses: this.addresses,
      outbox: () => outboxOf(deps.notifier, 'interpreter requests'),
      messages: (request, what) => changeMessages({ ...deps, inboxes: this.inboxes, addresses: this.addresses }, this.view(request), what),
    });
  }

  get timeZone(): string {
    return this.deps.timeZone;
  }

  get institutions(): InstitutionDirectory {
    return this.deps.institutions;
  }

  institutionName(id: string): string {
    return this.deps.institutions.byId(id)?.name ?? id;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  mayRequest(actor: Identity): boolean {
    if (!(INTERPRETER_ROLES as readonly string[]).includes(actor.role) || !actor.institutionId) return false;
    const kind = this.deps.institutions.byId(actor.institutionId)?.kind;
    return kind === 'jva' || kind === 'bezirksregierung';
  }

  /** 'officer' or 'inbox' when the actor may organise this request, else false. */
  organiserRole(actor: Identity, request: InterpreterRequest, origin?: ActionOrigin): 'officer' | 'inbox' | false {
    return this.requests.organiserRole(actor, request, origin);
  }

  // ---- helpers for the dialog ------------------------------------------------------------------

  estimate(start: Date, durationMin: number): CostEstimate | undefined {
    return estimateCost(this.deps.rates, { start, durationMin, at: this.now(), timeZone: this.deps.timeZone });
  }

  matchEntries(institutionId: string, language: string, mode?: Mode): AddressEntry[] {
    return this.addresses.match(institutionId, language, mode);
  }

  /** Suggestions shown to `actor` (audited: each entry shown is a read). */
  async suggestions(actor: Identity, language: string, mode?: Mode): Promise<AddressEntry[]> {
    if (!this.mayRequest(actor)) return [];
    return this.addresses.suggest(actor.userKey, actor.institutionId!, language, mode);
  }

  /** Entries to offer on an organiser card; each one shown is a read by `viewer` (audited). */
  organiserSuggestions(viewer: string, request: InterpreterRequest): Promise<AddressEntry[]> {
    return this.addresses.forOrganiser(viewer, request);
  }

  /** A place typed by the officer: an institution, or words (screened: no personal data). */
  resolvePlace(text: string): PlaceResult {
    const found = this.deps.institutions.find(text.slice(0, 120));
    if ('match' in found) return { ok: true, placeId: found.match.id };
    const screened = screenLine(text, PLACE_TEXT_MAX);
    return screened.ok ? { ok: true, placeText: screened.text } : screened;
  }

  screenDialect(text: string) {
    return screenLine(text, DIALECT_MAX);
  }

  // ---- requests ----------------------------------------------------------------------------------

  async create(actor: Identity, input: RequestInput): Promise<Outcome<InterpreterRequest>> {
    if (!this.mayRequest(actor)) return this.denied(actor, 'interpreter.create');
    return this.requests.create(actor, input);
  }

  /** The actor's requests: open ones by appointment, then the last closed ones (audited). */
  async listOwn(actor: Identity, closedMax = 5): Promise<InterpreterRequest[]> {
    if (!this.mayRequest(actor)) {
      await this.denied(actor, 'interpreter.list');
      return [];
    }
    return this.requests.listOwn(actor, closedMax);
  }

  get(actor: Identity, id: string, origin?: ActionOrigin): Promise<Outcome<{ request: InterpreterRequest; as: 'requester' | 'organiser' }>> {
    return this.requests.get(actor, id, origin);
  }

  cancel(actor: Identity, id: string, version?: number): Promise<Outcome<InterpreterRequest>> {
    return this.requests.cancel(actor, id, version);
  }

  confirm(actor: Identity, ref: { id: string; version: number }, input: ConfirmInput, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    return this.requests.confirm(actor, ref, input, origin);
  }

  decline(actor: Identity, ref: { id: string; version: number }, input: { note?: string }, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    return this.requests.decline(actor, ref, input, origin);
  }

  markDone(actor: Identity, ref: { id: string; version?: number }, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    return this.requests.markDone(actor, ref, origin);
  }

  /** The view cards are built from. */
  view(request: InterpreterRequest): RequestView {
    const entry = request.confirmation?.entryId ? this.deps.store.data.entries[request.confirmation.entryId] : undefined;
    const estimate = this.estimate(new Date(request.start), request.durationMin);
    return {
      request,
      institutionName: this.institutionName(request.institutionId),
      ...(request.placeId ? { placeName: this.institutionName(request.placeId) } : {}),
      ...(entry ? { entry: structuredClone(entry) } : {}),
      ...(estimate ? { estimate } : {}),
    };
  }

  // ---- address file --------------------------------------------------------------------------

  async entries(actor: Identity): Promise<AddressEntry[]> {
    if (!this.mayRequest(actor)) {
      await this.denied(actor, 'interpreter.address.list');
      return [];
    }
    return this.addresses.list(actor, actor.institutionId!);
  }

  async addEntry(actor: Identity, input: EntryInput): Promise<Outcome<AddressEntry>> {
    if (!this.mayRequest(actor)) return this.denied(actor, 'interpreter.address.add');
    return this.addresses.add(actor, actor.institutionId!, input);
  }

  async removeEntry(actor: Identity, id: string): Promise<Outcome<{ id: string }>> {
    if (!this.mayRequest(actor)) return this.denied(actor, 'interpreter.address.remove');
    return this.addresses.remove(actor, id);
  }

  // ---- inbox channel ---------------------------------------------------------------------------

  inboxOf(institutionId: string) {
    return this.inboxes.inboxOf(institutionId);
  }

  mayManageInbox(actor: Identity, institutionId: string): boolean {
    return this.inboxes.mayManage(actor, institutionId);
  }

  async registerInbox(actor: Identity, institutionId: string, address: ConversationAddress): Promise<Outcome<{ institutionId: string }>> {
    if (!this.mayManageInbox(actor, institutionId)) return this.denied(actor, 'interpreter.inbox.register');
    return this.inboxes.register(actor, institutionId, address);
  }

  async unregisterInbox(actor: Identity, institutionId: string): Promise<Outcome<{ institutionId: string }>> {
    if (!this.mayManageInbox(actor, institutionId)) return this.denied(actor, 'interpreter.inbox.unregister');
    return this.inboxes.unregister(actor, institutionId);
  }

  // --------------------------------------------------------------------------------------------

  private async denied<T>(actor: Identity, action: string): Promise<Outcome<T>> {
    await this.deps.audit.record({ actor: actor.userKey, action, role: actor.role, outcome: 'denied' });
    return fail('forbidden');
  }
}
