// Figures (issue 15): aggregates of the capability stores for a period and a scope, with small counts
// suppressed. Plain data only: the dialogs render cards, the tab renders charts, the export writes files.

/** Whose figures: one institution (officers), a coordinating unit's side (coordinators), the state (admins). */
export type Scope =
  | { kind: 'state' }
  | { kind: 'unit'; unitId: string }
  /** `unitId`: a coordinator looking at one institution still sees only the escalations routed to their unit. */
  | { kind: 'institution'; institutionId: string; unitId?: string };

/** Inclusive calendar days YYYY-MM-DD in the bot's time zone. */
export interface Period {
  from: string;
  to: string;
}

/** Cells below this many cases are withheld (shown as "< 5"). */
export const MIN_CELL = 5;

/** A count, or null when withheld; `costEur` follows the count's suppression. */
export interface Cell {
  count: number | null;
  costEur?: number | null;
}

/** A two-way table. Row/column totals exist only where the columns (rows) partition the cases. */
export interface FigureTable {
  id: TableId;
  rowDim: Dimension;
  colDim: Dimension;
  rows: string[];
  cols: string[];
  cells: Cell[][];
  rowTotals?: Cell[];
  colTotals?: Cell[];
  total?: Cell;
}

export type Dimension = 'language' | 'month' | 'institution' | 'mode' | 'category' | 'urgency' | 'unit' | 'sla' | 'template' | 'runState';

export const TABLE_IDS = [
  'interpreters.languageByMonth',
  'interpreters.languageByInstitution',
  'interpreters.modeByMonth',
  'escalations.categoryByUrgency',
  'escalations.categoryByUnit',
  'escalations.categoryBySla',
  'checklists.templateByState',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

/** Median hours from creation to take-on and to closing, per category; null when fewer than 5 cases. */
export interface DurationRow {
  category: string;
  takeOn: { cases: number | null; medianHours: number | null };
  close: { cases: number | null; medianHours: number | null };
}

/** Directory entries not confirmed within 12 months (functions and organisations, not cases: not suppressed). */
export interface StaleEntries {
  contacts: number;
  contactsStale: number;
  responsibilities: number;
  responsibilitiesStale: number;
}

export interface KeyFigures {
  interpreterRequests: Cell;
  escalations: Cell;
  slaBreached: Cell;
  checklistRunsStarted: Cell;
  checklistRunsFinished: Cell;
  staleContacts: number;
}

export interface FiguresReport {
  scope: Scope;
  /** The period asked for, its end capped at today. */
  period: Period;
  generatedAt: string;
  months: string[];
  tables: FigureTable[];
  durations: DurationRow[];
  stale: StaleEntries;
  keyFigures: KeyFigures;
}
