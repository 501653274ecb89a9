// Templates change only with a deployment. At start-up each open run is brought to its template's
// current version: it keeps the states of steps whose id still exists, new steps are open, and a run
// whose every step is then resolved is finished.
import type { Logger } from '../log/logger.js';
import type { DocumentStore } from '../store/documentStore.js';
import type { Clock } from '../time/clock.js';
import type { ChecklistData } from './store.js';
import type { TemplateCatalog } from './templates.js';

export interface UpgradeDeps {
  store: DocumentStore<ChecklistData>;
  templates: TemplateCatalog;
  clock: Clock;
  log: Logger;
}

/** Returns the number of runs changed. */
export async function upgradeRuns(deps: UpgradeDeps): Promise<number> {
  const outdated = Object.values(deps.store.data.runs).filter((r) => {
    const t = deps.templates.byId(r.templateId);
    return r.status === 'open' && t && t.version !== r.templateVersion;
  });
  if (outdated.length === 0) return 0;
  const now = deps.clock.now().toISOString();
  await deps.store.commit((draft) => {
    for (const { id } of outdated) {
      const r = draft.runs[id]!;
      const t = deps.templates.byId(r.templateId)!;
      const ids = new Set(t.steps.map((s) => s.id));
      for (const stepId of Object.keys(r.steps)) if (!ids.has(stepId)) delete r.steps[stepId];
      r.templateVersion = t.version;
      const open = t.steps.filter((s) => !r.steps[s.id]?.state);
      if (open.length === 0) {
        r.status = 'done';
        r.finishedAt = now;
      } else if (!ids.has(r.cursor) || r.steps[r.cursor]?.state) r.cursor = open[0]!.id;
      r.updatedAt = now;
    }
  });
  deps.log.info('checklist.runs_upgraded', { count: outdated.length });
  return outdated.length;
}
