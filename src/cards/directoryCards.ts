// Cards of the contact directory: contact cards, search results, responsibility answers, choices and the
// add/edit form. Pure functions data → Adaptive Card 1.5. Everything a user typed (contact names,
// addresses, notes, queries, form values, error messages quoting them) goes only into TextRuns.
import { withArticle, withPreposition } from '../institutions/grammar.js';
import type { Formatter } from '../i18n/format.js';
import type { Translate } from '../i18n/i18n.js';
import type { Locale } from '../text/locale.js';
import type { Institution } from '../institutions/institutionsFile.js';
import { languageName } from '../directory/languages.js';
import type { AnswerOption, Resolution } from '../directory/resolver.js';
import { topicById, TOPICS } from '../directory/topics.js';
import { CATEGORIES, isStale, LIMITS, type Contact } from '../directory/types.js';
import type { BuiltCard } from './menuCard.js';
import { card, cleanUserText, commandButton, heading, line, paragraph, type CardAction, type CardElement } from './elements.js';

export interface DirectoryView {
  t: Translate;
  fmt: Formatter;
  locale: Locale;
  /** YYYY-MM-DD, for "veraltet". */
  today: string;
  institution(id: string): Institution | undefined;
  /** Buttons a contact card offers this user (edit, confirm). */
  contactActions?(contact: Contact): CardAction[];
}

/** Command words the buttons send, per language (they must match the capabilities' phrases). */
export const DIRECTORY_COMMANDS: Record<Locale, { edit: string; confirm: string; responsible: string; save: string }> = {
  de: { edit: 'kontakte bearbeiten', confirm: 'kontakte bestätigen', responsible: 'zuständig', save: 'kontakte speichern' },
  en: { edit: 'contacts edit', confirm: 'contacts confirm', responsible: 'who is responsible for', save: 'kontakte speichern' },
};

function dateText(view: DirectoryView, iso: string): string {
  return view.fmt.day(iso);
}

/** The contact as a container: name, kind and place, topics, languages, channels, confirmation, notes, id. */
export function contactBlock(view: DirectoryView, c: Contact, opts: { separator?: boolean; actions?: boolean } = {}): CardElement {
  const { t, locale } = view;
  const inst = c.institutionId ? view.institution(c.institutionId) : undefined;
  const kind = [t(`directory.card.category.${c.category}`), inst?.name].filter(Boolean).join(' · ');
  const items: CardElement[] = [line(c.name, { bold: true, max: LIMITS.name }), paragraph(kind, { subtle: true, small: true })];
  if (c.region) items.push(line(c.region, { label: `${t('directory.card.region')}: `, small: true, max: LIMITS.region }));
  const topics = c.topics.map((id) => topicById(id)?.label[locale]).filter(Boolean);
  if (topics.length) items.push(paragraph(`${t('directory.card.topics')}: ${topics.join(', ')}`, { small: true }));
  if (c.languages.length) items.push(paragraph(`${t('directory.card.languages')}: ${c.languages.map((l) => languageName(l, locale)).join(', ')}`, { small: true }));
  if (c.channels.email) items.push(line(c.channels.email, { label: t('directory.card.email') }));
  if (c.channels.phone) items.push(line(c.channels.phone, { label: t('directory.card.phone') }));
  if (c.channels.url) items.push(line(c.channels.url, { label: t('directory.card.url') }));
  const confirmed = c.lastConfirmed ? t('directory.card.lastConfirmed', { date: dateText(view, c.lastConfirmed) }) : t('directory.card.neverConfirmed');
  items.push(paragraph(confirmed, { subtle: true, small: true }));
  if (isStale(c.lastConfirmed, view.today)) items.push({ type: 'TextBlock', text: t('directory.card.stale'), color: 'Attention', size: 'Small', wrap: true, spacing: 'None' });
  if (c.notes) items.push(line(c.notes, { label: t('directory.card.notes'), small: true, subtle: true, max: LIMITS.notes }));
  items.push(line(t('directory.card.id', { id: c.id }), { subtle: true, small: true }));
  const actions = opts.actions === false ? [] : (view.contactActions?.(c) ?? []);
  if (actions.length) items.push({ type: 'ActionSet', actions });
  return { type: 'Container', items, ...(opts.separator ? { separator: true, spacing: 'Medium' } : {}) };
}

