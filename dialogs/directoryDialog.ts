// Contact directory capability: "kontakte …" search, add/edit contact form (officers), confirm
// (coordinators), and "wer ist zuständig …" answers — with a command word or as a free question.
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import type { Capability, OpenCapabilityModule } from '../src/bot/capability.js';
import { turnInfo } from '../src/bot/turn.js';
import {
  contactBlock,
  contactFormCard,
  DIRECTORY_COMMANDS,
  formValuesOf,
  resolutionCard,
  searchResultsCard,
  type DirectoryView,
  type FormValues,
} from '../src/cards/directoryCards.js';
import type { BuiltCard } from '../src/cards/menuCard.js';
import { card, commandButton, paragraph } from '../src/cards/elements.js';
import { formatter } from '../src/i18n/format.js';
import { translate, translator, type Locale } from '../src/i18n/i18n.js';
import type { InstitutionDirectory } from '../src/institutions/institutions.js';
import type { Resolution } from '../src/directory/resolver.js';
import { CONFIRM_ROLES, CONTACT_FORM_FIELDS, DirectoryService, EDIT_ROLES, type SaveResult } from '../src/directory/service.js';
import { contactIdSchema, type Contact } from '../src/directory/types.js';
import type { FieldIssue } from '../src/directory/validate.js';
import { ROLES } from '../src/roles/types.js';
import { searchContacts } from './knowledge/contactSearch.js';

export const CONTACT_FORM_DIALOG = 'directory.contactForm';
export const SEARCH_DIALOG = 'directory.search';
export const RESPONSIBLE_DIALOG = 'directory.responsible';
const SEARCH_PROMPT = 'directory.search.prompt';
const QUESTION_PROMPT = 'directory.responsible.prompt';
const PLACE_PROMPT = 'directory.responsible.place';

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

async function sendCard(ctx: TurnContext, built: BuiltCard): Promise<void> {
  await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
}

/** Shared by the dialogs: how this user sees directory cards (language, dates, buttons by role). */
export class DirectoryViews {
  constructor(
    private readonly service: DirectoryService,
    private readonly institutions: InstitutionDirectory,
    private readonly timeZone: string,
  ) {}

  for(ctx: TurnContext, language?: Locale): DirectoryView {
    const info = turnInfo(ctx);
    const locale = language ?? info.locale;
    const role = info.identity.role;
    const commands = DIRECTORY_COMMANDS[locale];
    const t = locale === info.locale ? info.t : translator(locale);
    return {
      t,
      fmt: locale === info.locale ? info.fmt : formatter(locale, this.timeZone),
      locale,
      today: this.service.today(),
      institution: (id) => this.institutions.byId(id),
      contactActions: (c: Contact) => [
        ...(EDIT_ROLES.includes(role) ? [commandButton(t('directory.card.edit'), `${commands.edit} ${c.id}`)] : []),
        ...(CONFIRM_ROLES.includes(role) ? [commandButton(t('directory.card.confirm'), `${commands.confirm} ${c.id}`)] : []),
      ],
    };
  }
}

interface FormOptions {
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

/** Field → message; several problems of one field are joined. */
export function errorMessages(issues: FieldIssue[], locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const message = translate(locale, `directory.errors.${issue.code}`, issue.params);
    out[issue.field] = out[issue.field] ? `${out[issue.field]} ${message}` : message;
  }
  return out;
}

interface ArgsOptions {
  args?: string;
}

/** "kontakte …": searches at once with the words given, or asks for them. */
export class SearchDialog extends ComponentDialog {
  constructor(
    private readonly service: DirectoryService,
    private readonly views: DirectoryViews,
  ) {
    super(SEARCH_DIALOG);
    this.addDialog(new TextPrompt(SEARCH_PROMPT));
    this.addDialog(
      new WaterfallDialog(`${SEARCH_DIALOG}.steps`, [
        async (step: WaterfallStepContext) => {
          const args = ((step.options as ArgsOptions).args ?? '').trim();
          if (args) return step.next(args);
          return step.prompt(SEARCH_PROMPT, { prompt: turnInfo(step.context).t('directory.askSearch') });
        },
        async (step: WaterfallStepContext) => {
          const query = String(step.result ?? '').trim().slice(0, 300);
          const { identity } = turnInfo(step.context);
          const found = await this.service.search(identity, query);
          await sendCard(step.context, searchResultsCard(this.views.for(step.context), query, found.contacts, found.total, found.language));
          return step.endDialog(found.contacts.map((c) => c.id));
        },
      ]),
    );
    this.initialDialogId = `${SEARCH_DIALOG}.steps`;
  }
}

/** "wer ist zuständig …": answers at once, or asks what and where; asks for the place if only that is missing. */
export class ResponsibleDialog extends ComponentDialog {
  constructor(
    private readonly service: DirectoryService,
    private readonly views: DirectoryViews,
  ) {
    super(RESPONSIBLE_DIALOG);
    this.addDialog(new TextPrompt(QUESTION_PROMPT));
    this.addDialog(new TextPrompt(PLACE_PROMPT));
    this.addDialog(
      new WaterfallDialog(`${RESPONSIBLE_DIALOG}.steps`, [
        async (step) => {
          const args = ((step.options as ArgsOptions).args ?? '').trim();
          if (args) return step.next(args);
          return step.prompt(QUESTION_PROMPT, { prompt: turnInfo(step.context).t('directory.askQuestion') });
        },
        async (step) => {
          const question = String(step.result ?? '').slice(0, 400);
          const resolution = await this.service.answer(turnInfo(step.context).identity, question);
          if (resolution.kind === 'needInstitution') {
            (step.values as { topic?: string }).topic = resolution.topic.id;
            await this.show(step.context, resolution);
            return step.prompt(PLACE_PROMPT, { prompt: turnInfo(step.context).t('directory.askInstitution') });
          }
          await this.show(step.context, resolution);
          return step.endDialog(resolution.kind);
        },
        async (step) => {
          const topicId = (step.values as { topic?: string }).topic!;
          const topic = this.service.topics.topics.find((tp) => tp.id === topicId)!;
          const { identity, locale } = turnInfo(step.context);
          const resolution = await this.service.answer(identity, `${topic.label[locale]} ${String(step.result ?? '').slice(0, 300)}`);
          await this.show(step.context, resolution);
          return step.endDialog(resolution.kind);
        },
      ]),
    );
    this.initialDialogId = `${RESPONSIBLE_DIALOG}.steps`;
  }

