// The directory capability: search contacts ("kontakte …"), answer "wer ist zuständig …" (also as a
// free question), add and edit contacts with a form (officers), confirm them (coordinators). The module
// opens DATA_DIR/directory.json; a new DATA_DIR starts with the shipped sample except in production.
import type { Capability, OpenCapabilityModule } from '../../src/bot/capability.js';
import type { InstitutionDirectory } from '../../src/institutions/institutions.js';
import { CONFIRM_ROLES, DirectoryService, EDIT_ROLES } from '../../src/directory/service.js';
import { ROLES } from '../../src/roles/types.js';
import { confirmContact, editContact } from './commands.js';
import { CONTACT_FORM_DIALOG, ContactFormDialog, type FormOptions } from './contactFormDialog.js';
import { RESPONSIBLE_DIALOG, ResponsibleDialog } from './responsibleDialog.js';
import { SEARCH_DIALOG, SearchDialog, type ArgsOptions } from './searchDialog.js';
import { DirectoryViews } from './views.js';
import { directoryFreeText } from './freeText.js';
import { ADD_PHRASES, CONFIRM_PHRASES, EDIT_PHRASES, RESPONSIBLE_PHRASES, SAVE_PHRASES, SEARCH_PHRASES } from './words.js';
import { searchContacts } from './contactSearch.js';
import { integrationContactOf } from '../../src/directory/institutionContact.js';

export { CONTACT_FORM_DIALOG } from './contactFormDialog.js';
export { errorMessages, formatIssue } from './issueText.js';
export { RESPONSIBLE_DIALOG } from './responsibleDialog.js';
export { SEARCH_DIALOG } from './searchDialog.js';

export function directoryCapabilities(service: DirectoryService, institutions: InstitutionDirectory, timeZone: string): Capability[] {
  const views = new DirectoryViews(service, institutions, timeZone);
  const form = new ContactFormDialog(service, views);
  const search: Capability = {
    id: 'directory.search',
    phrases: SEARCH_PHRASES,
    roles: ROLES,
    menu: { label: 'directory.menuSearch', command: { de: 'kontakte', en: 'contacts' } },
    dialogs: [new SearchDialog(service, views)],
    start: (dc, args) => dc.beginDialog(SEARCH_DIALOG, { args } satisfies ArgsOptions),
    searchExtension: (ctx, query) => searchContacts(service, institutions, ctx, query),
  };
  const responsible: Capability = {
    id: 'directory.responsible',
    phrases: RESPONSIBLE_PHRASES,
    roles: ROLES,
    menu: { label: 'directory.menuResponsible', command: { de: 'wer ist zuständig', en: 'who is responsible' } },
    dialogs: [new ResponsibleDialog(service, views)],
    recognizes: (text) => service.recognizes(text),
    freeText: directoryFreeText(service),
    // The whole message, not just what follows the command word: "who is responsible for …" tells the
    // resolver the question is English. Without anything after the command word, the dialog asks.
    start: (dc, args) => dc.beginDialog(RESPONSIBLE_DIALOG, { args: args.trim() ? (dc.context.activity.text ?? args) : '' } satisfies ArgsOptions),
  };
  const add: Capability = {
    id: 'directory.add',
    phrases: ADD_PHRASES,
    roles: EDIT_ROLES,
    menu: { label: 'directory.menuAdd', command: { de: 'kontakte neu', en: 'contacts add' } },
    dialogs: [form],
    start: (dc) => dc.beginDialog(CONTACT_FORM_DIALOG, {} satisfies FormOptions),
  };
  const edit: Capability = { id: 'directory.edit', phrases: EDIT_PHRASES, roles: EDIT_ROLES, start: editContact };
  const save: Capability = {
    id: 'directory.save',
    phrases: SAVE_PHRASES,
    roles: EDIT_ROLES,
    start: (dc) => dc.beginDialog(CONTACT_FORM_DIALOG, { submitted: dc.context.activity.value } satisfies FormOptions),
  };
  const confirm: Capability = { id: 'directory.confirm', phrases: CONFIRM_PHRASES, roles: CONFIRM_ROLES, start: (dc, args) => confirmContact(service, views, dc, args) };
  // Order matters only for recognizers; command phrases pick the longest match anyway.
  return [search, responsible, add, edit, save, confirm];
}

export const openDirectoryModule: OpenCapabilityModule = async (ctx) => {
  const service = await DirectoryService.open({
    dataDir: ctx.dataDir,
    institutions: ctx.institutions,
    audit: ctx.audit,
    clock: ctx.clock,
    log: ctx.log,
    timeZone: ctx.config.timeZone,
    initial: ctx.config.env === 'production' ? 'empty' : 'sample',
  });
  // Escalation cards show the requesting JVA's integration contact from here.
  ctx.shared.institutionContact = (institutionId) => integrationContactOf(service.data, institutionId);
  return { capabilities: directoryCapabilities(service, ctx.institutions, ctx.config.timeZone), close: () => service.close() };
};