export function searchResultsCard(view: DirectoryView, query: string, contacts: Contact[], total: number, language?: string): BuiltCard {
  const { t } = view;
  const body: CardElement[] = [heading(t('directory.search.title')), line(query, { label: t('directory.search.query'), subtle: true, max: 200 })];
  if (language) body.push(paragraph(t('directory.search.languageFilter', { language: languageName(language, view.locale) }), { subtle: true, small: true }));
  if (contacts.length === 0) {
    body.push(paragraph(language ? t('directory.search.noneLanguage', { language: languageName(language, view.locale) }) : t('directory.search.none')));
    return { card: card(body), summary: t('directory.search.none') };
  }
  contacts.forEach((c) => body.push(contactBlock(view, c, { separator: true })));
  if (total > contacts.length) body.push(paragraph(t('directory.search.shown', { shown: contacts.length, count: total }), { subtle: true, small: true }));
  return { card: card(body), summary: t('directory.search.summary', { count: total }) };
}

/** The command a choice button sends: "zuständig <topic> – <institution>" (round-trips through the resolver). */
export function optionCommand(locale: Locale, o: AnswerOption): string {
  const word = DIRECTORY_COMMANDS[locale].responsible;
  return locale === 'en' ? `${word} ${o.topic.label.en} at ${o.institution.name}` : `${word} ${o.topic.label.de} – ${o.institution.name}`;
}

export function resolutionCard(view: DirectoryView, r: Resolution): BuiltCard {
  const { t, locale } = view;
  switch (r.kind) {
    case 'answer': {
      const where = r.asked ?? r.institution;
      const body: CardElement[] = [
        heading(t('directory.answer.title', { topic: r.topic.label[locale] })),
        // What was understood, so a wrong reading is visible at a glance.
        paragraph(t('understanding.understood', { topic: r.topic.label[locale], institution: where.name }), { subtle: true, small: true }),
        paragraph(t('directory.answer.at', { institution: where.name }), { subtle: true }),
      ];
      if (r.ownInstitution) body.push(paragraph(t('directory.answer.ownInstitution', { institution: r.institution.name }), { small: true }));
      if (r.asked) body.push(paragraph(t('directory.answer.viaCoordination', { forInstitution: withPreposition('für', r.asked, r.asked.name, locale, { english: 'at' }) }), { small: true }));
      if (r.stateWide) body.push(paragraph(t('directory.answer.stateWide', { topic: r.topic.label[locale] }), { small: true }));
      body.push(contactBlock(view, r.contact));
      body.push({ type: 'TextBlock', text: t('directory.answer.deputy'), weight: 'Bolder', wrap: true, separator: true, spacing: 'Medium' });
      body.push(r.deputy ? contactBlock(view, r.deputy) : paragraph(t('directory.answer.noDeputy'), { subtle: true, small: true }));
      const actions: CardAction[] = [];
      if (r.otherTopics.length) {
        body.push(paragraph(t('directory.answer.otherTopics'), { subtle: true, small: true }));
        for (const topic of r.otherTopics.slice(0, 5)) actions.push(commandButton(topic.label[locale], optionCommand(locale, { institution: r.institution, topic })));
      }
      return { card: card(body, actions), summary: t('directory.answer.summary', { topic: r.topic.label[locale], institution: where.name }) };
    }
    case 'choice': {
      const labels = r.options.map((o) => t('directory.choice.option', { topic: o.topic.label[locale], institution: o.institution.name }));
      const body = [heading(t(r.by === 'institution' ? 'directory.choice.institution' : 'directory.choice.topic'))];
      const actions = r.options.map((o, i) => commandButton(labels[i]!, optionCommand(locale, o)));
      return { card: card(body, actions), summary: t('directory.choice.summary', { options: labels.join('; ') }) };
    }
    case 'unknown': {
      const coordination = withPreposition('bei', r.coordination, r.coordination.name, locale, { english: '' }).trim();
      const what = r.topic && r.institution
        ? t('directory.unknown.both', { topic: r.topic.label[locale], inInstitution: withPreposition('in', r.institution, r.institution.name, locale, { english: 'at' }) })
        : r.topic
          ? t('directory.unknown.topic', { topic: r.topic.label[locale] })
          : t('directory.unknown.institution', { forInstitution: r.institution ? withPreposition('für', r.institution, r.institution.name, locale, { english: 'for' }) : '' });
      const body: CardElement[] = [paragraph(what), paragraph(t('directory.unknown.ask', { coordination }))];
      if (r.coordinationContact) body.push(contactBlock(view, r.coordinationContact, { separator: true }));
      return { card: card(body), summary: `${what} ${t('directory.unknown.ask', { coordination })}` };
    }
    case 'needInstitution': {
      const topic = r.topic.label[locale];
      const body: CardElement[] = [paragraph(t('directory.needInstitution.text', { topic }))];
      body.push(paragraph(t('directory.needInstitution.general', { coordination: withArticle(r.coordination, r.coordination.name, locale) }), { subtle: true, small: true }));
      if (r.coordinationContact) body.push(contactBlock(view, r.coordinationContact, { separator: true }));
      return { card: card(body), summary: t('directory.needInstitution.text', { topic }) };
    }
    case 'unknownTopic':
      return unknownTopicCard(view, r);
    case 'notUnderstood':
      return { card: card([paragraph(t('directory.notUnderstood'))]), summary: t('directory.notUnderstood') };
  }
}

