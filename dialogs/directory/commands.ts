// Typed sub-commands that act at once: "kontakte bearbeiten <id>" opens the form on a contact,
// "kontakte bestätigen <id>" (coordinators) marks a contact and its responsibilities as checked today.
import type { DialogContext } from 'botbuilder-dialogs';
import { sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { contactBlock } from '../../src/cards/directoryCards.js';
import { card, paragraph } from '../../src/cards/elements.js';
import type { DirectoryService } from '../../src/directory/service.js';
import { contactIdSchema } from '../../src/directory/types.js';
import { CONTACT_FORM_DIALOG, type FormOptions } from './contactFormDialog.js';
import type { DirectoryViews } from './views.js';

/** The contact id a command names first, if it is one. */
function contactIdIn(args: string): string | undefined {
  const id = args.trim().split(/\s+/)[0] ?? '';
  return contactIdSchema.safeParse(id).success ? id : undefined;
}

export async function editContact(dc: DialogContext, args: string): Promise<unknown> {
  const id = contactIdIn(args);
  if (!id) {
    await dc.context.sendActivity(turnInfo(dc.context).t('directory.edit.usage'));
    return;
  }
  return dc.beginDialog(CONTACT_FORM_DIALOG, { contactId: id } satisfies FormOptions);
}

export async function confirmContact(service: DirectoryService, views: DirectoryViews, dc: DialogContext, args: string): Promise<void> {
  const ctx = dc.context;
  const { identity, t } = turnInfo(ctx);
  const id = contactIdIn(args);
  if (!id) {
    await ctx.sendActivity(t('directory.confirm.usage'));
    return;
  }
  const result = await service.confirmContact(identity, id);
  if (!result.ok) {
    await ctx.sendActivity(t(result.reason === 'forbidden' ? 'errors.noAccess' : 'directory.form.notFound'));
    return;
  }
  const view = views.for(ctx);
  const text = t('directory.confirm.done', { date: view.fmt.day(result.contact.lastConfirmed!), count: result.responsibilities });
  await sendCard(ctx, { card: card([paragraph(text), contactBlock(view, result.contact, { actions: false, separator: true })]), summary: text });
}
