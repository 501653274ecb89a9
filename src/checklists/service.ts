// Checklist runs (DESIGN §3): start from a template, mark steps done or skipped (with a reason), add
// notes, set a due date, resume, finish, delete. Plain data in and out (no botbuilder). Every input is
// validated before anything is committed, every change is durable before the call resolves, every
// read and change is audited with ids only, and only the owner can see or change a run.
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog.js';
import { resolveLocale, translator, type Locale } from '../i18n/i18n.js';
import { formatter } from '../i18n/format.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import { errorFields, type Logger } from '../log/logger.js';
import type { Clock, OutboxRequest, ScheduledJob, Scheduler } from '../outbox/types.js';
import type { Identity } from '../roles/types.js';
import type { JsonStore } from '../store/jsonStore.js';
import { reminderCard } from '../cards/checklistCards.js';
import { addDays, dateIn, daysBetween, instantAt, isValidIsoDate, parseDueDate, REMINDER_HOUR, yearIn, type DueParse, type IsoDate } from './dueDate.js';
import { checkCaseRef, offlineScreen, type CaseRefCheck, type ScreenResult, type TextScreen } from './privacy.js';
import { RUN_ID, type ChecklistData, type ChecklistRun, type StepState } from './store.js';
import { RUN_DUE_ITEM, type ChecklistStep, type ChecklistTemplate, type TemplateCatalog } from './templates.js';

export const REMINDER_KIND = 'checklist.reminder';
export const MAX_OPEN_RUNS = 50;
export const REASON_MAX = 200;
export const NOTE_MAX = 500;

/** Who may run checklists: officers and coordinators (coordinators run trainings and projects too). */
export const CHECKLIST_ROLES = ['officer', 'coordinator'] as const;

export type Side = 'jva' | 'bezirksregierung';

export interface StepView {
  step: ChecklistStep;
  index: number;
  state: 'open' | 'done' | 'skipped';
  at?: string;
  reason?: string;
  note?: string;
  dueDate?: IsoDate;
}

export interface RunView {
  run: ChecklistRun;
  template: ChecklistTemplate;
  steps: StepView[];
  current: StepView;
  done: number;
  skipped: number;
  open: number;
  total: number;
  /** Days from today to the run's due date (negative = overdue). */
  dueInDays?: number;
}

export type Failure =
  | 'notFound' // no such run, or not the actor's (never tells which)
  | 'forbidden' // role may not use checklists, or template not for the actor's side
  | 'finished'
  | 'limit'
  | 'templateGone'
  | 'unknownTemplate'
  | 'unknownStep'
  | 'alreadyResolved'
  | 'invalid';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Failure };

export interface MarkResult {
  view: RunView;
  finished: boolean;
}

export interface ChecklistServiceDeps {
  store: JsonStore<ChecklistData>;
  templates: TemplateCatalog;
  audit: AuditLog;
  institutions: InstitutionDirectory;
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
  timeZone: string;
  /** The locale a user last wrote in (ConversationRecord.locale), for reminders. */
  localeOf: (userKey: string) => string | undefined;
  screen?: TextScreen;
}

const runIdSchema = z.string().regex(RUN_ID);
const stepIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60);
const reminderDataSchema = z.object({ runId: runIdSchema, item: z.string().min(1).max(60), dueDate: z.string().refine(isValidIsoDate) });

const fail = <T>(reason: Failure): Outcome<T> => ({ ok: false, reason });

export class ChecklistService {
  private readonly screen: TextScreen;

  constructor(private readonly deps: ChecklistServiceDeps) {
    this.screen = deps.screen ?? offlineScreen;
  }

  get templates(): TemplateCatalog {
    return this.deps.templates;
  }

  // ---------------------------------------------------------------------------------------------
  // Who sees what
  // ---------------------------------------------------------------------------------------------

  mayUse(actor: Identity): boolean {
    return (CHECKLIST_ROLES as readonly string[]).includes(actor.role);
  }

  /** JVA or Bezirksregierung side of an actor: officers by their institution, coordinators by their unit. */
  sideOf(actor: Identity): Side | undefined {
    if (actor.role === 'officer' && actor.institutionId) {
      const kind = this.deps.institutions.byId(actor.institutionId)?.kind;
      return kind === 'jva' || kind === 'bezirksregierung' ? kind : undefined;
    }
    if (actor.role === 'coordinator' && actor.unitId) return actor.unitId === 'kfi' ? 'bezirksregierung' : 'jva';
    return undefined;
  }

