// The capability modules the bot is built from, in menu order. Each lives in dialogs/<capability>/index.ts;
// adding a capability = one line here (see README "Adding a capability").
import type { OpenCapabilityModule } from './bot/capability.js';
import { openRolesModule } from '../dialogs/roles/index.js';
import { openChecklistModule } from '../dialogs/checklist/index.js';
import { openDirectoryModule } from '../dialogs/directory/index.js';
import { openInterpreterModule } from '../dialogs/interpreter/index.js';
import { openEscalationModule } from '../dialogs/escalation/index.js';
import { openDeliveryModule } from '../dialogs/delivery/index.js';
import { openFiguresModule } from '../dialogs/figures/index.js';
import { openKnowledgeModule } from '../dialogs/knowledge/index.js';

export const CAPABILITY_MODULES: OpenCapabilityModule[] = [openChecklistModule, openDirectoryModule, openInterpreterModule, openEscalationModule, openFiguresModule, openKnowledgeModule, openRolesModule, openDeliveryModule];
