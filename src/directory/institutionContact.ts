// An institution's integration contact, for other capabilities (the requester's JVA on a coordinator's
// case card): the responsibility institution × "integration", else a contact of that institution with
// the topic. Function mailboxes and switchboards only — the directory holds no private persons.
import type { InstitutionContact } from '../institutions/contact.js';
import type { Contact, DirectoryData } from './types.js';

export const INTEGRATION_TOPIC = 'integration';

export function integrationContactOf(data: DirectoryData, institutionId: string): InstitutionContact | undefined {
  const own = (id: string | undefined): Contact | undefined => (id && Object.hasOwn(data.contacts, id) ? data.contacts[id] : undefined);
  const responsible = data.responsibilities.find((r) => r.institutionId === institutionId && r.topic === INTEGRATION_TOPIC);
  const contact = own(responsible?.contactId) ?? Object.values(data.contacts).find((c) => c.institutionId === institutionId && c.topics.includes(INTEGRATION_TOPIC));
  if (!contact) return undefined;
  const { email, phone, url } = contact.channels;
  return { name: contact.name, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(url ? { url } : {}) };
}
