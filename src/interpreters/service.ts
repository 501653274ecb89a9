// Interpreter requests (DESIGN §3, issue 4): create, list, cancel; organisers confirm, decline, mark
// done; the interpreter address file of each institution; the registered interpreter inbox channels.
// Plain data in and out (no botbuilder). Every input is validated before anything is committed, every
// change is durable before the call resolves, every read and change is audited with ids only, and
// every change after creation reaches the requester proactively through the outbox.
//
// Who organises a request: the institution's registered inbox channel if there is one ("als
// dolmetscher-eingang registrieren" in a team channel), else the other officers of the same
// institution, else — the requester being its only officer — the requester. Organisers act by card
// (Action.Execute) and are re-checked on the server on every action: an officer of the request's
// institution, or anyone acting inside the registered inbox channel (Teams controls who is in it).
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog.js';
import { checkCaseRef, screenOffline } from '../checklists/privacy.js';
import type { ConversationAddress, ConversationDirectory } from '../conversations/conversationDirectory.js';
import { formatter } from '../i18n/format.js';
import { resolveLocale, translator, type Locale } from '../i18n/i18n.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { errorFields, type Logger } from '../log/logger.js';
import type { Clock, Notifier, OutboxRequest, OutboxTarget } from '../outbox/types.js';
import type { RoleService } from '../roles/roleService.js';
import type { Identity } from '../roles/types.js';
import type { JsonStore } from '../store/jsonStore.js';
import { yearIn } from '../time/zoned.js';
import { estimateCost, type CostEstimate, type RateTable } from './cost.js';
import {
  DIALECT_MAX,
  DURATION_MAX,
  DURATION_MIN,
  ENTRY_CONTACT_MAX,
  ENTRY_ID,
  ENTRY_KINDS,
  ENTRY_NAME_MAX,
  INTERPRETER_TEXT_MAX,
  MODES,
  NOTE_MAX,
  PLACE_TEXT_MAX,
  PURPOSES,
  REQUEST_ID,
  URGENCIES,
  entrySchema,
  languageCodeSchema,
  requestSchema,
  type AddressEntry,
  type HistoryEntry,
  type InterpreterData,
  type InterpreterRequest,
  type Mode,
  type NotifyTarget,
} from './store.js';
import { MAX_AHEAD_DAYS } from './when.js';
import { organiserCard, requesterNoticeCard, type CardInfo, type RequestView } from '../cards/interpreterCards.js';

/** Who may request interpreters and keep an address file: officers (of a JVA or a Bezirksregierung). */
export const INTERPRETER_ROLES = ['officer'] as const;
export const MAX_OPEN_REQUESTS = 100;
export const MAX_ENTRIES = 500;
export const SUGGESTIONS_MAX = 5;
/** The ConversationDirectory key of an institution's interpreter inbox channel. */
export const inboxKey = (institutionId: string) => `dolmetscher-eingang:${institutionId}`;

export type Failure =
  | 'forbidden' // role may not do this
  | 'notFound' // no such record, or not visible to the actor (never tells which)
  | 'stale' // the card was older than the record
  | 'wrongStatus' // e.g. confirming a cancelled request
  | 'invalid' // input failed validation
  | 'past' // the appointment lies in the past
  | 'limit';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Failure; current?: InterpreterRequest };

const fail = <T>(reason: Failure, current?: InterpreterRequest): Outcome<T> => ({ ok: false, reason, ...(current ? { current } : {}) });

/** A request as the dialog assembled it. */
export interface RequestInput {
  language: string;
  languageSource: 'named' | 'detected';
  dialect?: string;
  start: Date;
  durationMin: number;
  mode: Mode;
  placeId?: string;
  placeText?: string;
  purpose: (typeof PURPOSES)[number];
  urgency: (typeof URGENCIES)[number];
  caseRef?: string;
}

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

export interface EntryInput {
  kind: (typeof ENTRY_KINDS)[number];
  name: string;
  languages: string[];
  modes: Mode[];
  sworn: boolean;
  contact?: string;
}

