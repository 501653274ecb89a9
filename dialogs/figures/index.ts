// Figures in chat (issue 15): `statistik [Zeitraum]` / `figures [period]` answers with the key numbers
// of the asker's scope and a button into the dashboard tab; `statistik monatlich aus|an` switches the
// monthly figures off or on. Coordinators get them on the first working day of each month.
import type { DialogContext } from 'botbuilder-dialogs';
import type { Capability, CapabilityContext, OpenCapabilityModule } from '../../src/bot/capability.js';
import { sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { figuresCard } from '../../src/cards/figuresCard.js';
import { loadTemplates } from '../../src/checklists/templates.js';
import type { FiguresProblem } from '../../src/figures/service.js';
import { MONTHLY_JOB_KIND, nextMonthlyJob, openFiguresStore, type FiguresData } from '../../src/figures/monthly.js';
import { openFiguresService } from '../../src/figures/open.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import type { DocumentStore } from '../../src/store/documentStore.js';
import { dateIn } from '../../src/time/zoned.js';
import { figureLabels } from '../../src/tab/labels.js';
import { FIGURES_PHRASES } from './commands.js';
import { parsePeriodWords } from './words.js';
import { monthlyMessages } from './monthly.js';

const PROBLEM_KEYS: Record<FiguresProblem, MessageKey> = {
  forbidden: 'figures.chat.forbidden',
  unknownScope: 'figures.chat.forbidden',
  badDate: 'figures.chat.badPeriod',
  reversed: 'figures.chat.reversed',
  future: 'figures.chat.future',
  tooLong: 'figures.chat.tooLong',
};

export const openFiguresModule: OpenCapabilityModule = async (ctx) => {
  const figures = openFiguresService({ dataDir: ctx.dataDir, institutions: ctx.institutions, audit: ctx.audit, clock: ctx.clock, timeZone: ctx.config.timeZone, log: ctx.log });
  const store = await openFiguresStore(ctx.dataDir, ctx.log);
  const templates = loadTemplates();
  const labels = { de: figureLabels('de', { institutions: ctx.institutions, templates }), en: figureLabels('en', { institutions: ctx.institutions, templates }) };

  const start = async (dc: DialogContext, args: string) => {
    const info = turnInfo(dc.context);
    const words = parsePeriodWords(args, figures.today());
    if (!words) return dc.context.sendActivity(info.t('figures.chat.badPeriod'));
    if ('monthly' in words) return switchMonthly(dc, store, words.monthly);
    const result = await figures.figures(info.identity, words, 'figures.card');
    if (!result.ok) return dc.context.sendActivity(info.t(PROBLEM_KEYS[result.problem]));
    return sendCard(dc.context, figuresCard(result.report, labels[info.locale]));
  };

  ctx.scheduler.handle(MONTHLY_JOB_KIND, async (job) => {
    const out = await monthlyMessages({ ...ctx, figures, store, labels: labels.de }, job);
    // The next month's job; the scheduler replaces a job of the same id, so a restart does not double it.
    setImmediate(() => void scheduleNextMonth(ctx).catch((err: unknown) => ctx.log.error('figures.scheduleFailed', { error: (err as Error).name })));
    return out;
  });
  await scheduleNextMonth(ctx);

  const capability: Capability = {
    id: 'figures.show',
    phrases: FIGURES_PHRASES,
    roles: ['officer', 'coordinator', 'admin'],
    menu: { label: 'figures.menu', command: { de: 'statistik', en: 'figures' } },
    start,
  };
  return { capabilities: [capability], close: () => store.close() };
};

async function switchMonthly(dc: DialogContext, store: DocumentStore<FiguresData>, to: 'on' | 'off') {
  const { identity, t } = turnInfo(dc.context);
  if (identity.role !== 'coordinator') return dc.context.sendActivity(t('figures.chat.monthlyOnlyCoordinators'));
  await store.commit((d) => {
    if (to === 'off') d.optedOut[identity.userKey] = new Date().toISOString();
    else delete d.optedOut[identity.userKey];
  });
  return dc.context.sendActivity(t(to === 'off' ? 'figures.chat.monthlyOff' : 'figures.chat.monthlyOn'));
}

async function scheduleNextMonth(ctx: CapabilityContext): Promise<void> {
  const next = nextMonthlyJob(dateIn(ctx.clock.now(), ctx.config.timeZone), ctx.config.timeZone);
  await ctx.scheduler.schedule({ id: next.id, kind: MONTHLY_JOB_KIND, dueAt: next.dueAt, data: { month: next.month } });
}
