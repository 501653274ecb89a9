// Escalations capability: the capability table (commands, card verbs) and the module wiring.
//   Officers:      "eskalation" / "escalate" (escalateDialog.ts), "meine eskalationen" / "my escalations"
//                  [ESK-…], "antwort ESK-… <Text>" / "answer …", "eskalation zurückziehen ESK-…".
//   Coordinators:  "eingang" / "inbox" [ESK-… <sub-command>] and the case card's Action.Execute verbs
//                  (cardActions.ts).
//   Admins:        "als eingang registrieren <Einheit>" / "register inbox <unit>" in a team channel.
import type { Capability, CapabilityContext, OpenCapabilityModule } from '../../src/bot/capability.js';
import { TEXT_COMMANDS } from '../../src/cards/escalationCards.js';
import { EscalationNames } from '../../src/escalations/names.js';
import { loadRouting } from '../../src/escalations/routing.js';
import { EscalationService, SLA_BREACH_KIND, SLA_REMINDER_KIND } from '../../src/escalations/service.js';
import { openEscalationStore } from '../../src/escalations/store.js';
import { CASE_ID_IN_TEXT } from '../../src/escalations/types.js';
import { CARD_ACTIONS, onCardAction } from './cardActions.js';
import { answerCommand, inboxCommand, mineCommand, registerCommand, withdrawCommand } from './commands.js';
import { ESCALATE_DIALOG, EscalateDialog, type EscalateOptions } from './escalateDialog.js';
import { EscalationCards } from './render.js';
import type { Escalations } from './replies.js';
import { EscalationTextDialog } from './textDialog.js';
import { ESCALATION_COMMANDS, RECOGNIZE } from './words.js';

export { EscalateDialog } from './escalateDialog.js';
export { EscalationTextDialog } from './textDialog.js';
export { EscalationCards } from './render.js';

const menuCommand = (key: 'escalate' | 'mine' | 'inbox') => ({ de: TEXT_COMMANDS.de[key], en: TEXT_COMMANDS.en[key] });

export function escalationCapabilities(esc: Escalations, deps: CapabilityContext): Capability[] {
  return [
    {
      id: 'escalation',
      phrases: ESCALATION_COMMANDS.escalate,
      roles: ['officer'],
      menu: { label: 'escalations.menu.escalate', command: menuCommand('escalate') },
      dialogs: [new EscalateDialog(esc), new EscalationTextDialog(esc)],
      recognizes: (text) => RECOGNIZE.test(text) && !CASE_ID_IN_TEXT.test(text),
      start: (dc, args) => dc.beginDialog(ESCALATE_DIALOG, { args } satisfies EscalateOptions),
      cardVerbs: Object.keys(CARD_ACTIONS),
      onCardAction: (ctx, verb, data) => onCardAction(esc, ctx, verb, data),
    },
    { id: 'escalation.mine', phrases: ESCALATION_COMMANDS.mine, roles: ['officer'], menu: { label: 'escalations.menu.mine', command: menuCommand('mine') }, start: (dc, args) => mineCommand(dc.context, esc, args) },
    { id: 'escalation.withdraw', phrases: ESCALATION_COMMANDS.withdraw, roles: ['officer'], start: (dc, args) => withdrawCommand(dc.context, esc, args) },
    { id: 'escalation.answer', phrases: ESCALATION_COMMANDS.answer, roles: ['officer'], start: (dc, args) => answerCommand(dc, esc, args) },
    { id: 'escalation.inbox', phrases: ESCALATION_COMMANDS.inbox, roles: ['coordinator'], menu: { label: 'escalations.menu.inbox', command: menuCommand('inbox') }, start: (dc, args) => inboxCommand(dc, esc, args) },
    { id: 'escalation.registerInbox', phrases: ESCALATION_COMMANDS.register, roles: ['admin'], start: (dc, args) => registerCommand(dc.context, esc, deps, args) },
  ];
}

/** Routing from data/routing.json, cases in DATA_DIR/escalations.json, notices through the outbox. */
export const openEscalationModule: OpenCapabilityModule = async (ctx) => {
  const routing = loadRouting(ctx.institutions);
  const store = await openEscalationStore(ctx.dataDir, ctx.log);
  try {
    const members = (unitId: string) => ctx.roles.membersOf(unitId);
    const names = new EscalationNames({
      store, institutions: ctx.institutions, members, labelOf: (userKey) => ctx.roles.labelOf(userKey), conversations: ctx.conversations, clock: ctx.clock,
    });
    const cards = new EscalationCards({
      names, members, conversations: ctx.conversations, clock: ctx.clock, timeZone: ctx.config.timeZone,
      // The directory capability's look-up, read at use (its module may open later or not at all).
      institutionContact: (institutionId) => ctx.shared.institutionContact?.(institutionId),
    });
    const service = new EscalationService({
      store, routing, audit: ctx.audit, institutions: ctx.institutions, members, conversations: ctx.conversations, notifier: ctx.notifier,
      scheduler: ctx.scheduler, language: ctx.language, render: cards, names, clock: ctx.clock, log: ctx.log, timeZone: ctx.config.timeZone,
    });
    ctx.scheduler.handle(SLA_REMINDER_KIND, (job) => service.reminderFor(job));
    ctx.scheduler.handle(SLA_BREACH_KIND, (job) => service.breachFor(job));
    await service.recover();
    return { capabilities: escalationCapabilities({ service, cards }, ctx), close: () => store.close() };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
};
