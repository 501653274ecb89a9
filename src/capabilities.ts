// The capability modules the bot is built from, in menu order. Adding a capability = adding its
// module here (see README "Adding a capability").
import type { OpenCapabilityModule } from './bot/capability.js';
import { openRolesModule } from '../dialogs/roleDialog.js';
import { openChecklistModule } from '../dialogs/checklistDialog.js';
import { openDirectoryModule } from '../dialogs/directoryDialog.js';
import { openInterpreterModule } from '../dialogs/interpreterDialog.js';
import { openDeliveryModule, openEscalationModule } from '../dialogs/escalationDialog.js';
import { openKnowledgeModule } from '../dialogs/knowledge/index.js';

export const CAPABILITY_MODULES: OpenCapabilityModule[] = [openChecklistModule, openDirectoryModule, openInterpreterModule, openEscalationModule, openKnowledgeModule, openRolesModule, openDeliveryModule];
