// The checklist capability: its commands ("checkliste", "meine checklisten"), its dialog, and the
// module that opens its store (DATA_DIR/checklists.json), loads the templates (data/checklists) and
// wires the reminders into the scheduler.
import type { DialogContext } from 'botbuilder-dialogs';
import type { Capability, OpenCapabilityModule } from '../../src/bot/capability.js';
import { openChecklistStore } from '../../src/checklists/store.js';
import { loadTemplates } from '../../src/checklists/templates.js';
import { ChecklistService } from '../../src/checklists/service.js';
import { CHECKLIST_ROLES, REMINDER_KIND } from '../../src/checklists/types.js';
import { CHECKLIST_DIALOG, ChecklistDialog, type ChecklistDialogOptions } from './checklistDialog.js';
import { reminderMessage } from './reminderMessage.js';
import { COMMAND_WORDS, LIST_COMMANDS } from './words.js';

export { CHECKLIST_DIALOG, ChecklistDialog, type ChecklistDialogOptions } from './checklistDialog.js';
export { reminderMessage } from './reminderMessage.js';

export function checklistCapabilities(service: ChecklistService): Capability[] {
  const main: Capability = {
    id: 'checklist',
    phrases: COMMAND_WORDS,
    roles: CHECKLIST_ROLES,
    menu: { label: 'checklist.menu', command: { de: 'checkliste', en: 'checklist' } },
    dialogs: [new ChecklistDialog(service)],
    start: (dc: DialogContext, args: string) => dc.beginDialog(CHECKLIST_DIALOG, { args } satisfies ChecklistDialogOptions),
  };
  const mine: Capability = {
    id: 'checklist.mine',
    phrases: LIST_COMMANDS,
    roles: CHECKLIST_ROLES,
    start: (dc: DialogContext) => dc.beginDialog(CHECKLIST_DIALOG, { list: true } satisfies ChecklistDialogOptions),
  };
  return [main, mine];
}

export const openChecklistModule: OpenCapabilityModule = async (ctx) => {
  const templates = loadTemplates();
  const store = await openChecklistStore(ctx.dataDir, ctx.log);
  try {
    const service = new ChecklistService({
      store,
      templates,
      audit: ctx.audit,
      institutions: ctx.institutions,
      scheduler: ctx.scheduler,
      clock: ctx.clock,
      log: ctx.log,
      timeZone: ctx.config.timeZone,
      renderReminder: reminderMessage(ctx.config.timeZone, (userKey) => ctx.conversations.get(userKey)?.locale),
    });
    ctx.scheduler.handle(REMINDER_KIND, (job) => service.reminderFor(job));
    await service.upgradeRuns();
    await service.resyncReminders();
    return { capabilities: checklistCapabilities(service), close: () => store.close() };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
};
