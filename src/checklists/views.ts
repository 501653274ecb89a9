// A run as its owner sees it (every step of its template with its state, the current step and counts),
// and how resolving a step moves the run on.
import { addDays, daysBetween, type IsoDate } from './dueDate.js';
import type { ChecklistRun } from './store.js';
import type { ChecklistTemplate } from './templates.js';
import type { RunView, StepView } from './types.js';

export function runView(run: ChecklistRun, template: ChecklistTemplate, today: IsoDate): RunView {
  const steps: StepView[] = template.steps.map((step, index) => {
    const s = run.steps[step.id];
    return {
      step,
      index,
      state: s?.state ?? 'open',
      ...(s?.at && s.state ? { at: s.at } : {}),
      ...(s?.reason ? { reason: s.reason } : {}),
      ...(s?.note ? { note: s.note } : {}),
      ...(step.dueOffsetDays !== undefined ? { dueDate: addDays(run.startDate, step.dueOffsetDays) } : {}),
    };
  });
  const current = steps.find((s) => s.step.id === run.cursor) ?? steps.find((s) => s.state === 'open') ?? steps[steps.length - 1]!;
  const done = steps.filter((s) => s.state === 'done').length;
  const skipped = steps.filter((s) => s.state === 'skipped').length;
  return {
    run,
    template,
    steps,
    current,
    done,
    skipped,
    open: steps.length - done - skipped,
    total: steps.length,
    ...(run.dueDate ? { dueInDays: daysBetween(today, run.dueDate) } : {}),
  };
}

/**
 * Marks the step at `index` done or skipped (in place, inside a commit): keeps its note, replaces its
 * reason, finishes the run when no step is open, else moves the cursor to the next open step.
 */
export function resolveStep(run: ChecklistRun, template: ChecklistTemplate, index: number, change: { state: 'done' | 'skipped'; at: string; reason?: string }): void {
  const stepId = template.steps[index]!.id;
  const next = { ...(run.steps[stepId] ?? {}), state: change.state, at: change.at };
  if (change.reason !== undefined) next.reason = change.reason;
  else delete next.reason;
  run.steps[stepId] = next;
  const open = template.steps.filter((s) => !run.steps[s.id]?.state);
  if (open.length === 0) {
    run.status = 'done';
    run.finishedAt = change.at;
  } else if (run.cursor === stepId || run.steps[run.cursor]?.state) {
    const after = template.steps.slice(index + 1).find((s) => !run.steps[s.id]?.state);
    run.cursor = (after ?? open[0]!).id;
  }
  run.updatedAt = change.at;
}
