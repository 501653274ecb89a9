// The figures card: key numbers of a report (withheld ones as "< 5") and a button into the tab.
import type { FiguresReport } from '../figures/types.js';
import type { FigureLabels } from '../tab/labels.js';
import { figuresTabDeepLink } from '../tab/teamsApp.js';
import { card, commandButton, facts, heading, paragraph, type CardAction } from './elements.js';
import type { BuiltCard } from './menuCard.js';

export function figuresCard(report: FiguresReport, l: FigureLabels, opts: { intro?: string; optOutCommand?: string } = {}): BuiltCard {
  const k = report.keyFigures;
  const scope = l.scope(report.scope);
  const from = l.day(report.period.from);
  const to = l.day(report.period.to);
  const actions: CardAction[] = [{ type: 'Action.OpenUrl', title: l.t('figures.card.openTab'), url: figuresTabDeepLink(l.t('figures.menu')) }];
  if (opts.optOutCommand) actions.push(commandButton(l.t('figures.card.optOut'), opts.optOutCommand));
  const body = [
    ...(opts.intro ? [paragraph(opts.intro)] : []),
    heading(l.t('figures.card.title', { scope })),
    paragraph(l.t('figures.card.period', { from, to }), { subtle: true }),
    facts([
      [l.t('figures.card.interpreterRequests'), l.count(k.interpreterRequests.count)],
      [l.t('figures.card.interpreterCost'), l.euros(k.interpreterRequests.costEur)],
      [l.t('figures.card.escalations'), l.count(k.escalations.count)],
      [l.t('figures.card.slaBreached'), l.count(k.slaBreached.count)],
      [l.t('figures.card.checklistsStarted'), l.count(k.checklistRunsStarted.count)],
      [l.t('figures.card.checklistsFinished'), l.count(k.checklistRunsFinished.count)],
      [l.t('figures.card.staleContacts'), String(k.staleContacts)],
    ]),
    paragraph(l.t('figures.legend'), { subtle: true, small: true }),
  ];
  const summary = `${opts.intro ? `${opts.intro} ` : ''}${l.t('figures.card.summary', {
    scope, from, to,
    interpreters: l.count(k.interpreterRequests.count),
    escalations: l.count(k.escalations.count),
    breached: l.count(k.slaBreached.count),
    checklists: l.count(k.checklistRunsStarted.count),
  })}`;
  return { card: card(body, actions), summary };
}
