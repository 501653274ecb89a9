// Cards of the understanding step: the short choice when two readings are close ("Dolmetscher JVA Bochum"
// from an officer), and "did you mean" readings for a text it could not place. Pure data → Adaptive Card.
import { withPreposition } from '../institutions/grammar.js';
import type { Translate } from '../i18n/i18n.js';
import type { Locale } from '../text/locale.js';
import type { Institution } from '../institutions/institutionsFile.js';
import type { Topic } from '../directory/topics.js';
import type { BuiltCard } from './menuCard.js';
import { DIRECTORY_COMMANDS, optionCommand } from './directoryCards.js';
import { card, commandButton, heading, paragraph } from './elements.js';

/** The command that starts an interpreter request, per language (a capability phrase no reading takes for a question). */
const INTERPRETER_COMMAND: Record<Locale, string> = { de: 'dolmetscheranfrage', en: 'interpreter request' };

/** "Request an interpreter there, or who is responsible there?" */
export function interpreterOrResponsibleCard(t: Translate, locale: Locale, topic: Topic, institution: Institution): BuiltCard {
  const params = { topic: topic.label[locale], institution: institution.name, atInstitution: withPreposition('in', institution, institution.name, locale, { english: 'at' }) };
  return {
    card: card(
      [heading(t('understanding.ask.title', params))],
      [
        commandButton(t('understanding.ask.request'), `${INTERPRETER_COMMAND[locale]} ${institution.name}`),
        commandButton(t('understanding.ask.responsible'), optionCommand(locale, { institution, topic })),
      ],
    ),
    summary: t('understanding.ask.summary', params),
  };
}

/** A text the bot could not place, with the topics its words were nearest to. */
export function readingsCard(t: Translate, locale: Locale, topics: Topic[]): BuiltCard {
  const body = [paragraph(t('understanding.unclear.text')), paragraph(t('understanding.unclear.readings'), { subtle: true })];
  const actions = topics.map((topic) => commandButton(topic.label[locale], `${DIRECTORY_COMMANDS[locale].responsible} ${topic.label[locale]}`));
  return { card: card(body, actions), summary: `${t('understanding.unclear.text')} ${t('understanding.unclear.example')}` };
}