  private async show(ctx: TurnContext, resolution: Resolution): Promise<void> {
    // An English question gets an English answer even in a German client, and vice versa.
    await sendCard(ctx, resolutionCard(this.views.for(ctx, resolution.language), resolution));
  }
}

const RESPONSIBLE_PHRASES = [
  'wer ist zuständig', 'wer ist zustandig', 'wer ist zuständig für', 'wer ist zustandig fur', 'zuständig', 'zustandig', 'zuständigkeit', 'zustandigkeit',
  'ansprechpartner', 'ansprechpartnerin', 'ansprechperson',
  'who is responsible', 'who is responsible for', "who's responsible", 'whos responsible', 'responsible', 'contact person', 'who is in charge',
];

export function directoryCapabilities(service: DirectoryService, institutions: InstitutionDirectory, timeZone: string): Capability[] {
  const views = new DirectoryViews(service, institutions, timeZone);
  const form = new ContactFormDialog(service, views);
  const search: Capability = {
    id: 'directory.search',
    phrases: ['kontakte', 'kontakt', 'kontakte suchen', 'kontakt suchen', 'contacts', 'contact', 'search contacts', 'find contact', 'find contacts'],
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
    // The whole message, not just what follows the command word: "who is responsible for …" tells the
    // resolver the question is English. Without anything after the command word, the dialog asks.
    start: (dc, args) => dc.beginDialog(RESPONSIBLE_DIALOG, { args: args.trim() ? (dc.context.activity.text ?? args) : '' } satisfies ArgsOptions),
  };
  const add: Capability = {
    id: 'directory.add',
    phrases: ['kontakte neu', 'kontakt neu', 'neuer kontakt', 'kontakt hinzufügen', 'kontakte hinzufügen', 'kontakt hinzufugen', 'contacts add', 'contacts new', 'add contact', 'new contact'],
    roles: EDIT_ROLES,
    menu: { label: 'directory.menuAdd', command: { de: 'kontakte neu', en: 'contacts add' } },
    dialogs: [form],
    start: (dc) => dc.beginDialog(CONTACT_FORM_DIALOG, {} satisfies FormOptions),
  };
  const edit: Capability = {
    id: 'directory.edit',
    phrases: ['kontakte bearbeiten', 'kontakt bearbeiten', 'contacts edit', 'edit contact'],
    roles: EDIT_ROLES,
    async start(dc, args) {
      const id = args.trim().split(/\s+/)[0] ?? '';
      if (!contactIdSchema.safeParse(id).success) {
        await dc.context.sendActivity(turnInfo(dc.context).t('directory.edit.usage'));
        return;
      }
      return dc.beginDialog(CONTACT_FORM_DIALOG, { contactId: id } satisfies FormOptions);
    },
  };
  const save: Capability = {
    // The form's submit when no form dialog is active any more (an older card, another dialog in between).
    id: 'directory.save',
    phrases: ['kontakte speichern'],
    roles: EDIT_ROLES,
    start: (dc) => dc.beginDialog(CONTACT_FORM_DIALOG, { submitted: dc.context.activity.value } satisfies FormOptions),
  };
  const confirm: Capability = {
    id: 'directory.confirm',
    phrases: ['kontakte bestätigen', 'kontakt bestätigen', 'kontakte bestatigen', 'kontakt bestatigen', 'contacts confirm', 'confirm contact'],
    roles: CONFIRM_ROLES,
    async start(dc, args) {
      const ctx = dc.context;
      const { identity, t } = turnInfo(ctx);
      const id = args.trim().split(/\s+/)[0] ?? '';
      if (!contactIdSchema.safeParse(id).success) {
        await ctx.sendActivity(t('directory.confirm.usage'));
        return;
      }
      const result = await service.confirmContact(identity, id);
      if (!result.ok) {
        await ctx.sendActivity(t(result.reason === 'forbidden' ? 'errors.noAccess' : 'directory.form.notFound'));
        return;
      }
      const view = views.for(ctx);
      const text = t('directory.confirm.done', { date: view.fmt.date(new Date(`${result.contact.lastConfirmed!}T12:00:00Z`)), count: result.responsibilities });
      await sendCard(ctx, { card: card([paragraph(text), contactBlock(view, result.contact, { actions: false, separator: true })]), summary: text });
    },
  };
  // Order matters only for recognizers; command phrases pick the longest match anyway.
  return [search, responsible, add, edit, save, confirm];
}

/** Opens DATA_DIR/directory.json; a new DATA_DIR starts with the shipped sample except in production. */
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
  return { capabilities: directoryCapabilities(service, ctx.institutions, ctx.config.timeZone), close: () => service.close() };
};