const entryInputSchema = z.strictObject({
  kind: z.enum(ENTRY_KINDS),
  name: z.string(),
  languages: z.array(languageCodeSchema).min(1).max(30),
  modes: z.array(z.enum(MODES)).min(1).max(3),
  sworn: z.boolean(),
  contact: z.string().optional(),
});

/** What an organiser sends with "bestätigen". */
export interface ConfirmInput {
  entryId?: string;
  interpreter?: string;
  note?: string;
}

/** Where a card action came from: the conversation (for actions taken in the inbox channel). */
export interface ActionOrigin {
  conversationId?: string;
}

export interface InterpreterServiceDeps {
  store: JsonStore<InterpreterData>;
  audit: AuditLog;
  institutions: InstitutionDirectory;
  roles: RoleService;
  conversations: ConversationDirectory;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  timeZone: string;
  rates: RateTable;
}

/** Control characters out, whitespace collapsed, trimmed. */
export function cleanLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Language families: an entry for one member is a fallback suggestion for another. */
const FAMILIES: readonly string[][] = [
  ['sh', 'sr', 'hr', 'bs', 'cnr'],
  ['ar', 'ary', 'apc', 'arq', 'aeb'],
  ['fa', 'prs'],
  ['kmr', 'ckb', 'ku'],
];

function sameFamily(a: string, b: string): boolean {
  return FAMILIES.some((f) => f.includes(a) && f.includes(b));
}

export function stripMessageId(conversationId: string): string {
  return conversationId.split(';')[0]!.trim();
}

export class InterpreterService {
  constructor(private readonly deps: InterpreterServiceDeps) {}

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

  // ---------------------------------------------------------------------------------------------
  // Who may do what
  // ---------------------------------------------------------------------------------------------

  mayRequest(actor: Identity): boolean {
    if (!(INTERPRETER_ROLES as readonly string[]).includes(actor.role) || !actor.institutionId) return false;
    const kind = this.deps.institutions.byId(actor.institutionId)?.kind;
    return kind === 'jva' || kind === 'bezirksregierung';
  }

  /** 'officer' or 'inbox' when the actor may organise this request, else false. */
  organiserRole(actor: Identity, request: InterpreterRequest, origin?: ActionOrigin): 'officer' | 'inbox' | false {
    if (actor.role === 'officer' && actor.institutionId === request.institutionId) return 'officer';
    const inbox = this.deps.store.data.inboxes[request.institutionId];
    if (inbox && origin?.conversationId && stripMessageId(origin.conversationId) === inbox.conversationId) return 'inbox';
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for the dialog
  // ---------------------------------------------------------------------------------------------

  estimate(start: Date, durationMin: number): CostEstimate | undefined {
    return estimateCost(this.deps.rates, { start, durationMin, at: this.now(), timeZone: this.deps.timeZone });
  }

  /** Address-file entries of the institution for this language (same family as fallback) and mode; no audit. */
  matchEntries(institutionId: string, language: string, mode?: Mode): AddressEntry[] {
    const rank = (e: AddressEntry) => (e.languages.includes(language) ? 0 : 1);
    return Object.values(this.deps.store.data.entries)
      .filter((e) => e.institutionId === institutionId)
      .filter((e) => e.languages.some((l) => l === language || sameFamily(l, language)))
      .filter((e) => !mode || e.modes.includes(mode))
      .sort((a, b) => rank(a) - rank(b) || Number(b.sworn) - Number(a.sworn) || a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id))
      .slice(0, SUGGESTIONS_MAX);
  }

  /** Suggestions shown to `actor` (audited: each entry shown is a read). */
  async suggestions(actor: Identity, language: string, mode?: Mode): Promise<AddressEntry[]> {
    if (!this.mayRequest(actor)) return [];
    const found = this.matchEntries(actor.institutionId!, language, mode);
    for (const e of found) await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.address.suggest', record: e.id });
    return found;
  }

