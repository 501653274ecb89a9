// How a checklist reminder reads: the reminder card in the language the owner last wrote in.
import { formatter } from '../../src/i18n/format.js';
import { resolveLocale, translator } from '../../src/i18n/i18n.js';
import { reminderCard } from '../../src/cards/checklistCards.js';
import type { ReminderRenderer } from '../../src/checklists/reminders.js';

/** `localeOf`: the locale a user last wrote in (ConversationRecord.locale). */
export function reminderMessage(timeZone: string, localeOf: (userKey: string) => string | undefined): ReminderRenderer {
  return (reminder) => {
    const locale = resolveLocale(localeOf(reminder.owner));
    const built = reminderCard({ t: translator(locale), fmt: formatter(locale, timeZone), locale }, reminder.view, {
      dueDate: reminder.dueDate,
      stepTitle: reminder.stepTitle?.[locale],
      today: reminder.today,
    });
    return { text: built.summary, card: built.card as unknown as Record<string, unknown> };
  };
}
