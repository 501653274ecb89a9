// The request being assembled: its slots (only parsed values; a pasted sample is never kept), the dialog
// state around it, and how a free sentence fills it.
import type { Translate, MessageKey } from '../../src/i18n/i18n.js';
import type { OneShot } from '../../src/interpreters/parse.js';
import { DIALECT_MAX, type Mode, type Purpose, type Urgency } from '../../src/interpreters/store.js';
import type { Field, RequestInput } from '../../src/interpreters/types.js';
import type { IsoDate } from '../../src/time/zoned.js';

/** The slots collected so far (no free text beyond the screened dialect and place). */
export interface Draft {
  language?: string;
  languageSource?: 'named' | 'detected';
  dialect?: string;
  /** ISO instant of the appointment. */
  start?: string;
  /** The day is known, the time not yet ("morgen"). */
  day?: IsoDate;
  durationMin?: number;
  mode?: Mode;
  placeId?: string;
  placeText?: string;
  purpose?: Purpose;
  urgency: Urgency;
  caseRef?: string;
}

/** What the dialog waits for: a slot, or one of the steps around the language and the summary. */
export type Phase = Field | 'languageChoice' | 'sample' | 'confirmDetection' | 'summary' | 'changeWhich';

export interface RequestState {
  phase?: Phase;
  draft: Draft;
  /** Language codes offered as a choice (ambiguous name or detection alternatives). */
  choices?: string[];
  /** Once the summary was shown, every answer returns to it. */
  review?: boolean;
}

/** The slots a request cannot be sent without, in the order they are asked. */
const REQUIRED: { field: Field; has: (d: Draft) => boolean }[] = [
  { field: 'language', has: (d) => Boolean(d.language) },
  { field: 'when', has: (d) => Boolean(d.start) },
  { field: 'duration', has: (d) => Boolean(d.durationMin) },
  { field: 'mode', has: (d) => Boolean(d.mode) },
  { field: 'purpose', has: (d) => Boolean(d.purpose) },
];

export function firstMissing(d: Draft): Field | undefined {
  return REQUIRED.find((r) => !r.has(d))?.field;
}

/** The draft as a service input, or undefined while a required slot is missing. */
export function requestInputOf(d: Draft): RequestInput | undefined {
  if (!d.language || !d.start || !d.durationMin || !d.mode || !d.purpose) return undefined;
  return {
    language: d.language,
    languageSource: d.languageSource ?? 'named',
    ...(d.dialect ? { dialect: d.dialect } : {}),
    start: new Date(d.start),
    durationMin: d.durationMin,
    mode: d.mode,
    ...(d.placeId ? { placeId: d.placeId } : {}),
    ...(d.placeText ? { placeText: d.placeText } : {}),
    purpose: d.purpose,
    urgency: d.urgency,
    ...(d.caseRef ? { caseRef: d.caseRef } : {}),
  };
}

export interface ApplyContext {
  t: Translate;
  screenDialect(text: string): { ok: true; text: string } | { ok: false; reason: string };
}

export interface ApplyOptions {
  /** The first message, or a correction at the summary: named slots replace earlier values. */
  overwrite: boolean;
  only?: Field;
}

/** One slot of a sentence: whether it may be written, and how. Returns the notes it adds. */
type ShotRule = (state: RequestState, shot: OneShot, may: (f: Field, empty: boolean) => boolean, ctx: ApplyContext, filled: Field[]) => string[];

const SHOT_RULES: ShotRule[] = [
  (state, shot, may, _ctx, filled) => {
    if (!shot.languages || !may('language', !state.draft.language)) return [];
    if (shot.languages.length !== 1) {
      state.choices = shot.languages;
      return [];
    }
    state.draft.language = shot.languages[0];
    state.draft.languageSource = 'named';
    filled.push('language');
    return [];
  },
  (state, shot, may, ctx, filled) => {
    if (!shot.dialect || !may('dialect', !state.draft.dialect)) return [];
    const screened = ctx.screenDialect(shot.dialect);
    if (!screened.ok) return [ctx.t(`interpreters.screen.${screened.reason}` as MessageKey, { max: DIALECT_MAX })];
    state.draft.dialect = screened.text;
    filled.push('dialect');
    return [];
  },
  (state, shot, may, ctx, filled) => {
    const d = state.draft;
    if (!shot.when || !may('when', !d.start)) return [];
    if (shot.when.ok) {
      d.start = shot.when.start.toISOString();
      delete d.day;
      filled.push('when');
    } else if (shot.when.reason === 'noTime') {
      d.day = shot.when.day;
      delete d.start;
    } else if (shot.when.reason === 'impossibleDate') return [ctx.t('dates.impossible', { typed: shot.when.date })];
    else if (shot.when.reason === 'past') return [ctx.t('interpreters.when.past')];
    else if (shot.when.reason === 'tooFar') return [ctx.t('interpreters.when.tooFar')];
    return [];
  },
  (state, shot, may, ctx, filled) => {
    if (shot.durationMin && may('duration', !state.draft.durationMin)) {
      state.draft.durationMin = shot.durationMin;
      filled.push('duration');
    } else if (shot.durationRefused) return [ctx.t(`interpreters.duration.${shot.durationRefused}` as MessageKey)];
    return [];
  },
  (state, shot, may, _ctx, filled) => {
    if (shot.mode && may('mode', !state.draft.mode)) {
      state.draft.mode = shot.mode;
      filled.push('mode');
    }
    if (shot.purpose && may('purpose', !state.draft.purpose)) {
      state.draft.purpose = shot.purpose;
      filled.push('purpose');
    }
    if (shot.urgency && may('urgency', true)) {
      state.draft.urgency = shot.urgency;
      filled.push('urgency');
    }
    return [];
  },
  (state, shot, may, ctx, filled) => {
    if (shot.caseRef && may('caseRef', !state.draft.caseRef)) {
      state.draft.caseRef = shot.caseRef;
      filled.push('caseRef');
    } else if (shot.caseRefRefused) return [ctx.t('interpreters.caseRef.refusedInText')];
    return [];
  },
  (state, shot, may, _ctx, filled) => {
    if (shot.placeId && may('place', !state.draft.placeId && !state.draft.placeText)) {
      state.draft.placeId = shot.placeId;
      delete state.draft.placeText;
      filled.push('place');
    }
    return [];
  },
];

/**
 * Puts what a sentence said into the draft. With `overwrite` named slots replace earlier values; otherwise
 * only empty slots are filled. Appends refusals to `notes`; returns the slots it filled.
 */
export function applyShot(state: RequestState, shot: OneShot, notes: string[], opts: ApplyOptions, ctx: ApplyContext): Field[] {
  const filled: Field[] = [];
  const may = (f: Field, empty: boolean) => (opts.only ? opts.only === f : opts.overwrite || empty);
  for (const rule of SHOT_RULES) notes.push(...rule(state, shot, may, ctx, filled));
  return filled;
}

export function mostlyNonLatin(text: string): boolean {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  return letters.length > 0 && letters.filter((c) => !/\p{Script=Latin}/u.test(c)).length / letters.length > 0.5;
}

/** A sample rather than a name: other scripts, or a longer text. */
export function looksLikeSample(text: string): boolean {
  const letters = [...text].filter((c) => /\p{L}/u.test(c)).length;
  return mostlyNonLatin(text) || (text.trim().split(/\s+/).length >= 4 && letters >= 15);
}