  templatesFor(actor: Identity): ChecklistTemplate[] {
    if (!this.mayUse(actor)) return [];
    return this.deps.templates.forAudience(this.sideOf(actor));
  }

  // ---------------------------------------------------------------------------------------------
  // Input checks (the dialog asks again on failure; nothing is stored)
  // ---------------------------------------------------------------------------------------------

  checkCaseRef(text: string): CaseRefCheck {
    return checkCaseRef(text);
  }

  parseDue(text: string, locale: Locale): DueParse {
    return parseDueDate(text, { locale, now: this.deps.clock.now(), timeZone: this.deps.timeZone });
  }

  /** Template's suggested due date for a run started today. */
  proposedDue(template: ChecklistTemplate): IsoDate | undefined {
    return template.dueOffsetDays === undefined ? undefined : addDays(this.today(), template.dueOffsetDays);
  }

  today(): IsoDate {
    return dateIn(this.deps.clock.now(), this.deps.timeZone);
  }

  screenText(text: string, max: number): Promise<ScreenResult> {
    return this.screen.screen(text, max);
  }

  // ---------------------------------------------------------------------------------------------
  // Runs
  // ---------------------------------------------------------------------------------------------

  async start(actor: Identity, input: { templateId: string; caseRef?: string; dueDate?: IsoDate }): Promise<Outcome<RunView>> {
    if (!this.mayUse(actor)) return this.denied(actor, 'checklist.start');
    const template = this.deps.templates.byId(input.templateId);
    if (!template) return fail('unknownTemplate');
    if (!this.templatesFor(actor).includes(template)) return this.denied(actor, 'checklist.start', template.id);
    let caseRef: string | undefined;
    if (input.caseRef !== undefined) {
      const checked = checkCaseRef(input.caseRef);
      if (!checked.ok || !template.caseBased) return fail('invalid');
      caseRef = checked.value;
    }
    if (input.dueDate !== undefined && !this.dueAcceptable(input.dueDate)) return fail('invalid');
    const openCount = Object.values(this.deps.store.data.runs).filter((r) => r.owner === actor.userKey && r.status === 'open').length;
    if (openCount >= MAX_OPEN_RUNS) return fail('limit');

    const now = this.deps.clock.now();
    const at = now.toISOString();
    const placeId = actor.institutionId ?? actor.unitId;
    const run = await this.deps.store.commit((draft) => {
      const id = this.nextRunId(draft, now);
      const created: ChecklistRun = {
        id,
        templateId: template.id,
        templateVersion: template.version,
        owner: actor.userKey,
        ...(placeId ? { placeId } : {}),
        ...(caseRef ? { caseRef } : {}),
        status: 'open',
        createdAt: at,
        updatedAt: at,
        startDate: dateIn(now, this.deps.timeZone),
        ...(input.dueDate ? { dueDate: input.dueDate } : {}),
        cursor: template.steps[0]!.id,
        steps: {},
      };
      draft.runs[id] = created;
      return created;
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.start', record: run.id });
    await this.syncReminders(run);
    return { ok: true, value: this.view(run, template) };
  }

  /** The actor's run (audited read). */
  async open(actor: Identity, runId: string): Promise<Outcome<RunView>> {
    const found = await this.owned(actor, runId, 'checklist.view');
    if (!found.ok) return found;
    const template = this.deps.templates.byId(found.value.templateId);
    if (!template) return fail('templateGone');
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.view', record: found.value.id });
    return { ok: true, value: this.view(found.value, template) };
  }

  /** The actor's open runs, oldest first (audited). Runs whose template was removed are listed too. */
  async listOpen(actor: Identity): Promise<{ views: RunView[]; orphans: ChecklistRun[] }> {
    const runs = Object.values(this.deps.store.data.runs)
      .filter((r) => r.owner === actor.userKey && r.status === 'open')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.list' });
    const views: RunView[] = [];
    const orphans: ChecklistRun[] = [];
    for (const run of runs) {
      const template = this.deps.templates.byId(run.templateId);
      if (template) views.push(this.view(run, template));
      else orphans.push(run);
    }
    return { views, orphans };
  }

  /** Marks a step done or skipped. A step already resolved can be changed only while it is the current step. */
  async markStep(actor: Identity, runId: string, stepId: string, state: 'done' | 'skipped', reason?: string): Promise<Outcome<MarkResult>> {
    if (!stepIdSchema.safeParse(stepId).success) return fail('unknownStep');
    let cleanReason: string | undefined;
    if (state === 'skipped') {
      const screened = await this.screen.screen(reason ?? '', REASON_MAX);
      if (!screened.ok) return fail('invalid');
      cleanReason = screened.text;
    }
    const action = state === 'done' ? 'checklist.step.done' : 'checklist.step.skipped';
    const found = await this.owned(actor, runId, action);
    if (!found.ok) return found;
    const template = this.deps.templates.byId(found.value.templateId);
    if (!template) return fail('templateGone');
    if (found.value.status !== 'open') return fail('finished');
    const index = template.steps.findIndex((s) => s.id === stepId);
    if (index < 0) return fail('unknownStep');
    const before = found.value.steps[stepId];
    if (before?.state && found.value.cursor !== stepId) return fail('alreadyResolved');

    const now = this.deps.clock.now().toISOString();
    const run = await this.deps.store.commit((draft) => {
      const r = draft.runs[runId]!;
      const next: StepState = { ...(r.steps[stepId] ?? {}), state, at: now };
      if (cleanReason !== undefined) next.reason = cleanReason;
      else delete next.reason;
      r.steps[stepId] = next;
      const open = template.steps.filter((s) => !r.steps[s.id]?.state);
      if (open.length === 0) {
        r.status = 'done';
        r.finishedAt = now;
      } else if (r.cursor === stepId || r.steps[r.cursor]?.state) {
        const after = template.steps.slice(index + 1).find((s) => !r.steps[s.id]?.state);
        r.cursor = (after ?? open[0]!).id;
      }
      r.updatedAt = now;
      return structuredClone(r);
    });
    await this.deps.audit.record({ actor: actor.userKey, action, record: `${run.id}/${stepId}` });
    const finished = run.status === 'done';
    if (finished) await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.finish', record: run.id });
    await this.syncReminders(run);
    return { ok: true, value: { view: this.view(run, template), finished } };
  }

  /** Sets (or, with empty text, clears) the note of a step. Text with obvious personal data is refused. */
  async setNote(actor: Identity, runId: string, stepId: string, text: string): Promise<Outcome<RunView> | { ok: false; reason: 'screened'; screen: ScreenResult }> {
    if (!stepIdSchema.safeParse(stepId).success) return fail('unknownStep');
    const clearing = text.trim() === '';
    let note: string | undefined;
    if (!clearing) {
      const screened = await this.screen.screen(text, NOTE_MAX);
      if (!screened.ok) return { ok: false, reason: 'screened', screen: screened };
      note = screened.text;
    }
    const found = await this.owned(actor, runId, 'checklist.note');
    if (!found.ok) return found;
    const template = this.deps.templates.byId(found.value.templateId);
    if (!template) return fail('templateGone');
    if (found.value.status !== 'open') return fail('finished');
    if (!template.steps.some((s) => s.id === stepId)) return fail('unknownStep');
    const now = this.deps.clock.now().toISOString();
    const run = await this.deps.store.commit((draft) => {
      const r = draft.runs[runId]!;
      const next: StepState = { ...(r.steps[stepId] ?? {}) };
      if (note === undefined) delete next.note;
      else next.note = note;
      r.steps[stepId] = next;
      r.updatedAt = now;
      return structuredClone(r);
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.note', record: `${run.id}/${stepId}` });
    return { ok: true, value: this.view(run, template) };
  }

  /** Sets or clears (null) the run's due date and replaces its reminder. */
  async setDue(actor: Identity, runId: string, dueDate: IsoDate | null): Promise<Outcome<RunView>> {
    if (dueDate !== null && !this.dueAcceptable(dueDate)) return fail('invalid');
    const found = await this.owned(actor, runId, 'checklist.due');
    if (!found.ok) return found;
    const template = this.deps.templates.byId(found.value.templateId);
    if (!template) return fail('templateGone');
    if (found.value.status !== 'open') return fail('finished');
    const now = this.deps.clock.now().toISOString();
    const run = await this.deps.store.commit((draft) => {
      const r = draft.runs[runId]!;
      if (dueDate === null) delete r.dueDate;
      else r.dueDate = dueDate;
      r.updatedAt = now;
      return structuredClone(r);
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.due', record: run.id });
    await this.syncReminders(run);
    return { ok: true, value: this.view(run, template) };
  }

  /** Moves the cursor to the previous step (to correct it). */
  async back(actor: Identity, runId: string): Promise<Outcome<RunView>> {
    const found = await this.owned(actor, runId, 'checklist.back');
    if (!found.ok) return found;
    const template = this.deps.templates.byId(found.value.templateId);
    if (!template) return fail('templateGone');
    if (found.value.status !== 'open') return fail('finished');
    const index = template.steps.findIndex((s) => s.id === found.value.cursor);
    if (index <= 0) return { ok: true, value: this.view(found.value, template) };
    const run = await this.deps.store.commit((draft) => {
      const r = draft.runs[runId]!;
      r.cursor = template.steps[index - 1]!.id;
      r.updatedAt = this.deps.clock.now().toISOString();
      return structuredClone(r);
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.back', record: run.id });
    return { ok: true, value: this.view(run, template) };
  }

  /** Deletes a run (owner only) and its reminders. */
  async remove(actor: Identity, runId: string): Promise<Outcome<{ id: string }>> {
    const found = await this.owned(actor, runId, 'checklist.delete');
    if (!found.ok) return found;
    const run = found.value;
    await this.deps.store.commit((draft) => {
      delete draft.runs[runId];
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.delete', record: runId });
    await this.cancelReminders(run);
    return { ok: true, value: { id: runId } };
  }

  view(run: ChecklistRun, template: ChecklistTemplate): RunView {
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
      ...(run.dueDate ? { dueInDays: daysBetween(this.today(), run.dueDate) } : {}),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Start-up: bring open runs to the current template versions
  // ---------------------------------------------------------------------------------------------

  /**
   * Templates change only with a deployment. A run keeps the states of steps whose id still exists;
   * new steps are open; a run whose every step is then resolved is finished. Returns the runs changed.
   */
  async upgradeRuns(): Promise<number> {
    const outdated = Object.values(this.deps.store.data.runs).filter((r) => {
      const t = this.deps.templates.byId(r.templateId);
      return r.status === 'open' && t && t.version !== r.templateVersion;
    });
    if (outdated.length === 0) return 0;
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.commit((draft) => {
      for (const { id } of outdated) {
        const r = draft.runs[id]!;
        const t = this.deps.templates.byId(r.templateId)!;
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
    this.deps.log.info('checklist.runs_upgraded', { count: outdated.length });
    return outdated.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Reminders
  // ---------------------------------------------------------------------------------------------

  /** Every reminder job the run should have now (including ones whose time has passed). */
  reminderJobs(run: ChecklistRun): ScheduledJob[] {
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

  /** All job ids a run can ever have (for cancelling). */
  private allJobIds(run: ChecklistRun): string[] {
    const template = this.deps.templates.byId(run.templateId);
    const steps = (template?.steps ?? []).filter((s) => s.dueOffsetDays !== undefined).map((s) => s.id);
    return [RUN_DUE_ITEM, ...steps].map((item) => reminderJobId(run.id, item));
  }

  /** Schedules the run's future reminders and cancels the ones it no longer has. Never throws. */
  private async syncReminders(run: ChecklistRun): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const wanted = this.reminderJobs(run).filter((j) => Date.parse(j.dueAt) > now);
    const wantedIds = new Set(wanted.map((j) => j.id));
    const obsolete = this.allJobIds(run).filter((id) => !wantedIds.has(id));
    await this.tryScheduler(run.id, () =>
      Promise.all([...wanted.map((j) => this.deps.scheduler.schedule(j)), ...obsolete.map((id) => this.deps.scheduler.cancel(id))]),
    );
  }

  private async cancelReminders(run: ChecklistRun): Promise<void> {
    await this.tryScheduler(run.id, () => Promise.all(this.allJobIds(run).map((id) => this.deps.scheduler.cancel(id))));
  }

  private async tryScheduler(runId: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      // The run is saved either way; the start-up resync schedules what is missing.
      this.deps.log.warn('checklist.reminder_schedule_failed', { runId, ...errorFields(err) });
    }
  }

  /**
   * At start-up: (re)schedule every future reminder of every open run. Jobs whose time has passed
   * are left alone — a pending one still fires, a delivered one is not repeated.
   */
  async resyncReminders(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const jobs = Object.values(this.deps.store.data.runs).flatMap((r) => this.reminderJobs(r)).filter((j) => Date.parse(j.dueAt) > now);
    if (jobs.length === 0) return 0;
    try {
      await Promise.all(jobs.map((j) => this.deps.scheduler.schedule(j)));
      this.deps.log.info('checklist.reminders_resynced', { count: jobs.length });
    } catch (err) {
      this.deps.log.warn('checklist.reminder_schedule_failed', { count: jobs.length, ...errorFields(err) });
    }
    return jobs.length;
  }

  /** The scheduler's handler: one message to the owner, in the owner's language, or none if moot. */
  reminderFor(job: ScheduledJob): OutboxRequest[] {
    const data = reminderDataSchema.safeParse(job.data);
    if (!data.success) {
      this.deps.log.warn('checklist.reminder_bad_job', { jobId: job.id.slice(0, 120) });
      return [];
    }
    const { runId, item, dueDate } = data.data;
    const run = this.deps.store.data.runs[runId];
    const template = run && this.deps.templates.byId(run.templateId);
    if (!run || !template || run.status !== 'open') return [];
    let stepTitle: { de: string; en: string } | undefined;
    if (item === RUN_DUE_ITEM) {
      if (run.dueDate !== dueDate) return []; // the due date changed since; its own job covers it
    } else {
      const step = template.steps.find((s) => s.id === item);
      if (!step || run.steps[item]?.state || step.dueOffsetDays === undefined) return [];
      if (addDays(run.startDate, step.dueOffsetDays) !== dueDate) return [];
      stepTitle = step.title;
    }
    const locale = resolveLocale(this.deps.localeOf(run.owner));
    const view = this.view(run, template);
    const built = reminderCard(
      { t: translator(locale), fmt: formatter(locale, this.deps.timeZone), locale },
      view,
      { dueDate, stepTitle: stepTitle?.[locale], today: this.today() },
    );
    this.deps.log.info('checklist.reminder', { runId, item });
    return [{ target: { userKey: run.owner }, payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> }, key: `${job.id}@${dueDate}` }];
  }

  // ---------------------------------------------------------------------------------------------

  private dueAcceptable(date: IsoDate): boolean {
    if (!isValidIsoDate(date)) return false;
    const ahead = daysBetween(this.today(), date);
    return ahead >= 0 && ahead <= 730;
  }

  private nextRunId(draft: ChecklistData, now: Date): string {
    const key = `CL-${yearIn(now, this.deps.timeZone)}`;
    const n = (draft.counters[key] ?? 0) + 1;
    draft.counters[key] = n;
    return `${key}-${String(n).padStart(4, '0')}`;
  }

  /** The run if it exists and belongs to the actor; otherwise notFound (and an audited denial). */
  private async owned(actor: Identity, runId: string, action: string): Promise<Outcome<ChecklistRun>> {
    if (!this.mayUse(actor)) return this.denied(actor, action, runIdSchema.safeParse(runId).success ? runId : undefined);
    if (!runIdSchema.safeParse(runId).success) return fail('notFound');
    const run = this.deps.store.data.runs[runId];
    if (!run) return fail('notFound');
    if (run.owner !== actor.userKey) {
      await this.deps.audit.record({ actor: actor.userKey, action, record: runId, outcome: 'denied' });
      return fail('notFound');
    }
    return { ok: true, value: structuredClone(run) };
  }

  private async denied<T>(actor: Identity, action: string, record?: string): Promise<Outcome<T>> {
    await this.deps.audit.record({ actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome: 'denied' });
    return fail('forbidden');
  }
}

export function reminderJobId(runId: string, item: string): string {
  return `checklist:${runId}:${item}`;
}
