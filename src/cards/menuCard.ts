// The menu lists only what this user's role may do (hilfe / help).
import type { Translate } from '../i18n/i18n.js';
import type { Identity } from '../roles/types.js';
import { card, commandButton, heading, paragraph, type AdaptiveCard } from './elements.js';

export interface MenuItem {
  title: string;
  command: string;
}

export interface BuiltCard {
  card: AdaptiveCard;
  /** Plain-text summary sent with the card (notifications, screen readers, clients without cards). */
  summary: string;
}

export function menuCard(info: { t: Translate; identity: Identity }, items: MenuItem[], dialogActive = false): BuiltCard {
  const { t, identity } = info;
  const body = [
    heading(t('menu.title')),
    paragraph(t('menu.roleLine', { role: t(`roles.${identity.role}`) }), { subtle: true, small: true }),
    paragraph(dialogActive ? t('menu.activeDialog') : t('menu.hint'), { subtle: true, small: true }),
  ];
  return {
    card: card(body, items.map((i) => commandButton(i.title, i.command))),
    summary: t('menu.summary', { items: items.map((i) => i.title).join(', ') }),
  };
}
