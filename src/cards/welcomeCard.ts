import type { Translate } from '../i18n/i18n.js';
import type { Identity } from '../roles/types.js';
import { card, commandButton, heading, paragraph } from './elements.js';
import type { BuiltCard, MenuItem } from './menuCard.js';

/** Greeting in a 1:1 chat: what the bot is for, the privacy rule, and the menu of this user's role. */
export function welcomeCard(info: { t: Translate; identity: Identity }, items: MenuItem[]): BuiltCard {
  const { t, identity } = info;
  const body = [
    heading(t('welcome.title')),
    paragraph(t('welcome.personal')),
    paragraph(t('welcome.privacy'), { subtle: true }),
    paragraph(t('menu.roleLine', { role: t(`roles.${identity.role}`) }), { subtle: true, small: true }),
  ];
  return { card: card(body, items.map((i) => commandButton(i.title, i.command))), summary: t('welcome.summary') };
}

/** Greeting when added to a team: the bot works in 1:1 chats; channels serve as escalation inboxes. */
export function teamWelcomeCard(info: { t: Translate }): BuiltCard {
  const { t } = info;
  return { card: card([heading(t('welcome.title')), paragraph(t('welcome.team'))]), summary: t('welcome.summary') };
}
