// Names for what figures count (languages, institutions, categories, months …) in German or English,
// for the tab, the chat card and the export. Ids the catalogues do not know are shown as they are.
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { TemplateCatalog } from '../checklists/templates.js';
import { translate, type MessageKey } from '../i18n/i18n.js';
import { type Locale } from '../text/locale.js';
import { languageLabel } from '../language/languageNames.js';
import type { ExportLabels } from '../figures/exportFormats.js';
import type { Dimension } from '../figures/types.js';

/** The export's labels, with any message key and the locale typed. */
export interface FigureLabels extends Omit<ExportLabels, 'locale' | 't'> {
  locale: Locale;
  t(key: MessageKey, params?: Record<string, string | number>): string;
}

export function figureLabels(locale: Locale, deps: { institutions: InstitutionDirectory; templates?: TemplateCatalog }): FigureLabels {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const monthFormat = new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dayFormat = new Intl.DateTimeFormat(tag, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const numberFormat = new Intl.NumberFormat(tag);
  const euroFormat = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' });
  const placeName = (id: string) => deps.institutions.byId(id)?.name ?? id;
  const value = (d: Dimension, id: string): string => {
    switch (d) {
      case 'language':
        return languageLabel(id, locale);
      case 'institution':
      case 'unit':
        return placeName(id);
      case 'month':
        return monthFormat.format(new Date(`${id}-01T00:00:00Z`));
      case 'mode':
        return known(`interpreters.mode.${id}`) ?? id;
      case 'category':
        return known(`escalations.category.${id}`) ?? id;
      case 'urgency':
        return known(`escalations.urgency.${id}`) ?? id;
      case 'sla':
        return known(`figures.sla.${id}`) ?? id;
      case 'runState':
        return known(`figures.runState.${id}`) ?? id;
      case 'template':
        return deps.templates?.byId(id)?.title[locale] ?? id;
    }
  };
  const known = (key: string): string | undefined => {
    const text = translate(locale, key as MessageKey);
    return text === key ? undefined : text;
  };
  return {
    locale,
    t,
    table: (id) => t(`figures.table.${id}` as MessageKey),
    dim: (d) => t(`figures.dim.${d}` as MessageKey),
    value,
    scope: (scope) =>
      scope.kind === 'state' ? t('figures.scope.state') : t(scope.kind === 'unit' ? 'figures.scope.unit' : 'figures.scope.institution', { name: placeName(scope.kind === 'unit' ? scope.unitId : scope.institutionId) }),
    count: (n) => (n === null ? t('figures.suppressed') : numberFormat.format(n)),
    euros: (n) => (n === null || n === undefined ? t('figures.suppressed') : euroFormat.format(n)),
    day: (iso) => dayFormat.format(new Date(`${iso}T00:00:00Z`)),
  };
}
