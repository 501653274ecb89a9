// Escalations as cards, in the reader's language: the EscalationRenderer the service notifies through,
// and the card helpers of the dialogs. Teams specifics live here: which users' clients refresh a
// channel post by themselves, the outbox payload of a card.
import { caseCard, confirmCard, listCard, noticeCard, slaCard, type CaseCardContext, type Draft, type EscalationCardInfo, type ListEntry } from '../../src/cards/escalationCards.js';
import type { BuiltCard } from '../../src/cards/menuCard.js';
import type { ConversationRecord } from '../../src/conversations/types.js';
import type { EscalationNames } from '../../src/escalations/names.js';
import type { InstitutionContactLookup } from '../../src/institutions/contact.js';
import type { EscalationRenderer, NoticeRecipient, SlaNoticeKind } from '../../src/escalations/ports.js';
import type { CaseView, Escalation, HistoryEntry } from '../../src/escalations/types.js';
import { formatter } from '../../src/i18n/format.js';
import { resolveLocale, translator } from '../../src/i18n/i18n.js';
import { type Locale } from '../../src/text/locale.js';
import type { OutboxPayload, OutboxTarget } from '../../src/outbox/types.js';
import type { UnitMember } from '../../src/roles/roleService.js';
import type { Clock } from '../../src/time/clock.js';

export interface EscalationCardsDeps {
  names: EscalationNames;
  members: (unitId: string) => UnitMember[];
  conversations: { get(key: string): ConversationRecord | undefined };
  clock: Clock;
  timeZone: string;
  /** The requester's institution contact (the directory capability's look-up, wired in the module). */
  institutionContact?: InstitutionContactLookup;
}

const payloadOf = (built: BuiltCard): OutboxPayload => ({ text: built.summary, card: built.card as unknown as Record<string, unknown> });

export class EscalationCards implements EscalationRenderer {
  constructor(private readonly deps: EscalationCardsDeps) {}

  info(locale: Locale): EscalationCardInfo {
    return { t: translator(locale), fmt: formatter(locale, this.deps.timeZone), locale };
  }

  /**
   * Names and times a case card shows: people by name or a neutral word, never by id; for the
   * coordinator's own view also who sent the case and how to reach their institution; the assign
   * choices only for the coordinators' views.
   */
  context(c: Escalation, view: CaseView | NoticeRecipient, locale: Locale, extra: Partial<CaseCardContext> = {}): CaseCardContext {
    const { names } = this.deps;
    const t = translator(locale);
    const members = view === 'coordinator' || view === 'coordinatorChannel' ? names.memberLabels(c.unitId, t('escalations.someone.choice')) : undefined;
    const contact = view === 'coordinator' ? this.deps.institutionContact?.(c.institutionId) : undefined;
    return {
      now: this.deps.clock.now(),
      institutionName: names.placeName(c.institutionId),
      unitName: names.shortName(c.unitId),
      nameOf: (key) => names.nameOf(key, c.unitId) || t('escalations.someone.label'),
      ...(view === 'coordinator' ? { requesterName: names.requesterName(c.requester) } : {}),
      ...(contact ? { institutionContact: contact } : {}),
      ...(members ? { members } : {}),
      ...extra,
    };
  }

  caseCard(c: Escalation, view: CaseView, locale: Locale, extra: Partial<CaseCardContext> = {}): BuiltCard {
    return caseCard(this.info(locale), c, view, this.context(c, view, locale, extra));
  }

  list(locale: Locale, entries: ListEntry[], kind: 'inbox' | 'own', title: string): BuiltCard {
    return listCard(this.info(locale), entries, kind, this.deps.clock.now(), title);
  }

  confirm(locale: Locale, draft: Draft): BuiltCard {
    return confirmCard(this.info(locale), draft);
  }

  // ---- EscalationRenderer: messages the outbox sends, in the recipient's language ----

  coordinatorCard(c: Escalation, userKey: string): OutboxPayload {
    return payloadOf(this.caseCard(c, 'coordinator', this.localeOf(userKey)));
  }

  /** The channel post refreshes itself in the unit's coordinators' clients (their own view). */
  channelCard(c: Escalation, conversationKey: string): OutboxPayload {
    const refreshUserIds = this.deps.members(c.unitId).map((m) => this.deps.conversations.get(m.userKey)?.userId).filter((id): id is string => !!id);
    return payloadOf(this.caseCard(c, 'limited', this.localeOf(conversationKey), { refreshUserIds }));
  }

  notice(c: Escalation, e: HistoryEntry, userKey: string, as: NoticeRecipient): OutboxPayload {
    const locale = this.localeOf(userKey);
    return payloadOf(noticeCard(this.info(locale), c, e, this.context(c, as, locale), as));
  }

  slaNotice(c: Escalation, kind: SlaNoticeKind, target: OutboxTarget): OutboxPayload {
    const key = 'userKey' in target ? target.userKey : target.conversationKey;
    const built = slaCard(this.info(this.localeOf(key)), c, kind, { institutionName: this.deps.names.placeName(c.institutionId) }, 'conversationKey' in target);
    return payloadOf(built);
  }

  private localeOf(conversationKey: string): Locale {
    return resolveLocale(this.deps.conversations.get(conversationKey)?.locale);
  }
}
