// The admins' delivery view: targets the outbox cannot reach and messages it gave up on (keys and ids only).
import type { Formatter } from '../i18n/format.js';
import type { Translate } from '../i18n/i18n.js';
import type { Locale } from '../text/locale.js';
import type { DeadTarget, UndeliveredRow } from '../outbox/contract.js';
import { card, commandButton, heading, paragraph, userText, type CardAction, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';

export interface DeliveryCardInfo {
  t: Translate;
  fmt: Formatter;
  locale: Locale;
}

/** Typed commands the card's buttons send (both languages are understood either way). */
export const DELIVERY_COMMANDS = {
  de: { view: 'zustellung', retry: 'zustellung wiederholen', revive: 'zustellung reaktivieren' },
  en: { view: 'delivery', retry: 'delivery retry', revive: 'delivery revive' },
} as const;

/** Admins: targets the outbox cannot reach and messages it gave up on — keys and ids only. */
export function deliveryCard(info: DeliveryCardInfo, dead: DeadTarget[], undelivered: UndeliveredRow[]): BuiltCard {
  const { t, fmt, locale } = info;
  const body: CardElement[] = [heading(t('delivery.title'))];
  if (dead.length === 0 && undelivered.length === 0) body.push(paragraph(t('delivery.allGood')));
  if (dead.length > 0) {
    body.push(paragraph(t('delivery.deadTitle', { count: dead.length }), { subtle: true }));
    for (const d of dead.slice(0, 30)) {
      body.push(userText(t('delivery.deadLine', { target: d.target, reason: d.reason, status: d.status ?? '–', since: fmt.dateTime(new Date(d.since)), parked: d.parkedRows }), 400));
    }
  }
  const failed = undelivered.filter((r) => r.status === 'failed');
  if (undelivered.length > 0) {
    body.push(paragraph(t('delivery.undeliveredTitle', { count: undelivered.length, failed: failed.length }), { subtle: true }));
    for (const r of undelivered.slice(-30)) {
      body.push(userText(t('delivery.rowLine', { key: r.key, target: r.target, status: r.status, error: r.lastError ?? '–', attempts: r.attempts }), 400));
    }
  }
  const words = DELIVERY_COMMANDS[locale];
  const actions: CardAction[] = [];
  if (failed.length > 0) actions.push(commandButton(t('delivery.retry'), words.retry));
  for (const d of dead.slice(0, 5)) actions.push(commandButton(t('delivery.revive', { target: d.target.slice(0, 40) }), `${words.revive} ${d.target}`));
  return { card: card(body, actions), summary: t('delivery.summary', { dead: dead.length, undelivered: undelivered.length }) };
}
