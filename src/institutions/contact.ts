// How to reach an institution's integration contact (a function mailbox, not a person): what the
// directory capability knows and other capabilities may show, e.g. the requester's JVA on a case card.

export interface InstitutionContact {
  /** The contact's name in the directory ("Integrationsbeauftragte/r der JVA Köln"). */
  name: string;
  email?: string;
  phone?: string;
  url?: string;
}

/** Looks up an institution's integration contact; undefined when the directory has none. */
export type InstitutionContactLookup = (institutionId: string) => InstitutionContact | undefined;
