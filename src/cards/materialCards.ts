// Material library cards (issue 14): search results with language, format, edition, validity, who
// translated and checked it, and the link (http(s) only, validated when stored); the "fehlende
// Sprachen" view per institution. Titles and names are user text (TextRuns only).
import { topicById } from '../directory/topics.js';
import { languageLabel } from '../language/languageNames.js';
import type { Material } from '../knowledge/types.js';
import type { MaterialView, MissingView } from '../material/service.js';
import { card, heading, line, paragraph, type CardElement } from './elements.js';
import type { BuiltCard } from './menuCard.js';
import { dateText, openUrl, type KnowledgeView } from './knowledgeParts.js';

const MISSING_SHOWN = 4;

function languages(view: KnowledgeView, codes: readonly string[]): string {
  return codes.map((c) => languageLabel(c, view.locale)).join(', ');
}

function itemBlock(view: KnowledgeView, m: Material, today: string): CardElement {
  const { t, fmt } = view;
  const meta = t(`material.format.${m.format}`);
  const validity = m.validUntil ? (m.validUntil < today ? `**${t('material.card.expired', { date: dateText(fmt, m.validUntil) })}**` : t('material.card.validUntil', { date: dateText(fmt, m.validUntil) })) : '';
  const items: CardElement[] = [
    line(m.title, { bold: true, max: 200 }),
    paragraph([meta, `${t('material.card.languages')}: ${languages(view, m.languages)}`, validity].filter(Boolean).join(' · '), { small: true }),
  ];
  if (m.edition) items.push(line(m.edition, { label: `${t('material.card.edition')}: `, small: true, max: 40 }));
  if (m.translatedBy) items.push(line(m.translatedBy, { label: `${t('material.card.translatedBy')}: `, small: true, max: 120 }));
  if (m.checkedBy) items.push(line(m.checkedBy, { label: `${t('material.card.checkedBy')}: `, small: true, max: 120 }));
  const topic = topicById(m.topic)?.label[view.locale] ?? m.topic;
  items.push(paragraph(`${topic} · ${t(`material.audience.${m.audience}`)} · ${m.id}${m.sample ? ` · ${t('knowledge.card.sample')}` : ''}`, { small: true, subtle: true }));
  items.push({ type: 'ActionSet', actions: [openUrl(t('material.card.open'), m.link)] });
  return { type: 'Container', items, separator: true, spacing: 'Medium' };
}

export function materialCard(view: KnowledgeView, result: MaterialView, today: string): BuiltCard {
  const { t } = view;
  const { query } = result;
  const what = [query.topic?.label[view.locale], ...query.words].filter(Boolean).join(' ');
  const lang = query.languages.length ? languages(view, query.languages) : '';
  const body: CardElement[] = [heading(t('material.card.title'))];
  if (what || lang) body.push(line([what, lang].filter(Boolean).join(' · '), { label: `${t('material.card.query')}: `, small: true }));
  if (result.items.length === 0) {
    body.push(paragraph(lang ? t('material.card.noneInLanguage', { language: lang }) : t('material.card.none')));
    for (const m of result.otherLanguages) body.push(line(`${m.title} (${languages(view, m.languages)})`, { small: true }));
    return { card: card(body), summary: lang ? t('material.card.noneInLanguage', { language: lang }) : t('material.card.none') };
  }
  if (result.total > result.items.length) body.push(paragraph(t('material.card.more', { shown: result.items.length, total: result.total }), { small: true, subtle: true }));
  for (const m of result.items) body.push(itemBlock(view, m, today));
  return { card: card(body), summary: t('material.card.summary', { count: result.total }) };
}

/** "Arabisch: 14 Anfragen – fehlt: Merkblatt Besuch, …" per requested language. */
export function missingCard(view: KnowledgeView, result: MissingView, institutionName: string): BuiltCard {
  const { t, fmt } = view;
  const body: CardElement[] = [
    heading(t('material.missing.title', { institution: institutionName })),
    paragraph(t('material.missing.basis', { date: dateText(fmt, result.since), count: result.materialCount }), { small: true, subtle: true }),
  ];
  if (result.rows.length === 0) body.push(paragraph(t('material.missing.noRequests')));
  const lines: string[] = [];
  for (const row of result.rows) {
    const head = t('material.missing.requests', { language: languageLabel(row.language, view.locale), count: row.requests });
    if (row.missing.length === 0) {
      body.push(paragraph(`${head} – ${t('material.missing.complete')}`, { small: true }));
      lines.push(`${head} – ${t('material.missing.complete')}`);
      continue;
    }
    const shown = row.missing.slice(0, MISSING_SHOWN).map((m) => m.title).join(', ');
    const more = row.missing.length > MISSING_SHOWN ? ` ${t('material.missing.andMore', { count: row.missing.length - MISSING_SHOWN })}` : '';
    body.push(line(`${shown}${more}`, { label: `${head} – ${t('material.missing.lacks')}: `, small: true, max: 600 }));
    lines.push(`${head} – ${t('material.missing.lacks')}: ${shown}${more}`);
  }
  return { card: card(body), summary: lines.length ? lines.slice(0, 3).join('; ') : t('material.missing.noRequests') };
}