/** An unknown topic is said so (the user's words only as literal text) with the nearest known topics as buttons. */
function unknownTopicCard(view: DirectoryView, r: Extract<Resolution, { kind: 'unknownTopic' }>): BuiltCard {
  const { t, locale } = view;
  const words = r.words.slice(0, 3).join(' ');
  const intro = r.institution ? t('understanding.unknownTopic.at', { words, forInstitution: withPreposition('für', r.institution, r.institution.name, locale) }) : t('understanding.unknownTopic.text', { words });
  const body: CardElement[] = [line(intro, { max: 200 })];
  const actions: CardAction[] = [];
  if (r.closest.length) {
    body.push(paragraph(t('understanding.unknownTopic.closest'), { subtle: true }));
    for (const topic of r.closest) {
      actions.push(commandButton(topic.label[locale], r.institution ? optionCommand(locale, { institution: r.institution, topic }) : `${DIRECTORY_COMMANDS[locale].responsible} ${topic.label[locale]}`));
    }
  } else {
    body.push(paragraph(t('understanding.unknownTopic.known', { topics: TOPICS.slice(0, 6).map((tp) => tp.label[locale]).join(', ') }), { subtle: true }));
  }
  body.push(paragraph(t('understanding.unknownTopic.ask', { atCoordination: withPreposition('bei', r.coordination, r.coordination.name, locale, { english: 'the' }) }), { small: true }));
  if (r.coordinationContact) body.push(contactBlock(view, r.coordinationContact, { separator: true }));
  const summary = t('understanding.unknownTopic.summary', { topics: r.closest.map((tp) => tp.label[locale]).join(', ') || '–' });
  return { card: card(body, actions), summary }; // the user's words stay out of the summary (plain text, may render Markdown)
}

export type FormValues = Partial<Record<'name' | 'category' | 'institution' | 'region' | 'topics' | 'languages' | 'email' | 'phone' | 'url' | 'notes', string>>;

