// The renderer the interpreter service sends proactive messages with: cards in the target's language.
import { requesterNoticeCard, organiserCard, type CardInfo } from '../../src/cards/interpreterCards.js';
import type { BuiltCard } from '../../src/cards/menuCard.js';
import { formatter } from '../../src/i18n/format.js';
import { resolveLocale, translator } from '../../src/i18n/i18n.js';
import type { InterpreterRenderer, RenderedMessage } from '../../src/interpreters/types.js';

function cardInfoFor(locale: string | undefined, timeZone: string): CardInfo {
  const resolved = resolveLocale(locale);
  return { t: translator(resolved), fmt: formatter(resolved, timeZone), locale: resolved, timeZone };
}

function message(built: BuiltCard): RenderedMessage {
  return { text: built.summary, card: built.card as unknown as Record<string, unknown> };
}

export function interpreterRenderer(timeZone: string): InterpreterRenderer {
  return {
    organiserCard: (locale, view, opts) => message(organiserCard(cardInfoFor(locale, timeZone), view, opts)),
    requesterNotice: (locale, view, what) => message(requesterNoticeCard(cardInfoFor(locale, timeZone), view, what)),
    cancelledForOrganiser: (locale, id) => ({ text: cardInfoFor(locale, timeZone).t('interpreters.notice.cancelledForOrganiser', { id }) }),
  };
}