  /**
   * Entries to offer on an organiser card for this request (none once it is no longer "angefragt").
   * Each entry shown is a read by `viewer` (a user key, or the inbox channel's conversation key): audited.
   */
  async organiserSuggestions(viewer: string, request: InterpreterRequest): Promise<AddressEntry[]> {
    if (request.status !== 'angefragt') return [];
    const found = this.matchEntries(request.institutionId, request.language, request.mode);
    for (const e of found) await this.deps.audit.record({ actor: viewer, action: 'interpreter.address.suggest', record: e.id });
    return found;
  }

  /** A place typed by the officer: an institution, or words (screened: no personal data). */
  resolvePlace(text: string): { ok: true; placeId: string } | { ok: true; placeText: string } | { ok: false; reason: 'empty' | 'tooLong' | 'name' | 'contact' | 'birthDate' } {
    const found = this.deps.institutions.find(text.slice(0, 120));
    if ('match' in found) return { ok: true, placeId: found.match.id };
    const screened = screenOffline(cleanLine(text), PLACE_TEXT_MAX);
    return screened.ok ? { ok: true, placeText: screened.text } : screened;
  }

  screenDialect(text: string) {
    return screenOffline(cleanLine(text), DIALECT_MAX);
  }

  // ---------------------------------------------------------------------------------------------
  // Requests
  // ---------------------------------------------------------------------------------------------

  async create(actor: Identity, input: RequestInput): Promise<Outcome<InterpreterRequest>> {
    if (!this.mayRequest(actor)) return this.denied(actor, 'interpreter.create');
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) return fail('invalid');
    const v = parsed.data;
    const now = this.now();
    if (v.start.getTime() < now.getTime() - 5 * 60_000) return fail('past');
    if (v.start.getTime() > now.getTime() + (MAX_AHEAD_DAYS + 1) * 86_400_000) return fail('invalid');
    if (v.placeId && !this.deps.institutions.byId(v.placeId)) return fail('invalid');
    if (v.placeId && v.placeText) return fail('invalid');
    let caseRef: string | undefined;
    if (v.caseRef !== undefined) {
      const checked = checkCaseRef(v.caseRef);
      if (!checked.ok) return fail('invalid');
      caseRef = checked.value;
    }
    let dialect: string | undefined;
    if (v.dialect !== undefined) {
      const screened = this.screenDialect(v.dialect);
      if (!screened.ok) return fail('invalid');
      dialect = screened.text;
    }
    let placeText: string | undefined;
    if (v.placeText !== undefined) {
      const screened = screenOffline(cleanLine(v.placeText), PLACE_TEXT_MAX);
      if (!screened.ok) return fail('invalid');
      placeText = screened.text;
    }
    const open = Object.values(this.deps.store.data.requests).filter((r) => r.requester === actor.userKey && (r.status === 'angefragt' || r.status === 'bestaetigt'));
    if (open.length >= MAX_OPEN_REQUESTS) return fail('limit');

