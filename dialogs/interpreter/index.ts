// Interpreter requests capability (issue 4): the capability table — commands, card verbs and module wiring.
// "dolmetscher" asks for a request (requestDialog.ts); "meine dolmetscher" lists the user's requests;
// organisers act on their card (cardActions.ts); "dolmetscher adressen" keeps the institution's
// interpreter address file (addressDialog.ts); "als dolmetscher-eingang registrieren" in a team channel
// makes it the institution's interpreter inbox (commands.ts).
import type { Capability, CapabilityContext, OpenCapabilityModule } from '../../src/bot/capability.js';
import { loadRates } from '../../src/interpreters/cost.js';
import { recognizesRequest } from '../../src/interpreters/parse.js';
import { InterpreterService } from '../../src/interpreters/service.js';
import { openInterpreterStore } from '../../src/interpreters/store.js';
import { ALL_VERBS, INTERPRETER_ROLES } from '../../src/interpreters/types.js';
import type { LanguageService } from '../../src/language/types.js';
import { ADDRESS_DIALOG, AddressEntryDialog } from './addressDialog.js';
import { onCardAction } from './cardActions.js';
import { registerInbox, removeAddress, showAddressFile, unregisterInbox } from './commands.js';
import { interpreterRenderer } from './render.js';
import { INTERPRETER_DIALOG, InterpreterDialog, type InterpreterDialogOptions } from './requestDialog.js';
import { INTERPRETER_PHRASES } from './words.js';

export { INTERPRETER_DIALOG, InterpreterDialog } from './requestDialog.js';
export { ADDRESS_DIALOG, AddressEntryDialog } from './addressDialog.js';
export { INTERPRETER_PHRASES } from './words.js';

export function interpreterCapabilities(service: InterpreterService, language: LanguageService, deps: CapabilityContext): Capability[] {
  const roles = INTERPRETER_ROLES;
  const inboxRoles: Capability['roles'] = ['officer', 'admin'];
  return [
    {
      id: 'interpreter',
      phrases: INTERPRETER_PHRASES.main,
      roles,
      menu: { label: 'interpreters.menu', command: { de: 'dolmetscher', en: 'interpreter' } },
      dialogs: [new InterpreterDialog(service, language, deps.log), new AddressEntryDialog(service)],
      recognizes: (text) => recognizesRequest(text, { now: service.now(), timeZone: service.timeZone, locale: 'de' }),
      start: (dc, args) => dc.beginDialog(INTERPRETER_DIALOG, { args } satisfies InterpreterDialogOptions),
      cardVerbs: ALL_VERBS,
      onCardAction: (ctx, verb, data) => onCardAction(service, ctx, verb, data),
    },
    {
      id: 'interpreter.mine',
      phrases: INTERPRETER_PHRASES.mine,
      roles,
      menu: { label: 'interpreters.menuMine', command: { de: 'meine dolmetscher', en: 'my interpreters' } },
      start: (dc) => dc.beginDialog(INTERPRETER_DIALOG, { list: true } satisfies InterpreterDialogOptions),
    },
    {
      id: 'interpreter.addresses',
      phrases: INTERPRETER_PHRASES.addresses,
      roles,
      menu: { label: 'interpreters.menuAddresses', command: { de: 'dolmetscher adressen', en: 'interpreter addresses' } },
      start: (dc) => showAddressFile(dc.context, service),
    },
    { id: 'interpreter.addresses.add', phrases: INTERPRETER_PHRASES.addAddress, roles, start: (dc) => dc.beginDialog(ADDRESS_DIALOG) },
    { id: 'interpreter.addresses.remove', phrases: INTERPRETER_PHRASES.removeAddress, roles, start: (dc, args) => removeAddress(dc.context, service, args) },
    { id: 'interpreter.inbox.register', phrases: INTERPRETER_PHRASES.register, roles: inboxRoles, start: (dc, args) => registerInbox(dc.context, service, deps, args) },
    { id: 'interpreter.inbox.unregister', phrases: INTERPRETER_PHRASES.unregister, roles: inboxRoles, start: (dc, args) => unregisterInbox(dc.context, service, deps, args) },
  ];
}

/** Requests, address file and inboxes in DATA_DIR/interpreters.json; rates from data/interpreter-rates.json (or INTERPRETER_RATES_FILE). */
export const openInterpreterModule: OpenCapabilityModule = async (ctx) => {
  const rates = loadRates(ctx.config.interpreterRatesFile);
  const store = await openInterpreterStore(ctx.dataDir, ctx.log);
  const service = new InterpreterService({
    store,
    audit: ctx.audit,
    institutions: ctx.institutions,
    roles: ctx.roles,
    conversations: ctx.conversations,
    notifier: ctx.notifier,
    clock: ctx.clock,
    log: ctx.log,
    timeZone: ctx.config.timeZone,
    rates,
    renderer: interpreterRenderer(ctx.config.timeZone),
  });
  return { capabilities: interpreterCapabilities(service, ctx.language, ctx), close: () => store.close() };
};
