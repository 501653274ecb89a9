// How one user sees directory cards: language, dates, and the buttons their role may use.
import type { TurnContext } from 'botbuilder';
import { turnInfo } from '../../src/bot/turn.js';
import { DIRECTORY_COMMANDS, type DirectoryView } from '../../src/cards/directoryCards.js';
import { commandButton } from '../../src/cards/elements.js';
import { formatter } from '../../src/i18n/format.js';
import { translator } from '../../src/i18n/i18n.js';
import { type Locale } from '../../src/text/locale.js';
import type { InstitutionDirectory } from '../../src/institutions/institutions.js';
import { CONFIRM_ROLES, EDIT_ROLES, type DirectoryService } from '../../src/directory/service.js';
import type { Contact } from '../../src/directory/types.js';

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

