// The capability modules the bot is built from, in menu order. Adding a capability = adding its
// module here (see README "Adding a capability").
import type { OpenCapabilityModule } from './bot/capability.js';
import { openRolesModule } from '../dialogs/roles/index.js';
import { openChecklistModule } from '../dialogs/checklist/index.js';
import { openDirectoryModule } from '../dialogs/directory/index.js';
import { openInterpreterModule } from '../dialogs/interpreterDialog.js';
import { openEscalationModule } from '../dialogs/escalation/index.js';
import { openDeliveryModule } from '../dialogs/delivery/index.js';

export const CAPABILITY_MODULES: OpenCapabilityModule[] = [openChecklistModule, openDirectoryModule, openInterpreterModule, openEscalationModule, openRolesModule, openDeliveryModule];
