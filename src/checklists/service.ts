// Checklist runs: start from a template, mark steps done or skipped (with a reason), add
// notes, set a due date, resume, finish, delete. Plain data in and out. Every input is
// validated before anything is committed, every change is durable before the call resolves, every
// read and change is audited with ids only, and only the owner can see or change a run.
import { z } from 'zod';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { Locale } from '../text/locale.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { Logger } from '../log/logger.js';
import type { OutboxRequest, ScheduledJob, Scheduler } from '../outbox/types.js';
import type { Identity } from '../roles/types.js';
import type { DocumentStore } from '../store/documentStore.js';
import { nextYearlyId } from '../store/ids.js';
import type { Clock } from '../time/clock.js';
import { checkCaseRef, type CaseRefCheck } from '../privacy/caseRef.js';
import { addDays, dateIn, daysBetween, isValidIsoDate, parseDueDate, type DueParse, type IsoDate } from './dueDate.js';
import { offlineScreen, type ScreenResult, type TextScreen } from './privacy.js';
import { ChecklistReminders, type ReminderRenderer } from './reminders.js';
import { RUN_ID, type ChecklistData, type ChecklistRun, type StepState } from './store.js';
import type { ChecklistTemplate, TemplateCatalog } from './templates.js';
import { CHECKLIST_ROLES, MAX_OPEN_RUNS, NOTE_MAX, REASON_MAX, type Failure, type MarkResult, type Outcome, type RunView, type Side } from './types.js';
import { upgradeRuns } from './upgrade.js';
import { resolveStep, runView } from './views.js';

export interface ChecklistServiceDeps {
  store: DocumentStore<ChecklistData>;
  templates: TemplateCatalog;
  audit: AuditTrail;
  institutions: InstitutionDirectory;
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
  timeZone: string;
  /** Turns a due reminder into its owner's message (wired by the dialog layer). */
  renderReminder: ReminderRenderer;
  screen?: TextScreen;
}

const runIdSchema = z.string().regex(RUN_ID);
const stepIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60);

const fail = <T>(reason: Failure): Outcome<T> => ({ ok: false, reason });

export class ChecklistService {
  private readonly screen: TextScreen;
  private readonly reminders: ChecklistReminders;

  constructor(private readonly deps: ChecklistServiceDeps) {
    this.screen = deps.screen ?? offlineScreen;
    this.reminders = new ChecklistReminders({ ...deps, render: deps.renderReminder });
  }

  get templates(): TemplateCatalog {
    return this.deps.templates;
  }

  // Who sees what

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

  // Input checks (the dialog asks again on failure; nothing is stored)

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

  // Runs

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
    await this.reminders.sync(run);
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
    const found = await this.ownedOpen(actor, runId, action);
    if (!found.ok) return found;
    const { template } = found.value;
    const index = template.steps.findIndex((s) => s.id === stepId);
    if (index < 0) return fail('unknownStep');
    const before = found.value.run.steps[stepId];
    if (before?.state && found.value.run.cursor !== stepId) return fail('alreadyResolved');

    const now = this.deps.clock.now().toISOString();
    const run = await this.deps.store.commit((draft) => {
      const r = draft.runs[runId]!;
      resolveStep(r, template, index, { state, at: now, ...(cleanReason !== undefined ? { reason: cleanReason } : {}) });
      return structuredClone(r);
    });
    await this.deps.audit.record({ actor: actor.userKey, action, record: `${run.id}/${stepId}` });
    const finished = run.status === 'done';
    if (finished) await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.finish', record: run.id });
    await this.reminders.sync(run);
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
    const found = await this.ownedOpen(actor, runId, 'checklist.note');
    if (!found.ok) return found;
    const { template } = found.value;
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
    const found = await this.ownedOpen(actor, runId, 'checklist.due');
    if (!found.ok) return found;
    const { template } = found.value;
    const now = this.deps.clock.now().toISOString();
    const run = await this.deps.store.commit((draft) => {
      const r = draft.runs[runId]!;
      if (dueDate === null) delete r.dueDate;
      else r.dueDate = dueDate;
      r.updatedAt = now;
      return structuredClone(r);
    });
    await this.deps.audit.record({ actor: actor.userKey, action: 'checklist.due', record: run.id });
    await this.reminders.sync(run);
    return { ok: true, value: this.view(run, template) };
  }

  /** Moves the cursor to the previous step (to correct it). */
  async back(actor: Identity, runId: string): Promise<Outcome<RunView>> {
    const found = await this.ownedOpen(actor, runId, 'checklist.back');
    if (!found.ok) return found;
    const { template } = found.value;
    const index = template.steps.findIndex((s) => s.id === found.value.run.cursor);
    if (index <= 0) return { ok: true, value: this.view(found.value.run, template) };
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
    await this.reminders.cancel(run);
    return { ok: true, value: { id: runId } };
  }

  view(run: ChecklistRun, template: ChecklistTemplate): RunView {
    return runView(run, template, this.today());
  }

  /** At start-up: brings open runs to the current template versions; returns the runs changed. */
  upgradeRuns(): Promise<number> {
    return upgradeRuns(this.deps);
  }

  // Reminders (ChecklistReminders does the work)

  /** Every reminder job the run should have now (including ones whose time has passed). */
  reminderJobs(run: ChecklistRun): ScheduledJob[] {
    return this.reminders.jobs(run);
  }

  /** At start-up: (re)schedule every future reminder of every open run; returns how many. */
  resyncReminders(): Promise<number> {
    return this.reminders.resync();
  }

  /** The scheduler's handler: one message to the owner, or none if moot. */
  reminderFor(job: ScheduledJob): OutboxRequest[] {
    return this.reminders.reminderFor(job);
  }

  // ---------------------------------------------------------------------------------------------

  private dueAcceptable(date: IsoDate): boolean {
    if (!isValidIsoDate(date)) return false;
    const ahead = daysBetween(this.today(), date);
    return ahead >= 0 && ahead <= 730;
  }

  private nextRunId(draft: ChecklistData, now: Date): string {
    return nextYearlyId(draft.counters, 'CL', now, this.deps.timeZone);
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

  /** The actor's run and its template, if the run is still open (finished and templateGone otherwise). */
  private async ownedOpen(actor: Identity, runId: string, action: string): Promise<Outcome<{ run: ChecklistRun; template: ChecklistTemplate }>> {
    const found = await this.owned(actor, runId, action);
    if (!found.ok) return found;
    const template = this.deps.templates.byId(found.value.templateId);
    if (!template) return fail('templateGone');
    if (found.value.status !== 'open') return fail('finished');
    return { ok: true, value: { run: found.value, template } };
  }

  private async denied<T>(actor: Identity, action: string, record?: string): Promise<Outcome<T>> {
    await this.deps.audit.record({ actor: actor.userKey, action, ...(record ? { record } : {}), role: actor.role, outcome: 'denied' });
    return fail('forbidden');
  }
}
