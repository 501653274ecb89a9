// The roles capability: "wer bin ich" for everyone, "rolle setzen" for admins. Roles live in the core
// store (the bot needs them on every turn), so this module owns no file.
import type { DialogContext } from 'botbuilder-dialogs';
import type { Capability, OpenCapabilityModule } from '../../src/bot/capability.js';
import type { InstitutionDirectory } from '../../src/institutions/institutions.js';
import type { RoleService } from '../../src/roles/roleService.js';
import { ROLES } from '../../src/roles/types.js';
import { whoAmI } from './commands.js';
import { SET_ROLE_DIALOG, SetRoleDialog, type SetRoleOptions } from './setRoleDialog.js';
import { SET_ROLE_PHRASES, WHOAMI_PHRASES } from './words.js';

export { SET_ROLE_DIALOG, SetRoleDialog } from './setRoleDialog.js';

export function roleCapabilities(roles: RoleService, institutions: InstitutionDirectory): Capability[] {
  const whoami: Capability = {
    id: 'roles.whoami',
    phrases: WHOAMI_PHRASES,
    roles: ROLES,
    menu: { label: 'menu.whoami', command: { de: 'wer bin ich', en: 'who am i' } },
    start: (dc: DialogContext) => whoAmI(institutions, dc),
  };
  const setRole: Capability = {
    id: 'roles.set',
    phrases: SET_ROLE_PHRASES,
    roles: ['admin'],
    menu: { label: 'admin.menuSetRole', command: { de: 'rolle setzen', en: 'set role' } },
    dialogs: [new SetRoleDialog(roles, institutions)],
    start: (dc: DialogContext, args: string) => dc.beginDialog(SET_ROLE_DIALOG, { args } satisfies SetRoleOptions),
  };
  return [whoami, setRole];
}

export const openRolesModule: OpenCapabilityModule = async (ctx) => ({
  capabilities: roleCapabilities(ctx.roles, ctx.institutions),
  close: async () => {},
});
