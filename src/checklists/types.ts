// What the checklist service hands to its callers: plain data, no cards, no texts. The dialog layer
// renders these as cards.
import type { IsoDate } from './dueDate.js';
import type { ChecklistRun } from './store.js';
import type { ChecklistStep, ChecklistTemplate } from './templates.js';

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

/** A reminder due now, for the owner of the run; the dialog layer turns it into a message. */
export interface ChecklistReminder {
  owner: string;
  view: RunView;
  dueDate: IsoDate;
  /** Set when the reminder is for one step (its due offset), not for the run's due date. */
  stepTitle?: { de: string; en: string };
  today: IsoDate;
}
