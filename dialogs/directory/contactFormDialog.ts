// The add/edit contact form (officers): an Adaptive Card whose submit is validated by the service;
// problems come back on the same form, next to their field.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { z } from 'zod';
import { sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { contactBlock, contactFormCard, formValuesOf, type FormValues } from '../../src/cards/directoryCards.js';
import { card, paragraph } from '../../src/cards/elements.js';
import { CONTACT_FORM_FIELDS, type DirectoryService, type SaveResult } from '../../src/directory/service.js';
import { contactIdSchema } from '../../src/directory/types.js';
import { errorMessages } from './issueText.js';
import type { DirectoryViews } from './views.js';

export const CONTACT_FORM_DIALOG = 'directory.contactForm';

/** What a submit of our form looks like (client data: checked before anything else is read). */
const formSubmitSchema = z
  .object({
    directoryForm: z.literal('contact'),
    contactId: contactIdSchema.optional(),
    version: z.coerce.number().int().positive().optional(),
  })
  .loose();

function isFormSubmit(value: unknown): value is z.infer<typeof formSubmitSchema> {
  return formSubmitSchema.safeParse(value).success;
}

export interface FormOptions {
  contactId?: string;
  /** A submit that arrived while no form dialog was active (the `cmd` of the card's submit). */
  submitted?: unknown;
}

/**
 * The add/edit form. Waits for the card's submit; errors come back on the same form, next to their field,
 * with what was typed kept. Typed text meanwhile gets a reminder ("abbrechen" leaves, as everywhere).
 */
export class ContactFormDialog extends Dialog<FormOptions> {
  constructor(
    private readonly service: DirectoryService,
    private readonly views: DirectoryViews,
  ) {
    super(CONTACT_FORM_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: FormOptions): Promise<DialogTurnResult> {
    const ctx = dc.context;
    const { identity, t } = turnInfo(ctx);
    if (options?.submitted !== undefined && isFormSubmit(options.submitted)) return this.submit(dc, options.submitted);
    if (options?.contactId) {
      const contact = await this.service.contact(identity, options.contactId);
      if (!contact) {
        await ctx.sendActivity(t('directory.form.notFound'));
        return dc.endDialog();
      }
      const view = this.views.for(ctx);
      await sendCard(ctx, contactFormCard(view, formValuesOf(contact, view), { target: { id: contact.id, version: contact.version } }));
      return Dialog.EndOfTurn;
    }
    await sendCard(ctx, contactFormCard(this.views.for(ctx), {}));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const value = dc.context.activity.value;
    if (isFormSubmit(value)) return this.submit(dc, value);
    await dc.context.sendActivity(turnInfo(dc.context).t('directory.form.waiting'));
    return Dialog.EndOfTurn;
  }

  private async submit(dc: DialogContext, value: z.infer<typeof formSubmitSchema>): Promise<DialogTurnResult> {
    const ctx = dc.context;
    const { identity, t } = turnInfo(ctx);
    const form: Record<string, string> = {};
    for (const field of CONTACT_FORM_FIELDS) {
      const v = (value as Record<string, unknown>)[field];
      if (typeof v === 'string') form[field] = v;
    }
    const target = value.contactId && value.version ? { id: value.contactId, version: value.version } : undefined;
    const result: SaveResult = await this.service.saveContact(identity, form, target);
    const view = this.views.for(ctx);
    if (result.ok) {
      const saved = t(result.created ? 'directory.form.saved' : 'directory.form.savedEdit');
      await sendCard(ctx, { card: card([paragraph(saved), contactBlock(view, result.contact, { separator: true })]), summary: saved });
      return dc.endDialog(result.contact.id);
    }
    switch (result.reason) {
      case 'invalid':
        await sendCard(ctx, contactFormCard(view, form as FormValues, { target, errors: errorMessages(result.issues, view.locale) }));
        return Dialog.EndOfTurn;
      case 'conflict':
        await ctx.sendActivity(t('directory.form.conflict'));
        await sendCard(ctx, contactFormCard(view, formValuesOf(result.current, view), { target: { id: result.current.id, version: result.current.version } }));
        return Dialog.EndOfTurn;
      case 'notFound':
        await ctx.sendActivity(t('directory.form.notFound'));
        return dc.endDialog();
      case 'forbidden':
        await ctx.sendActivity(t('errors.noAccess'));
        return dc.endDialog();
    }
  }
}
