// The monthly figures job: the previous month's figures of each coordinating unit, one card per
// coordinator who has not opted out, as outbox requests (sent once per month and person).
import { figuresCard } from '../../src/cards/figuresCard.js';
import type { AuditTrail } from '../../src/audit/auditTrail.js';
import type { FiguresService } from '../../src/figures/service.js';
import type { FiguresData } from '../../src/figures/monthly.js';
import { previousMonth } from '../../src/figures/period.js';
import type { InstitutionDirectory } from '../../src/institutions/institutions.js';
import type { OutboxRequest, ScheduledJob } from '../../src/outbox/types.js';
import type { Clock } from '../../src/time/clock.js';
import type { RoleService } from '../../src/roles/roleService.js';
import type { DocumentStore } from '../../src/store/documentStore.js';
import type { FigureLabels } from '../../src/tab/labels.js';
import { dateIn } from '../../src/time/zoned.js';

export interface MonthlyDeps {
  institutions: InstitutionDirectory;
  roles: Pick<RoleService, 'membersOf'>;
  audit: AuditTrail;
  clock: Clock;
  config: { timeZone: string };
  figures: FiguresService;
  store: Pick<DocumentStore<FiguresData>, 'data'>;
  labels: FigureLabels;
}

/** German first: the job runs outside any conversation, so no user locale is known. */
export async function monthlyMessages(deps: MonthlyDeps, job: ScheduledJob): Promise<OutboxRequest[]> {
  const { institutions, roles, audit, figures, store, labels: l } = deps;
  const period = previousMonth(dateIn(deps.clock.now(), deps.config.timeZone));
  const out: OutboxRequest[] = [];
  for (const unit of institutions.ofKind('coordination')) {
    const members = roles.membersOf(unit.id).filter((m) => !store.data.optedOut[m.userKey]);
    if (members.length === 0) continue;
    const report = await figures.report({ kind: 'unit', unitId: unit.id }, period);
    const intro = l.t('figures.card.monthly', { month: l.value('month', period.from.slice(0, 7)) });
    const built = figuresCard(report, l, { intro, optOutCommand: 'statistik monatlich aus' });
    for (const m of members) {
      out.push({ target: { userKey: m.userKey }, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> }, key: `${job.id}:${m.userKey}` });
    }
    await audit.record({ actor: 'scheduler', action: 'figures.monthly', record: `unit:${unit.id}@${period.from}..${period.to}`, outcome: 'ok' });
  }
  return out;
}