    const institutionId = actor.institutionId!;
    const organisers = this.organiserTargets(institutionId, actor.userKey);
    const at = now.toISOString();
    const draft: Omit<InterpreterRequest, 'id'> = {
      version: 1,
      requester: actor.userKey,
      institutionId,
      language: v.language,
      languageSource: v.languageSource,
      ...(dialect ? { dialect } : {}),
      start: v.start.toISOString(),
      durationMin: v.durationMin,
      mode: v.mode,
      ...(placeText ? { placeText } : { placeId: v.placeId ?? institutionId }),
      purpose: v.purpose,
      urgency: v.urgency,
      ...(caseRef ? { caseRef } : {}),
      status: 'angefragt',
      createdAt: at,
      updatedAt: at,
      organisers,
      history: [{ at, by: actor.userKey, action: 'created', version: 1 }],
    };
    // Validate the complete record before it is committed (the store validates only on open).
    if (!requestSchema.safeParse({ ...draft, id: 'DOL-2000-0001' }).success) return fail('invalid');
    const request = await this.deps.store.commit((data) => {
      const id = this.nextId(data, now);
      const created: InterpreterRequest = { id, ...draft };
      data.requests[id] = created;
      return structuredClone(created);
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.create', record: request.id });
    this.deps.log.info('interpreter.created', { id: request.id, organisers: organisers.length, inbox: organisers.some((o) => 'conversationKey' in o) });
    await this.notify(request, { organisers: 'new' });
    return { ok: true, value: request };
  }

  /** The actor's requests: open ones by appointment, then the last closed ones (audited). */
  async listOwn(actor: Identity, closedMax = 5): Promise<InterpreterRequest[]> {
    if (!this.mayRequest(actor)) {
      await this.denied(actor, 'interpreter.list');
      return [];
    }
    const mine = Object.values(this.deps.store.data.requests).filter((r) => r.requester === actor.userKey);
    const open = mine.filter((r) => r.status === 'angefragt' || r.status === 'bestaetigt').sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    const closed = mine
      .filter((r) => r.status === 'erledigt' || r.status === 'storniert')
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
    if (!as) {
      await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.view', record: found.id, outcome: 'denied' });
      return fail('notFound');
    }
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.view', record: found.id });
    return { ok: true, value: { request: structuredClone(found), as } };
  }

  /** The requester withdraws the request (from "angefragt" or "bestätigt"). Organisers are told. */
  async cancel(actor: Identity, id: string, version?: number): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(id);
    if (!found || found.requester !== actor.userKey) return this.notVisible(actor, 'interpreter.cancel', found);
    if (version !== undefined && version !== found.version) return fail('stale', structuredClone(found));
    if (found.status !== 'angefragt' && found.status !== 'bestaetigt') return fail('wrongStatus', structuredClone(found));
    const request = await this.change(found.id, actor.userKey, 'cancelled', (r, at) => {
      r.status = 'storniert';
      r.closed = { by: actor.userKey, at, reason: 'withdrawn' };
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.cancel', record: request.id });
    await this.notify(request, { organisers: 'cancelled' });
    return { ok: true, value: request };
  }

  async confirm(actor: Identity, ref: { id: string; version: number }, input: ConfirmInput, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(ref.id);
    if (!found || !this.organiserRole(actor, found, origin)) return this.notVisible(actor, 'interpreter.confirm', found);
    if (ref.version !== found.version) return fail('stale', structuredClone(found));
    if (found.status !== 'angefragt') return fail('wrongStatus', structuredClone(found));
    let entryId: string | undefined;
    if (input.entryId) {
      const entry = ENTRY_ID.test(input.entryId) ? this.deps.store.data.entries[input.entryId] : undefined;
      if (!entry || entry.institutionId !== found.institutionId) return fail('invalid');
      entryId = entry.id;
    }
    const interpreter = input.interpreter ? cleanLine(input.interpreter).slice(0, INTERPRETER_TEXT_MAX) : '';
    const note = this.screenNote(input.note);
    if (note === null) return fail('invalid');
    const by = actor.userKey;
    const request = await this.change(found.id, by, 'confirmed', (r, at) => {
      r.status = 'bestaetigt';
      r.confirmation = { by, at, ...(entryId ? { entryId } : {}), ...(interpreter ? { interpreter } : {}), ...(note ? { note } : {}) };
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.confirm', record: request.id });
    if (entryId) await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.address.use', record: entryId });
    await this.notify(request, { requester: 'confirmed', organisers: 'update' });
    return { ok: true, value: request };
  }

  /** An organiser declines (no interpreter available) — also after confirming (interpreter dropped out). */
  async decline(actor: Identity, ref: { id: string; version: number }, input: { note?: string }, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(ref.id);
    if (!found || !this.organiserRole(actor, found, origin)) return this.notVisible(actor, 'interpreter.decline', found);
    if (ref.version !== found.version) return fail('stale', structuredClone(found));
    if (found.status !== 'angefragt' && found.status !== 'bestaetigt') return fail('wrongStatus', structuredClone(found));
    const note = this.screenNote(input.note);
    if (note === null) return fail('invalid');
    const by = actor.userKey;
    const request = await this.change(found.id, by, 'declined', (r, at) => {
      r.status = 'storniert';
      r.closed = { by, at, reason: 'declined', ...(note ? { note } : {}) };
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.decline', record: request.id });
    await this.notify(request, { requester: 'declined', organisers: 'update' });
    return { ok: true, value: request };
  }

  /** Requester or organiser: the appointment took place. */
  async markDone(actor: Identity, ref: { id: string; version?: number }, origin?: ActionOrigin): Promise<Outcome<InterpreterRequest>> {
    const found = this.find(ref.id);
    const isRequester = found?.requester === actor.userKey;
    if (!found || (!isRequester && !this.organiserRole(actor, found, origin))) return this.notVisible(actor, 'interpreter.done', found);
    if (ref.version !== undefined && ref.version !== found.version) return fail('stale', structuredClone(found));
    if (found.status !== 'bestaetigt') return fail('wrongStatus', structuredClone(found));
    const by = actor.userKey;
    const request = await this.change(found.id, by, 'done', (r, at) => {
      r.status = 'erledigt';
      r.closed = { by, at, reason: 'done' };
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.done', record: request.id });
    await this.notify(request, isRequester ? { organisers: 'update' } : { requester: 'done', organisers: 'update' });
    return { ok: true, value: request };
  }

  /** The view cards are built from (labels resolved per locale by the card functions). */
  view(request: InterpreterRequest): RequestView {
    const entry = request.confirmation?.entryId ? this.deps.store.data.entries[request.confirmation.entryId] : undefined;
    const estimate = this.estimate(new Date(request.start), request.durationMin);
    return {
      request,
      institutionName: this.deps.institutions.byId(request.institutionId)?.name ?? request.institutionId,
      ...(request.placeId ? { placeName: this.deps.institutions.byId(request.placeId)?.name ?? request.placeId } : {}),
      ...(entry ? { entry: structuredClone(entry) } : {}),
      ...(estimate ? { estimate } : {}),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Interpreter address file (per institution)
  // ---------------------------------------------------------------------------------------------

  /** The actor's institution's entries, by name (each entry read is audited). */
  async entries(actor: Identity): Promise<AddressEntry[]> {
    if (!this.mayRequest(actor)) {
      await this.denied(actor, 'interpreter.address.list');
      return [];
    }
    const list = Object.values(this.deps.store.data.entries)
      .filter((e) => e.institutionId === actor.institutionId)
      .sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.address.list', record: actor.institutionId! });
    for (const e of list) await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.address.read', record: e.id });
    return structuredClone(list);
  }

  async addEntry(actor: Identity, input: EntryInput): Promise<Outcome<AddressEntry>> {
    if (!this.mayRequest(actor)) return this.denied(actor, 'interpreter.address.add');
    const parsed = entryInputSchema.safeParse(input);
    if (!parsed.success) return fail('invalid');
    const name = cleanLine(parsed.data.name);
    const contact = parsed.data.contact === undefined ? undefined : cleanLine(parsed.data.contact);
    if (!name || name.length > ENTRY_NAME_MAX || (contact !== undefined && contact.length > ENTRY_CONTACT_MAX)) return fail('invalid');
    const institutionId = actor.institutionId!;
    const count = Object.values(this.deps.store.data.entries).filter((e) => e.institutionId === institutionId).length;
    if (count >= MAX_ENTRIES) return fail('limit');
    const at = this.now().toISOString();
    const draft: Omit<AddressEntry, 'id'> = {
      version: 1,
      institutionId,
      kind: parsed.data.kind,
      name,
      languages: [...new Set(parsed.data.languages)],
      modes: MODES.filter((m) => parsed.data.modes.includes(m)),
      sworn: parsed.data.sworn,
      ...(contact ? { contact } : {}),
      createdBy: actor.userKey,
      createdAt: at,
      updatedAt: at,
    };
    if (!entrySchema.safeParse({ ...draft, id: 'DA-0001' }).success) return fail('invalid');
    const entry = await this.deps.store.commit((data) => {
      const n = (data.counters.DA ?? 0) + 1;
      data.counters.DA = n;
      const created: AddressEntry = { id: `DA-${String(n).padStart(4, '0')}`, ...draft };
      data.entries[created.id] = created;
      return structuredClone(created);
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.address.add', record: entry.id });
    return { ok: true, value: entry };
  }

  async removeEntry(actor: Identity, id: string): Promise<Outcome<{ id: string }>> {
    if (!this.mayRequest(actor)) return this.denied(actor, 'interpreter.address.remove');
    const entry = ENTRY_ID.test(id) ? this.deps.store.data.entries[id] : undefined;
    if (!entry || entry.institutionId !== actor.institutionId) {
      if (entry) await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.address.remove', record: id, outcome: 'denied' });
      return fail('notFound');
    }
    await this.deps.store.commit((data) => {
      delete data.entries[id];
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.address.remove', record: id });
    return { ok: true, value: { id } };
  }

  // ---------------------------------------------------------------------------------------------
  // Interpreter inbox channel (per institution)
  // ---------------------------------------------------------------------------------------------

  inboxOf(institutionId: string) {
    const inbox = this.deps.store.data.inboxes[institutionId];
    return inbox ? structuredClone(inbox) : undefined;
  }

  /** Admins for any JVA or Bezirksregierung; officers for their own institution. */
  mayManageInbox(actor: Identity, institutionId: string): boolean {
    const kind = this.deps.institutions.byId(institutionId)?.kind;
    if (kind !== 'jva' && kind !== 'bezirksregierung') return false;
    return actor.role === 'admin' || (actor.role === 'officer' && actor.institutionId === institutionId);
  }

  async registerInbox(actor: Identity, institutionId: string, address: ConversationAddress): Promise<Outcome<{ institutionId: string }>> {
    if (!this.mayManageInbox(actor, institutionId)) return this.denied(actor, 'interpreter.inbox.register');
    if (address.conversationType !== 'channel' || !address.conversationId) return fail('invalid');
    const key = inboxKey(institutionId);
    await this.deps.conversations.remember(key, address);
    await this.deps.store.commit((data) => {
      data.inboxes[institutionId] = {
        conversationKey: key,
        conversationId: stripMessageId(address.conversationId),
        registeredBy: actor.userKey,
        registeredAt: this.now().toISOString(),
      };
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.inbox.register', record: institutionId });
    return { ok: true, value: { institutionId } };
  }

  async unregisterInbox(actor: Identity, institutionId: string): Promise<Outcome<{ institutionId: string }>> {
    if (!this.mayManageInbox(actor, institutionId)) return this.denied(actor, 'interpreter.inbox.unregister');
    if (!this.deps.store.data.inboxes[institutionId]) return fail('notFound');
    await this.deps.store.commit((data) => {
      delete data.inboxes[institutionId];
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'interpreter.inbox.unregister', record: institutionId });
    return { ok: true, value: { institutionId } };
  }

  /** Where a new request of `institutionId` goes (see the header). */
  organiserTargets(institutionId: string, requester: string): NotifyTarget[] {
    const inbox = this.deps.store.data.inboxes[institutionId];
    if (inbox && this.deps.conversations.get(inbox.conversationKey)) return [{ conversationKey: inbox.conversationKey }];
    const officers = this.deps.roles.officersOf(institutionId).filter((k) => k !== requester);
    return (officers.length > 0 ? officers : [requester]).map((userKey) => ({ userKey }));
  }

  // ---------------------------------------------------------------------------------------------
  // Notifications
  // ---------------------------------------------------------------------------------------------

  private infoFor(targetKey: string): CardInfo {
    const locale: Locale = resolveLocale(this.deps.conversations.get(targetKey)?.locale);
    return { t: translator(locale), fmt: formatter(locale, this.deps.timeZone), locale, timeZone: this.deps.timeZone };
  }

  /**
   * Enqueues what a change means for whom: organiser cards (a new card, or the earlier one updated in
   * place) and a notice to the requester. Never throws: the change is saved either way and the outbox
   * is durable; a failure to enqueue is logged.
   */
  private async notify(request: InterpreterRequest, what: { requester?: 'confirmed' | 'declined' | 'done'; organisers?: 'new' | 'update' | 'cancelled' }): Promise<void> {
    const out: OutboxRequest[] = [];
    const view = this.view(request);
    if (what.organisers) {
      for (const target of request.organisers) {
        const key = 'userKey' in target ? target.userKey : target.conversationKey;
        const info = this.infoFor(key);
        const suggestions = await this.organiserSuggestions(key, request);
        const built = organiserCard(info, view, { suggestions, inChannel: 'conversationKey' in target, requesterIsOrganiser: 'userKey' in target && target.userKey === request.requester });
        const first = `dol:${request.id}:org:${key}`;
        const payload = { text: built.summary, card: built.card as unknown as Record<string, unknown> };
        const outTarget: OutboxTarget = 'userKey' in target ? { userKey: target.userKey } : { conversationKey: target.conversationKey };
        if (what.organisers === 'new') out.push({ target: outTarget, payload, key: first });
        else out.push({ target: outTarget, payload, key: `${first}:v${request.version}`, replaces: first });
        if (what.organisers === 'cancelled' && !('userKey' in target && target.userKey === request.requester)) {
          out.push({ target: outTarget, payload: { text: info.t('interpreters.notice.cancelledForOrganiser', { id: request.id }) }, key: `${first}:v${request.version}:note` });
        }
      }
    }
    if (what.requester) {
      const info = this.infoFor(request.requester);
      const built = requesterNoticeCard(info, view, what.requester);
      out.push({ target: { userKey: request.requester }, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> }, key: `dol:${request.id}:req:v${request.version}` });
    }
    if (out.length === 0) return;
    try {
      await this.deps.notifier.enqueue(out);
      this.deps.log.info('interpreter.notified', { id: request.id, version: request.version, messages: out.length });
    } catch (err) {
      this.deps.log.error('interpreter.notify_failed', { id: request.id, version: request.version, ...errorFields(err) });
    }
  }

  // ---------------------------------------------------------------------------------------------

  private find(id: string): InterpreterRequest | undefined {
    if (!REQUEST_ID.test(id)) return undefined;
    return Object.hasOwn(this.deps.store.data.requests, id) ? this.deps.store.data.requests[id] : undefined;
  }

  private async change(id: string, by: string, action: HistoryEntry['action'], mutate: (r: InterpreterRequest, at: string) => void): Promise<InterpreterRequest> {
    const at = this.now().toISOString();
    return this.deps.store.commit((data) => {
      const r = data.requests[id]!;
      mutate(r, at);
      r.version += 1;
      r.updatedAt = at;
      r.history.push({ at, by, action, version: r.version });
      if (r.history.length > 100) r.history.splice(1, r.history.length - 100);
      return structuredClone(r);
    });
  }

  /** undefined: no note; null: refused (personal data); else the cleaned note. */
  private screenNote(note: string | undefined): string | undefined | null {
    if (note === undefined || cleanLine(note) === '') return undefined;
    const screened = screenOffline(cleanLine(note), NOTE_MAX);
    return screened.ok ? screened.text : null;
  }

  private nextId(data: InterpreterData, now: Date): string {
    const key = `DOL-${yearIn(now, this.deps.timeZone)}`;
    const n = (data.counters[key] ?? 0) + 1;
    data.counters[key] = n;
    return `${key}-${String(n).padStart(4, '0')}`;
  }

  private async notVisible<T>(actor: Identity, action: string, found: InterpreterRequest | undefined): Promise<Outcome<T>> {
    if (found) await this.deps.audit.record({ actor: actor.userKey, action, record: found.id, role: actor.role, outcome: 'denied' });
    return fail('notFound');
  }

  private async denied<T>(actor: Identity, action: string, record?: string): Promise<Outcome<T>> {
    await this.deps.audit.record({ actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome: 'denied' });
    return fail('forbidden');
  }
}
