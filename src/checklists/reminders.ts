// Reminders of checklist runs: one scheduled job per run due date and per step with a due offset, at
// REMINDER_HOUR in the bot's time zone. Jobs are kept in step with the run after every change; at
// start-up every future one is scheduled again. What a reminder says is the dialog layer's business
// (the `render` port), so this module hands it plain data.
import { errorFields, type Logger } from '../log/logger.js';
import type { Clock } from '../time/clock.js';
import type { OutboxPayload, OutboxRequest, ScheduledJob, Scheduler } from '../outbox/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import { z } from 'zod';
import { addDays, dateIn, instantAt, isValidIsoDate, REMINDER_HOUR, type IsoDate } from './dueDate.js';
import { RUN_ID, type ChecklistData, type ChecklistRun } from './store.js';
import { RUN_DUE_ITEM, type TemplateCatalog } from './templates.js';
import { REMINDER_KIND, type ChecklistReminder } from './types.js';
import { runView } from './views.js';

/** Turns a due reminder into the message its owner gets (language, card). */
export type ReminderRenderer = (reminder: ChecklistReminder) => OutboxPayload;

export interface ReminderDeps {
  store: DocumentStore<ChecklistData>;
  templates: TemplateCatalog;
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
  timeZone: string;
  render: ReminderRenderer;
}

const reminderDataSchema = z.object({ runId: z.string().regex(RUN_ID), item: z.string().min(1).max(60), dueDate: z.string().refine(isValidIsoDate) });

export function reminderJobId(runId: string, item: string): string {
  return `checklist:${runId}:${item}`;
}

export class ChecklistReminders {
  constructor(private readonly deps: ReminderDeps) {}

  /** Every reminder job the run should have now (including ones whose time has passed). */
  jobs(run: ChecklistRun): ScheduledJob[] {
    if (run.status !== 'open') return [];
    const template = this.deps.templates.byId(run.templateId);
    const jobs: ScheduledJob[] = [];
    const job = (item: string, dueDate: IsoDate): ScheduledJob => ({
      id: reminderJobId(run.id, item),
      kind: REMINDER_KIND,
      dueAt: instantAt(dueDate, REMINDER_HOUR, this.deps.timeZone).toISOString(),
      data: { runId: run.id, item, dueDate },
    });
    if (run.dueDate) jobs.push(job(RUN_DUE_ITEM, run.dueDate));
    for (const step of template?.steps ?? []) {
      if (step.dueOffsetDays === undefined || run.steps[step.id]?.state) continue;
      jobs.push(job(step.id, addDays(run.startDate, step.dueOffsetDays)));
    }
    return jobs;
  }

  /** Schedules the run's future reminders and cancels the ones it no longer has. Never throws. */
  async sync(run: ChecklistRun): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const wanted = this.jobs(run).filter((j) => Date.parse(j.dueAt) > now);
    const wantedIds = new Set(wanted.map((j) => j.id));
    const obsolete = this.allJobIds(run).filter((id) => !wantedIds.has(id));
    await this.tryScheduler(run.id, () =>
      Promise.all([...wanted.map((j) => this.deps.scheduler.schedule(j)), ...obsolete.map((id) => this.deps.scheduler.cancel(id))]),
    );
  }

  async cancel(run: ChecklistRun): Promise<void> {
    await this.tryScheduler(run.id, () => Promise.all(this.allJobIds(run).map((id) => this.deps.scheduler.cancel(id))));
  }

  /**
   * At start-up: (re)schedule every future reminder of every open run. Jobs whose time has passed
   * are left alone — a pending one still fires, a delivered one is not repeated.
   */
  async resync(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const jobs = Object.values(this.deps.store.data.runs).flatMap((r) => this.jobs(r)).filter((j) => Date.parse(j.dueAt) > now);
    if (jobs.length === 0) return 0;
    try {
      await Promise.all(jobs.map((j) => this.deps.scheduler.schedule(j)));
      this.deps.log.info('checklist.reminders_resynced', { count: jobs.length });
    } catch (err) {
      this.deps.log.warn('checklist.reminder_schedule_failed', { count: jobs.length, ...errorFields(err) });
    }
    return jobs.length;
  }

  /** The scheduler's handler: one message to the owner, or none if moot. */
  reminderFor(job: ScheduledJob): OutboxRequest[] {
    const reminder = this.due(job);
    if (!reminder) return [];
    const payload = this.deps.render(reminder);
    this.deps.log.info('checklist.reminder', { runId: reminder.view.run.id, item: (job.data as { item: string }).item });
    return [{ target: { userKey: reminder.owner }, payload, key: `${job.id}@${reminder.dueDate}` }];
  }

  /** What the job reminds of, if it still applies (run open, step unresolved, date unchanged). */
  private due(job: ScheduledJob): ChecklistReminder | undefined {
    const data = reminderDataSchema.safeParse(job.data);
    if (!data.success) {
      this.deps.log.warn('checklist.reminder_bad_job', { jobId: job.id.slice(0, 120) });
      return undefined;
    }
    const { runId, item, dueDate } = data.data;
    const run = this.deps.store.data.runs[runId];
    const template = run && this.deps.templates.byId(run.templateId);
    if (!run || !template || run.status !== 'open') return undefined;
    let stepTitle: { de: string; en: string } | undefined;
    if (item === RUN_DUE_ITEM) {
      if (run.dueDate !== dueDate) return undefined; // the due date changed since; its own job covers it
    } else {
      const step = template.steps.find((s) => s.id === item);
      if (!step || run.steps[item]?.state || step.dueOffsetDays === undefined) return undefined;
      if (addDays(run.startDate, step.dueOffsetDays) !== dueDate) return undefined;
      stepTitle = step.title;
    }
    const today = dateIn(this.deps.clock.now(), this.deps.timeZone);
    return { owner: run.owner, view: runView(run, template, today), dueDate, ...(stepTitle ? { stepTitle } : {}), today };
  }

  /** All job ids a run can ever have (for cancelling). */
  private allJobIds(run: ChecklistRun): string[] {
    const template = this.deps.templates.byId(run.templateId);
    const steps = (template?.steps ?? []).filter((s) => s.dueOffsetDays !== undefined).map((s) => s.id);
    return [RUN_DUE_ITEM, ...steps].map((item) => reminderJobId(run.id, item));
  }

  private async tryScheduler(runId: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      // The run is saved either way; the start-up resync schedules what is missing.
      this.deps.log.warn('checklist.reminder_schedule_failed', { runId, ...errorFields(err) });
    }
  }
}
