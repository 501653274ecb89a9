// The interpreter address file of each institution: list, add, remove, and the entries that match a
// request (same language, or the same language family as a fallback). Every entry shown is an audited read.
import { z } from 'zod';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { Identity } from '../roles/types.js';
import { nextSequenceId } from '../store/ids.js';
import type { DocumentStore } from '../store/documentStore.js';
import { ENTRY_CONTACT_MAX, ENTRY_ID, ENTRY_KINDS, ENTRY_NAME_MAX, MODES, entrySchema, languageCodeSchema, type AddressEntry, type InterpreterData, type InterpreterRequest, type Mode } from './store.js';
import { cleanLine } from './text.js';
import { fail, type EntryInput, type Outcome } from './types.js';

export const MAX_ENTRIES = 500;
export const SUGGESTIONS_MAX = 5;

const entryInputSchema = z.strictObject({
  kind: z.enum(ENTRY_KINDS),
  name: z.string(),
  languages: z.array(languageCodeSchema).min(1).max(30),
  modes: z.array(z.enum(MODES)).min(1).max(3),
  sworn: z.boolean(),
  contact: z.string().optional(),
});

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

export class AddressFile {
  constructor(
    private readonly store: DocumentStore<InterpreterData>,
    private readonly audit: AuditTrail,
    private readonly now: () => Date,
  ) {}

  byId(id: string): AddressEntry | undefined {
    return ENTRY_ID.test(id) ? this.store.data.entries[id] : undefined;
  }

  /** Entries of the institution for this language (same family as fallback) and mode; no audit. */
  match(institutionId: string, language: string, mode?: Mode): AddressEntry[] {
    const rank = (e: AddressEntry) => (e.languages.includes(language) ? 0 : 1);
    return Object.values(this.store.data.entries)
      .filter((e) => e.institutionId === institutionId)
      .filter((e) => e.languages.some((l) => l === language || sameFamily(l, language)))
      .filter((e) => !mode || e.modes.includes(mode))
      .sort((a, b) => rank(a) - rank(b) || Number(b.sworn) - Number(a.sworn) || a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id))
      .slice(0, SUGGESTIONS_MAX);
  }

  /** Matching entries shown to `viewer` (a user key or an inbox conversation key); each one is an audited read. */
  async suggest(viewer: string, institutionId: string, language: string, mode?: Mode): Promise<AddressEntry[]> {
    const found = this.match(institutionId, language, mode);
    for (const e of found) await this.audit.record({ actor: viewer, action: 'interpreter.address.suggest', record: e.id });
    return found;
  }

  /** Entries to offer on an organiser card (none once the request is no longer "angefragt"). */
  async forOrganiser(viewer: string, request: InterpreterRequest): Promise<AddressEntry[]> {
    if (request.status !== 'angefragt') return [];
    return this.suggest(viewer, request.institutionId, request.language, request.mode);
  }

  /** The actor's institution's entries, by name (each entry read is audited). */
  async list(actor: Identity, institutionId: string): Promise<AddressEntry[]> {
    const list = Object.values(this.store.data.entries)
      .filter((e) => e.institutionId === institutionId)
      .sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
    await this.audit.record({ actor: actor.userKey, action: 'interpreter.address.list', record: institutionId });
    for (const e of list) await this.audit.record({ actor: actor.userKey, action: 'interpreter.address.read', record: e.id });
    return structuredClone(list);
  }

  async add(actor: Identity, institutionId: string, input: EntryInput): Promise<Outcome<AddressEntry>> {
    const parsed = entryInputSchema.safeParse(input);
    if (!parsed.success) return fail('invalid');
    const name = cleanLine(parsed.data.name);
    const contact = parsed.data.contact === undefined ? undefined : cleanLine(parsed.data.contact);
    if (!name || name.length > ENTRY_NAME_MAX || (contact !== undefined && contact.length > ENTRY_CONTACT_MAX)) return fail('invalid');
    const count = Object.values(this.store.data.entries).filter((e) => e.institutionId === institutionId).length;
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
    const entry = await this.store.commit((data) => {
      const created: AddressEntry = { id: nextSequenceId(data.counters, 'DA'), ...draft };
      data.entries[created.id] = created;
      return structuredClone(created);
    });
    await this.audit.record({ actor: actor.userKey, action: 'interpreter.address.add', record: entry.id });
    return { ok: true, value: entry };
  }

  async remove(actor: Identity, id: string): Promise<Outcome<{ id: string }>> {
    const entry = this.byId(id);
    if (!entry || entry.institutionId !== actor.institutionId) {
      if (entry) await this.audit.record({ actor: actor.userKey, action: 'interpreter.address.remove', record: id, outcome: 'denied' });
      return fail('notFound');
    }
    await this.store.commit((data) => {
      delete data.entries[id];
    });
    await this.audit.record({ actor: actor.userKey, action: 'interpreter.address.remove', record: id });
    return { ok: true, value: { id } };
  }
}
