// Announcement cards (issue 14): what each recipient gets ("Zur Kenntnis genommen"), and the sender's
// read report (delivered / failed / confirmed; institutions per recipient only for the sender's unit).
import type { Announcement } from '../knowledge/types.js';
import { LIMITS } from '../knowledge/types.js';
import type { ReadReport } from '../announcements/service.js';
import { card, commandButton, facts, heading, line, paragraph, type CardAction, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';
import { execute, openUrl, type KnowledgeView } from './knowledgeParts.js';

export const ANNOUNCEMENT_VERBS = { ack: 'announcement.ack', report: 'announcement.report' } as const;
export const ANNOUNCEMENT_COMMANDS = { de: 'ankündigung', en: 'announcement' } as const;

export function recipientCard(view: KnowledgeView, a: Announcement, unitName: string | undefined, ackedAt?: string): BuiltCard {
  const { t, fmt } = view;
  const senderName = unitName ?? t('announcements.card.adminSender');
  const body: CardElement[] = [
    heading(t('announcements.card.title', { sender: senderName })),
    paragraph(fmt.date(new Date(a.createdAt)), { small: true, subtle: true }),
    line(a.text, { max: LIMITS.announcement }),
  ];
  const actions: CardAction[] = a.link ? [openUrl(t('announcements.card.open'), a.link)] : [];
  if (ackedAt) body.push(paragraph(t('announcements.card.acked', { at: fmt.dateTime(new Date(ackedAt)) }), { small: true }));
  else actions.push(execute(t('announcements.card.ack'), ANNOUNCEMENT_VERBS.ack, { announcementId: a.id }, 'positive'));
  body.push(paragraph(a.id, { small: true, subtle: true }));
  return { card: card(body, actions), summary: t('announcements.card.summary', { sender: senderName, id: a.id }) };
}

export function reportCard(view: KnowledgeView, r: ReadReport, institutionName: (id: string) => string): BuiltCard {
  const { t, fmt } = view;
  const a = r.announcement;
  const body: CardElement[] = [
    heading(t('announcements.report.title', { id: a.id })),
    paragraph(`${fmt.date(new Date(a.createdAt))} · ${t(`announcements.audience.${a.audience}`)}`, { small: true, subtle: true }),
    line(a.text, { max: 300 }),
    facts([
      [t('announcements.report.recipients'), String(r.recipients)],
      [t('announcements.report.delivered'), String(r.delivered)],
      [t('announcements.report.failed'), String(r.failed)],
      [t('announcements.report.confirmed'), String(r.confirmed)],
    ]),
  ];
  if (r.details) {
    const open = r.details.filter((d) => !d.confirmed).map((d) => institutionName(d.institutionId));
    const done = r.details.filter((d) => d.confirmed).map((d) => institutionName(d.institutionId));
    if (done.length) body.push(paragraph(`${t('announcements.report.confirmedBy')}: ${[...new Set(done)].join(', ')}`, { small: true }));
    if (open.length) body.push(paragraph(`${t('announcements.report.openAt')}: ${[...new Set(open)].join(', ')}`, { small: true }));
  }
  const actions = [execute(t('announcements.report.refresh'), ANNOUNCEMENT_VERBS.report, { announcementId: a.id })];
  const summary = t('announcements.report.summary', { id: a.id, delivered: r.delivered, failed: r.failed, confirmed: r.confirmed, recipients: r.recipients });
  return { card: card(body, actions), summary };
}

export function listCard(view: KnowledgeView, list: Announcement[]): BuiltCard {
  const { t, fmt, locale } = view;
  if (list.length === 0) return { card: card([paragraph(t('announcements.list.none'))]), summary: t('announcements.list.none') };
  const body: CardElement[] = [heading(t('announcements.list.title'))];
  for (const a of list) {
    body.push(line(a.text.slice(0, 80), { label: `${a.id} · ${fmt.date(new Date(a.createdAt))} · ${t('announcements.list.counts', { confirmed: Object.keys(a.acks).length, recipients: a.recipients.length })}: `, small: true }));
  }
  return { card: card(body, list.slice(0, 5).map((a) => commandButton(a.id, `${ANNOUNCEMENT_COMMANDS[locale]} ${a.id}`))), summary: t('announcements.list.title') };
}