/** Values of an existing contact for the edit form. */
export function formValuesOf(c: Contact, view: Pick<DirectoryView, 'institution' | 'locale'>): FormValues {
  return {
    name: c.name,
    category: c.category,
    institution: c.institutionId ? (view.institution(c.institutionId)?.name ?? c.institutionId) : '',
    region: c.region ?? '',
    topics: c.topics.join(','),
    languages: c.languages.map((l) => languageName(l, view.locale)).join(', '),
    email: c.channels.email ?? '',
    phone: c.channels.phone ?? '',
    url: c.channels.url ?? '',
    notes: c.notes ?? '',
  };
}

/**
 * The add/edit form: Input.* fields, server-side errors right under the field they belong to. The submit
 * carries `directoryForm` (so the dialog knows it), the contact id and version (edit), and a `cmd` that
 * reopens the form handling if the conversation has moved on.
 */
export function contactFormCard(
  view: Pick<DirectoryView, 't' | 'locale'>,
  values: FormValues,
  opts: { target?: { id: string; version: number }; errors?: Partial<Record<string, string>> } = {},
): BuiltCard {
  const { t, locale } = view;
  const errors = opts.errors ?? {};
  const editing = opts.target !== undefined;
  const body: CardElement[] = [heading(t(editing ? 'directory.form.titleEdit' : 'directory.form.titleAdd')), paragraph(t('directory.form.intro'), { subtle: true, small: true })];
  const hasErrors = Object.keys(errors).length > 0;
  if (hasErrors) body.push({ type: 'TextBlock', text: t('directory.form.errorsTitle'), color: 'Attention', weight: 'Bolder', wrap: true });
  const error = (field: string) => {
    const message = errors[field];
    if (message) body.push({ ...line(message, { attention: true, small: true, max: 400 }), spacing: 'None' });
  };
  const text = (id: keyof FormValues, label: string, extra: Record<string, unknown> = {}) => {
    body.push({ type: 'Input.Text', id, label, value: values[id] ?? '', ...extra });
    error(id);
  };
  text('name', t('directory.form.name'), { placeholder: t('directory.form.namePlaceholder'), maxLength: LIMITS.name, isRequired: true, errorMessage: t('directory.errors.required') });
  body.push({
    type: 'Input.ChoiceSet',
    id: 'category',
    label: t('directory.form.category'),
    style: 'compact',
    value: values.category || 'function',
    choices: CATEGORIES.map((c) => ({ title: t(`directory.card.category.${c}`), value: c })),
  });
  error('category');
  text('institution', t('directory.form.institution'), { placeholder: t('directory.form.institutionPlaceholder'), maxLength: 200 });
  text('region', t('directory.form.region'), { maxLength: LIMITS.region });
  body.push({
    type: 'Input.ChoiceSet',
    id: 'topics',
    label: t('directory.form.topics'),
    isMultiSelect: true,
    style: 'compact',
    value: values.topics ?? '',
    choices: TOPICS.map((tp) => ({ title: tp.label[locale], value: tp.id })),
  });
  error('topics');
  text('languages', t('directory.form.languages'), { placeholder: t('directory.form.languagesPlaceholder'), maxLength: 300 });
  body.push(paragraph(t('directory.form.channelsHint'), { subtle: true, small: true }));
  error('channels');
  text('email', t('directory.form.email'), { style: 'Email', maxLength: LIMITS.email });
  text('phone', t('directory.form.phone'), { style: 'Tel', maxLength: LIMITS.phone });
  text('url', t('directory.form.url'), { style: 'Url', maxLength: LIMITS.url });
  text('notes', t('directory.form.notes'), { isMultiline: true, maxLength: LIMITS.notes });
  const data = {
    cmd: DIRECTORY_COMMANDS[locale].save,
    directoryForm: 'contact',
    ...(opts.target ? { contactId: opts.target.id, version: opts.target.version } : {}),
  };
  const summary = hasErrors ? t('directory.form.summaryErrors') : t(editing ? 'directory.form.summaryEdit' : 'directory.form.summaryAdd');
  return { card: card(body, [{ type: 'Action.Submit', title: t('directory.form.submit'), data }]), summary };
}
